import schema from '../../suites/suite.schema.json' with { type: 'json' };
import type { LoadError } from '../yaml/errors.ts';
import type { Locator } from '../yaml/locate.ts';
import { deepFreeze } from '../yaml/freeze.ts';
import { loadYaml, sortByPosition } from '../yaml/load.ts';
import { readYamlText } from '../yaml/read.ts';
import { buildSuite } from './build.ts';
import { checkSuite } from './checks.ts';
import type { Suite } from './types.ts';
import type { WrittenSuite } from './written.ts';

export interface SuiteLoadResult {
  /** Present only when the file has no errors at all. Deeply frozen. */
  readonly suite?: Suite;
  readonly errors: readonly LoadError[];
  /** A file that parsed but has errors, as written: lint runs the plan's checks on it anyway. */
  readonly unbuilt?: UnbuiltSuite;
}

export interface UnbuiltSuite {
  readonly file: string;
  readonly raw: unknown;
  readonly locator: Locator;
}

export interface SuitesLoadResult {
  readonly suites: readonly Suite[];
  readonly errors: readonly LoadError[];
  readonly unbuilt: readonly UnbuiltSuite[];
}

export function loadSuite(file: string): SuiteLoadResult {
  const read = readYamlText(file, 'suite');
  if ('error' in read) return { errors: [read.error] };
  try {
    return parseSuite(file, read.text);
  } catch (e) {
    // A loader bug must cost one file, never the run: the file is reported, the other suites run.
    return { errors: [{ code: 'INTERNAL', file, path: '', message: `the suite could not be loaded: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

/** The pure half of loadSuite: `text` is the content of `file` (which is only used for positions). */
export function parseSuite(file: string, text: string): SuiteLoadResult {
  const loaded = loadYaml<WrittenSuite>(file, text, schema);
  const semantic = loaded.raw === undefined ? [] : checkSuite(loaded.raw, loaded);
  const errors = sortByPosition([...loaded.errors, ...semantic]);
  if (errors.length > 0 || loaded.value === undefined) {
    return loaded.raw === undefined ? { errors } : { errors, unbuilt: { file, raw: loaded.raw, locator: loaded } };
  }
  return { suite: deepFreeze(buildSuite(file, loaded.value, loaded)), errors };
}

/** Every error of every file, plus suite ids used by two files, so one run reports every mistake. */
export function loadSuites(files: readonly string[]): SuitesLoadResult {
  const suites: Suite[] = [];
  const errors: LoadError[] = [];
  const unbuilt: UnbuiltSuite[] = [];
  const byId = new Map<string, Suite>();
  const declaredBy = new Map<string, { rule: Suite['rules'][number]; suite: Suite }>();
  for (const file of files) {
    const result = loadSuite(file);
    errors.push(...result.errors);
    if (result.unbuilt) unbuilt.push(result.unbuilt);
    if (!result.suite) continue;
    const earlier = byId.get(result.suite.id);
    if (earlier) {
      errors.push({
        code: 'DUPLICATE_ID',
        ...result.suite.at,
        path: 'suite',
        message: `suite id '${result.suite.id}' is already used by ${earlier.file}`,
        related: earlier.at,
      });
      continue;
    }
    const clash = result.suite.rules.flatMap((rule) => {
      const other = declaredBy.get(rule.id);
      return other && JSON.stringify(other.rule) !== JSON.stringify(rule) ? [{ rule, other }] : [];
    });
    if (clash.length) {
      // One id, one meaning in a run: a report cannot show two titles or sources for one verdict.
      for (const { rule, other } of clash) {
        errors.push({ code: 'DUPLICATE_ID', ...result.suite.at, path: 'rules', message: `rule id '${rule.id}' is declared by ${other.suite.file} with another title or sources: declare it the same way in both, or use another id`, related: other.suite.at });
      }
      continue;
    }
    for (const rule of result.suite.rules) if (!declaredBy.has(rule.id)) declaredBy.set(rule.id, { rule, suite: result.suite });
    byId.set(result.suite.id, result.suite);
    suites.push(result.suite);
  }
  return { suites, errors, unbuilt };
}
