import { Hono, type Context } from 'hono';
import type { SandboxEnv } from '../http/env.ts';
import type { ScaOutcome } from '../store/sca.ts';
import type { Store } from '../store/store.ts';
import { escapeHtml } from '../html/layout.ts';
import { errorPage, finishedPage } from './pages.ts';

/** The PSU's banking app for decoupled SCA, as a page a test can open (a real bank pushes to a phone). */
function appPage(authorisationId: string, consentSummary: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox Bank app</title></head>
<body><main><h1>Sandbox Bank app</h1><h2>Confirm access</h2><p id="access">${escapeHtml(consentSummary)}</p>
<form method="post" action="/bank-app/${encodeURIComponent(authorisationId)}/decision">
<button id="approve" type="submit" name="decision" value="approve">Approve</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
</form></main></body></html>`;
}

function render(c: Context, outcome: ScaOutcome): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  switch (outcome.kind) {
    case 'page':
      return outcome.step === 'confirm'
        ? c.html(appPage(outcome.authorisation.authorisationId, outcome.subject.kind === 'payment' ? 'A provider asks you to authorise a payment.' : 'A provider asks for access to your accounts.'))
        : c.html(errorPage('This request is not waiting for your confirmation in the app.'), 409);
    case 'finished':
      return c.html(finishedPage(outcome.authorisation));
    case 'error':
      return c.html(errorPage(outcome.message), outcome.status);
    case 'redirect':
      // Decoupled: nobody is sent anywhere; the TPP learns the outcome by polling scaStatus. The app
      // says how it ended (a decision without an authorisation attached is an approval).
      return c.html(finishedPage(outcome.authorisation ?? { outcome: 'approved' }));
  }
}

export function bankAppRoute(store: Store) {
  return new Hono<SandboxEnv>()
    .get('/:authorisationId', (c) => render(c, store.sca.view(c.req.param('authorisationId'))))
    .post('/:authorisationId/decision', async (c) => {
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const decision = typeof body['decision'] === 'string' ? body['decision'] : '';
      return render(c, store.sca.decideInApp(c.req.param('authorisationId'), decision));
    });
}
