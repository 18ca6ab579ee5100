import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tryLoadProfile } from '../profile/load.ts';
import { displayProxy, proxyFor } from '../profile/proxy.ts';
import type { ProxySettings } from '../profile/types.ts';
import { repoRoot } from '../util/repo-root.ts';
import { createRedactor } from './redact.ts';

/** What an auditor needs to know about a run besides its results: written as run.json. */
export interface RunInfo {
  readonly runId: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly aspsp: {
    readonly name: string;
    readonly baseUrl: string;
    readonly spec: string;
    /** How the harness met the bank: client certificate, signing, a browser accepting untrusted HTTPS. */
    readonly transport?: string;
  };
  /** SHA-256 of the profile file as archived: secrets replaced by [REDACTED]. */
  readonly profileSha256: string;
  readonly harness: { readonly version: string; readonly commit: string };
  /** `i/n` when this run is one shard of a larger one. */
  readonly shard?: string;
  /** The runs a merged run was made of. */
  readonly mergedFrom?: readonly string[];
}

/**
 * The profile file's text with every secret value replaced, so it can be archived and hashed.
 * The profile is loaded (with this environment) to know which values are secret; a profile that
 * does not load gives no secret list, so nothing of it is written.
 */
export function redactedProfileText(file: string): string {
  const { profile, errors } = tryLoadProfile(file);
  if (!profile) throw new Error(`profile ${file} does not load (${errors.length} error(s)); it is not archived`);
  return createRedactor(profile.secrets)(readFileSync(file, 'utf8'));
}

export function describeAspsp(file: string): RunInfo['aspsp'] {
  const { profile } = tryLoadProfile(file);
  if (!profile) return { name: '(profile did not load)', baseUrl: '', spec: '' };
  const transport = [
    profile.tls?.cert ? 'mTLS client certificate (tls.cert)' : undefined,
    profile.tls?.ca ? 'private CA for the ASPSP (tls.ca)' : undefined,
    profile.signing ? 'signed requests (signing: QSealC)' : undefined,
    proxyNote(profile.proxy, profile.baseUrl),
    // A weakened check the auditor must see: the PSU's browser accepted an untrusted certificate.
    profile.sca.ignoreHttpsErrors ? 'PSU browser ignores HTTPS certificate errors (sca.ignoreHttpsErrors)' : undefined,
  ].filter((t): t is string => t !== undefined);
  return { name: profile.name, baseUrl: profile.baseUrl, spec: profile.spec, ...(transport.length ? { transport: transport.join('; ') } : {}) };
}

/** The proxy the bank was reached through, never its credentials. */
function proxyNote(proxy: ProxySettings | undefined, baseUrl: string): string | undefined {
  const url = proxy?.https ?? proxy?.http;
  if (!proxy || !url) return undefined;
  const from = proxy.source === 'profile' ? 'profile proxy' : 'HTTPS_PROXY/HTTP_PROXY';
  const used = proxyFor(baseUrl, proxy);
  if (!used) return `HTTP proxy ${displayProxy(url)} (${from}) bypassed for baseUrl (loopback or NO_PROXY)`;
  return `HTTP proxy ${displayProxy(used)} (${from}${proxy.noProxy.length ? `; not for ${proxy.noProxy.join(', ')}` : ''})`;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The harness's version and the commit it was run from (`+modified` when the tree had changes). */
export function harnessVersion(): RunInfo['harness'] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  let commit = 'unknown (not a git checkout)';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (dirty.trim()) commit += '+modified';
  } catch {
    // no git, or not a checkout: said so in the value
  }
  return { version: pkg.version, commit };
}

/** Allure's environment widget reads Java properties from environment.properties in the results. */
export function environmentProperties(info: RunInfo): string {
  const entries: [string, string][] = [
    // Name and URL in one value: the name alone would read like the report tree's bank node.
    ['ASPSP', `${info.aspsp.name} at ${info.aspsp.baseUrl}`],
    ['spec', info.aspsp.spec],
    ...(info.aspsp.transport ? ([['ASPSP.transport', info.aspsp.transport]] as [string, string][]) : []),
    ['profile.sha256', info.profileSha256],
    ['harness.version', info.harness.version],
    ['harness.commit', info.harness.commit],
    ['run.id', info.runId],
    ['run.start', info.startedAt],
    ['run.end', info.endedAt ?? ''],
  ];
  if (info.shard) entries.push(['run.shard', info.shard]);
  if (info.mergedFrom) entries.push(['run.mergedFrom', info.mergedFrom.join(', ')]);
  const escape = (s: string, key: boolean) =>
    s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(key ? /[=: ]/g : /^ /, (c) => `\\${c}`);
  return entries.map(([k, v]) => `${escape(k, true)}=${escape(v, false)}`).join('\n') + '\n';
}
