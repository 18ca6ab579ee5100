import { parseArgs } from 'node:util';
import { startSandbox } from '../sandbox/server.ts';
import { faults as faultCatalog } from '../sandbox/faults/catalog.ts';

export async function sandboxCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      fault: { type: 'string', multiple: true },
      'list-faults': { type: 'boolean' },
    },
  });
  if (values['list-faults']) {
    for (const f of faultCatalog) process.stdout.write(`${f.name}\n`);
    return 0;
  }
  const port = Number(values.port ?? process.env.PSD2_SANDBOX_PORT ?? 47310);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got '${values.port}'`);
  const fromEnv = (process.env.PSD2_SANDBOX_FAULTS ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const faults = [...fromEnv, ...(values.fault ?? [])];
  const sandbox = await startSandbox({ port, host: values.host, faults });
  process.stdout.write(`Reference ASPSP listening on ${sandbox.url}${faults.length ? ` with faults: ${faults.join(', ')}` : ''}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await sandbox.close();
  return 0;
}
