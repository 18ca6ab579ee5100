import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ruleCatalog } from '../rules/catalog.ts';
import { statusGraphs } from '../rules/payment-status-graph.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { LoadError } from '../yaml/errors.ts';
import type { Locator } from '../yaml/locate.ts';
import type { Env } from './env.ts';
import { proxyCredentials, resolveProxy } from './proxy.ts';
import type { PemIdentity, Profile, WrittenProxy } from './types.ts';

/** A profile as written (fixtures/aspsps/profile.schema.json), after `${env:…}` substitution. */
export interface WrittenProfile extends Omit<Profile, 'file' | 'secrets' | 'headers' | 'psu' | 'psus' | 'capabilities' | 'clock' | 'sca' | 'proxy'> {
  readonly proxy?: WrittenProxy;
  readonly headers?: Profile['headers'];
  readonly psu?: Profile['psu'];
  readonly psus?: Profile['psus'];
  readonly capabilities?: Profile['capabilities'];
  readonly clock?: Profile['clock'];
  readonly sca?: Profile['sca'];
}

// A bundle name (berlin-group-1.3.12) has neither a path separator nor a spec file extension.
const SPEC_PATH = /[\\/]|\.(json|ya?ml)$/i;

/** A PEM value written into the profile (or an env variable) rather than a file path. */
export function isInlinePem(value: string): boolean {
  return value.includes('-----BEGIN');
}

export function isSpecPath(spec: string): boolean {
  return SPEC_PATH.test(spec);
}

