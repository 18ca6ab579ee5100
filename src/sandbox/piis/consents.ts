import { Hono } from 'hono';
import { formatError } from '../errors.ts';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import { absoluteUrlHeader, ipHeader, readJsonObject } from '../http/input.ts';
import { parseIsoDate, toIsoDate } from '../store/dates.ts';
import type { Store } from '../store/store.ts';
import { parseFundsAccount } from '../pis/payment-input.ts';

const self = (id: string) => `/v1/consents/confirmation-of-funds/${id}`;

/**
 * /v1/consents/confirmation-of-funds: PIIS consents as the Berlin Group's PIIS 2.0 defines them
 * (the 1.3.x specs this bank serves leave them out of band, with Consent-ID optional on
 * checkAvailabilityOfFunds). Redirect SCA through the same pages as every other consent.
 */
export function fundsConsentsRoute(store: Store) {
  return new Hono<SandboxEnv>()
    .post('/', async (c) => {
      ipHeader(c, 'PSU-IP-Address', true);
      const redirectUri = absoluteUrlHeader(c, 'TPP-Redirect-URI', true) ?? '';
      const nokRedirectUri = absoluteUrlHeader(c, 'TPP-Nok-Redirect-URI', false);
      const body = await readJsonObject(c);
      const iban = parseFundsAccount(body['account']);
      const written = body['validUntil'];
      const validUntil = written === undefined ? '9999-12-31' : typeof written === 'string' ? parseIsoDate(written) : undefined;
      if (validUntil === undefined) throw formatError('validUntil must be a date (YYYY-MM-DD).', 'validUntil');
      if (validUntil < toIsoDate(store.now())) throw formatError('validUntil lies in the past.', 'validUntil');
      const { consent, authorisation } = store.fundsConsents.create({
        iban,
        validUntil,
        redirectUri,
        ...(nokRedirectUri === undefined ? {} : { nokRedirectUri }),
      });
      const origin = new URL(c.req.url).origin;
      c.header('Location', `${origin}${self(consent.consentId)}`);
      c.header('ASPSP-SCA-Approach', 'REDIRECT');
      return c.json(
        {
          consentStatus: consent.consentStatus,
          consentId: consent.consentId,
          _links: {
            scaRedirect: { href: `${origin}/sca/${authorisation.authorisationId}` },
            self: { href: self(consent.consentId) },
            status: { href: `${self(consent.consentId)}/status` },
          },
        },
        201,
      );
    })
    .all('/', methodNotAllowed)
    .get('/:consentId', (c) => {
      const consent = store.fundsConsents.get(c.req.param('consentId'));
      return c.json({ account: { iban: consent.iban }, validUntil: consent.validUntil, consentStatus: consent.consentStatus });
    })
    .all('/:consentId', methodNotAllowed)
    .get('/:consentId/status', (c) => c.json({ consentStatus: store.fundsConsents.get(c.req.param('consentId')).consentStatus }))
    .all('/:consentId/status', methodNotAllowed);
}
