import type { RefreshStep } from '../suite/types.ts';
import { keep, oauthClient, reach, tokenOf } from './oauth-flow.ts';
import { CaseStopError } from './errors.ts';
import type { StepDefinition } from './types.ts';

/** A token's refresh token at the token endpoint; the new tokens are kept under `as` (default: the same name). */
export const refreshStep: StepDefinition<RefreshStep> = {
  kind: 'refresh',
  title: (s) => s.title ?? `the TPP refreshes token ${s.token}`,
  async run(step, ctx, evidence) {
    const { record } = tokenOf(step.token, ctx, step.at);
    if (!record.refreshToken) throw new CaseStopError('CAPTURE_MISSING', `the token response for '${step.token}' had no refresh_token`, step.at);
    const client = oauthClient(ctx, step.at);
    const call = await reach(step.at, 'the refresh request could not be sent', () => client.refresh(record.server, record.refreshToken!));
    await keep(step.as ?? step.token, call, record.server, ctx, evidence);
  },
};
