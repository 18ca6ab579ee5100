import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A corporate HTTP proxy in miniature: CONNECT tunnels (https, and http through undici's tunnel)
 * and absolute-URI requests, each counted. Host names are resolved from `hosts` only (offline, so
 * `bank.example` can be the reference ASPSP on 127.0.0.1); an unknown name gets 502, as a proxy
 * that cannot reach the host answers. With `credentials`, every request without the matching
 * Proxy-Authorization gets 407 and a Basic challenge.
 */
export interface TestProxyOptions {
  readonly hosts?: Readonly<Record<string, string>>;
  readonly credentials?: { readonly user: string; readonly password: string };
}

export interface TestProxy {
  /** http://127.0.0.1:port, without credentials. */
  readonly url: string;
  readonly port: number;
  /** `host:port` of every tunnel opened. */
  readonly tunnels: string[];
  /** Absolute URIs requested without a tunnel. */
  readonly requests: string[];
  /** Requests refused with 407. */
  readonly refused: string[];
  /** Proxy-Authorization values received (to prove the credentials reached the proxy, and only it). */
  readonly authorizations: string[];
  reset(): void;
  close(): Promise<void>;
}

export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const tunnels: string[] = [];
  const requests: string[] = [];
  const refused: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}` : undefined;
  const authorised = (req: IncomingMessage, what: string): boolean => {
    const given = req.headers['proxy-authorization'];
    if (given) authorizations.push(given);
    if (!expected || given === expected) return true;
    refused.push(what);
    return false;
  };
  const resolveHost = (host: string): string | undefined => options.hosts?.[host.toLowerCase()] ?? (/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : undefined);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '';
    if (!/^https?:\/\//i.test(target)) return void res.writeHead(400).end('absolute URI expected');
    if (!authorised(req, target)) return void res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"' }).end();
    requests.push(target);
    const url = new URL(target);
    const address = resolveHost(url.hostname);
    if (!address) return void res.writeHead(502).end(`unknown host ${url.hostname}`);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = request({ host: address, port: url.port || 80, method: req.method, path: url.pathname + url.search, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    const target = req.url ?? '';
    if (!authorised(req, target)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    tunnels.push(target);
    const [, host = '', port = '443'] = /^(.*):(\d+)$/.exec(target) ?? [];
    const address = resolveHost(host.replace(/^\[|\]$/g, ''));
    if (!address) return void client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    const upstream = connect(Number(port), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    requests,
    refused,
    authorizations,
    reset() {
      for (const list of [tunnels, requests, refused, authorizations]) list.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
