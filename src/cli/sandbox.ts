import { startSandbox } from '../sandbox/server.ts';
import { findPreset, presets } from '../sandbox/presets.ts';
import { readServerTls } from '../sandbox/security/tls.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { integerOption, parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { checkFaultNames, faultTable } from './faults.ts';
import { defaultPaymentSettings } from '../sandbox/store/payment-settings.ts';
import { parseDurationMs } from '../sandbox/store/clock.ts';

const options = {
  port: { type: 'string', arg: 'N', help: 'port to listen on (default: PSD2_SANDBOX_PORT, else 47310; 0 picks a free one)' },
  host: { type: 'string', arg: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
  fault: { type: 'string', multiple: true, arg: 'NAME', help: 'break one rule on purpose (also PSD2_SANDBOX_FAULTS, comma separated)' },
  'tls-dir': { type: 'string', arg: 'DIR', help: 'serve HTTPS with DIR/server.pem and server-key.pem; DIR/ca.pem anchors client certificates (a folder from psd2-conformance certs)' },
  'require-client-cert': { type: 'boolean', help: 'refuse /v1 requests without a trusted QWAC carrying the service\'s PSD2 role (needs --tls-dir)' },
  'require-signature': { type: 'boolean', help: 'refuse /v1 requests without a valid Berlin Group signature by a certificate under DIR/ca.pem (needs --tls-dir)' },
  preset: { type: 'string', arg: 'NAME', help: `a documented bank personality (${presets.map((p) => p.name).join(', ')}); its profile is fixtures/aspsps/preset-NAME.yaml` },
  'list-faults': { type: 'boolean', help: 'list the fault modes with the requirement each breaks, and exit' },
  'require-token': { type: 'boolean', help: 'refuse /v1 requests without an OAuth2 bearer token (401 TOKEN_INVALID); a token sent is always checked' },
  'token-ttl': { type: 'string', arg: 'SECONDS', help: 'access-token lifetime on the bank\'s test clock (default 300)' },
  'sca-session-timeout': { type: 'string', arg: 'SECONDS', help: 'an idle SCA session (redirect and OAuth login pages) times out after this long on the bank\'s test clock (default 300)' },
  'until-stdin-closes': { type: 'boolean', help: 'also stop when standard input closes (for a launcher that starts the bank for its own lifetime)' },
  'settle-after': { type: 'string', arg: 'DURATION', help: 'real-time mode: every payment is final this long after SCA in wall time (e.g. 3s, 500ms, PT1M), earlier statuses in proportion; the test clock cannot be moved' },
} as const;

export const sandboxHelp: CommandHelp = {
  usage: 'sandbox [options]',
  summary: 'Run the embedded reference ASPSP on its own, optionally with fault modes.',
  details: 'Serves the Berlin Group API under /v1 and its SCA pages until interrupted (Ctrl-C).',
  options,
  examples: [
    '--port 47310',
    '--fault consent-created-200 --fault request-id-not-echoed',
    '--require-token --token-ttl 60',
    '--tls-dir certs --require-client-cert --require-signature',
    '--preset consent-12-months --tls-dir certs',
    '--settle-after 3s',
    '--list-faults',
  ],
};

export async function sandboxCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options, { positionals: false });
  if (values['list-faults']) {
    process.stdout.write(faultTable());
    return 0;
  }
  const port = integerOption('port', values.port ?? process.env.PSD2_SANDBOX_PORT ?? '47310', 0, 65535);
  const fromEnv = (process.env.PSD2_SANDBOX_FAULTS ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const faults = [...fromEnv, ...(values.fault ?? [])];
  checkFaultNames(faults);
  const sessionTimeout = values['sca-session-timeout'] === undefined ? undefined : integerOption('sca-session-timeout', values['sca-session-timeout'], 1, 86_400);
  const preset = values.preset === undefined ? undefined : findPreset(values.preset);
  if (values.preset !== undefined && !preset) {
    const suggestion = didYouMean(values.preset, presets.map((p) => p.name));
    throw new UsageError(`unknown preset '${values.preset}'${suggestion ? ` — did you mean '${suggestion}'?` : ''} (presets: ${presets.map((p) => p.name).join(', ')})`);
  }
  const ttl = values['token-ttl'] === undefined ? undefined : integerOption('token-ttl', values['token-ttl'], 1, 86_400);
  // The preset's authorisation server, with the command line's choices on top.
  const oauth = {
    ...preset?.oauth,
    requireToken: values['require-token'] === true || preset?.oauth?.requireToken === true,
    ...(ttl === undefined ? {} : { accessTokenTtlSeconds: ttl }),
  };
  const requireClientCert = values['require-client-cert'] === true || preset?.requireClientCert === true;
  const requireSignature = values['require-signature'] === true || preset?.requireSignature === true;
  const needsTls = requireClientCert || requireSignature;
  if (needsTls && !values['tls-dir']) {
    throw new UsageError(`${preset?.requireClientCert ? `preset ${preset.name} admits TPPs by client certificate: it` : '--require-client-cert and --require-signature'} need --tls-dir DIR (psd2-conformance certs writes one)`);
  }
  const tls = values['tls-dir'] ? readServerTls(values['tls-dir']) : undefined;
  const settleAfterMs = values['settle-after'] === undefined ? undefined : wallDuration('settle-after', values['settle-after']);
  const settings = settleAfterMs === undefined ? preset?.settings : { ...preset?.settings, payments: { ...(preset?.settings?.payments ?? defaultPaymentSettings), settleAfterMs } };
  const sandbox = await startSandbox({
    port,
    host: values.host,
    faults,
    oauth,
    ...(tls ? { tls } : {}),
    requireClientCert,
    requireSignature,
    ...(settings || sessionTimeout !== undefined
      ? { settings: { ...settings, ...(sessionTimeout === undefined ? {} : { scaSessionTimeoutMs: sessionTimeout * 1000 }) } }
      : {}),
  });
  const notes = [preset ? `as preset ${preset.name}` : '', settleAfterMs === undefined ? '' : `in real time (payments final ${settleAfterMs} ms after SCA)`, oauth.requireToken ? '(bearer token required)' : '', faults.length ? `with faults: ${faults.join(', ')}` : ''].filter(Boolean);
  process.stdout.write(`Reference ASPSP listening on ${sandbox.url}${notes.length ? ` ${notes.join(' ')}` : ''}\n`);
  for (const d of preset?.deviations ?? []) process.stdout.write(`  deviates from the standard (${d.rule}): ${d.text}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    if (values['until-stdin-closes']) {
      process.stdin.once('close', () => resolve()).once('end', () => resolve()).resume();
    }
  });
  // A stdin still read would keep this process alive after the bank closed.
  if (values['until-stdin-closes']) process.stdin.destroy();
  await sandbox.close();
  return 0;
}

/** A wall-clock duration: 3s, 500ms, 2m, or ISO 8601 (PT3S). */
function wallDuration(name: string, value: string): number {
  const short = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
  const ms = short ? Number(short[1]) * { ms: 1, s: 1000, m: 60_000 }[short[2] as 'ms' | 's' | 'm'] : parseDurationMs(value);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) throw new UsageError(`--${name} must be a positive duration such as 3s, 500ms, 2m or PT3S, got '${value}'`);
  return Math.round(ms);
}
