import { randomBytes } from 'node:crypto';
import { AspspTransportError } from '../http/errors.ts';
import { AspspUnavailableError, pageUnavailability } from '../http/availability.ts';
import { authorizationExchange, authorizeInBrowser, type AuthorizationResult } from '../oauth/authorize.ts';
import { createOAuthClient, type AuthorizationServer, type OAuthClient, type TokenCall } from '../oauth/client.ts';
import type { OAuthProfile } from '../profile/types.ts';
import type { Position } from '../rules/types.ts';
import { attachExchange } from '../report/attach.ts';
import { interpolate } from '../plan/interpolate.ts';
import { ScaBrowserUnavailableError, ScaPageError } from '../sca/types.ts';
import { CaseStopError } from './errors.ts';
import { firstPageOnly } from './sca-abandon.ts';
import { transportStop } from './send.ts';
import { attachBrowserTrace } from './trace.ts';
import type { StepContext, StepEvidence } from './types.ts';
import { attachPicture } from './page-picture.ts';

/** What a case keeps of a token besides its access token (which is the case variable of its name). */
interface TokenRecord {
  readonly refreshToken?: string;
  readonly server: AuthorizationServer;
}

/** Not a valid template name, so a suite can never read it. */
const recordKey = (name: string) => `oauth:${name}`;

export function oauthProfile(ctx: StepContext, at: Position): OAuthProfile {
  if (!ctx.profile.oauth) throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no oauth: section`, at);
  return ctx.profile.oauth;
}

export function oauthClient(ctx: StepContext, at: Position): OAuthClient {
  return createOAuthClient(oauthProfile(ctx, at), ctx.aspsp, { baseUrl: ctx.profile.baseUrl, signal: ctx.signal, retryAfterMs: ctx.profile.timeouts?.retryAfter });
}

/** Talks to the authorisation server; the harness not reaching it is never the bank's failure. */
export async function reach<T>(at: Position, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof CaseStopError) throw e;
    if (e instanceof AspspUnavailableError) throw new CaseStopError('ASPSP_UNAVAILABLE', `${what}: ${e.message}`, at, { cause: e });
    if (e instanceof AspspTransportError) throw new CaseStopError(transportStop(e), `${what}: ${e.message}`, at, { cause: e });
    throw new CaseStopError('PROFILE_INCOMPLETE', `${what}: ${e instanceof Error ? e.message : String(e)}`, at, { cause: e });
  }
}

export interface AuthorizationPlan {
  readonly name: string;
  readonly scope: string;
  /** abandon: the first page of the approve script is shown, then `leave` runs and the page is reloaded. */
  readonly outcome: 'approve' | 'deny' | 'cancel' | 'lockout' | 'abandon';
  /** For abandon: what happens while the PSU is away (the SCA session runs out). */
  readonly leave?: () => Promise<void>;
  readonly pkce: 'S256' | 'none' | 'wrong-verifier' | 'no-verifier';
  readonly state?: string;
  readonly redirectUri?: string;
  readonly exchange: boolean;
  /** Discover from this issuer (an scaOAuth link's) instead of the profile's. */
  readonly issuer?: string;
  readonly extra?: Readonly<Record<string, string>>;
}

export interface AuthorizationRun {
  readonly result: AuthorizationResult;
  readonly sentState: string;
  readonly redirectUri: string;
  readonly call?: TokenCall;
}

/**
 * One authorisation: the request in the PSU's browser, the profile's script for the outcome, then
 * (when a code came back) the token request. The last response is the token response, or the
 * authorisation response when there was no exchange. Secrets are taught to the redactor before
 * anything is attached.
 */
export async function authorize(plan: AuthorizationPlan, ctx: StepContext, evidence: StepEvidence, at: Position): Promise<AuthorizationRun> {
  const profile = oauthProfile(ctx, at);
  const script = plan.outcome === 'abandon' ? firstPageOnly(profile.scripts.approve) : profile.scripts[plan.outcome];
  if (!script?.length) throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no oauth.scripts.${plan.outcome === 'abandon' ? 'approve' : plan.outcome}`, at);
  const leave = plan.leave;
  const client = oauthClient(ctx, at);
  const server = await reach(at, 'the authorisation server could not be discovered', () => client.server(plan.issuer));
  const request = await reach(at, 'the authorisation request could not be built', () =>
    client.authorizationRequest(server, {
      scope: plan.scope,
      pkce: plan.pkce === 'none' ? 'none' : 'S256',
      ...(plan.state === undefined ? {} : { state: plan.state }),
      ...(plan.redirectUri === undefined ? {} : { redirectUri: plan.redirectUri }),
      ...(plan.extra ? { extra: plan.extra } : {}),
    }),
  );
  ctx.conceal?.(request.verifier);

  const scope = { vars: { psu: ctx.profile.psu, tpp: ctx.profile.tpp }, now: ctx.now() };
  const resolveValue = (template: string) => {
    try {
      return String(interpolate(template, scope));
    } catch (e) {
      throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} oauth.scripts.${plan.outcome}: ${(e as Error).message}`, at);
    }
  };
  let result: AuthorizationResult;
  try {
    result = await authorizeInBrowser(ctx.sca, request.url, [...new Set([request.redirectUri, profile.redirectUri])], script, {
      resolveValue,
      page: async (action, act) => {
        const problem = await ctx.step(`OAuth page: ${action.page}`, async (pageEvidence) => {
          try {
            await attachPicture(pageEvidence, action.page, await act());
            return undefined;
          } catch (e) {
            if (e instanceof CaseStopError || e instanceof ScaPageError) return e;
            return new ScaPageError('element-missing', `page '${action.page}': ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
          }
        });
        if (problem) throw problem;
      },
    }, leave === undefined ? {} : {
      beforeReturn: async (reload) => {
        await leave();
        await ctx.step('the PSU comes back and reloads the page', reload);
      },
    });
  } catch (e) {
    if (e instanceof ScaBrowserUnavailableError) throw new CaseStopError('ENVIRONMENT', e.message, at, { cause: e });
    if (e instanceof ScaPageError && (e.kind === 'unreachable' || e.kind === 'proxy')) throw new CaseStopError(e.kind === 'proxy' ? 'PROXY' : 'ASPSP_TRANSPORT', e.message, at, { cause: e });
    throw e;
  }
  if (result.problem) {
    throw new CaseStopError('SCA_NOT_COMPLETED', `the PSU could not act on the bank's OAuth pages as profile ${ctx.profile.name} scripts them: ${result.problem.message}`, at);
  }
  const code = result.returnedTo === undefined ? null : new URL(result.returnedTo).searchParams.get('code');
  if (code) ctx.conceal?.(code);
  await attachBrowserTrace(evidence, result.trace);
  // A login page saying the bank cannot serve now judges nothing of the PSU's journey (its trace is kept above).
  const down = result.returnedTo === undefined && result.status !== undefined ? pageUnavailability(result.status, result.acted ?? false) : undefined;
  if (down) throw new CaseStopError('ASPSP_UNAVAILABLE', `the bank's OAuth page answered ${down}: ${result.where}`, at);
  const authorization = authorizationExchange(request.url, result);
  ctx.state.last = authorization;
  await attachExchange(evidence, authorization.request, authorization.response);
  const run = { result, sentState: request.state, redirectUri: request.redirectUri };
  if (!code || !plan.exchange) {
    ctx.state.missing.set(plan.name, { why: `no access token: the authorisation ${result.returnedTo ? `returned without a code (${result.where})` : `ended ${result.where}`}`, code: 'CAPTURE_MISSING' });
    ctx.state.vars.delete(plan.name);
    return run;
  }
  const verifier = plan.pkce === 'no-verifier' ? undefined : plan.pkce === 'wrong-verifier' ? randomBytes(32).toString('base64url') : request.verifier;
  if (verifier) ctx.conceal?.(verifier);
  const call = await reach(at, 'the token request could not be sent', () => client.exchange(server, new URL(result.returnedTo!), request, verifier));
  await keep(plan.name, call, server, ctx, evidence);
  return { ...run, call };
}

