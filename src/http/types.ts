import type { ResponseView } from '../validate/types.ts';

export interface AspspRequest {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface AspspResponse extends ResponseView {
  /** The body as UTF-8 text after content decoding (for messages; invalid bytes replaced, a body problem says where). */
  readonly text: string;
  /** The body bytes exactly as the ASPSP sent them (before content decoding): the evidence. */
  readonly bytes: Buffer;
  readonly durationMs: number;
  /** The request as it went on the wire (signed, when the profile signs): the evidence. */
  readonly request?: AspspRequest;
}

export interface Exchange {
  readonly request: AspspRequest;
  readonly response: AspspResponse;
  readonly operationId?: string;
}
