import { Hono, type Context } from 'hono';
import type { SandboxEnv } from '../http/env.ts';
import type { ScaOutcome } from '../store/sca.ts';
import type { Store } from '../store/store.ts';
import { confirmPage, errorPage, finishedPage, loginPage, otpPage } from './pages.ts';

/** The PSU's browser on the bank's side of redirect SCA: HTML forms, never JSON. */
function render(c: Context, outcome: ScaOutcome): Response {
  c.header('Cache-Control', 'no-store');
  c.header('X-Frame-Options', 'DENY');
  // No form-action here: browsers apply it to the redirect back to the TPP as well.
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  switch (outcome.kind) {
    case 'redirect':
      return c.redirect(outcome.location, 302);
    case 'error':
      return c.html(errorPage(outcome.message), outcome.status);
    case 'finished':
      return c.html(finishedPage(outcome.authorisation));
    case 'page': {
      const { authorisation: a, consent, error } = outcome;
      const html = outcome.step === 'login' ? loginPage(a, error) : outcome.step === 'otp' ? otpPage(a, error) : confirmPage(a, consent, error);
      return c.html(html);
    }
  }
}

/** Form fields as strings; anything else (files, repeated keys) counts as absent. */
async function fields(c: Context): Promise<Record<string, string | undefined>> {
  let parsed: Record<string, unknown>;
  try {
    parsed = await c.req.parseBody();
  } catch {
    return {};
  }
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(parsed)) out[k] = typeof v === 'string' ? v : undefined;
  return out;
}

export function scaRoute(store: Store) {
  const methodNotAllowed = (c: Context) => c.html(errorPage('This page cannot be used that way.'), 405);
  return new Hono<SandboxEnv>()
    .get('/:authorisationId', (c) => render(c, store.sca.view(c.req.param('authorisationId'))))
    .all('/:authorisationId', methodNotAllowed)
    .post('/:authorisationId/login', async (c) => {
      const f = await fields(c);
      return render(c, store.sca.login(c.req.param('authorisationId'), { token: f['token'], username: f['username'], password: f['password'] }));
    })
    .post('/:authorisationId/otp', async (c) => {
      const f = await fields(c);
      return render(c, store.sca.verifyOtp(c.req.param('authorisationId'), { token: f['token'], otp: f['otp'] }));
    })
    .post('/:authorisationId/decision', async (c) => {
      const f = await fields(c);
      return render(c, store.sca.decide(c.req.param('authorisationId'), { token: f['token'], decision: f['decision'] }));
    })
    .all('/:authorisationId/:step', methodNotAllowed);
}
