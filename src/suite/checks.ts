import { getByPointer } from '../util/json-pointer.ts';
import { ruleCatalog } from '../rules/catalog.ts';
import type { LoadError } from '../yaml/errors.ts';
import type { Locator } from '../yaml/locate.ts';
import { joinPointer, pointerToPath } from '../yaml/pointer.ts';
import { didYouMean } from '../util/did-you-mean.ts';

/*
 * Checks a schema cannot express. They read the raw parsed value defensively (it may have failed
 * the schema elsewhere) so one run reports schema and semantic mistakes together.
 */

// Malformed ids are the schema's to report; only well-formed ones are looked up.
const RULE_ID = /^[A-Z][A-Z0-9-]+$/;

export function checkSuite(raw: unknown, locator: Locator): LoadError[] {
  return [...duplicateCaseIds(raw, locator), ...declaredRules(raw, locator), ...unknownRules(raw, locator), ...badPatterns(raw, locator)];
}

function duplicateCaseIds(raw: unknown, locator: Locator): LoadError[] {
  const errors: LoadError[] = [];
  const first = new Map<string, string>();
  items(field(raw, 'cases')).forEach((c, i) => {
    const base = field(c, 'id');
    if (typeof base !== 'string') return;
    // A data-driven case stands for one case per `each` item: those ids must be unique too.
    const suffixes = items(field(c, 'each')).map((item) => field(item, 'id')).filter((s): s is string => typeof s === 'string');
    const pointer = `/cases/${i}/id`;
    for (const id of suffixes.length ? suffixes.map((s) => `${base}-${s}`) : [base]) {
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, pointer);
        continue;
      }
      errors.push({
        code: 'DUPLICATE_ID',
        ...locator.positionOf(pointer),
        path: pointerToPath(pointer),
        message: `case id '${id}' is already used by ${pointerToPath(earlier.replace(/\/id$/, ''))}`,
        related: locator.positionOf(earlier),
      });
    }
  });
  return errors;
}

/** `{ matches: … }` must compile as the runner compiles it, or the case would stop mid-run. */
function badPatterns(raw: unknown, locator: Locator): LoadError[] {
  const errors: LoadError[] = [];
  items(field(raw, 'cases')).forEach((c, i) => {
    items(field(c, 'steps')).forEach((s, j) => {
      for (const part of ['headers', 'body'] as const) {
        const matchers = field(s, part);
        if (matchers === null || typeof matchers !== 'object') continue;
        for (const [key, m] of Object.entries(matchers)) {
          const pattern = field(m, 'matches');
          if (typeof pattern !== 'string' || pattern.includes('${')) continue;
          try {
            new RegExp(pattern);
          } catch (e) {
            const pointer = joinPointer(`/cases/${i}/steps/${j}/${part}`, key, 'matches');
            errors.push({ code: 'SCHEMA', ...locator.positionOf(pointer), path: pointerToPath(pointer), message: `not a valid regular expression: ${(e as Error).message}` });
          }
        }
      }
    });
  });
  return errors;
}

/**
 * A suite's own rule may not take a built-in id (its verdict would merge with the catalog's), nor
 * be declared twice, and some step must check it: a rule only listed would never be judged.
 */
function declaredRules(raw: unknown, locator: Locator): LoadError[] {
  const errors: LoadError[] = [];
  const first = new Map<string, string>();
  const checked = new Set(ruleRefs(raw).filter((p) => !p.includes('/requirements/')).map((p) => getByPointer(raw, p)));
  items(field(raw, 'rules')).forEach((r, i) => {
    const id = field(r, 'id');
    if (typeof id !== 'string' || !RULE_ID.test(id)) return;
    const pointer = `/rules/${i}/id`;
    const earlier = first.get(id);
    if (ruleCatalog.has(id)) {
      errors.push({ code: 'DUPLICATE_ID', ...locator.positionOf(pointer), path: pointerToPath(pointer), message: `rule id '${id}' is built in (src/rules/catalog/): name it in the cases as it is, or give the suite's own rule another id` });
    } else if (earlier !== undefined) {
      errors.push({ code: 'DUPLICATE_ID', ...locator.positionOf(pointer), path: pointerToPath(pointer), message: `rule id '${id}' is already declared by ${pointerToPath(earlier.replace(/\/id$/, ''))}`, related: locator.positionOf(earlier) });
    } else {
      first.set(id, pointer);
      if (!checked.has(id)) errors.push({ code: 'UNKNOWN_RULE', ...locator.positionOf(pointer), path: pointerToPath(pointer), message: `rule id '${id}' is checked by no step of this suite (name it in a step's rule:), so it would never be judged` });
    }
  });
  return errors;
}

/** Pointers to every rule id a suite names: the cases' requirements and their steps' rules. */
function ruleRefs(raw: unknown): string[] {
  const refs: string[] = [];
  items(field(raw, 'cases')).forEach((c, i) => {
    items(field(c, 'requirements')).forEach((_, j) => refs.push(`/cases/${i}/requirements/${j}`));
    items(field(c, 'steps')).forEach((s, j) => {
      if (typeof field(s, 'rule') === 'string') refs.push(`/cases/${i}/steps/${j}/rule`);
      if (typeof field(field(s, 'expect'), 'rule') === 'string') refs.push(`/cases/${i}/steps/${j}/expect/rule`);
    });
  });
  return refs;
}

function unknownRules(raw: unknown, locator: Locator): LoadError[] {
  const declared = new Set(items(field(raw, 'rules')).map((r) => field(r, 'id')).filter((id): id is string => typeof id === 'string'));
  return ruleRefs(raw).flatMap((pointer): LoadError[] => {
    const id = getByPointer(raw, pointer);
    if (typeof id !== 'string' || !RULE_ID.test(id) || ruleCatalog.has(id) || declared.has(id)) return [];
    const allowed = [...declared, ...ruleCatalog.keys()];
    const suggestion = didYouMean(id, allowed);
    return [
      {
        code: 'UNKNOWN_RULE',
        ...locator.positionOf(pointer),
        path: pointerToPath(pointer),
        message: `unknown rule id '${id}' (a built-in one, or declare it under the suite's rules: with its title and sources)`,
        allowed,
        ...(suggestion === undefined ? {} : { suggestion }),
      },
    ];
  });
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function items(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

