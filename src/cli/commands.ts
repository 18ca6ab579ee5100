import type { CommandHelp } from './args.ts';

/** A command's file `src/cli/<name>.ts` exports `<name>Command(argv)` (its exit code) and `<name>Help`. */
export interface Command {
  readonly run: (argv: string[]) => Promise<number>;
  readonly help: CommandHelp;
}

// One line per command, in the order the overview lists them. Loaded on use, so `--help` and a
// quick `lint` do not load Playwright.
export const commands = {
  init: () => import('./init.ts').then((m): Command => ({ run: m.initCommand, help: m.initHelp })),
  run: () => import('./run.ts').then((m): Command => ({ run: m.runCommand, help: m.runHelp })),
  lint: () => import('./lint.ts').then((m): Command => ({ run: m.lintCommand, help: m.lintHelp })),
  report: () => import('./report.ts').then((m): Command => ({ run: m.reportCommand, help: m.reportHelp })),
  sandbox: () => import('./sandbox.ts').then((m): Command => ({ run: m.sandboxCommand, help: m.sandboxHelp })),
  archive: () => import('./archive.ts').then((m): Command => ({ run: m.archiveCommand, help: m.archiveHelp })),
  verify: () => import('./verify.ts').then((m): Command => ({ run: m.verifyCommand, help: m.verifyHelp })),
  certs: () => import('./certs.ts').then((m): Command => ({ run: m.certsCommand, help: m.certsHelp })),
  merge: () => import('./merge.ts').then((m): Command => ({ run: m.mergeCommand, help: m.mergeHelp })),
} satisfies Record<string, () => Promise<Command>>;

export type CommandName = keyof typeof commands;
export const names = Object.keys(commands) as CommandName[];
export const isCommand = (name: string): name is CommandName => Object.hasOwn(commands, name);
