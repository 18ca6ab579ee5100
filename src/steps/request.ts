import { randomUUID } from 'node:crypto';
import type { RequestStep } from '../suite/types.ts';
import type { AspspRequest } from '../http/types.ts';
import { attachExchange, attachJson } from '../report/attach.ts';
import { CaseStopError, FindingsError, formatPosition } from './errors.ts';
import { sendOrStop } from './send.ts';
import { getByPointer } from '../util/json-pointer.ts';
import { resolveTemplates } from './resolve.ts';
import { missingCredentials } from './credentials.ts';
import type { StepContext, StepDefinition } from './types.ts';

export const requestStep: StepDefinition<RequestStep> = {
  kind: 'request',
  title: (s) => s.title ?? (s.operation ? `${s.operation}` : `${s.method} ${s.path}`),
  async run(step, ctx, evidence) {
    const { operationId, req } = buildRequest(step, ctx);
    const response = await sendOrStop(ctx, req, evidence, step.at, {
      ...(step.clientCertificate ? { identity: step.clientCertificate } : {}),
      ...(step.signature ? { signature: step.signature } : {}),
    });
    const exchange = { request: response.request ?? req, response, operationId };
    ctx.state.last = exchange;
    await attachExchange(evidence, exchange.request, response);

    const findings = operationId && step.validate !== false ? ctx.validator.validateResponse(operationId, response) : [];
    const located = findings.map((f) => ({ ...f, at: step.at }));
    ctx.record(located);
    if (located.length) await attachJson(evidence, 'spec findings', located);

    capture(step, ctx, response.body, response.headers, response.status, missingCredentials(exchange, ctx.profile));
    const failed = located.filter((f) => !f.passed);
    if (failed.length) throw new FindingsError(failed);
  },
};

function buildRequest(step: RequestStep, ctx: StepContext): { operationId?: string; req: AspspRequest } {
  const op = step.operation ? ctx.validator.operation(step.operation) : undefined;
  if (step.operation && !op) {
    throw new CaseStopError('UNKNOWN_OPERATION', `operation '${step.operation}' is not in spec ${ctx.validator.name}`, step.at);
  }
  const method = op?.method ?? step.method;
  // A path may come from the profile (`${profile.ais.psuRevocation}`): a test-only route the bank names.
  const template = op?.path ?? (step.path === undefined ? undefined : String(resolveTemplates(step.path, ctx, step.at)));
  if (!method || !template) {
    throw new CaseStopError('UNKNOWN_OPERATION', 'a request step needs an operation, or a method and a path', step.at);
  }
  const params = resolveTemplates(step.params ?? {}, ctx, step.at) as Record<string, unknown>;
  const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new CaseStopError('TEMPLATE', `path parameter '${name}' of ${template} has no value (set params.${name})`, step.at);
    return encodeURIComponent(String(value));
  });
  const query = resolveTemplates(step.query ?? {}, ctx, step.at) as Record<string, unknown>;
  const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const url = `${ctx.profile.baseUrl.replace(/\/$/, '')}${path}${search ? `?${search}` : ''}`;

  const body = step.body === undefined ? undefined : resolveTemplates(step.body, ctx, step.at);
  const headers = mergeHeaders(
    { 'X-Request-ID': randomUUID(), Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ctx.profile.headers,
    resolveTemplates(step.headers ?? {}, ctx, step.at) as Record<string, string | null>,
  );
  const operationId = op?.operationId ?? ctx.validator.findOperation(method, path)?.operationId;
  return {
    operationId,
    req: { method, url, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) },
  };
}

/** Later layers win; names compare case-insensitively; null removes a header. */
export function mergeHeaders(...layers: Readonly<Record<string, string | null>>[]): Record<string, string> {
  const byLower = new Map<string, [string, string | null]>();
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) byLower.set(k.toLowerCase(), [k, v]);
  const out: Record<string, string> = {};
  for (const [name, value] of byLower.values()) if (value !== null) out[name] = String(value);
  return out;
}

function capture(step: RequestStep, ctx: StepContext, body: unknown, headers: Readonly<Record<string, string>>, status: number, refused: string | undefined): void {
  for (const [name, source] of Object.entries(step.capture ?? {})) {
    const value = source.startsWith('header:') ? headers[source.slice(7).toLowerCase()] : getByPointer(body, source);
    if (value === undefined) {
      // Not fatal yet: the expect steps that follow still judge this response.
      const why = `the ${status} response of ${step.operation ?? step.path} (${formatPosition(step.at)}) had no ${source}`;
      ctx.state.missing.set(name, refused ? { why: `${why}: ${refused}`, code: 'CREDENTIALS' } : { why, code: 'CAPTURE_MISSING' });
      ctx.state.vars.delete(name);
      continue;
    }
    ctx.state.missing.delete(name);
    ctx.state.vars.set(name, value);
  }
}
