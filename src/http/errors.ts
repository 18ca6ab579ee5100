/**
 * The ASPSP could not be talked to: no answer in time, a broken or truncated connection, a TLS
 * failure, a body over the limit. Distinct from a non-conformant answer (a Finding), so the rules
 * that needed the answer are inconclusive and reports never blame the wrong party.
 */
export type TransportCode =
  | 'ASPSP_UNREACHABLE'
  | 'ASPSP_TIMEOUT'
  | 'ASPSP_RESET'
  | 'ASPSP_TRUNCATED'
  | 'ASPSP_PROTOCOL'
  | 'ASPSP_BODY_TOO_LARGE'
  | 'ASPSP_TLS'
  /** The HTTP proxy asked for credentials it did not get or refused them (407): the bank was not reached. */
  | 'PROXY_AUTH_REQUIRED'
  /** The HTTP proxy would not open the tunnel to the bank (any other non-200 answer to CONNECT). */
  | 'PROXY_REFUSED'
  /** The HTTP proxy itself could not be connected to. */
  | 'PROXY_UNREACHABLE'
  /** The case's own time budget ran out while this request was under way. */
  | 'CASE_DEADLINE';

export class AspspTransportError extends Error {
  readonly code: TransportCode;
  readonly request: string;

  constructor(code: TransportCode, request: string, detail: string, options?: { cause?: unknown }) {
    super(`${request}: ${detail}`, options);
    this.name = 'AspspTransportError';
    this.code = code;
    this.request = request;
  }
}

/** The harness cannot build the request (e.g. a header value with a line break): the suite's or profile's mistake, nothing was sent. */
export class RequestBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestBuildError';
  }
}
