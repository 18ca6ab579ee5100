import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateTestPki, type TestPki } from '../eidas/pki.ts';
import { PSD2_ROLES, type Psd2Role } from '../eidas/qc-statements.ts';
import { parseCommandArgs, UsageError, type CommandHelp } from './args.ts';

const options = {
  out: { type: 'string', arg: 'DIR', help: 'folder to write the PEM files to (default ./certs)' },
  roles: { type: 'string', arg: 'ROLES', help: `PSD2 roles of the QWAC and QSealC, comma separated (default PSP_AI,PSP_PI,PSP_IC; any of ${PSD2_ROLES.join(', ')})` },
  'nca-name': { type: 'string', arg: 'NAME', help: 'name of the national competent authority (default "Test Financial Supervisory Authority")' },
  'nca-id': { type: 'string', arg: 'ID', help: 'NCA id, <country>-<authority> (default XX-TESTNCA)' },
  'org-id': { type: 'string', arg: 'PSDXX-NCA-ID', help: 'organisation identifier of the TPP (default PSD<country>-<authority>-TPP0001, from --nca-id)' },
  organisation: { type: 'string', arg: 'NAME', help: 'organisation name of the TPP (default "Example TPP")' },
  'server-name': { type: 'string', multiple: true, arg: 'NAME', help: 'DNS name or IP of the ASPSP test server certificate (default localhost, 127.0.0.1, ::1)' },
} as const;

export const certsHelp: CommandHelp = {
  usage: 'certs [--out DIR] [--roles PSP_AI,PSP_PI,…] [--nca-name NAME] [--nca-id ID] [--org-id PSDXX-NCA-ID]',
  summary: 'Generate a test PKI: a CA, a QWAC and a QSealC with PSD2 roles (ETSI TS 119 495), for sandboxes.',
  details: [
    'Writes ca.pem, server.pem (the reference ASPSP\'s TLS certificate), qwac.pem (TLS client),',
    'qseal.pem (request signing) and the certificates a bank must refuse: qwac-expired.pem,',
    'qwac-wrong-role.pem (no PSP_AI), qwac-unknown-issuer.pem (from a CA the bank does not trust);',
    'each with its key as <name>-key.pem (PKCS#8, unencrypted: test material only).',
    'Then prints the profile lines that use them. The reference ASPSP takes the same folder:',
    '  psd2-conformance sandbox --tls-dir DIR --require-client-cert --require-signature',
  ].join('\n'),
  options,
  examples: ['--out certs', '--out certs --roles PSP_AI --nca-id DE-BAFIN --org-id PSDDE-BAFIN-123456'],
};

const FILES: Readonly<Record<keyof TestPki, string>> = {
  ca: 'ca',
  server: 'server',
  qwac: 'qwac',
  qseal: 'qseal',
  qwacExpired: 'qwac-expired',
  qwacWrongRole: 'qwac-wrong-role',
  qwacUnknownIssuer: 'qwac-unknown-issuer',
};

export async function certsCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options, { positionals: false });
  const roles = parseRoles(values.roles ?? 'PSP_AI,PSP_PI,PSP_IC');
  const ncaId = values['nca-id'] ?? 'XX-TESTNCA';
  if (!/^[A-Z]{2}-[A-Z0-9]+$/.test(ncaId)) throw new UsageError(`--nca-id must be <country>-<authority>, e.g. DE-BAFIN; got '${ncaId}'`);
  const orgId = values['org-id'] ?? `PSD${ncaId}-TPP0001`;
  if (!/^PSD[A-Z]{2}-[A-Z0-9]+-.+$/.test(orgId)) throw new UsageError(`--org-id must be PSD<country>-<NCA>-<authorisation number>, e.g. PSDDE-BAFIN-123456; got '${orgId}'`);
  const dir = resolve(values.out ?? 'certs');
  const pki = await generateTestPki({
    roles,
    ncaName: values['nca-name'] ?? 'Test Financial Supervisory Authority',
    ncaId,
    orgId,
    organisation: values.organisation ?? 'Example TPP',
    serverNames: values['server-name'] ?? ['localhost', '127.0.0.1', '::1'],
  });
  writePki(dir, pki);
  process.stdout.write(
    `Test PKI written to ${dir} (roles ${roles.join(', ')}, ${orgId}); not for production.\n\n` +
      `Profile lines (paths relative to the profile's folder may be used instead):\n${profileSnippet(dir)}`,
  );
  return 0;
}

/** Certificates world-readable, keys for the owner only. */
export function writePki(dir: string, pki: TestPki): void {
  mkdirSync(dir, { recursive: true });
  for (const [id, name] of Object.entries(FILES) as [keyof TestPki, string][]) {
    writeFileSync(join(dir, `${name}.pem`), pki[id].cert);
    writeFileSync(join(dir, `${name}-key.pem`), pki[id].key, { mode: 0o600 });
  }
}

export function profileSnippet(dir: string): string {
  const f = (name: string) => join(dir, name);
  return [
    'tls:',
    `  cert: ${f('qwac.pem')}`,
    `  key: ${f('qwac-key.pem')}`,
    `  ca: ${f('ca.pem')}`,
    '  identities: # certificates the bank must refuse (suites/security)',
    `    expired: { cert: ${f('qwac-expired.pem')}, key: ${f('qwac-expired-key.pem')} }`,
    `    wrongRole: { cert: ${f('qwac-wrong-role.pem')}, key: ${f('qwac-wrong-role-key.pem')} }`,
    `    unknownIssuer: { cert: ${f('qwac-unknown-issuer.pem')}, key: ${f('qwac-unknown-issuer-key.pem')} }`,
    'signing:',
    `  cert: ${f('qseal.pem')}`,
    `  key: ${f('qseal-key.pem')}`,
    'capabilities: [mtls, signing] # add to the existing list',
    '',
  ].join('\n');
}

function parseRoles(text: string): Psd2Role[] {
  const roles = text.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean);
  const unknown = roles.filter((r) => !(PSD2_ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UsageError(`unknown PSD2 role ${unknown.join(', ')} (roles: ${PSD2_ROLES.join(', ')})`);
  if (!roles.length) throw new UsageError('--roles needs at least one role');
  return [...new Set(roles)] as Psd2Role[];
}
