/**
 * Service family of an operation, for the message-code catalog. Official tags end in the
 * abbreviation ("Account Information Service (AIS)"); ASPSP files word them freely, so
 * fall back to keywords, then to the path.
 */
const KEYWORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/account information|\bais\b/i, 'AIS'],
  [/payment initiation|\bpis\b/i, 'PIS'],
  [/confirmation of funds|funds confirmation|\bpiis\b/i, 'PIIS'],
  [/signing basket|\bsbs?\b/i, 'SBS'],
];

const PATHS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/v\d+\/(consents|accounts|card-accounts)\b/, 'AIS'],
  [/^\/v\d+\/funds-confirmations\b/, 'PIIS'],
  [/^\/v\d+\/signing-baskets\b/, 'SBS'],
  [/^\/v\d+\/[^/]+\/[^/]+/, 'PIS'],
];

export function serviceFromTags(tags: readonly string[], path: string): string {
  for (const tag of tags) {
    const abbreviation = /\(([A-Z]+)\)\s*$/.exec(tag)?.[1];
    if (abbreviation) return abbreviation === 'SB' ? 'SBS' : abbreviation;
  }
  for (const [pattern, service] of KEYWORDS) if (tags.some((t) => pattern.test(t))) return service;
  for (const [pattern, service] of PATHS) if (pattern.test(path)) return service;
  return 'COMMON';
}
