import { startSandbox } from '../sandbox/server.ts';
import { readServerTls } from '../sandbox/security/tls.ts';
import { integerOption, parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { checkFaultNames, faultTable } from './faults.ts';

const options = {
  port: { type: 'string', arg: 'N', help: 'port to listen on (default: PSD2_SANDBOX_PORT, else 47310; 0 picks a free one)' },
  host: { type: 'string', arg: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
  fault: { type: 'string', multiple: true, arg: 'NAME', help: 'break one rule on purpose (also PSD2_SANDBOX_FAULTS, comma separated)' },
  'tls-dir': { type: 'string', arg: 'DIR', help: 'serve HTTPS with DIR/server.pem and server-key.pem; DIR/ca.pem anchors client certificates (a folder from psd2-conformance certs)' },
  'require-client-cert': { type: 'boolean', help: 'refuse /v1 requests without a trusted QWAC carrying the service\'s PSD2 role (needs --tls-dir)' },
  'require-signature': { type: 'boolean', help: 'refuse /v1 requests without a valid Berlin Group signature by a certificate under DIR/ca.pem (needs --tls-dir)' },
  'list-faults': { type: 'boolean', help: 'list the fault modes with the requirement each breaks, and exit' },
} as const;

export const sandboxHelp: CommandHelp = {
  usage: 'sandbox [options]',
  summary: 'Run the embedded reference ASPSP on its own, optionally with fault modes.',
  details: 'Serves the Berlin Group API under /v1 and its SCA pages until interrupted (Ctrl-C).',
  options,
  examples: [
    '--port 47310',
    '--fault consent-created-200 --fault request-id-not-echoed',
    '--tls-dir certs --require-client-cert --require-signature',
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
  const needsTls = values['require-client-cert'] || values['require-signature'];
  if (needsTls && !values['tls-dir']) throw new UsageError('--require-client-cert and --require-signature need --tls-dir DIR (psd2-conformance certs writes one)');
  const tls = values['tls-dir'] ? readServerTls(values['tls-dir']) : undefined;
  const sandbox = await startSandbox({
    port,
    host: values.host,
    faults,
    ...(tls ? { tls } : {}),
    requireClientCert: values['require-client-cert'] === true,
    requireSignature: values['require-signature'] === true,
  });
  process.stdout.write(`Reference ASPSP listening on ${sandbox.url}${faults.length ? ` with faults: ${faults.join(', ')}` : ''}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await sandbox.close();
  return 0;
}
