import type { AspspResponse, Exchange } from '../http/types.ts';
import type { ScaScriptAction } from '../profile/types.ts';
import { withoutQuery } from '../sca/return-uri.ts';
import { ScaPageError, type ScaDriver, type ScaSession, type ScaTrace } from '../sca/types.ts';
import type { PagePicture } from '../sca/picture.ts';

/** Where the PSU's browser ended after an authorisation request. */
export interface AuthorizationResult {
  /** The redirect URI the bank sent the browser to, query included (it may hold the code: never show it). */
  readonly returnedTo?: string;
  /** The status of the bank's page when the browser stayed there (an error page). */
  readonly status?: number;
  /** Whether the PSU had acted on a page (filled, clicked) before the bank answered that status. */
  readonly acted?: boolean;
  /** Where the browser is and what the page says, for messages. */
  readonly where: string;
  /** Script problems of the bank's pages (element missing, unreachable): the PSU's action was not judged. */
  readonly problem?: ScaPageError;
  /** The session's Playwright trace when it was recorded, unmasked: attach it only once the code is concealed. */
  readonly trace?: ScaTrace;
}

export interface AuthorizeHooks {
  /** Runs one scripted page, e.g. inside a titled report step; gets the page's picture (typed fields covered). */
  page(action: ScaScriptAction, act: () => Promise<PagePicture>): Promise<void>;
  resolveValue(template: string): string;
}

/**
 * Opens the authorisation URL in the PSU's browser and plays the profile's script for the wanted
 * outcome, then `beforeReturn` (if any) before waiting for the return. The bank may send the
 * browser back before any page shows (a refused request): then the script is not played.
 */
export async function authorizeInBrowser(
  sca: ScaDriver,
  url: string,
  returnUris: readonly string[],
  script: readonly ScaScriptAction[],
  hooks: AuthorizeHooks,
  { awaitReturn = true, beforeReturn }: { awaitReturn?: boolean; beforeReturn?: (reload: () => Promise<void>) => Promise<void> } = {},
): Promise<AuthorizationResult> {
  let session: ScaSession;
  try {
    session = await sca.open(url, returnUris);
  } catch (e) {
    if (e instanceof ScaPageError && e.kind === 'error-page') return { ...(e.status === undefined ? {} : { status: e.status }), acted: false, where: e.message };
    throw e;
  }
  let result: AuthorizationResult;
  try {
    result = await play(session, script, hooks, awaitReturn, beforeReturn);
  } catch (e) {
    await session.close();
    throw e;
  }
  const trace = await session.trace();
  await session.close();
  return trace ? { ...result, trace } : result;
}

async function play(
  session: ScaSession,
  script: readonly ScaScriptAction[],
  hooks: AuthorizeHooks,
  awaitReturn: boolean,
  beforeReturn: ((reload: () => Promise<void>) => Promise<void>) | undefined,
): Promise<AuthorizationResult> {
  for (const [i, action] of script.entries()) {
    const early = session.returned?.();
    if (early !== undefined) return returned(early);
    const stopped = await onPage(session, () => hooks.page(action, () => session.perform(action, hooks.resolveValue)), i > 0);
    if (stopped) return stopped;
  }
  // E.g. the PSU leaves the page until the session times out, then reloads it.
  if (beforeReturn && session.returned?.() === undefined) {
    const stopped = await onPage(session, () => beforeReturn(() => session.reload()), true);
    if (stopped) return stopped;
  }
  const back = awaitReturn ? await session.returnedTo() : session.returned?.();
  return back === undefined ? { where: await session.describe() } : returned(back);
}

const returned = (url: string): AuthorizationResult => ({ returnedTo: url, where: `returned to ${withoutQuery(url)}` });

/** Runs what the PSU does on a page; where the bank's pages stop the journey, where the browser ended. */
async function onPage(session: ScaSession, act: () => Promise<void>, acted: boolean): Promise<AuthorizationResult | undefined> {
  try {
    await act();
    return undefined;
  } catch (e) {
    if (!(e instanceof ScaPageError)) throw e;
    const back = session.returned?.();
    if (back !== undefined) return returned(back);
    if (e.kind === 'error-page') return { ...(e.status === undefined ? {} : { status: e.status }), acted, where: e.message };
    return { where: await session.describe(), problem: e };
  }
}

/**
 * The authorisation response as the TPP sees it, shaped as an exchange so expect steps can judge
 * it: 302 with the redirect's parameters when the browser came back, else the bank page's status.
 * The code itself is never kept: only whether one came.
 */
export function authorizationExchange(url: string, result: AuthorizationResult): Exchange {
  const back = result.returnedTo === undefined ? undefined : new URL(result.returnedTo);
  const body = back
    ? {
        redirected: true,
        to: `${back.origin}${back.pathname}`,
        codeIssued: back.searchParams.has('code'),
        ...optional('state', back.searchParams.get('state')),
        ...optional('error', back.searchParams.get('error')),
        ...optional('error_description', back.searchParams.get('error_description')),
      }
    : { redirected: false, where: result.where };
  const text = JSON.stringify(body);
  const response: AspspResponse = {
    status: back ? 302 : (result.status ?? 200),
    headers: { 'content-type': 'application/json', ...(back ? { location: withoutQuery(result.returnedTo!) } : {}) },
    body,
    text,
    bytes: Buffer.from(text),
    durationMs: 0,
  };
  return { request: { method: 'GET', url, headers: {} }, response };
}

function optional(name: string, value: string | null): Record<string, string> {
  return value === null ? {} : { [name]: value };
}
