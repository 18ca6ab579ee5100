import type { Finding } from '../rules/types.ts';
import { responseChecks } from './checks/index.ts';
import type { CheckContext } from './checks/context.ts';
import { createCompiler } from './compiler.ts';
import type { Compiler } from './compiler.ts';
import type { OpenApiDocument } from './document.ts';
import type { JsonObject } from './json.ts';
import { messageCodeCatalog } from './messageCodes.ts';
import { normalizeDialect } from './normalize.ts';
import { indexOperations } from './operations.ts';
import type { MediaSpec, OperationEntry, ResponseSpec } from './operations.ts';
import { pathMatcher } from './pathMatch.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { ResponseView, SpecValidator } from './types.ts';

const compilers = new WeakMap<SpecValidator, Compiler>();

/** Builds the validator for one parsed OpenAPI 3.0 document; schemas compile lazily, once each. */
export function createSpecValidator(raw: OpenApiDocument, name: string): SpecValidator {
  const version = raw.info.version;
  const doc = normalizeDialect(raw) as JsonObject;
  const ops = indexOperations(doc, name);
  const compiler = createCompiler(doc, name);
  const catalog = messageCodeCatalog();
  const find = pathMatcher([...ops.values()].map((o) => o.info));

  const entry = (operationId: string): OperationEntry => {
    const op = ops.get(operationId);
    if (op) return op;
    const hint = didYouMean(operationId, ops.keys());
    throw new TypeError(`${name} has no operation ${operationId}${hint ? `; did you mean ${hint}?` : ''}`);
  };

  const validator: SpecValidator = {
    name,
    version,
    operation: (operationId) => ops.get(operationId)?.info,
    operationIds: () => [...ops.keys()],
    findOperation: find,
    validateResponse(operationId: string, response: ResponseView): Finding[] {
      const op = entry(operationId);
      const declared = declaredResponse(op.responses, response.status);
      const mediaType = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
      const ctx: CheckContext = {
        op,
        response,
        label: `${operationId} ${response.status}`,
        declared,
        mediaType,
        media: declared && mediaType ? declaredMedia(declared, mediaType) : undefined,
        compiler,
        catalog,
      };
      return responseChecks.flatMap((check) => check(ctx));
    },
    declaredHeaders(operationId: string, status: number) {
      const declared = declaredResponse(entry(operationId).responses, status);
      return declared?.headers.map((h) => h.name.toLowerCase());
    },
    compileAll(): number {
      for (const op of ops.values()) {
        for (const response of op.responses.values()) {
          for (const media of response.content.values()) if (media.schemaPointer) compiler.validator(media.schemaPointer);
          for (const header of response.headers) if (header.schemaPointer) compiler.validator(header.schemaPointer);
        }
      }
      return compiler.compiled;
    },
  };
  compilers.set(validator, compiler);
  return validator;
}

/** How many schema validators this spec has compiled so far (benchmarks, cache tests). */
export function compiledCount(validator: SpecValidator): number {
  return compilers.get(validator)?.compiled ?? 0;
}

function declaredResponse(responses: ReadonlyMap<string, ResponseSpec>, status: number): ResponseSpec | undefined {
  return responses.get(String(status)) ?? responses.get(`${String(status)[0]}XX`) ?? responses.get('default');
}

function declaredMedia(declared: ResponseSpec, mediaType: string): MediaSpec | undefined {
  const exact = declared.content.get(mediaType);
  if (exact) return exact;
  return declared.content.get(`${mediaType.split('/')[0]}/*`) ?? declared.content.get('*/*');
}
