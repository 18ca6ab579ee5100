import type { RevokeStep } from '../suite/types.ts';
import { attachExchange } from '../report/attach.ts';
import { oauthClient, reach, tokenOf } from './oauth-flow.ts';
import { CaseStopError } from './errors.ts';
import type { StepDefinition } from './types.ts';

/** Revokes a token at the bank's revocation endpoint (RFC 7009); its answer is the last response. */
export const revokeStep: StepDefinition<RevokeStep> = {
  kind: 'revoke',
  title: (s) => s.title ?? `the TPP revokes the ${s.which ?? 'access'} token of ${s.token}`,
  async run(step, ctx, evidence) {
    const { accessToken, record } = tokenOf(step.token, ctx, step.at);
    const token = step.which === 'refresh' ? record.refreshToken : accessToken;
    if (!token) throw new CaseStopError('CAPTURE_MISSING', `the token response for '${step.token}' had no refresh_token`, step.at);
    if (!record.server.revocation_endpoint) {
      throw new CaseStopError('PROFILE_INCOMPLETE', 'the authorisation server names no revocation_endpoint (RFC 8414 metadata or oauth.endpoints.revocation)', step.at);
    }
    const client = oauthClient(ctx, step.at);
    const call = await reach(step.at, 'the revocation request could not be sent', () => client.revoke(record.server, token));
    if (call.exchange) {
      ctx.state.last = call.exchange;
      await attachExchange(evidence, call.exchange.request, call.exchange.response);
    }
  },
};
