/**
 * The one boundary where secrets are removed: everything that reaches an attachment, a step title
 * or an error message goes through a Redactor built from the profile's secrets.
 */
export type Redactor = (text: string) => string;

export const REDACTED = '[REDACTED]';

/** Headers whose value is a credential whatever it holds. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'psu-password']);

/** JSON members (and form fields) that carry credentials in OAuth and SCA exchanges. */
const SECRET_FIELDS = [
  'access_token', 'refresh_token', 'id_token', 'client_secret', 'password', 'otp', 'code_verifier',
  'authorization_code', 'scaAuthenticationData', 'pin', 'tan',
];

const fieldPattern = new RegExp(
  // "field": "value"  |  field=value (form bodies and query strings)
  `("(?:${SECRET_FIELDS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"|\\b((?:${SECRET_FIELDS.join('|')})=)[^&\\s"]+`,
  'gi',
);

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret containing another is removed whole.
  const values = [...new Set(secrets.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
  const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const valuePattern = escaped.length ? new RegExp(escaped.join('|'), 'g') : undefined;
  return (text) => {
    let out = text.replace(fieldPattern, (_m, jsonKey: string | undefined, formKey: string | undefined) =>
      jsonKey ? `${jsonKey}"${REDACTED}"` : `${formKey}${REDACTED}`,
    );
    if (valuePattern) out = out.replace(valuePattern, REDACTED);
    return out;
  };
}

/** Header values for the report: credentials masked by name, the rest through the redactor. */
export function redactHeaders(headers: Readonly<Record<string, string>>, redact: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redact(value);
  }
  return out;
}
