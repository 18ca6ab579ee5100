import type { ResponseView } from '../validate/types.ts';

export interface AspspRequest {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface AspspResponse extends ResponseView {
  /** The body as received (truncated past the size limit never happens: over-limit is an error). */
  readonly text: string;
  readonly durationMs: number;
}

export interface Exchange {
  readonly request: AspspRequest;
  readonly response: AspspResponse;
  readonly operationId?: string;
}
