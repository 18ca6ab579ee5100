import type { AspspRequest, AspspResponse } from '../../src/http/types.ts';
import type { Profile } from '../../src/profile/types.ts';
import type { Finding } from '../../src/rules/types.ts';
import type { Inconclusive, StepContext } from '../../src/steps/types.ts';
import type { SpecValidator } from '../../src/validate/types.ts';

/** Evidence nobody reads: step tests judge what the steps record, not what they attach. */
export const noEvidence = { attach: async () => {} };

/** A JSON answer of the scripted bank. */
export function response(status: number, body: unknown): AspspResponse {
  const text = JSON.stringify(body);
  return { status, headers: {}, body, text, bytes: Buffer.from(text), durationMs: 1 };
}

export interface ScriptedBank {
  readonly profile: Profile;
  /** What the bank answers to each request (a throw is a transport failure). */
  readonly answer: (req: AspspRequest) => AspspResponse | Promise<AspspResponse>;
  /** The case's variables before the step (captured ids and links). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** The operations the fake spec knows, by operationId: their GET path. Others are unknown to it. */
  readonly operations?: Readonly<Record<string, string>>;
  readonly sca?: StepContext['sca'];
}

/**
 * A step context over a scripted bank, for testing steps without a browser, a bank or a spec: the
 * validator finds nothing wrong, the clock stands at 2026-06-15 10:00 UTC, and every request,
 * finding and unjudged rule is kept for the test to read.
 */
export function scriptedContext(bank: ScriptedBank) {
  const sent: AspspRequest[] = [];
  const findings: Finding[] = [];
  const inconclusive: Inconclusive[] = [];
  const operations = bank.operations ?? {};
  const validator = {
    name: 'fake',
    operation: (id: string) => (operations[id] ? { operationId: id, method: 'GET', path: operations[id] } : undefined),
    findOperation: () => undefined,
    validateResponse: () => [],
  } as unknown as SpecValidator;
  const ctx: StepContext = {
    profile: bank.profile,
    aspsp: { send: async (req: AspspRequest) => (sent.push(req), bank.answer(req)), close: async () => {} },
    validator,
    sca: bank.sca ?? ({} as StepContext['sca']),
    now: () => new Date('2026-06-15T10:00:00Z'),
    state: { vars: new Map<string, unknown>(Object.entries(bank.vars ?? {})), missing: new Map() },
    signal: new AbortController().signal,
    step: (_title, body) => body(noEvidence),
    record: (f) => findings.push(...f),
    inconclusive: (i) => inconclusive.push(i),
  };
  return { ctx, sent, findings, inconclusive };
}
