import type { Capability } from '../rules/capabilities.ts';
import type { ScaApproach } from '../suite/types.ts';

/** One action on one of the ASPSP's SCA pages. Values may hold ${psu.*} / ${tpp.*} templates. */
export interface ScaScriptAction {
  /** A human name for the page, shown as the step title. */
  readonly page: string;
  /** Selector to wait for before acting: proves the right page is shown. */
  readonly waitFor: string;
  /** selector -> value */
  readonly fill?: Readonly<Record<string, string>>;
  readonly click?: string;
  /**
   * Checkboxes to tick before clicking (e.g. the accounts the PSU shares); may use ${psu.*}. Every
   * box it matches is ticked; a page without such boxes is fine, so one approve script serves
   * consents with and without the choice.
   */
  readonly check?: string;
  /** Selector of the iframe holding the form; nested frames as `outer >> inner`. */
  readonly frame?: string;
}

/** The bank's OAuth2 authorisation server, as the TPP is registered there (profile `oauth:`). */
export interface OAuthProfile {
  /** Issuer identifier; RFC 8414 metadata is discovered from it unless `endpoints` are given. */
  readonly issuer?: string;
  readonly endpoints?: { readonly issuer?: string; readonly authorization: string; readonly token: string; readonly revocation?: string };
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly clientAuth?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  /** Absolute path of a private JWK file, for private_key_jwt. */
  readonly privateKey?: string;
  readonly redirectUri: string;
  /** The scope per service (ais, pis, piis); the service's name in capitals by default. */
  readonly scopes?: { readonly ais?: string; readonly pis?: string; readonly piis?: string };
  /** The API needs a bearer token on every request. */
  readonly api?: boolean;
  /** The bank offers the OAuth SCA approach (`_links.scaOAuth`). */
  readonly scaOAuth?: boolean;
  /** The bank's OAuth login pages, per outcome (approve, deny, cancel, lockout). */
  readonly scripts: { readonly approve: readonly ScaScriptAction[]; readonly deny?: readonly ScaScriptAction[]; readonly cancel?: readonly ScaScriptAction[]; readonly lockout?: readonly ScaScriptAction[] };
}

/** The payment services and products a bank offers, and what its payment cases need to know. */
export interface PaymentsProfile {
  /** payment-service (payments, bulk-payments, periodic-payments) -> products offered. */
  readonly products: Readonly<Record<string, readonly string[]>>;
  /** Per product, status -> legal successors, replacing the built-in graph's entry. */
  readonly statusGraph?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** A product offered, but not from this debtor account of the main PSU (403 PRODUCT_INVALID). */
  readonly productNotForAccount?: { readonly service: string; readonly product: string; readonly iban: string };
  /** Amounts the bank's rejection rules turn down (insufficientFunds, overLimit). */
  readonly amounts?: Readonly<Record<string, string>>;
}

/**
 * The bank's AIS choices where the standard leaves one (profile `ais:`). A case that refers to a
 * key the profile lacks is not applicable, and `lint --profile` lists the key.
 */
export interface AisProfile {
  /** validUntil later than today + this many days is shortened to it (RTS Art. 10a: at most 180). */
  readonly maxConsentDays?: number;
  /** After the consent's SCA, transactions older than 90 days are served this long (ISO 8601 duration, e.g. PT5M). */
  readonly historyGracePeriod?: string;
  /** Test-only path (relative to baseUrl) where a POST makes the PSU withdraw a consent at the bank; {consentId} is replaced. */
  readonly psuRevocation?: string;
}

/** Time budgets in milliseconds (profile `timeouts:`); defaults where absent. */
export interface Timeouts {
  readonly request?: number;
  readonly case?: number;
  readonly scaPage?: number;
  readonly scaReturn?: number;
  /** The longest Retry-After of an unavailable answer (503, 429 throttling) the harness waits out before asking again; 0 never retries. */
  readonly retryAfter?: number;
}

