/** Where a requirement comes from, so a report can cite it. */
export interface RuleSource {
  /** 'OAS' = the Berlin Group OpenAPI file, 'IG' = NextGenPSD2 Implementation Guidelines,
   *  'RTS' = Commission Delegated Regulation (EU) 2018/389, 'PROFILE' = the ASPSP's own profile,
   *  'RFC' = an IETF RFC (OAuth 2.0 and its extensions). */
  readonly doc: 'OAS' | 'IG' | 'RTS' | 'PROFILE' | 'RFC';
  readonly ref: string;
}

export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly sources: readonly RuleSource[];
}

/** Where in a suite or response a finding points. */
export interface Position {
  readonly file: string;
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
}

/**
 * One checked rule on one response: data, not a boolean.
 * `where` is a JSON pointer into the body (ajv instancePath), `header:Name`, or `status`.
 */
export interface Finding {
  readonly ruleId: string;
  readonly passed: boolean;
  readonly message: string;
  readonly where?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  /** The suite position that asked for the check, when a suite did. */
  readonly at?: Position;
  /** A failed check the profile lists under `deviations:`: accepted until expires, a failure again after. */
  readonly deviation?: { readonly reason: string; readonly expires: string; readonly expired: boolean };
}
