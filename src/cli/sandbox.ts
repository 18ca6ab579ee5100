import { startSandbox } from '../sandbox/server.ts';
import { integerOption, parseCommandArgs, type CommandHelp } from './args.ts';
import { checkFaultNames, faultTable } from './faults.ts';

const options = {
  port: { type: 'string', arg: 'N', help: 'port to listen on (default: PSD2_SANDBOX_PORT, else 47310; 0 picks a free one)' },
  host: { type: 'string', arg: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
  fault: { type: 'string', multiple: true, arg: 'NAME', help: 'break one rule on purpose (also PSD2_SANDBOX_FAULTS, comma separated)' },
  'list-faults': { type: 'boolean', help: 'list the fault modes with the requirement each breaks, and exit' },
  'require-token': { type: 'boolean', help: 'refuse /v1 requests without an OAuth2 bearer token (401 TOKEN_INVALID); a token sent is always checked' },
  'token-ttl': { type: 'string', arg: 'SECONDS', help: 'access-token lifetime on the bank\'s test clock (default 300)' },
} as const;

export const sandboxHelp: CommandHelp = {
  usage: 'sandbox [options]',
  summary: 'Run the embedded reference ASPSP on its own, optionally with fault modes.',
  details: 'Serves the Berlin Group API under /v1 and its SCA pages until interrupted (Ctrl-C).',
  options,
  examples: ['--port 47310', '--fault consent-created-200 --fault request-id-not-echoed', '--require-token --token-ttl 60', '--list-faults'],
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
  const ttl = values['token-ttl'] === undefined ? undefined : integerOption('token-ttl', values['token-ttl'], 1, 86_400);
  const oauth = { requireToken: values['require-token'] === true, ...(ttl === undefined ? {} : { accessTokenTtlSeconds: ttl }) };
  const sandbox = await startSandbox({ port, host: values.host, faults, oauth });
  process.stdout.write(`Reference ASPSP listening on ${sandbox.url}${oauth.requireToken ? ' (bearer token required)' : ''}${faults.length ? ` with faults: ${faults.join(', ')}` : ''}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await sandbox.close();
  return 0;
}
