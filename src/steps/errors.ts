import type { Finding, Position } from '../rules/types.ts';

/**
 * A step found the ASPSP non-conformant; the case fails at its end with every failed finding.
 * Whether it goes on depends on what failed: a check of the state the case builds on (an expect
 * step, as Playwright's `expect`) stops it, since later steps would run on a state the case never
 * established; a check nothing later depends on (`soft: true`, as `expect.soft`) and the spec's
 * judgement of an answer's form (BG-OAS-*) do not.
 */
export class FindingsError extends Error {
  readonly findings: readonly Finding[];
  /** The failed checks later steps depend on: when any, the case stops after this step. */
  readonly blocking: readonly Finding[];

  constructor(findings: readonly Finding[], options: { blocking?: readonly Finding[] } = {}) {
    super(findings.map(formatFinding).join('\n'));
    this.name = 'FindingsError';
    this.findings = findings;
    this.blocking = options.blocking ?? [];
  }
}

/**
 * Why a case could not go on. Every rule the case had yet to check is then inconclusive: the
 * bank is blamed only through findings, never through a stop.
 */
export type StopCode =
  /** A check later steps depend on failed (the bank's failure, judged there): what follows is not judged. */
  | 'CHECK_FAILED'
  /** A value a later step needs is missing from the bank's answer (the check of that answer already judged it). */
  | 'CAPTURE_MISSING'
  /** The PSU's journey on the bank's pages did not complete, so nothing that depends on it can be judged. */
  | 'SCA_NOT_COMPLETED'
  /** The bank refused the harness's credentials, which the profile does not (or not correctly) provide. */
  | 'CREDENTIALS'
  /** A bank's API link points to a host the profile does not name: not followed, the TPP's credentials stay home. */
  | 'LINK_REFUSED'
  /** The suite or profile asks for something that is not there. */
  | 'PROFILE_INCOMPLETE'
  | 'UNKNOWN_OPERATION'
  | 'TEMPLATE'
  /** The harness cannot build the request (e.g. a header value with a line break). */
  | 'REQUEST_INVALID'
  /** This machine lacks what the case needs (no browser). */
  | 'ENVIRONMENT'
  /** The bank could not be talked to: timeout, reset, truncated body, TLS, unreachable. */
  | 'ASPSP_TRANSPORT'
  /** The HTTP proxy between harness and bank refused the tunnel, wanted credentials (407), or could not be reached: the bank was not asked. */
  | 'PROXY'
  /** The bank answered that it cannot serve now (503, a gateway's 504, throttling 429), and went on so when asked again. */
  | 'ASPSP_UNAVAILABLE'
  /** The case used up its time budget. */
  | 'CASE_DEADLINE'
  /** A defect of the harness itself. */
  | 'HARNESS_ERROR';

/** Who has to act on a stop: the report groups them, the exit code follows from them. */
export type StopCategory = 'precondition' | 'configuration' | 'environment' | 'connectivity' | 'harness';

export const stopCategory: Readonly<Record<StopCode, StopCategory>> = {
  CHECK_FAILED: 'precondition',
  CAPTURE_MISSING: 'precondition',
  SCA_NOT_COMPLETED: 'precondition',
  CREDENTIALS: 'configuration',
  LINK_REFUSED: 'precondition',
  PROFILE_INCOMPLETE: 'configuration',
  UNKNOWN_OPERATION: 'configuration',
  TEMPLATE: 'configuration',
  REQUEST_INVALID: 'configuration',
  ENVIRONMENT: 'environment',
  ASPSP_TRANSPORT: 'connectivity',
  ASPSP_UNAVAILABLE: 'connectivity',
  PROXY: 'connectivity',
  CASE_DEADLINE: 'connectivity',
  HARNESS_ERROR: 'harness',
};

export class CaseStopError extends Error {
  readonly code: StopCode;
  readonly at?: Position;

  constructor(code: StopCode, message: string, at?: Position, options?: { cause?: unknown }) {
    super(at ? `${message} (${formatPosition(at)})` : message, options);
    this.name = 'CaseStopError';
    this.code = code;
    this.at = at;
  }
}

export function formatPosition(at: Position): string {
  return `${at.file}:${at.line}:${at.column}`;
}

export function formatFinding(f: Finding): string {
  const where = f.at ? ` (${formatPosition(f.at)})` : '';
  const deviation = f.deviation
    ? f.deviation.expired
      ? ` [deviation expired on ${f.deviation.expires}, counts as a failure again: ${f.deviation.reason}]`
      : ` [accepted deviation until ${f.deviation.expires}: ${f.deviation.reason}]`
    : '';
  return `[${f.ruleId}] ${f.message}${where}${deviation}`;
}
