import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean } from '../util/did-you-mean.ts';
import { asksForHelp, formatHelp, UsageError, type CommandHelp } from './args.ts';
import { commands, isCommand, names } from './commands.ts';
import { repoRoot } from './paths.ts';

/** Exit codes: 0 ok, 1 the bank failed a rule, 2 a usage, profile, suite or environment error. */
async function main(args: readonly string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h') return print(await overview());
  if (first === '--version' || first === '-V') return print(`${version()}\n`);
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return print(await overview());
    if (!isCommand(topic)) return usageError(unknownCommand(topic));
    return print(formatHelp(topic, (await commands[topic]()).help));
  }
  if (!isCommand(first)) return usageError(first.startsWith('-') ? `unknown option '${first}'` : unknownCommand(first));

  const command = await commands[first]();
  if (asksForHelp(rest)) return print(formatHelp(first, command.help));
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message, first);
    process.stderr.write(`psd2-conformance ${first}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

async function overview(): Promise<string> {
  const helps = await Promise.all(names.map(async (name) => [name, (await commands[name]()).help] as const));
  // Long usages (archive's) would push every summary off screen: those get the summary below.
  const width = Math.min(30, Math.max(...helps.map(([, h]) => h.usage.length)));
  const row = (h: CommandHelp) => (h.usage.length <= width ? `  ${h.usage.padEnd(width)}  ${h.summary}` : `  ${h.usage}\n  ${''.padEnd(width)}  ${h.summary}`);
  return [
    `psd2-conformance ${version()} — Berlin Group NextGenPSD2 (XS2A) conformance harness`,
    '',
    'Usage: psd2-conformance <command> [options]',
    '',
    'Commands:',
    ...helps.map(([, h]) => row(h)),
    '',
    'Options:',
    '  -h, --help       show this help (psd2-conformance <command> --help: that command\'s)',
    '  -V, --version    show the version',
    '',
    'Exit codes: 0 conformant; 1 the bank failed a rule; 2 not judged (a usage, profile, suite or',
    'environment error, or a rule left inconclusive).',
    '',
  ].join('\n');
}

function unknownCommand(name: string): string {
  const suggestion = didYouMean(name, names);
  return `unknown command '${name}'${suggestion ? ` — did you mean '${suggestion}'?` : ''}`;
}

function usageError(message: string, command?: string): number {
  const where = command ? `psd2-conformance ${command}` : 'psd2-conformance';
  process.stderr.write(`${where}: ${message}\nRun '${where} --help' for usage.\n`);
  return 2;
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function version(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

process.exitCode = await main(process.argv.slice(2));
