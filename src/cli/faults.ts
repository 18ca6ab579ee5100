import { faults } from '../sandbox/faults/catalog.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { UsageError } from './args.ts';

/** A fault name the reference ASPSP does not know is the user's typo: say so before anything starts. */
export function checkFaultNames(names: readonly string[]): void {
  for (const name of names) {
    if (faults.some((f) => f.name === name)) continue;
    const suggestion = didYouMean(name, faults.map((f) => f.name));
    throw new UsageError(`unknown fault '${name}'${suggestion ? ` — did you mean '${suggestion}'?` : ''} (psd2-conformance sandbox --list-faults lists them)`);
  }
}

/** One fault per line: name, the requirement id it breaks, what it does; columns aligned. */
export function faultTable(): string {
  const rows = [['FAULT', 'REQUIREMENT', 'WHAT THE BANK DOES WRONG'], ...faults.map((f) => [f.name, f.ruleId, f.description])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`).join('\n') + '\n';
}
