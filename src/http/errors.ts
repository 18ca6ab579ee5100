/**
 * The ASPSP could not be talked to at all: no answer, a broken connection, a body over the limit.
 * Distinct from a non-conformant answer (a Finding), so reports never blame the wrong party.
 */
export class AspspTransportError extends Error {
  readonly code: 'ASPSP_UNREACHABLE' | 'ASPSP_TIMEOUT' | 'ASPSP_BODY_TOO_LARGE' | 'ASPSP_TLS';
  readonly request: string;

  constructor(code: AspspTransportError['code'], request: string, detail: string, options?: { cause?: unknown }) {
    super(`${request}: ${detail}`, options);
    this.name = 'AspspTransportError';
    this.code = code;
    this.request = request;
  }
}