/** Keeps a token response under `name` (or records why there is none), and makes it the last response. */
export async function keep(name: string, call: TokenCall, server: AuthorizationServer, ctx: StepContext, evidence: StepEvidence): Promise<void> {
  if (call.tokens) {
    ctx.conceal?.(call.tokens.access_token);
    if (call.tokens.refresh_token) ctx.conceal?.(call.tokens.refresh_token);
  }
  if (call.exchange) {
    ctx.state.last = call.exchange;
    await attachExchange(evidence, call.exchange.request, call.exchange.response);
  }
  if (!call.tokens) {
    ctx.state.missing.set(name, { why: `no access token: the token endpoint refused (${call.error ?? 'no answer'})`, code: 'CAPTURE_MISSING' });
    ctx.state.vars.delete(name);
    return;
  }
  ctx.state.missing.delete(name);
  ctx.state.vars.set(name, call.tokens.access_token);
  const record: TokenRecord = { server, ...(call.tokens.refresh_token ? { refreshToken: call.tokens.refresh_token } : {}) };
  ctx.state.vars.set(recordKey(name), record);
}

/** The access token and record a step names; a token the case never got stops the case (its reason says why). */
export function tokenOf(name: string, ctx: StepContext, at: Position): { accessToken: string; record: TokenRecord } {
  const accessToken = ctx.state.vars.get(name);
  const record = ctx.state.vars.get(recordKey(name)) as TokenRecord | undefined;
  if (typeof accessToken !== 'string' || !record) {
    const missing = ctx.state.missing.get(name);
    if (missing) throw new CaseStopError(missing.code, `cannot go on without token '${name}': ${missing.why}`, at);
    throw new CaseStopError('TEMPLATE', `no step before this one obtained a token named '${name}'`, at);
  }
  return { accessToken, record };
}

/** The scope a step asks for: its own, else the profile's for the service, else the service in capitals. */
export function scopeFor(ctx: StepContext, service: 'ais' | 'pis' | 'piis', explicit?: string): string {
  return explicit ?? ctx.profile.oauth?.scopes?.[service] ?? service.toUpperCase();
}
