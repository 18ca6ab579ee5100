import { delimiter, join, relative } from 'node:path';
import { test } from '../../fixtures/conformance.ts';
import { discoverSuites, expandSuitePaths } from '../suite/discover.ts';
import { loadSuitesOnce } from './suite-cache.ts';
import { formatLoadError, formatLoadErrors } from '../yaml/errors.ts';
import { planCase } from '../plan/plan.ts';
import { runCase, caseFailure } from './run-case.ts';
import { DECLARED_RULE_ANNOTATION, REQUIREMENT_ANNOTATION } from '../report/annotations.ts';
import { CASE_OUTCOME_ATTACHMENT, SUITE_ERROR_TAG } from '../report/case-outcome.ts';
import { redactingEvidence } from '../report/evidence.ts';
import { redactError } from '../report/redact.ts';
import { allureEvidence, labelCase } from '../report/allure.ts';
import { repoRoot } from '../util/repo-root.ts';

/** A case's budget unless its profile sets one (timeouts.case). */
const DEFAULT_CASE_BUDGET_MS = 120_000;
/** Room after the case budget for the case to stop, attach its outcome and tear down. */
const TEARDOWN_MARGIN_MS = 30_000;

/**
 * Suites become tests here: one describe per suite file, one test per case, one test.step per
 * step (located at its YAML line). A suite that does not load becomes a failing test naming every
 * mistake, so the rest of the run goes on and the report still says what was wrong.
 */
const files = process.env.PSD2_SUITES ? expandSuitePaths(process.env.PSD2_SUITES.split(delimiter).filter(Boolean)) : discoverSuites(join(repoRoot, 'suites'));
const { suites, errors } = loadSuitesOnce(files, process.env.PSD2_RUN_ID);

const errorsByFile = new Map<string, typeof errors>();
for (const e of errors) errorsByFile.set(e.file, [...(errorsByFile.get(e.file) ?? []), e]);
for (const [file, fileErrors] of errorsByFile) {
  test(`suite ${relative(process.cwd(), file)} loads`, { tag: SUITE_ERROR_TAG }, () => {
    throw new Error(`${fileErrors.length} error(s) in ${file}:\n${fileErrors.map(formatLoadError).join('\n')}`);
  });
}

for (const suite of suites) {
  test.describe(suite.title, () => {
    for (const kase of suite.cases) {
      const details = {
        // Requirement ids are tags too, so `--grep @AIS-TX-90D\b` runs exactly the cases of one rule.
        tag: [...kase.tags, ...kase.requirements].map((t) => `@${t}`),
        annotation: [
          ...kase.requirements.map((id) => ({ type: REQUIREMENT_ANNOTATION, description: id })),
          ...(kase.declaredRules ?? []).map((rule) => ({ type: DECLARED_RULE_ANNOTATION, description: JSON.stringify(rule) })),
        ],
      };
      test(`${kase.id}: ${kase.title}`, details, async ({ profile, validator, aspsp, sca, redact }, testInfo) => {
        // Labelled first, so a case that is not applicable still sits under its service and suite.
        await labelCase(profile, validator, suite, kase);
        const planned = planCase(suite, kase, { profile, operationIds: new Set(validator.operationIds()) });
        test.skip(planned.notApplicable !== undefined, planned.notApplicable);
        if (planned.problems.length) {
          // The suite's mistake, found before any request: the bank is not judged.
          const message = `the case does not fit profile ${profile.name}:\n${formatLoadErrors(planned.problems)}`;
          await testInfo.attach(CASE_OUTCOME_ATTACHMENT, {
            body: JSON.stringify({ findings: [], inconclusive: kase.requirements.map((ruleId) => ({ ruleId, reason: message })), stopped: { code: 'TEMPLATE', category: 'configuration', message } }),
            contentType: 'application/json',
          });
          throw new Error(message);
        }

        const budgetMs = profile.timeouts?.case ?? DEFAULT_CASE_BUDGET_MS;
        testInfo.setTimeout(budgetMs + TEARDOWN_MARGIN_MS);

        const outcome = await runCase(
          kase,
          { profile, validator, aspsp, sca, now: () => new Date(), conceal: (secret) => redact.add(secret) },
          (title, body, at) =>
            test.step(
              redact(title),
              () => body(redactingEvidence(allureEvidence, redact)).catch((e: unknown) => Promise.reject(redactError(e, redact))),
              at ? { location: at } : {},
            ),
          { signal: AbortSignal.timeout(budgetMs), ms: budgetMs },
        );
        await testInfo.attach(CASE_OUTCOME_ATTACHMENT, { body: redact(JSON.stringify(outcome, null, 2)), contentType: 'application/json' });
        const failure = caseFailure(outcome);
        if (failure) throw new Error(redact(failure));
      });
    }
  });
}
