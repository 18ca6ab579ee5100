import type { Profile } from '../profile/types.ts';
import type { Case } from '../suite/types.ts';

/** Why a case does not apply to this ASPSP, or undefined when it does. */
export function notApplicable(kase: Case, profile: Profile): string | undefined {
  const wanted = kase.scaApproaches;
  if (wanted?.length && !wanted.some((a) => profile.scaApproaches.includes(a))) {
    return `not applicable: needs SCA approach ${wanted.join(' or ')}; profile ${profile.name} supports ${profile.scaApproaches.join(', ') || 'none'}`;
  }
  return undefined;
}
