/**
 * A test's requirement ids travel as Playwright annotations of this type: Allure reads it as the
 * label `requirement` (its `allure.label.*` convention), the summary reporter as the rule list.
 */
export const REQUIREMENT_ANNOTATION = 'allure.label.requirement';