/** Relative files resolved against the profile's folder; a missing file is reported where it is named. */
export function buildProfile(
  file: string,
  written: WrittenProfile,
  secrets: readonly string[],
  locator: Locator,
  env: Env = {},
): { profile: Profile; errors: LoadError[] } {
  const base = dirname(file);
  const errors: LoadError[] = [];
  const localFile = (value: string, pointer: string, path: string): string => {
    const absolute = resolve(base, value);
    if (!existsSync(absolute)) {
      errors.push({ code: 'FILE_MISSING', ...locator.positionOf(pointer), path, message: `file not found: ${absolute}` });
    }
    return absolute;
  };

  // Inline PEM (e.g. from ${env:…}) is kept as written; anything else names a file.
  const pem = (value: string, pointer: string, path: string): string => (isInlinePem(value) ? value : localFile(value, pointer, path));
  const identity = (id: PemIdentity, pointer: string, path: string): PemIdentity => ({
    ...id,
    cert: pem(id.cert, `${pointer}/cert`, `${path}.cert`),
    key: pem(id.key, `${pointer}/key`, `${path}.key`),
  });
  const tls = written.tls && {
    ...written.tls,
    ...(written.tls.cert !== undefined ? { cert: pem(written.tls.cert, '/tls/cert', 'tls.cert') } : {}),
    ...(written.tls.key !== undefined ? { key: pem(written.tls.key, '/tls/key', 'tls.key') } : {}),
    ...(written.tls.ca !== undefined ? { ca: pem(written.tls.ca, '/tls/ca', 'tls.ca') } : {}),
    ...(written.tls.identities
      ? { identities: Object.fromEntries(Object.entries(written.tls.identities).map(([name, id]) => [name, identity(id, `/tls/identities/${name}`, `tls.identities.${name}`)])) }
      : {}),
  };
  const oauth = written.oauth && {
    ...written.oauth,
    ...(written.oauth.privateKey !== undefined ? { privateKey: localFile(written.oauth.privateKey, '/oauth/privateKey', 'oauth.privateKey') } : {}),
  };
  const signing = written.signing && identity(written.signing, '/signing', 'signing');
  // The bank requires signed requests, so the harness must be able to sign (and to spoil a signature on purpose).
  const signingCapability = written.capabilities?.indexOf('signing') ?? -1;
  if (signingCapability >= 0 && !written.signing) {
    errors.push({
      code: 'PROFILE_KEY_MISSING',
      ...locator.positionOf(`/capabilities/${signingCapability}`),
      path: `capabilities[${signingCapability}]`,
      message: 'capabilities lists signing, and the profile has no signing: section (the QSealC cert and key; psd2-conformance certs writes a test one)',
    });
  }
  written.deviations?.forEach((d, i) => {
    if (ruleCatalog.has(d.rule)) return;
    const suggestion = didYouMean(d.rule, [...ruleCatalog.keys()]);
    errors.push({
      code: 'UNKNOWN_RULE',
      ...locator.positionOf(`/deviations/${i}/rule`),
      path: `deviations[${i}].rule`,
      message: `no requirement ${d.rule} in the catalog${suggestion ? ` — did you mean ${suggestion}?` : ''}`,
    });
  });
  // An override for a product the harness has no graph for and the bank does not offer is a typo.
  const offered = new Set(Object.values(written.payments?.products ?? {}).flat());
  for (const product of Object.keys(written.payments?.statusGraph ?? {})) {
    if (statusGraphs[product] !== undefined || offered.has(product)) continue;
    const known = [...new Set([...Object.keys(statusGraphs), ...offered])];
    const suggestion = didYouMean(product, known);
    errors.push({
      code: 'UNKNOWN_PRODUCT',
      ...locator.keyPositionOf(`/payments/statusGraph/${product}`),
      path: `payments.statusGraph.${product}`,
      message: `payments.statusGraph names product '${product}', which has no built-in status graph and is not under payments.products`,
      allowed: known,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  // The environment's proxy is part of how this run meets the bank, so it is resolved with the profile.
  const proxy = resolveProxy(written.proxy, env);
  if (proxy && 'error' in proxy) {
    errors.push({
      code: 'PROXY_INVALID',
      // An environment variable has no place in the file: the error names it and points at the top.
      ...locator.positionOf(proxy.variable ? '' : '/proxy/url'),
      path: proxy.variable ? '' : 'proxy.url',
      ...(proxy.variable ? { variable: proxy.variable } : {}),
      message: proxy.error,
    });
  }
  const proxySettings = proxy && !('error' in proxy) ? proxy : undefined;
  const profile: Profile = {
    file,
    name: written.name,
    baseUrl: written.baseUrl,
    ...(written.linkOrigins ? { linkOrigins: written.linkOrigins.map((o) => new URL(o).origin) } : {}),
    spec: isSpecPath(written.spec) ? localFile(written.spec, '/spec', 'spec') : written.spec,
    scaApproaches: [...written.scaApproaches],
    headers: { ...written.headers },
    // `psu:` is the main PSU; `psus.main` may add to it (or be it).
    psu: { ...written.psu, ...written.psus?.['main'] },
    psus: { ...written.psus, main: { ...written.psu, ...written.psus?.['main'] } },
    capabilities: [...(written.capabilities ?? [])],
    clock: { ...written.clock },
    tpp: { ...written.tpp },
    sca: written.sca ?? {},
    ...(written.ais ? { ais: { ...written.ais } } : {}),
    ...(written.payments ? { payments: written.payments } : {}),
    ...(tls ? { tls } : {}),
    ...(oauth ? { oauth } : {}),
    ...(signing ? { signing } : {}),
    ...(written.deviations ? { deviations: written.deviations.map((d) => ({ ...d })) } : {}),
    ...(written.timeouts ? { timeouts: { ...written.timeouts } } : {}),
    ...(proxySettings ? { proxy: proxySettings } : {}),
    secrets: withProxyCredentials(secrets, proxySettings),
  };
  return { profile, errors };
}

/** The proxy's credentials join the secrets, longest first as collectSecrets orders them. */
function withProxyCredentials(secrets: readonly string[], proxy: Profile['proxy']): string[] {
  const extra = proxyCredentials(proxy).filter((s) => s !== '' && !secrets.includes(s));
  if (!extra.length) return [...secrets];
  return [...secrets, ...extra].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}
