import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Berlin Group message codes this bank answers with; 1.3.12 dropped the enums, so the list is ours. */
export type BgCode =
  | 'FORMAT_ERROR'
  | 'PARAMETER_NOT_SUPPORTED'
  | 'PARAMETER_NOT_CONSISTENT'
  | 'SERVICE_INVALID'
  | 'SESSIONS_NOT_SUPPORTED'
  | 'PERIOD_INVALID'
  | 'CONSENT_UNKNOWN'
  | 'CONSENT_INVALID'
  | 'CONSENT_EXPIRED'
  | 'RESOURCE_UNKNOWN'
  | 'ACCESS_EXCEEDED'
  | 'STATUS_INVALID'
  | 'TOKEN_INVALID'
  | 'PSU_CREDENTIALS_INVALID'
  | 'SCA_METHOD_UNKNOWN'
  | 'TOKEN_EXPIRED'
  | 'PRODUCT_UNKNOWN'
  | 'PRODUCT_INVALID'
  | 'RESOURCE_BLOCKED'
  | 'CANCELLATION_INVALID'
  | 'EXECUTION_DATE_INVALID'
  | 'CERTIFICATE_MISSING'
  | 'CERTIFICATE_INVALID'
  | 'CERTIFICATE_EXPIRED'
  | 'ROLE_INVALID'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_INVALID'
  // Deliberately non-BG: only the `error-code-unknown` fault produces it.
  | 'INVALID_REQUEST'
  | 'INTERNAL_SERVER_ERROR';

export interface TppMessage {
  category: 'ERROR';
  code: BgCode;
  text: string;
  path?: string;
}

/** The one error type handlers throw; `onError` turns it into a `tppMessages` body. */
export class BgError extends Error {
  override readonly name = 'BgError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: BgCode,
    text: string,
    readonly path?: string,
  ) {
    super(text);
  }

  toBody(): { tppMessages: TppMessage[] } {
    const message: TppMessage = { category: 'ERROR', code: this.code, text: this.message.slice(0, 500) };
    if (this.path !== undefined) message.path = this.path;
    return { tppMessages: [message] };
  }
}

export const formatError = (text: string, path?: string): BgError => new BgError(400, 'FORMAT_ERROR', text, path);
