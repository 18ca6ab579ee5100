// A plain object (allure's defineConfig returns its argument): importing the `allure` package runs
// its command line, so this file imports nothing and can be read by tests without side effects.

// The run folder the report is built for (set by the harness when it calls allure generate).
const run = process.env.PSD2_RUN_DIR ?? 'reports/latest';

const FINDING = /\[[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\] /;
/** Messages as the runner writes them: findings `[RULE-ID] …`, or why a case stopped. */
const HARNESS = /case stopped \(|the case does not fit profile|error\(s\) in |Timeout|timed out|TLS|certificate|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|unreachable|socket hang up|fetch failed/i;

/** @type {import('@allurereport/plugin-api').Config} */
export default {
  name: 'PSD2 conformance (Berlin Group NextGenPSD2)',
  output: `${run}/allure-report`,
  // The coverage matrix, shown on the report's Globals tab and kept inside the single file.
  globalAttachments: [`${run}/coverage.html`, `${run}/coverage.json`],
  categories: {
    rules: [
      {
        // A case red only for failures the profile declares as known deviations (live entries):
        // shown, never hidden, and kept apart from non-conformance. An expired entry is not here.
        id: 'accepted-deviation',
        name: 'Accepted deviation (profile deviations:)',
        matchers: [{ statuses: ['failed', 'broken'], message: /^accepted deviation: / }],
        groupBy: [{ label: 'requirement' }],
        expand: true,
      },
      {
        // Then: a case whose bank answered wrongly is non-conformance, even when it then stopped.
        id: 'aspsp-non-conformance',
        name: 'ASPSP non-conformance',
        matchers: [{ statuses: ['failed', 'broken'], message: FINDING }],
        // By service, then by message: the message names the violated requirement ids (a case's
        // `requirement` labels list all it covers, not the one it violated).
        groupBy: [{ label: 'epic' }],
        groupByMessage: true,
        expand: true,
      },
      {
        // Every other failure: the case stopped, timed out, could not connect, or its suite or
        // profile is wrong; the bank is not blamed for it.
        id: 'harness-problem',
        name: 'Harness, configuration or connectivity problem',
        matchers: [
          { statuses: ['failed', 'broken'], message: HARNESS },
          { statuses: ['failed', 'broken'], labels: { tag: /suite-error/ } },
          { statuses: ['failed', 'broken'] },
        ],
        groupByMessage: true,
        expand: true,
      },
      { id: 'not-applicable', name: 'Not applicable', matchers: [{ statuses: ['skipped'] }], groupByMessage: true },
    ],
  },
  plugins: {
    awesome: {
      options: {
        // One self-contained file: what a compliance team archives and hashes.
        singleFile: true,
        // bank › suite › case, instead of the runner's generated spec file.
        groupBy: ['parentSuite', 'suite'],
      },
    },
  },
};
