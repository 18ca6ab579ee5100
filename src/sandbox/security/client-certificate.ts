import type { TLSSocket } from 'node:tls';
import type { MiddlewareHandler } from 'hono';
import { psd2StatementOf } from '../../eidas/qc-statements.ts';
import { BgError } from '../errors.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { SandboxEnv } from '../http/env.ts';
import { roleForPath, SERVICE_NAME } from './service-role.ts';

/**
 * mTLS admission (RTS Art. 34, IG "Requirements on the TLS layer"): the TLS listener asks for a
 * certificate but lets the handshake through, so a refusal is a Berlin Group 401 the TPP can read
 * rather than a dropped connection. The certificate faults live here and nowhere else.
 */
export function requireClientCertificate(faults: ReadonlySet<FaultName>): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const socket = c.env?.incoming?.socket as TLSSocket | undefined;
    const peer = typeof socket?.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
    if (!peer || !peer.raw) {
      if (faults.has('missing-certificate-accepted')) return next();
      throw new BgError(401, 'CERTIFICATE_MISSING', 'No client certificate (QWAC) was presented on the TLS connection.');
    }
    if (!socket!.authorized) {
      const reason = String(socket!.authorizationError ?? 'unverified');
      if (reason === 'CERT_HAS_EXPIRED') {
        if (!faults.has('expired-certificate-accepted')) throw new BgError(401, 'CERTIFICATE_EXPIRED', `The client certificate expired on ${peer.valid_to}.`);
      } else if (!faults.has('unknown-issuer-accepted')) {
        throw new BgError(401, 'CERTIFICATE_INVALID', `The client certificate is not issued by a CA this ASPSP trusts (${reason}).`);
      }
    }
    const role = roleForPath(c.req.path);
    if (role && !faults.has('wrong-role-accepted')) {
      let roles: readonly string[] = [];
      try {
        roles = psd2StatementOf(new Uint8Array(peer.raw))?.roles ?? [];
      } catch {
        throw new BgError(401, 'CERTIFICATE_INVALID', 'The client certificate\'s qcStatements cannot be read (ETSI TS 119 495).');
      }
      if (!roles.includes(role)) {
        throw new BgError(401, 'ROLE_INVALID', `The client certificate's PSD2 roles (${roles.join(', ') || 'none'}) do not include ${role}, needed for ${SERVICE_NAME[role]}.`);
      }
    }
    return next();
  };
}
