import type { OperationInfo } from './types.ts';
import { SpecLoadError } from './errors.ts';
import { escapeSegment, isObject, resolvePointer } from './json.ts';
import type { JsonObject } from './json.ts';
import { serviceFromTags } from './service.ts';

/** One declared response header, its schema located for compiling. */
export interface HeaderSpec {
  readonly name: string;
  readonly required: boolean;
  /** JSON pointer to the header's schema, when it has one. */
  readonly schemaPointer: string | undefined;
  /** The schema's `type` after following $refs: header values are strings on the wire and need coercing first. */
  readonly type: string | undefined;
}

export interface MediaSpec {
  readonly schemaPointer: string | undefined;
  /** Service named by the error schema (e.g. `Error405_NG_PIS_CANC` -> PIS_CANC), for the message-code catalog. */
  readonly errorService: string | undefined;
}

export interface ResponseSpec {
  readonly headers: readonly HeaderSpec[];
  /** Lower-cased media type -> schema location. */
  readonly content: ReadonlyMap<string, MediaSpec>;
}

export interface OperationEntry {
  readonly info: OperationInfo;
  readonly responses: ReadonlyMap<string, ResponseSpec>;
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** Indexes every operation once at load time; unresolved $refs are collected and reported together. */
export function indexOperations(doc: JsonObject, source: string): Map<string, OperationEntry> {
  const unresolved: string[] = [];
  const deref = (node: unknown, pointer: string): { node: JsonObject; pointer: string } | undefined => {
    let at = pointer;
    let current = node;
    for (let hops = 0; isObject(current) && typeof current['$ref'] === 'string'; hops++) {
      const ref = current['$ref'];
      if (!ref.startsWith('#') || hops > 20) break;
      at = ref.slice(1);
      current = resolvePointer(doc, ref);
    }
    if (isObject(current) && typeof current['$ref'] !== 'string') return { node: current, pointer: at };
    unresolved.push(`${pointer} -> ${isObject(node) ? String(node['$ref']) : 'not an object'}`);
    return undefined;
  };

  const ops = new Map<string, OperationEntry>();
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const opPointer = `/paths/${escapeSegment(path)}/${method}`;
      const operationId = typeof op['operationId'] === 'string' ? op['operationId'] : `${method.toUpperCase()} ${path}`;
      const responses = new Map<string, ResponseSpec>();
      const declared = isObject(op['responses']) ? op['responses'] : {};
      for (const [status, raw] of Object.entries(declared)) {
        const resolved = deref(raw, `${opPointer}/responses/${escapeSegment(status)}`);
        if (resolved) responses.set(status, responseSpec(resolved.node, resolved.pointer, deref));
      }
      const tags = Array.isArray(op['tags']) ? op['tags'].filter((t): t is string => typeof t === 'string') : [];
      const info: OperationInfo = {
        operationId,
        method: method.toUpperCase() as OperationInfo['method'],
        path,
        service: serviceFromTags(tags, path),
        statuses: [...responses.keys()],
      };
      if (ops.has(operationId)) throw new SpecLoadError('SPEC_INVALID', source, `${source}: operationId ${operationId} is declared twice (second at ${opPointer})`);
      ops.set(operationId, { info, responses });
    }
  }
  if (unresolved.length > 0) {
    throw new SpecLoadError('SPEC_UNRESOLVED_REF', source, `${source}: ${unresolved.length} unresolved $ref(s)\n  ${unresolved.join('\n  ')}`);
  }
  return ops;
}

type Deref = (node: unknown, pointer: string) => { node: JsonObject; pointer: string } | undefined;

function responseSpec(response: JsonObject, pointer: string, deref: Deref): ResponseSpec {
  const headers: HeaderSpec[] = [];
  for (const [name, raw] of Object.entries(isObject(response['headers']) ? response['headers'] : {})) {
    const header = deref(raw, `${pointer}/headers/${escapeSegment(name)}`);
    if (!header) continue;
    const hasSchema = isObject(header.node['schema']);
    const schema = hasSchema ? deref(header.node['schema'], `${header.pointer}/schema`) : undefined;
    headers.push({
      name,
      required: header.node['required'] === true,
      schemaPointer: hasSchema ? `${header.pointer}/schema` : undefined,
      type: typeof schema?.node['type'] === 'string' ? schema.node['type'] : undefined,
    });
  }
  const content = new Map<string, MediaSpec>();
  for (const [mediaType, media] of Object.entries(isObject(response['content']) ? response['content'] : {})) {
    const schema = isObject(media) ? media['schema'] : undefined;
    const ref = isObject(schema) && typeof schema['$ref'] === 'string' ? schema['$ref'] : '';
    content.set(mediaType.toLowerCase(), {
      schemaPointer: isObject(schema) ? `${pointer}/content/${escapeSegment(mediaType)}/schema` : undefined,
      errorService: /\/Error\d{3}_(?:NG_)?([A-Z][A-Z_]*)$/.exec(ref)?.[1],
    });
  }
  return { headers, content };
}
