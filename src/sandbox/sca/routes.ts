import { Hono, type Context } from 'hono';
import type { SandboxEnv } from '../http/env.ts';
import type { Account } from '../store/accounts.ts';
import type { ScaOutcome } from '../store/sca.ts';
import type { Authorisation } from '../store/types.ts';
import type { Store } from '../store/store.ts';
import { confirmPage, errorPage, finishedPage, fundsConfirmPage, loginPage, otpPage, paymentConfirmPage } from './pages.ts';

/** The PSU's browser on the bank's side of redirect SCA: HTML forms, never JSON. */
/** What the bank's pages need beyond the outcome: the PSU's accounts and whether a bank-offered choice starts ticked. */
interface PageContext {
  readonly owned: (a: Authorisation) => readonly Account[];
  readonly offeredTicked: boolean;
}

function render(c: Context, outcome: ScaOutcome, { owned, offeredTicked }: PageContext): Response {
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
      const { authorisation: a, subject, error } = outcome;
      const confirm = () =>
        subject.kind === 'consent'
          ? confirmPage(a, subject.consent, owned(a), offeredTicked, error)
          : subject.kind === 'payment'
            ? paymentConfirmPage(a, subject.payment, subject.cancellation, error)
            : fundsConfirmPage(a, subject.consent, error);
      const html = outcome.step === 'login' ? loginPage(a, error) : outcome.step === 'otp' ? otpPage(a, error) : confirm();
      return c.html(html);
    }
  }
}

interface Fields {
  /** Single-valued fields as strings; anything else (files, repeated keys) counts as absent. */
  one: Record<string, string | undefined>;
  /** Every string value of a repeatable field (ticked checkboxes). */
  all: (name: string) => string[];
}

async function fields(c: Context): Promise<Fields> {
  let parsed: Record<string, unknown>;
  try {
    parsed = await c.req.parseBody({ all: true });
  } catch {
    return { one: {}, all: () => [] };
  }
  const one: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(parsed)) one[k] = typeof v === 'string' ? v : undefined;
  const all = (name: string) => [parsed[name]].flat().filter((v): v is string => typeof v === 'string');
  return { one, all };
}

export function scaRoute(store: Store) {
  const pages: PageContext = { owned: (a) => store.sca.accountsFor(a), offeredTicked: store.settings.offeredAccountsTicked };
  const methodNotAllowed = (c: Context) => c.html(errorPage('This page cannot be used that way.'), 405);
  return new Hono<SandboxEnv>()
    .get('/:authorisationId', (c) => render(c, store.sca.view(c.req.param('authorisationId')), pages))
    .all('/:authorisationId', methodNotAllowed)
    .post('/:authorisationId/login', async (c) => {
      const { one: f } = await fields(c);
      return render(c, store.sca.login(c.req.param('authorisationId'), { token: f['token'], username: f['username'], password: f['password'] }), pages);
    })
    .post('/:authorisationId/otp', async (c) => {
      const { one: f } = await fields(c);
      return render(c, store.sca.verifyOtp(c.req.param('authorisationId'), { token: f['token'], otp: f['otp'] }), pages);
    })
    .post('/:authorisationId/decision', async (c) => {
      const { one: f, all } = await fields(c);
      const decision = { token: f['token'], decision: f['decision'], accounts: all('account') };
      return render(c, store.sca.decide(c.req.param('authorisationId'), decision, true), pages);
    })
    .all('/:authorisationId/:step', methodNotAllowed);
}
