import { Hono } from 'hono';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import { decoupledStartPsu, startsExplicitly } from '../http/authorisation-start.ts';
import { absoluteUrlHeader, ipHeader, optionalBooleanHeader, readJsonObject } from '../http/input.ts';
import { formatError } from '../errors.ts';
import { toIsoDate } from '../store/dates.ts';
import type { Store } from '../store/store.ts';
import { parseConsentBody } from './consent-input.ts';
import { METADATA_PATH } from '../oauth/router.ts';

const self = (id: string) => `/v1/consents/${id}`;

/** /v1/consents and its sub-resources (AIS consent lifecycle, redirect SCA only). */
export function consentsRoute(store: Store) {
  return new Hono<SandboxEnv>()
    .post('/', async (c) => {
      const psuIpAddress = ipHeader(c, 'PSU-IP-Address', !store.faults.has('psu-ip-address-optional')) ?? '';
      // Redirect unless the TPP prefers decoupled (the PSU named by PSU-ID approves in the bank's app) or
      // prefers not to be redirected at all (embedded: the TPP sends the PSU's credentials).
      const redirectPreferred = optionalBooleanHeader(c, 'TPP-Redirect-Preferred');
      const decoupled = optionalBooleanHeader(c, 'TPP-Decoupled-Preferred') === true && redirectPreferred !== true;
      const embedded = !decoupled && redirectPreferred === false;
      const psuId = c.req.header('PSU-ID')?.trim();
      // Embedded SCA may identify the PSU later (a PUT on the authorisation with PSU-ID alone).
      if (decoupled && !psuId) throw formatError('Decoupled SCA needs the PSU-ID header.', 'PSU-ID');
      const redirectUri = absoluteUrlHeader(c, 'TPP-Redirect-URI', !decoupled && !embedded) ?? '';
      const nokRedirectUri = absoluteUrlHeader(c, 'TPP-Nok-Redirect-URI', false);
      const body = parseConsentBody(await readJsonObject(c), toIsoDate(store.now()));
      const explicit = !embedded && startsExplicitly(store, optionalBooleanHeader(c, 'TPP-Explicit-Authorisation-Preferred'));
      const { consent, authorisation, httpStatus, scaApproach, scaRedirectLink } = store.consents.create(
        { ...body, redirectUri, psuIpAddress, ...(nokRedirectUri === undefined ? {} : { nokRedirectUri }) },
        explicit ? 'explicit' : 'implicit',
      );
      const id = consent.consentId;
      const origin = new URL(c.req.url).origin;
      c.header('Location', `${origin}${self(id)}`);
      if (!authorisation) {
        // Explicit start: no authorisation yet; the TPP opens one with a POST on startAuthorisation
        // (decoupled too: the PSU-ID is known, so nothing more is to be uploaded).
        c.header('ASPSP-SCA-Approach', decoupled ? 'DECOUPLED' : scaApproach);
        return c.json(
          {
            consentStatus: consent.consentStatus,
            consentId: id,
            _links: {
              ...(scaRedirectLink || decoupled ? { startAuthorisation: { href: `${self(id)}/authorisations` } } : {}),
              ...(store.faults.has('sca-oauth-link-missing') || decoupled ? {} : { scaOAuth: { href: `${origin}${METADATA_PATH}` } }),
              self: { href: self(id) },
              status: { href: `${self(id)}/status` },
            },
          },
          httpStatus,
        );
      }
      if (decoupled) {
        store.sca.startDecoupled(authorisation.authorisationId, psuId ?? '');
        c.header('ASPSP-SCA-Approach', 'DECOUPLED');
        return c.json(
          {
            consentStatus: consent.consentStatus,
            consentId: id,
            psuMessage: 'Please confirm the access in your Sandbox Bank app.',
            _links: { self: { href: self(id) }, status: { href: `${self(id)}/status` }, scaStatus: { href: `${self(id)}/authorisations/${authorisation.authorisationId}` } },
          },
          httpStatus,
        );
      }
      if (embedded) {
        store.embedded.start(authorisation.authorisationId, psuId || undefined);
        c.header('ASPSP-SCA-Approach', 'EMBEDDED');
        const link = { href: `${self(id)}/authorisations/${authorisation.authorisationId}` };
        return c.json(
          { consentStatus: consent.consentStatus, consentId: id, _links: { self: { href: self(id) }, status: { href: `${self(id)}/status` }, scaStatus: link, updatePsuAuthentication: link } },
          httpStatus,
        );
      }
      c.header('ASPSP-SCA-Approach', scaApproach);
      return c.json(
        {
          consentStatus: consent.consentStatus,
          consentId: id,
          _links: {
            ...(scaRedirectLink ? { scaRedirect: { href: `${origin}/sca/${authorisation.authorisationId}` } } : {}),
            // OAuth SCA: the TPP may instead authorise at the bank's OAuth server, naming this consent.
            ...(store.faults.has('sca-oauth-link-missing') ? {} : { scaOAuth: { href: `${origin}${METADATA_PATH}` } }),
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
      const psuId = decoupledStartPsu(c);
      const authorisation = store.consents.startAuthorisation(consentId);
      const scaStatus = { href: `${self(consentId)}/authorisations/${authorisation.authorisationId}` };
      if (psuId !== undefined) {
        // Decoupled: the bank's app asks the PSU from now; the TPP polls the scaStatus link.
        store.sca.startDecoupled(authorisation.authorisationId, psuId);
        c.header('ASPSP-SCA-Approach', 'DECOUPLED');
        return c.json(
          {
            scaStatus: authorisation.scaStatus,
            authorisationId: authorisation.authorisationId,
            psuMessage: 'Please confirm the access in your Sandbox Bank app.',
            _links: store.faults.has('decoupled-start-without-sca-status') ? {} : { scaStatus },
          },
          201,
        );
      }
      const origin = new URL(c.req.url).origin;
      c.header('ASPSP-SCA-Approach', 'REDIRECT');
      return c.json(
        {
          scaStatus: authorisation.scaStatus,
          authorisationId: authorisation.authorisationId,
          _links: {
            ...(store.faults.has('start-authorisation-without-sca-redirect') ? {} : { scaRedirect: { href: `${origin}/sca/${authorisation.authorisationId}` } }),
            scaStatus,
          },
        },
        201,
      );
    })
    .all('/:consentId/authorisations', methodNotAllowed)

    .get('/:consentId/authorisations/:authorisationId', (c) =>
      c.json(store.consents.authorisation(c.req.param('consentId'), c.req.param('authorisationId'))),
    )
    .put('/:consentId/authorisations/:authorisationId', async (c) => {
      const consentId = c.req.param('consentId');
      store.consents.get(consentId);
      const psuId = c.req.header('PSU-ID')?.trim() || undefined;
      const body = await readJsonObject(c);
      if ('confirmationCode' in body) {
        // Authorisation confirmation (redirect approach): the code the PSU's browser brought back.
        const authorisationId = c.req.param('authorisationId');
        store.consents.authorisation(consentId, authorisationId);
        const code = body['confirmationCode'];
        if (typeof code !== 'string' || code === '') throw formatError('confirmationCode must be a non-empty string.', 'confirmationCode');
        const scaStatus = store.sca.confirm(authorisationId, code);
        c.header('ASPSP-SCA-Approach', 'REDIRECT');
        return c.json({ scaStatus, _links: { scaStatus: { href: `${self(consentId)}/authorisations/${authorisationId}` } } });
      }
      const { links, ...answer } = store.embedded.update(consentId, c.req.param('authorisationId'), body, psuId);
      const href = `${self(consentId)}/authorisations/${c.req.param('authorisationId')}`;
      c.header('ASPSP-SCA-Approach', 'EMBEDDED');
      return c.json({ ...answer, _links: Object.fromEntries(links.map((name) => [name, { href }])) });
    })
    .all('/:consentId/authorisations/:authorisationId', methodNotAllowed);
}
