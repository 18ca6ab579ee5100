import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the HTTPS listener needs: its own certificate and the CA its clients' certificates must chain to. */
export interface ServerTls {
  readonly cert: string;
  readonly key: string;
  /** Trust anchors for client certificates (QWACs) and TPP-Signature-Certificate. */
  readonly ca: string;
}

/** A folder as `psd2-conformance certs` writes it: server.pem, server-key.pem, ca.pem. */
export function readServerTls(dir: string): ServerTls {
  const read = (name: string) => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new Error(`${file} is missing: --tls-dir takes a folder written by psd2-conformance certs (server.pem, server-key.pem, ca.pem)`);
    return readFileSync(file, 'utf8');
  };
  return { cert: read('server.pem'), key: read('server-key.pem'), ca: read('ca.pem') };
}
