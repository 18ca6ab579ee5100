/**
 * Secrets are removed at one boundary: the runner's evidence sink and its step errors go through a
 * Redactor built from the profile's secrets (see report/evidence.ts). Header names that always
 * carry credentials are masked when exchanges are written out (report/attach.ts).
 */
export interface Redactor {
  (text: string): string;
  /** The same over raw bytes (a response body as received): each secret is matched as its UTF-8 bytes; every other byte is kept. */
  bytes(data: Buffer): Buffer;
  /** Learns a secret obtained while the run goes on (an access token, an authorisation code, a PKCE verifier). */
  add(secret: string): void;
  /**
   * Whether bytes that cannot be redacted in place (an image, compressed data) hold a known secret,
   * as its UTF-8 bytes or URL-encoded: anywhere, not only as a whole value, so a doubt counts as found.
   */
  finds(data: Buffer): boolean;
}

export const REDACTED = '[REDACTED]';

/** Headers whose value is a credential whatever it holds. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'psu-password']);

/** JSON members that carry credentials in OAuth and SCA exchanges. */
const SECRET_JSON_FIELDS = [
  'access_token', 'refresh_token', 'id_token', 'client_secret', 'password', 'otp', 'code_verifier',
  'authorization_code', 'scaAuthenticationData', 'pin', 'tan',
];

/** Form fields and query parameters: the same, plus an OAuth authorisation `code` in a redirect URI. */
const SECRET_FORM_FIELDS = [...SECRET_JSON_FIELDS, 'code'];

const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(SECRET_FORM_FIELDS.map((f) => f.toLowerCase()));

/** Whether a form field or query parameter of this name carries a credential (matched as the redactor matches `name=value`). */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD_NAMES.has(name.toLowerCase());
}

const fieldPattern = new RegExp(
  `("(?:${SECRET_JSON_FIELDS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"|(?<![\\w-])((?:${SECRET_FORM_FIELDS.join('|')})=)[^&\\s"#]+`,
  'gi',
);

export function createRedactor(initial: readonly string[]): Redactor {
  const secrets = new Set(initial);
  let text = textRedactor([...secrets]);
  // latin1 maps each byte to one character and back, so the byte view is redacted with the same patterns.
  let latin1 = textRedactor([...secrets].map((s) => Buffer.from(s, 'utf8').toString('latin1')));
  return Object.assign((value: string) => text(value), {
    bytes: (data: Buffer) => Buffer.from(latin1(data.toString('latin1')), 'latin1'),
    add(secret: string) {
      if (secrets.has(secret) || secret.length < 3) return;
      secrets.add(secret);
      text = textRedactor([...secrets]);
      latin1 = textRedactor([...secrets].map((s) => Buffer.from(s, 'utf8').toString('latin1')));
    },
    finds: (data: Buffer) =>
      [...secrets].some((s) => s.length >= 3 && (data.includes(Buffer.from(s, 'utf8')) || data.includes(Buffer.from(encodeURIComponent(s), 'utf8')))),
  });
}

function textRedactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a secret containing another is removed whole.
  // Each secret also as it reads inside JSON text and in a URL or form body.
  const forms = secrets.filter((s) => s.length >= 3).flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
  const values = [...new Set(forms)].sort((a, b) => b.length - a.length);
  const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Whole values only: a 6-digit OTP must not blank the middle of an IBAN or an amount.
  const valuePattern = escaped.length ? new RegExp(`(?<![A-Za-z0-9])(?:${escaped.join('|')})(?![A-Za-z0-9])`, 'g') : undefined;
  return (text) => {
    let out = text.replace(fieldPattern, (_m, jsonKey: string | undefined, formKey: string | undefined) =>
      jsonKey ? `${jsonKey}"${REDACTED}"` : `${formKey}${REDACTED}`,
    );
    if (valuePattern) out = out.replace(valuePattern, REDACTED);
    return out;
  };
}

/** The same error, its message and stack redacted: step errors reach the report as they are thrown. */
export function redactError<E>(error: E, redact: Redactor): E {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
  }
  return error;
}
