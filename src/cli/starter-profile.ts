import type { ScaApproach } from '../suite/types.ts';
import type { Discovery } from './discover.ts';

export interface StarterValues {
  readonly name: string;
  readonly baseUrl: string;
  readonly spec: string;
  readonly scaApproach: ScaApproach;
  /** Path to profile.schema.json as seen from the profile's folder, for editors. */
  readonly schemaPath: string;
  readonly discovery?: Discovery;
}

/** The environment variables a starter profile reads the test PSU from. */
export const PSU_VARIABLES = ['ASPSP_PSU_ID', 'ASPSP_PSU_PASSWORD', 'ASPSP_PSU_OTP'] as const;

// JSON strings are YAML double-quoted scalars: safe for any URL, name or selector.
const q = (value: string): string => JSON.stringify(value);

/**
 * A profile that loads as written and says, in comments, what the user must still adapt: the PSU
 * comes from the environment, the SCA script is the reference ASPSP's pages as an example.
 */
export function starterProfile(v: StarterValues): string {
  const lines = [
    `# yaml-language-server: $schema=${v.schemaPath}`,
    '# Written by `psd2-conformance init`. Check every value; `psd2-conformance lint --profile <this file>` checks it.',
    ...discoveryComments(v.discovery),
    `name: ${q(v.name)}`,
    '# The bank\'s API prefix: the /v1/... paths of the spec are appended to it.',
    `baseUrl: ${q(v.baseUrl)}`,
    `spec: ${v.spec}`,
    `scaApproaches: [${v.scaApproach}]`,
    '',
    'headers:',
    '  PSU-IP-Address: 192.0.2.10 # RFC 5737 documentation address',
    '',
    '# The test PSU, from the environment so no credential is committed.',
    'psu:',
    `  id: \${env:${PSU_VARIABLES[0]}}`,
    `  password: \${env:${PSU_VARIABLES[1]}}`,
    `  otp: \${env:${PSU_VARIABLES[2]}}`,
    '',
    '# Where the bank sends the PSU back after SCA; *.localhost never leaves the machine.',
    'tpp:',
    '  redirectUri: https://tpp.localhost/callback/ok',
    '  nokRedirectUri: https://tpp.localhost/callback/nok',
    '',
    '# The bank\'s AIS choices (common values; check its documentation). Cases that need one of them',
    '# are not applicable without it. psuRevocation: a test-only route where the PSU withdraws a consent.',
    'ais:',
    '  maxConsentDays: 180 # validUntil beyond today + this comes back as exactly that date (RTS Art. 10a: at most 180)',
    '  historyGracePeriod: PT5M # after SCA, transactions older than 90 days are served this long (RTS Art. 10)',
    ...capabilityLines(v.discovery?.capabilities),
  ];
  if (v.scaApproach === 'REDIRECT') lines.push('', ...redirectScripts());
  return `${lines.join('\n')}\n`;
}

function redirectScripts(): string[] {
  const script = (decision: 'approve' | 'deny') => [
    `    ${decision}:`,
    '      - page: login',
    "        waitFor: '#username'",
    '        fill:',
    "          '#username': ${psu.id}",
    "          '#password': ${psu.password}",
    "        click: '#login'",
    '      - page: one-time password',
    "        waitFor: '#otp'",
    '        fill:',
    "          '#otp': ${psu.otp}",
    "        click: '#verify'",
    '      - page: consent',
    `        waitFor: '#${decision}'`,
    `        click: '#${decision}'`,
  ];
  return [
    '# The PSU on the bank\'s SCA pages, opened at the scaRedirect link. These are the reference',
    '# ASPSP\'s pages: replace the selectors (Playwright selectors: CSS, text=…, role=…, >> chains)',
    '# with your bank\'s. ${psu.*} / ${tpp.*} are resolved when the script runs.',
    'sca:',
    '  redirect:',
    ...script('approve'),
    ...script('deny'),
  ];
}

/** The implementer options discovery showed; the user adds the ones a probe cannot see. */
function capabilityLines(capabilities: readonly string[] | undefined): string[] {
  if (!capabilities?.length) return [];
  return [
    '',
    '# Implementer options the bank offers (Berlin Group terms), as discovery found them; add the others',
    '# it offers (see the README). Cases needing one not listed are not applicable.',
    'capabilities:',
    ...capabilities.map((c) => `  - ${c}`),
  ];
}

function discoveryComments(d: Discovery | undefined): string[] {
  if (!d) return [];
  return [
    '#',
    '# Discovery (init --discover):',
    ...d.notes.map((n) => `#   ${n.replace(/\s+/g, ' ')}`),
    ...(d.oauth
      ? ['#   OAuth: add an oauth: section (client id, redirect URI, login scripts; see the README); endpoints found:', ...Object.entries(d.oauth).map(([k, val]) => `#     ${k}: ${val}`)]
      : []),
    '#',
  ];
}
