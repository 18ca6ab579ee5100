import type { Capability } from '../rules/capabilities.ts';
import type { Position, Rule } from '../rules/types.ts';

export type { Position };

/**
 * A suite as loaded and checked against suites/suite.schema.json: the one definition of what a
 * suite file means. String values may hold `${…}` templates, resolved only when a step runs.
 */
export interface Suite {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  /** Requirement ids the suite declares itself (`rules:`), with their sources. */
  readonly rules: readonly Rule[];
  readonly cases: readonly Case[];
  readonly at: Position;
}

export type ScaApproach = 'REDIRECT' | 'EMBEDDED' | 'DECOUPLED';

export interface Case {
  readonly id: string;
  readonly title: string;
  /** Requirement ids (built in, src/rules/catalog/, or declared by the suite) this case checks. */
  readonly requirements: readonly string[];
  /** The suite-declared rules this case names (requirements and step rules), for the report. */
  readonly declaredRules?: readonly Rule[];
  readonly tags: readonly string[];
  /** The case applies only when the profile supports one of these approaches. */
  readonly scaApproaches?: readonly ScaApproach[];
  /** Implementer options the case needs; a profile without one makes the case not applicable. */
  readonly requires?: readonly Capability[];
  /** The payment service and product the case initiates (or several): not applicable unless the profile offers each. */
  readonly payment?: PaymentProductRef | readonly PaymentProductRef[];
  readonly steps: readonly Step[];
  readonly at: Position;
}

export interface PaymentProductRef {
  /** payments | bulk-payments | periodic-payments */
  readonly service: string;
  /** e.g. sepa-credit-transfers */
  readonly product: string;
}

export type Step = RequestStep | ScaStep | StartAuthorisationStep | ExpectStep | ClockStep | RepeatStep | PagesStep | OAuthStep | RefreshStep | RevokeStep;
export type StepKind = Step['kind'];

