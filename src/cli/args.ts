import { parseArgs } from 'node:util';
import { didYouMean } from '../util/did-you-mean.ts';

/** One command-line option: parsed by node's parseArgs, described once for the help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's placeholder in the help text, e.g. FILE. */
  readonly arg?: string;
  readonly help: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What a command says about itself: `psd2-conformance <name> --help` and the overview print it. */
export interface CommandHelp {
  /** After `psd2-conformance `, e.g. `run [suite.yaml…] [options]`. */
  readonly usage: string;
  /** One line, shown in the overview. */
  readonly summary: string;
  /** More paragraphs, shown by the command's own --help. */
  readonly details?: string;
  readonly options: OptionSpecs;
  readonly examples?: readonly string[];
}

/** The user's mistake on the command line: one line, a pointer to --help, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

export function formatHelp(name: string, help: CommandHelp): string {
  const options = { ...help.options, help: HELP_OPTION };
  const rows = Object.entries(options).map(([key, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${key}${o.arg ? ` ${o.arg}` : ''}${o.multiple ? '…' : ''}`;
    return [flag, o.help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const lines = [
    `Usage: psd2-conformance ${help.usage}`,
    '',
    help.summary,
    ...(help.details ? ['', help.details] : []),
    '',
    'Options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(help.examples?.length ? ['', 'Examples:', ...help.examples.map((e) => `  psd2-conformance ${name} ${e}`.trimEnd())] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Whether `--help`/`-h` comes before any `--`: help wins over every other argument. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

type ParsedValue<O extends OptionSpec> = O['type'] extends 'boolean'
  ? O['multiple'] extends true ? boolean[] : boolean
  : O['multiple'] extends true ? string[] : string;

export interface ParsedArgs<S extends OptionSpecs> {
  readonly values: { readonly [K in keyof S]?: ParsedValue<S[K]> };
  readonly positionals: readonly string[];
}

/**
 * parseArgs, with every mistake a UsageError in the user's terms: the unknown option and the
 * closest known one, an option missing its value, a stray positional.
 */
export function parseCommandArgs<S extends OptionSpecs>(argv: readonly string[], specs: S, opts: { positionals: boolean }): ParsedArgs<S> {
  const config = Object.fromEntries(
    Object.entries(specs).map(([key, o]) => [key, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]),
  );
  const loose = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  for (const token of loose.tokens) {
    if (token.kind === 'positional' && !opts.positionals) throw new UsageError(`unexpected argument '${token.value}'`);
    if (token.kind !== 'option') continue;
    // parseArgs names a known short option by its long name, an unknown one by its letter.
    const name = token.name;
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      const suggestion = token.rawName.startsWith('--') ? didYouMean(token.name, Object.keys(specs)) : undefined;
      throw new UsageError(`unknown option '${token.rawName}'${suggestion ? ` — did you mean '--${suggestion}'?` : ''}`);
    }
    if (spec.type === 'string' && token.value === undefined) throw new UsageError(`option '--${name}' needs a value${spec.arg ? ` (${spec.arg})` : ''}`);
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`option '--${name}' takes no value`);
    if (spec.type === 'string' && !spec.multiple && loose.tokens.filter((t) => t.kind === 'option' && t.name === token.name).length > 1) {
      throw new UsageError(`option '--${name}' is given more than once`);
    }
  }
  const { values, positionals } = parseArgs({ args: [...argv], options: config, strict: true, allowPositionals: opts.positionals });
  return { values: values as ParsedArgs<S>['values'], positionals };
}

/** A whole number within bounds, or a UsageError naming the option. */
export function integerOption(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max !== Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : min === 1 ? 'positive' : `≥ ${min}`;
    throw new UsageError(max !== Number.MAX_SAFE_INTEGER ? `--${name} must be a whole number ${range}, got '${value}'` : `--${name} must be a ${range} whole number, got '${value}'`);
  }
  return n;
}
