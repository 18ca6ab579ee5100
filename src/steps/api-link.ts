import { linkUrl } from '../http/links.ts';
import { withoutQuery } from '../sca/return-uri.ts';
import type { Position } from '../suite/types.ts';
import { CaseStopError } from './errors.ts';
import type { StepContext } from './types.ts';

/**
 * A link from the bank's answer to its own API, as the URL the harness will send the TPP's request
 * to, with the profile's headers (an API key), its client certificate and its tokens. A link to
 * another origin than the profile's baseUrl (or its linkOrigins) is not followed: a bank, or anyone
 * who can alter its answers, must not collect the TPP's credentials by naming a host of its choice.
 */
export function apiLinkUrl(href: string, ctx: StepContext, at: Position, what: string): string {
  const url = linkUrl(href, ctx.profile.baseUrl);
  const origin = new URL(ctx.profile.baseUrl).origin;
  const trusted = new Set([origin, ...(ctx.profile.linkOrigins ?? [])]);
  let target: string;
  try {
    target = new URL(url).origin;
  } catch {
    throw new CaseStopError('LINK_REFUSED', `${what} ${JSON.stringify(withoutQuery(href))} is not a URL the harness can follow`, at);
  }
  if (!trusted.has(target)) {
    throw new CaseStopError(
      'LINK_REFUSED',
      `${what} points to ${target}, not to the bank's API at ${origin}: not followed, so the profile's credentials are not sent there (if that host is the bank's, list it under linkOrigins in the profile)`,
      at,
    );
  }
  return url;
}
