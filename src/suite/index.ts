export { loadSuite, loadSuites, parseSuite, type SuiteLoadResult, type SuitesLoadResult } from './load.ts';
export { discoverSuites } from './discover.ts';
export { lintSuites, type LintResult } from './lint.ts';
export type * from './types.ts';
