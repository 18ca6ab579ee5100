import * as allure from 'allure-js-commons';
import type { Profile } from '../profile/types.ts';
import { ruleCatalog } from '../rules/catalog.ts';
import type { Case, Suite } from '../suite/types.ts';
import type { SpecValidator } from '../validate/types.ts';
import type { StepEvidence } from './evidence.ts';
import { epicOf, requirementLink, severityOf } from './labels.ts';

/** Allure's runtime attachment lands on the step that is running, where a reader looks for it. */
export const allureEvidence: StepEvidence = {
  attach: async (name, { body, contentType }) => {
    await allure.attachment(name, body, { contentType });
  },
};

/**
 * The report's tree is bank › suite › case, whatever file the runner generated the test in; the
 * behaviour view is service (epic) › suite (feature) › case (story). Each requirement id carries
 * its sources and a link to where they can be read, so an archived report says what was checked
 * against what. (The `requirement` label itself comes from the test's annotations.)
 */
export async function labelCase(profile: Profile, validator: SpecValidator, suite: Suite, kase: Case): Promise<void> {
  const rules = kase.requirements.map((id) => ruleCatalog.get(id) ?? kase.declaredRules?.find((r) => r.id === id));
  await allure.parentSuite(profile.name);
  await allure.suite(suite.title);
  await allure.epic(epicOf(suite, kase));
  await allure.feature(suite.title);
  await allure.story(`${kase.id}: ${kase.title}`);
  await allure.severity(severityOf(kase, rules));
  await allure.parameter('ASPSP', profile.name);
  await allure.parameter('spec', `${validator.name} (${validator.version})`);
  // The implementer options the run assumed: what made other cases not applicable.
  await allure.parameter('implementer options', profile.capabilities.join(', ') || 'none declared');
  if (kase.requires?.length) await allure.label('requires', kase.requires.join(', '));
  for (const rule of rules) {
    if (!rule) continue;
    await allure.label('requirementSource', `${rule.id}: ${rule.sources.map((s) => `${s.doc} ${s.ref}`).join('; ')}`);
    const link = requirementLink(rule);
    if (link) await allure.link(link.url, link.name, 'requirement');
  }
}