interface StepBase {
  readonly title?: string;
  readonly at: Position;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** One call to the ASPSP, by operationId (preferred) or by method + path. */
export interface RequestStep extends StepBase {
  readonly kind: 'request';
  readonly operation?: string;
  readonly method?: HttpMethod;
  /** Path template relative to the profile's baseUrl, e.g. /v1/consents/{consentId}/status */
  readonly path?: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** A null value removes a header the harness would otherwise send (e.g. X-Request-ID). */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly body?: unknown;
  /** name -> JSON pointer into the response body ("/consentId") or "header:Name". */
  readonly capture?: Readonly<Record<string, string>>;
  /** Check the response against the spec (status, headers, content type, body, error codes). Default true. */
  readonly validate?: boolean;
  /** TLS client certificate: `none`, or a name under the profile's tls.identities; default the profile's own. */
  readonly clientCertificate?: string;
  /** Spoil the request signature on purpose (signing profiles only). */
  readonly signature?: 'omit' | 'corrupt' | 'wrong-digest';
}

/** The PSU authorises (or denies) on the ASPSP's own pages, driven by the profile's SCA script. */
export interface ScaStep extends StepBase {
  readonly kind: 'sca';
  /** Template of the URL to open, e.g. ${scaRedirect}; one of link and links. */
  readonly link?: string;
  /**
   * Redirect and decoupled: the `_links` of the bank's answer (template, e.g. ${links}). The step
   * follows scaRedirect (decoupled: polls scaStatus), or first POSTs a startAuthorisation link
   * (explicit start) and follows the scaRedirect (polls the scaStatus) of that answer.
   */
  readonly links?: string;
  /** For an explicit start: headers of the POST over the defaults (PSU-ID, TPP-Redirect-* or TPP-Decoupled-Preferred); null removes one. */
  readonly headers?: Readonly<Record<string, string | null>>;
  /**
   * cancel and lockout exist for approach oauth only (the profile's oauth.scripts); abandon: the
   * PSU opens the bank's page, leaves it until the SCA session times out (profile sca.sessionTimeout),
   * then reloads it (redirect and oauth); with approach decoupled, the PSU never answers the bank's
   * app and the TPP polls the scaStatus once the session timed out.
   */
  readonly outcome: 'approve' | 'deny' | 'cancel' | 'lockout' | 'abandon';
  readonly rule: string;
  /** The test PSU who acts, by role in the profile's `psus` (default: the main PSU), e.g. a co-signer for multi-level SCA. */
  readonly psu?: string;
  /** redirect (default); oauth: at the bank's OAuth server; decoupled: in the bank's app, link = the scaStatus link (or links:). */
  readonly approach?: 'redirect' | 'oauth' | 'decoupled';
  /** For oauth: the consent the authorisation request names (template); for abandon: whose clock moves. */
  readonly consent?: string;
  /** For oauth: the payment the authorisation request names (template, scope pis); for abandon: whose clock moves. */
  readonly payment?: string;
  /** For oauth: the name the consent- or payment-bound access token is kept under. */
  readonly token?: string;
  /** For oauth: the state to send. */
  readonly state?: string;
}

/** The TPP starts the authorisation where the bank's links ask it to (explicit start); nothing after an implicit one. */
export interface StartAuthorisationStep extends StepBase {
  readonly kind: 'start-authorisation';
  /** The `_links` of the bank's answer (template, e.g. ${links}). */
  readonly links: string;
  /** Headers of the POST over the defaults (PSU-ID, TPP-Redirect-* or TPP-Decoupled-Preferred); null removes one. */
  readonly headers?: Readonly<Record<string, string | null>>;
  /** The SCA approach the authorisation goes on with (default redirect): what the start prefers, and the link its answer must give. */
  readonly approach?: 'redirect' | 'decoupled';
  /**
   * A variable for the links the PSU's SCA then follows (`sca` with `links: ${name}`): the start's
   * answer after an explicit start, the given links after an implicit one.
   */
  readonly as?: string;
}

/** The TPP obtains an access token (authorization code with PKCE), the PSU acting on the bank's OAuth pages. */
export interface OAuthStep extends StepBase {
  readonly kind: 'oauth';
  readonly token?: string;
  readonly service?: 'ais' | 'pis' | 'piis';
  readonly scope?: string;
  readonly outcome?: 'approve' | 'deny' | 'cancel' | 'lockout';
  readonly pkce?: 'S256' | 'none' | 'wrong-verifier' | 'no-verifier';
  readonly state?: string;
  readonly redirectUri?: string;
  readonly exchange?: boolean;
}

/** A token's refresh token used at the token endpoint. */
export interface RefreshStep extends StepBase {
  readonly kind: 'refresh';
  readonly token: string;
  readonly as?: string;
}

/** A token revoked at the revocation endpoint (RFC 7009). */
export interface RevokeStep extends StepBase {
  readonly kind: 'revoke';
  readonly token: string;
  readonly which?: 'access' | 'refresh';
}

/**
 * A matcher for one value: a literal (deep equality) or an operator object. As written, `oneOf`
 * may also be one whole `${…}` template (e.g. `${profile.scaApproaches}`); steps resolve templates
 * before matching, so by then it is a list.
 */
export type Matcher =
  | string
  | number
  | boolean
  | null
  | { readonly equals: unknown }
  | { readonly matches: string }
  | { readonly oneOf: readonly unknown[] }
  | { readonly present: boolean }
  | { readonly atLeast: string | number }
  | { readonly atMost: string | number }
  | { readonly between: readonly [string | number, string | number] }
  | { readonly length: number | string }
  | { readonly contains: unknown }
  | { readonly excludes: unknown }
  | { readonly hasLink: readonly string[] }
  | { readonly each: Readonly<Record<string, Matcher>> };

/** Assertions on the last response, all under one requirement id. */
export interface ExpectStep extends StepBase {
  readonly kind: 'expect';
  readonly rule: string;
  readonly status?: number | readonly number[];
  readonly headers?: Readonly<Record<string, Matcher>>;
  /** JSON pointer -> matcher */
  readonly body?: Readonly<Record<string, Matcher>>;
  /** Expected Berlin Group error code(s) in tppMessages[].code or the problem+json additionalErrors/code. */
  readonly errorCode?: string | readonly string[];
  /** Later steps do not depend on this check: failed, the case goes on (default: it stops). */
  readonly soft?: boolean;
  /** Values the case must have captured by now, e.g. the confirmationCode of the PSU's return (judged present, never shown). */
  readonly captured?: readonly string[];
}

/** Moves the bank's time forward: its test clock when the profile has one, else a real wait. */
export interface ClockStep extends StepBase {
  readonly kind: 'clock';
  /** ISO 8601 duration in W/D/H/M/S, e.g. P91D, PT6M. */
  readonly advance: string;
  /** Limits the jump to one consent where the clock control supports it (template, e.g. ${consentId}). */
  readonly consent?: string;
  /** Limits the jump to one access token's grant (a token name from an oauth step). */
  readonly token?: string;
  /** Limits the jump to one payment where the clock control supports it (template, e.g. ${paymentId}). */
  readonly payment?: string;
}

/** The request a repeat step sends: a request step without its kind. */
export type RepeatedRequest = Omit<RequestStep, 'kind' | 'at' | 'title'>;

/**
 * One request sent several times: `times` in a row, or until the response matches `until`
 * (within the `within` budget, every `interval`). The last response is what expect steps see.
 */
export interface RepeatStep extends StepBase {
  readonly kind: 'repeat';
  readonly request: RepeatedRequest;
  readonly times?: number;
  readonly until?: {
    readonly status?: number | readonly number[];
    readonly body?: Readonly<Record<string, Matcher>>;
    /** The case needs this state: a poll that never reaches it stops the case (later rules inconclusive). */
    readonly required?: boolean;
  };
  /** ISO 8601 duration; default PT30S. */
  readonly within?: string;
  /** ISO 8601 duration between tries; default PT1S for `until`, none for `times`. */
  readonly interval?: string;
  /** The rule checked: with `statuses` the status of every try, with `transitions` the order of the values seen. */
  readonly rule?: string;
  /** Expected status of each try, in order (as many as `times`). */
  readonly statuses?: readonly number[];
  /**
   * With a profile clock control: between tries the bank's clock moves this far (ISO 8601) instead
   * of a real `interval` wait, so settlement takes milliseconds; without one, tries wait `interval`.
   */
  readonly advance?: string;
  /** Whose clock `advance` moves (templates): one payment's or one consent's; the bank's otherwise. */
  readonly payment?: string;
  readonly consent?: string;
  /** Every value seen at `pointer` must be a legal successor of the one before by the product's status graph. */
  readonly transitions?: TransitionCheck;
  /**
   * Several resources polled at once (e.g. payments): one series of tries per item, concurrently,
   * so their waits overlap. An item's values are `${item.<key>}` in the step's templates; `id`
   * names it in the report.
   */
  readonly over?: readonly Readonly<Record<string, string>>[];
  /** Checked on the last answer of each series (each item's, with `over`), under its own rule. */
  readonly expect?: RepeatExpect;
  /** Later steps do not depend on this step's checks (`statuses`, `transitions`, `expect`): failed, the case goes on. */
  readonly soft?: boolean;
}

/** The expect of a repeat step: an expect step without kind, title and position (the repeat step says `soft`). */
export type RepeatExpect = Omit<ExpectStep, 'kind' | 'at' | 'title' | 'soft'>;

/** The transition check of a polling repeat step (PIS transaction statuses). */
export interface TransitionCheck {
  /** The payment product whose status graph applies (built in, or the profile's payments.statusGraph). */
  readonly product: string;
  /** JSON pointer to the status in each answer (default /transactionStatus). */
  readonly pointer?: string;
  /** The status known before polling (template, e.g. the initiation's ${initialStatus}). */
  readonly from?: string;
}

/**
 * Follows a paged list from the last response (`_links.next`) to its end and checks, under one
 * rule, that the pages are complete and do not overlap.
 */
export interface PagesStep extends StepBase {
  readonly kind: 'pages';
  readonly rule: string;
  /** JSON pointers to the item lists on each page, e.g. /transactions/booked. */
  readonly items: readonly string[];
  /** JSON pointer to the `_links` object of a page, e.g. /transactions/_links. */
  readonly links: string;
  /** JSON pointer, within one item, to its unique id, e.g. /transactionId. */
  readonly id: string;
  /** The bank pages with a fixed size: every page but the last is full (default true). */
  readonly fullPages?: boolean;
  /** At least this many pages must be followed for the check to mean anything (default 2). */
  readonly minPages?: number;
  /** Extra headers on each follow-up request (e.g. Consent-ID). */
  readonly headers?: Readonly<Record<string, string | null>>;
  /** Later steps do not depend on the paging check: failed, the case goes on. */
  readonly soft?: boolean;
}
