import { Hono } from 'hono';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import { absoluteUrlHeader, ipHeader, optionalBooleanHeader, readJsonObject } from '../http/input.ts';
import { toIsoDate } from '../store/dates.ts';
import type { Store } from '../store/store.ts';
import { parseConsentBody } from './consent-input.ts';

const self = (id: string) => `/v1/consents/${id}`;

/** /v1/consents and its sub-resources (AIS consent lifecycle, redirect SCA only). */
export function consentsRoute(store: Store) {
  return new Hono<SandboxEnv>()
    .post('/', async (c) => {
      const psuIpAddress = ipHeader(c, 'PSU-IP-Address', !store.faults.has('psu-ip-address-optional')) ?? '';
      // Redirect is this bank's only approach, so a redirect target is needed whatever the TPP prefers.
      optionalBooleanHeader(c, 'TPP-Redirect-Preferred');
      const redirectUri = absoluteUrlHeader(c, 'TPP-Redirect-URI', true) ?? '';
      const nokRedirectUri = absoluteUrlHeader(c, 'TPP-Nok-Redirect-URI', false);
      const body = parseConsentBody(await readJsonObject(c), toIsoDate(store.now()));
      const { consent, authorisation, httpStatus, scaApproach, scaRedirectLink } = store.consents.create({
        ...body,
        redirectUri,
        psuIpAddress,
        ...(nokRedirectUri === undefined ? {} : { nokRedirectUri }),
      });
      const id = consent.consentId;
      const origin = new URL(c.req.url).origin;
      c.header('Location', `${origin}${self(id)}`);
      c.header('ASPSP-SCA-Approach', scaApproach);
      return c.json(
        {
          consentStatus: consent.consentStatus,
          consentId: id,
          _links: {
            ...(scaRedirectLink ? { scaRedirect: { href: `${origin}/sca/${authorisation.authorisationId}` } } : {}),
            self: { href: self(id) },
            status: { href: `${self(id)}/status` },
            scaStatus: { href: `${self(id)}/authorisations/${authorisation.authorisationId}` },
          },
        },
        httpStatus,
      );
    })
    .all('/', methodNotAllowed)

    .get('/:consentId', (c) => {
      const consent = store.consents.get(c.req.param('consentId'));
      const { request } = consent;
      return c.json({
        access: consent.grantedAccess ?? request.access,
        recurringIndicator: request.recurringIndicator,
        validUntil: request.validUntil,
        frequencyPerDay: request.frequencyPerDay,
        lastActionDate: consent.lastActionDate,
        consentStatus: consent.consentStatus,
        ...(consent.consentStatus === 'valid' ? { _links: { account: { href: '/v1/accounts' } } } : {}),
      });
    })
    .delete('/:consentId', (c) => {
      store.consents.delete(c.req.param('consentId'));
      return c.body(null, 204);
    })
    .all('/:consentId', methodNotAllowed)

    .get('/:consentId/status', (c) => c.json(store.consents.statusBody(c.req.param('consentId'))))
    .all('/:consentId/status', methodNotAllowed)

    .get('/:consentId/authorisations', (c) => c.json({ authorisationIds: store.consents.authorisationIds(c.req.param('consentId')) }))
    .post('/:consentId/authorisations', (c) => {
      const consentId = c.req.param('consentId');
      const authorisation = store.consents.startAuthorisation(consentId);
      const origin = new URL(c.req.url).origin;
      c.header('ASPSP-SCA-Approach', 'REDIRECT');
      return c.json(
        {
          scaStatus: authorisation.scaStatus,
          authorisationId: authorisation.authorisationId,
          _links: {
            scaRedirect: { href: `${origin}/sca/${authorisation.authorisationId}` },
            scaStatus: { href: `${self(consentId)}/authorisations/${authorisation.authorisationId}` },
          },
        },
        201,
      );
    })
    .all('/:consentId/authorisations', methodNotAllowed)

    .get('/:consentId/authorisations/:authorisationId', (c) =>
      c.json(store.consents.authorisation(c.req.param('consentId'), c.req.param('authorisationId'))),
    )
    .all('/:consentId/authorisations/:authorisationId', methodNotAllowed);
}
