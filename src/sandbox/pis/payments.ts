import { Hono, type Context } from 'hono';
import { BgError } from '../errors.ts';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import { absoluteUrlHeader, ipHeader, optionalBooleanHeader, readJsonObject } from '../http/input.ts';
import { formatError } from '../errors.ts';
import { METADATA_PATH } from '../oauth/router.ts';
import { toIsoDate } from '../store/dates.ts';
import { PAYMENT_PRODUCTS, type Payment, type PaymentProduct, type PaymentService } from '../store/payment-types.ts';
import type { Store } from '../store/store.ts';
import { parsePaymentBody } from './payment-input.ts';
import { decoupledStartPsu, startsExplicitly } from '../http/authorisation-start.ts';

/**
 * /v1/{payment-service}/{payment-product} and its sub-resources for one payment service: initiation,
 * information, status, cancellation, and the authorisation and cancellation-authorisation resources.
 * The initiation is authorised by redirect SCA (or OAuth SCA, naming the payment at the bank's
 * authorisation server), or decoupled when the TPP prefers it. JSON products only.
 */
export function paymentsRoute(store: Store, service: PaymentService) {
  const base = (product: string) => `/v1/${service}/${product}`;
  const self = (p: Payment) => `${base(p.order.product)}/${p.paymentId}`;

  /** A product this bank offers for the service; 404 PRODUCT_UNKNOWN otherwise. */
  function productOf(c: Context): PaymentProduct {
    const product = c.req.param('product') ?? '';
    const offered = store.settings.payments.offered[service];
    if ((PAYMENT_PRODUCTS as readonly string[]).includes(product) && offered.includes(product as PaymentProduct)) return product as PaymentProduct;
    if (store.faults.has('payment-product-unknown-400')) throw new BgError(400, 'FORMAT_ERROR', `Unsupported payment product ${product}.`);
    throw new BgError(404, 'PRODUCT_UNKNOWN', `The payment product ${product} is not offered for ${service}; offered: ${offered.join(', ')}.`);
  }

  const payment = (c: Context) => store.payments.find(service, productOf(c), c.req.param('paymentId') ?? '');

  function scaLinks(c: Context, p: Payment, authorisationId: string, cancellation: boolean) {
    const origin = new URL(c.req.url).origin;
    const sub = cancellation ? 'cancellation-authorisations' : 'authorisations';
    return {
      scaRedirect: { href: `${origin}/sca/${authorisationId}` },
      scaStatus: { href: `${self(p)}/${sub}/${authorisationId}` },
    };
  }

  function startAuthorisation(c: Context, cancellation: boolean) {
    const p = payment(c);
    // Decoupled when the start prefers it (not for a cancellation, which this bank authorises by redirect).
    const psuId = cancellation ? undefined : decoupledStartPsu(c);
    const a = cancellation ? store.payments.startCancellationAuthorisation(p) : store.payments.startAuthorisation(p);
    const { scaRedirect, scaStatus } = scaLinks(c, p, a.authorisationId, cancellation);
    if (psuId !== undefined) {
      store.sca.startDecoupled(a.authorisationId, psuId);
      c.header('ASPSP-SCA-Approach', 'DECOUPLED');
      const links = store.faults.has('decoupled-start-without-sca-status') ? {} : { scaStatus };
      return c.json({ scaStatus: a.scaStatus, authorisationId: a.authorisationId, psuMessage: 'Please confirm the payment in your Sandbox Bank app.', _links: links }, 201);
    }
    const links = store.faults.has('start-authorisation-without-sca-redirect') ? { scaStatus } : { scaRedirect, scaStatus };
    c.header('ASPSP-SCA-Approach', 'REDIRECT');
    return c.json({ scaStatus: a.scaStatus, authorisationId: a.authorisationId, _links: links }, 201);
  }

  return new Hono<SandboxEnv>()
    .post('/:product', async (c) => {
      const product = productOf(c);
      const psuIpAddress = ipHeader(c, 'PSU-IP-Address', !store.faults.has('payment-psu-ip-optional')) ?? '';
      // Decoupled when the TPP prefers it: the PSU named by PSU-ID approves in the bank's app.
      const redirectPreferred = optionalBooleanHeader(c, 'TPP-Redirect-Preferred');
      const decoupled = optionalBooleanHeader(c, 'TPP-Decoupled-Preferred') === true && redirectPreferred !== true;
      const psuId = c.req.header('PSU-ID')?.trim();
      if (decoupled && !psuId) throw formatError('Decoupled SCA needs the PSU-ID header.', 'PSU-ID');
      const redirectUri = absoluteUrlHeader(c, 'TPP-Redirect-URI', !decoupled) ?? '';
      const nokRedirectUri = absoluteUrlHeader(c, 'TPP-Nok-Redirect-URI', false);
      const order = parsePaymentBody(service, product, await readJsonObject(c), toIsoDate(store.now()), {
        skipIbanChecksum: store.faults.has('payment-invalid-iban-accepted'),
        acceptNumericAmount: store.faults.has('payment-amount-number-accepted'),
        skipEndDateOrder: store.faults.has('periodic-end-before-start-accepted'),
      });
      const explicit = startsExplicitly(store, optionalBooleanHeader(c, 'TPP-Explicit-Authorisation-Preferred'));
      const created = store.payments.create(
        order,
        { redirectUri, psuIpAddress, requestId: c.get('requestId'), ...(nokRedirectUri === undefined ? {} : { nokRedirectUri }) },
        explicit ? 'explicit' : 'implicit',
      );
      const { payment: p, authorisation: a } = created;
      const origin = new URL(c.req.url).origin;
      c.header('Location', `${origin}${self(p)}`);
      const resource = { self: { href: self(p) }, status: { href: `${self(p)}/status` } };
      const oauthLink = store.faults.has('sca-oauth-link-missing') ? {} : { scaOAuth: { href: `${origin}${METADATA_PATH}` } };
      if (!a) {
        // Explicit start (or a replayed one not yet started): the TPP opens the authorisation with a POST on startAuthorisation.
        c.header('ASPSP-SCA-Approach', decoupled ? 'DECOUPLED' : 'REDIRECT');
        return c.json(
          { transactionStatus: created.transactionStatus, paymentId: p.paymentId, _links: { startAuthorisation: { href: `${self(p)}/authorisations` }, ...(decoupled ? {} : oauthLink), ...resource } },
          created.httpStatus,
        );
      }
      if (decoupled) {
        store.sca.startDecoupled(a.authorisationId, psuId ?? '');
        c.header('ASPSP-SCA-Approach', 'DECOUPLED');
        return c.json(
          {
            transactionStatus: created.transactionStatus,
            paymentId: p.paymentId,
            psuMessage: 'Please confirm the payment in your Sandbox Bank app.',
            _links: { ...resource, scaStatus: scaLinks(c, p, a.authorisationId, false).scaStatus },
          },
          created.httpStatus,
        );
      }
      c.header('ASPSP-SCA-Approach', 'REDIRECT');
      return c.json(
        {
          transactionStatus: created.transactionStatus,
          paymentId: p.paymentId,
          _links: {
            ...scaLinks(c, p, a.authorisationId, false),
            // OAuth SCA: the TPP may instead authorise at the bank's OAuth server, naming this payment.
            ...oauthLink,
            ...resource,
          },
        },
        created.httpStatus,
      );
    })
    .all('/:product', methodNotAllowed)

    .get('/:product/:paymentId', (c) => c.json(store.payments.information(payment(c))))
    .delete('/:product/:paymentId', (c) => {
      const p = payment(c);
      const outcome = store.payments.cancel(p);
      if (outcome.kind === 'cancelled') return c.body(null, 204);
      return c.json(
        {
          transactionStatus: store.payments.report(p).transactionStatus,
          _links: { startAuthorisation: { href: `${self(p)}/cancellation-authorisations` } },
        },
        202,
      );
    })
    .all('/:product/:paymentId', methodNotAllowed)

    .get('/:product/:paymentId/status', (c) => c.json(store.payments.report(payment(c))))
    .all('/:product/:paymentId/status', methodNotAllowed)

    .get('/:product/:paymentId/authorisations', (c) => c.json({ authorisationIds: [...payment(c).authorisationIds] }))
    .post('/:product/:paymentId/authorisations', (c) => startAuthorisation(c, false))
    .all('/:product/:paymentId/authorisations', methodNotAllowed)
    .get('/:product/:paymentId/authorisations/:authorisationId', (c) =>
      c.json(store.payments.scaStatus(payment(c), c.req.param('authorisationId'), false)),
    )
    .all('/:product/:paymentId/authorisations/:authorisationId', methodNotAllowed)

    .get('/:product/:paymentId/cancellation-authorisations', (c) => c.json({ authorisationIds: [...payment(c).cancellationIds] }))
    .post('/:product/:paymentId/cancellation-authorisations', (c) => startAuthorisation(c, true))
    .all('/:product/:paymentId/cancellation-authorisations', methodNotAllowed)
    .get('/:product/:paymentId/cancellation-authorisations/:authorisationId', (c) =>
      c.json(store.payments.scaStatus(payment(c), c.req.param('authorisationId'), true)),
    )
    .all('/:product/:paymentId/cancellation-authorisations/:authorisationId', methodNotAllowed);
}