/** An ASPSP as the harness sees it: the only way the harness talks to a bank. */
export interface Profile {
  /** Absolute path of the profile file. */
  readonly file: string;
  readonly name: string;
  readonly baseUrl: string;
  /**
   * Other origins the bank's own API links may point to (`https://psd2-api.bank.example`): the
   * harness follows them with the TPP's credentials. Links to any other origin are not followed.
   */
  readonly linkOrigins?: readonly string[];
  /** A bundled spec name (e.g. berlin-group-1.3.12) or a path to an OpenAPI 3.0 file, relative to the profile. */
  readonly spec: string;
  readonly scaApproaches: readonly ScaApproach[];
  /** Sent on every request unless a step overrides them (e.g. PSU-IP-Address). */
  readonly headers: Readonly<Record<string, string>>;
  /** The main test PSU: `psu:` as written, or `psus.main`. */
  readonly psu: Readonly<Record<string, string>>;
  /** Test PSUs by role (main, other, ...), so a case can prove one PSU never sees another's accounts. */
  readonly psus: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The implementer options this bank offers; cases requiring others are not applicable. */
  readonly capabilities: readonly Capability[];
  /** How a case moves the bank's time: a test-only control endpoint, or real waits up to a bound. */
  readonly clock: {
    /** URL (absolute, or relative to baseUrl) taking POST {advance: ISO 8601 duration, consentId?}. */
    readonly control?: string;
    /** The longest real wait a case may use when there is no control; none by default. */
    readonly maxRealWait?: string;
  };
  readonly tpp: { readonly redirectUri: string; readonly nokRedirectUri: string };
  readonly sca: {
    /** Let the PSU's browser accept the bank's private CA (sandboxes only; shown in the run's environment). */
    readonly ignoreHttpsErrors?: boolean;
    /**
     * How long the bank keeps an idle SCA session (redirect and OAuth login pages; a decoupled SCA
     * the PSU never answers in the app), as an ISO 8601
     * duration (e.g. PT5M): the abandoned-session cases let it run out. Absent: those cases are not applicable.
     */
    readonly sessionTimeout?: string;
    /** Attach a masked Playwright trace of each browser session (off unless true; 'snapshots' adds DOM snapshots). */
    readonly traces?: boolean | 'snapshots';
    readonly redirect?: {
      readonly approve: readonly ScaScriptAction[];
      readonly deny: readonly ScaScriptAction[];
    };
    /** Embedded SCA (over the API, when the TPP prefers not to redirect): the SCA method the test PSU chooses. */
    readonly embedded?: { readonly method: string };
    /** Decoupled SCA: where a test can act as the PSU in the bank's app, and the scripts there. */
    readonly decoupled?: {
      /** URL of the app's confirmation page; {authorisationId} is replaced; relative to baseUrl's origin. */
      readonly app: string;
      readonly approve: readonly ScaScriptAction[];
      readonly deny: readonly ScaScriptAction[];
    };
  };
  /** OAuth2 access to the API and/or OAuth SCA; absent when the bank uses neither. */
  readonly oauth?: OAuthProfile;
  /** AIS choices the bank makes (consent maximum, grace period after SCA, the PSU's revocation). */
  readonly ais?: AisProfile;
  /** Payment initiation (PIS): what the bank offers; without it every payment case is not applicable. */
  readonly payments?: PaymentsProfile;
  /** mTLS client certificate (QWAC), key and trusted CA: absolute file paths or inline PEM. */
  readonly tls?: TlsSettings;
  /** Berlin Group request signing with the QSealC: the harness signs every request when present. */
  readonly signing?: PemIdentity;
  /** Failures the bank has declared as known deviations, each until its expiry. */
  readonly deviations?: readonly Deviation[];
  readonly timeouts?: Timeouts;
  /** The HTTP proxy to the bank (profile `proxy:`, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY); absent: direct. */
  readonly proxy?: ProxySettings;
  /** Resolved values that must never reach a report or log. */
  readonly secrets: readonly string[];
}

/** The profile's `proxy:` as written. */
export interface WrittenProxy {
  /** http://[user:password@]host:port; used for http and https targets (https through CONNECT). */
  readonly url: string;
  /** Hosts never proxied, as NO_PROXY entries (host, .domain, host:port, CIDR, *). */
  readonly noProxy?: readonly string[];
  /** Send loopback (localhost, 127.0.0.0/8, ::1) through the proxy too; off by default. */
  readonly loopback?: boolean;
}

/** The proxy the run uses, from the profile or the environment. URLs may carry credentials: secrets. */
export interface ProxySettings {
  /** Proxy for https:// targets (a CONNECT tunnel; the bank's TLS and mTLS run inside it). */
  readonly https?: string;
  /** Proxy for http:// targets (tunnelled too). */
  readonly http?: string;
  /** NO_PROXY entries. */
  readonly noProxy: readonly string[];
  /** Loopback goes through the proxy (only when the profile says so). */
  readonly loopback: boolean;
  readonly source: 'profile' | 'environment';
}

/** A certificate and its private key: each an absolute file path or inline PEM (`-----BEGIN`). */
export interface PemIdentity {
  readonly cert: string;
  readonly key: string;
  readonly passphrase?: string;
}

export interface TlsSettings {
  readonly cert?: string;
  readonly key?: string;
  /** Trust anchors for the ASPSP's server certificate. */
  readonly ca?: string;
  readonly passphrase?: string;
  /** SNI and the name the server certificate must carry, when it differs from baseUrl's host. */
  readonly servername?: string;
  /** Further client identities by name, for cases that prove the bank refuses them (expired, wrongRole, unknownIssuer). */
  readonly identities?: Readonly<Record<string, PemIdentity>>;
}

/** A known deviation: failures of `rule` (in `case`, when given) are accepted until `expires`. */
export interface Deviation {
  readonly rule: string;
  /** `suite/case` or a case id; absent: every case of the rule. */
  readonly case?: string;
  /** The bank's reason or ticket. */
  readonly reason: string;
  /** Inclusive date, YYYY-MM-DD: from the next day on the failure counts again. */
  readonly expires: string;
}
