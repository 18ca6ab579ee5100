import * as allure from 'allure-js-commons';
import type { Profile } from '../profile/types.ts';
import { ruleCatalog } from '../rules/catalog.ts';
import type { Case, Suite } from '../suite/types.ts';
import type { SpecValidator } from '../validate/types.ts';
import type { StepEvidence } from './evidence.ts';

/** Allure's runtime attachment lands on the step that is running, where a reader looks for it. */
export const allureEvidence: StepEvidence = {
  attach: async (name, { body, contentType }) => {
    await allure.attachment(name, body, { contentType });
  },
};

/**
 * The report's tree is bank › suite › case, whatever file the runner generated the test in; each
 * requirement id carries its sources, so an archived report says what was checked against what.
 */
export async function labelCase(profile: Profile, validator: SpecValidator, suite: Suite, kase: Case): Promise<void> {
  await allure.parentSuite(profile.name);
  await allure.suite(suite.title);
  await allure.feature(suite.id);
  await allure.story(kase.id);
  await allure.parameter('ASPSP', profile.name);
  await allure.parameter('spec', `${validator.name} (${validator.version})`);
  // The implementer options the run assumed: what made other cases not applicable.
  await allure.parameter('implementer options', profile.capabilities.join(', ') || 'none declared');
  if (kase.requires?.length) await allure.label('requires', kase.requires.join(', '));
  for (const id of kase.requirements) {
    const rule = ruleCatalog.get(id);
    if (rule) await allure.label('requirementSource', `${id}: ${rule.sources.map((s) => `${s.doc} ${s.ref}`).join('; ')}`);
  }
}
