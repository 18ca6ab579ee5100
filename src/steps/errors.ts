import type { Finding, Position } from '../rules/types.ts';

/**
 * A step found the ASPSP non-conformant. The case goes on (later steps may still tell more),
 * and fails at its end with every failed finding.
 */
export class FindingsError extends Error {
  readonly findings: readonly Finding[];

  constructor(findings: readonly Finding[]) {
    super(findings.map(formatFinding).join('\n'));
    this.name = 'FindingsError';
    this.findings = findings;
  }
}

/**
 * The case cannot go on: a value a later step needs is missing (nothing to capture), the suite
 * asks for something the profile lacks, or the ASPSP could not be reached. `ruleId` is set when
 * the cause is the ASPSP's behaviour, so the rule is still named.
 */
export class CaseStopError extends Error {
  readonly code: 'CAPTURE_MISSING' | 'PROFILE_INCOMPLETE' | 'UNKNOWN_OPERATION' | 'ASPSP_TRANSPORT' | 'TEMPLATE';
  readonly at?: Position;

  constructor(code: CaseStopError['code'], message: string, at?: Position, options?: { cause?: unknown }) {
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
  return `[${f.ruleId}] ${f.message}${where}`;
}
