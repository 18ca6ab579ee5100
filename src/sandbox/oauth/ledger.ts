import type { TestClock } from '../store/clock.ts';

/** What an OAuth SCA grant is bound to: the consent or the payment its authorisation request named. */
export interface Subject {
  readonly kind: 'consent' | 'payment';
  readonly id: string;
}

interface IssuedToken {
  readonly grantId: string;
  /** On the grant's clock (see `now`), so expiry follows the bank's test clock. */
  readonly issuedAt: number;
  readonly refreshed: boolean;
  readonly scopes: ReadonlySet<string>;
}

/**
 * What the bank remembers about its access tokens besides oidc-provider's own storage: when each
 * was issued on the test clock, which consent or payment a grant is bound to (OAuth SCA), and each grant's
 * own clock offset, so a case can age its tokens without moving time for cases beside it.
 */
export function createTokenLedger(clock: TestClock) {
  const bindings = new Map<string, Subject>();
  const offsets = new Map<string, number>();
  const issued = new Map<string, IssuedToken>();

  /** A bound grant lives on its consent's (or payment's) clock; every grant adds its own offset. */
  const now = (grantId: string) => clock.now(bindings.get(grantId)?.id).getTime() + (offsets.get(grantId) ?? 0);

  return {
    now,
    bind(grantId: string, subject: Subject): void {
      bindings.set(grantId, subject);
    },
    boundTo: (grantId: string) => bindings.get(grantId),
    issue(jti: string, grantId: string, scope: string, refreshed: boolean): void {
      issued.set(jti, { grantId, issuedAt: now(grantId), refreshed, scopes: new Set(scope.split(' ').filter(Boolean)) });
    },
    find: (jti: string) => issued.get(jti),
    /** Moves one grant's time forward (never back). */
    advance(jti: string, ms: number): boolean {
      const token = issued.get(jti);
      if (!token) return false;
      offsets.set(token.grantId, (offsets.get(token.grantId) ?? 0) + ms);
      return true;
    },
  };
}

export type TokenLedger = ReturnType<typeof createTokenLedger>;
