import type { Profile } from '../profile/types.ts';
import { valueAtPath } from '../util/json-pointer.ts';
import { clockMeans } from '../profile/clock.ts';
import { abandonFor } from '../profile/session-timeout.ts';
import type { Case, PaymentProductRef } from '../suite/types.ts';

/**
 * Why a case does not apply to this ASPSP, or undefined when it does: the profile lacks an SCA
 * approach, an implementer option, a way to move the clock, or a key the case refers to. Each
 * reason names what excluded the case, so "not applicable" is never a silent skip.
 */
export function notApplicable(kase: Case, profile: Profile, profileKeys: readonly string[] = []): string | undefined {
  const wanted = kase.scaApproaches;
  if (wanted?.length && !wanted.some((a) => profile.scaApproaches.includes(a))) {
    return `not applicable: needs SCA approach ${wanted.join(' or ')}; profile ${profile.name} supports ${profile.scaApproaches.join(', ') || 'none'}`;
  }
  const offered = [...profile.capabilities, ...(profile.oauth ? ['oauth' as const] : []), ...(profile.oauth?.scaOAuth ? ['oauth-sca' as const] : []), ...(profile.sca.embedded ? ['embedded-sca' as const] : [])];
  const missing = (kase.requires ?? []).filter((c) => !offered.includes(c));
  if (missing.includes('oauth') && !profile.oauth) return `not applicable: needs OAuth; profile ${profile.name} has no oauth: section`;
  if (missing.length) {
    return `not applicable: needs implementer option ${missing.join(', ')}; profile ${profile.name} does not declare it under capabilities`;
  }
  const wantedPayments: readonly PaymentProductRef[] = kase.payment === undefined ? [] : Array.isArray(kase.payment) ? kase.payment : [kase.payment as PaymentProductRef];
  const payment = wantedPayments.map((p) => paymentNotOffered(p, profile)).find((why) => why !== undefined);
  if (payment) return payment;
  // The PSU who ignores the bank's app (abandon) needs no script for it.
  if (kase.steps.some((s) => s.kind === 'sca' && s.approach === 'decoupled' && s.outcome !== 'abandon') && !profile.sca.decoupled) {
    return `not applicable: needs sca.decoupled (where the harness acts as the PSU in the bank's app); profile ${profile.name} has none`;
  }
  const oauth = oauthNeed(kase);
  if (oauth && !profile.oauth) return `not applicable: needs OAuth (${oauth}); profile ${profile.name} has no oauth: section`;
  if (oauth === 'the OAuth SCA approach' && !profile.oauth?.scaOAuth) return `not applicable: needs the OAuth SCA approach; profile ${profile.name} does not set oauth.scaOAuth`;
  for (const step of kase.steps) {
    if (step.kind === 'sca' && step.psu !== undefined && profile.psus[step.psu] === undefined) {
      return `not applicable: needs a test PSU in the role '${step.psu}', which profile ${profile.name} does not list under psus`;
    }
    if (step.kind === 'sca' && step.outcome === 'abandon') {
      const timeout = profile.sca.sessionTimeout;
      const advance = timeout === undefined ? undefined : abandonFor(timeout);
      if (advance === undefined) return `not applicable: needs the bank's SCA session timeout; profile ${profile.name} does not set sca.sessionTimeout`;
      const means = clockMeans(profile, advance);
      if (means.kind === 'none') return `not applicable: the PSU must stay away past the SCA session timeout (${timeout}): ${means.reason}`;
    }
    // A poll (until) falls back to real waits of its interval; a repeat that must span time cannot.
    const spansTime = step.kind === 'clock' || (step.kind === 'repeat' && step.advance !== undefined && !step.until);
    if (!spansTime) continue;
    const advance = profileDuration(step.advance ?? '', profile);
    // A duration the profile lacks: the profile key check below names it.
    if (advance === undefined) continue;
    const means = clockMeans(profile, advance);
    if (means.kind === 'none') return `not applicable: ${means.reason}`;
  }
  const absent = profileKeys.filter((k) => valueAtPath(profile, k.split('.')) === undefined);
  if (absent.length) return `not applicable: needs profile key ${absent.join(', ')}, which profile ${profile.name} (${profile.file}) lacks`;
  return undefined;
}

/** A clock step's advance as written, or the profile's duration it names (`${profile.ais.historyGracePeriod}`); undefined when the profile lacks it. */
function profileDuration(advance: string, profile: Profile): string | undefined {
  const key = /^\$\{profile\.(.+)\}$/.exec(advance)?.[1];
  if (key === undefined) return advance;
  const value = valueAtPath(profile, key.split('.'));
  return typeof value === 'string' ? value : undefined;
}

/** What of OAuth a case uses, or undefined when it uses none. */
function oauthNeed(kase: Case): string | undefined {
  if (kase.steps.some((s) => s.kind === 'sca' && s.approach === 'oauth')) return 'the OAuth SCA approach';
  const step = kase.steps.find((s) => s.kind === 'oauth' || s.kind === 'refresh' || s.kind === 'revoke' || (s.kind === 'clock' && s.token !== undefined));
  return step ? `a ${step.kind} step` : undefined;
}

function paymentNotOffered(wanted: PaymentProductRef, profile: Profile): string | undefined {
  const offered = profile.payments?.products[wanted.service];
  if (offered?.includes(wanted.product)) return undefined;
  if (!profile.payments) return `not applicable: needs ${wanted.service} of ${wanted.product}; profile ${profile.name} declares no payment services (payments.products)`;
  return `not applicable: needs ${wanted.service} of ${wanted.product}; profile ${profile.name} offers ${offered?.length ? offered.join(', ') : 'no product'} for ${wanted.service}`;
}
