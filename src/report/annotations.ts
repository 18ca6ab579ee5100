/**
 * A test's requirement ids travel as Playwright annotations of this type: Allure reads it as the
 * label `requirement` (its `allure.label.*` convention), the summary reporter as the rule list.
 */
export const REQUIREMENT_ANNOTATION = 'allure.label.requirement';

/**
 * A suite-declared rule a test names travels as this annotation (its JSON definition), so the
 * summary reporter, which never loads suites, can list it with its title and sources.
 */
export const DECLARED_RULE_ANNOTATION = 'psd2.rule';
