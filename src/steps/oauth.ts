import type { OAuthStep } from '../suite/types.ts';
import { authorize, scopeFor } from './oauth-flow.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepDefinition } from './types.ts';

/**
 * The TPP obtains an access token: authorisation code with PKCE, the PSU on the bank's OAuth
 * pages. The step judges nothing itself: expect steps after it judge the authorisation or token
 * response (the last response), and the token is ${token} from here on.
 */
export const oauthStep: StepDefinition<OAuthStep> = {
  kind: 'oauth',
  title: (s) => s.title ?? `the TPP obtains an OAuth2 access token (${s.outcome ?? 'approve'})`,
  async run(step, ctx, evidence) {
    const text = (value: string | undefined) => (value === undefined ? undefined : String(resolveTemplates(value, ctx, step.at)));
    const state = text(step.state);
    const redirectUri = text(step.redirectUri);
    await authorize(
      {
        name: step.token ?? 'accessToken',
        scope: scopeFor(ctx, step.service ?? 'ais', text(step.scope)),
        outcome: step.outcome ?? 'approve',
        pkce: step.pkce ?? 'S256',
        exchange: step.exchange ?? true,
        ...(state === undefined ? {} : { state }),
        ...(redirectUri === undefined ? {} : { redirectUri }),
      },
      ctx,
      evidence,
      step.at,
    );
  },
};
