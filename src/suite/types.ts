import type { Position } from '../rules/types.ts';

export type { Position };

/**
 * A suite as loaded and checked against suites/suite.schema.json: the one definition of what a
 * suite file means. String values may hold `${…}` templates, resolved only when a step runs.
 */
export interface Suite {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly cases: readonly Case[];
  readonly at: Position;
}

export type ScaApproach = 'REDIRECT' | 'EMBEDDED' | 'DECOUPLED';

export interface Case {
  readonly id: string;
  readonly title: string;
  /** Requirement ids (src/rules/catalog.ts) this case checks. */
  readonly requirements: readonly string[];
  readonly tags: readonly string[];
  /** The case applies only when the profile supports one of these approaches. */
  readonly scaApproaches?: readonly ScaApproach[];
  readonly steps: readonly Step[];
  readonly at: Position;
}

export type Step = RequestStep | ScaStep | ExpectStep;
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
}

/** The PSU authorises (or denies) on the ASPSP's own pages, driven by the profile's SCA script. */
export interface ScaStep extends StepBase {
  readonly kind: 'sca';
  /** Template of the URL to open, e.g. ${scaRedirect} */
  readonly link: string;
  readonly outcome: 'approve' | 'deny';
  readonly rule: string;
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
  | { readonly present: boolean };

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
}
