import type { Finding } from '../../rules/types.ts';
import type { Compiler } from '../compiler.ts';
import type { MessageCodeCatalog } from '../messageCodes.ts';
import type { MediaSpec, OperationEntry, ResponseSpec } from '../operations.ts';
import type { ResponseView } from '../types.ts';

/** Everything one response check needs, worked out once per validateResponse call. */
export interface CheckContext {
  readonly op: OperationEntry;
  readonly response: ResponseView;
  /** `createConsent 201`: the prefix of every message. */
  readonly label: string;
  /** The declared response for the status (exact, then NXX, then default); undefined when undeclared. */
  readonly declared: ResponseSpec | undefined;
  /** Lower-cased media type without parameters; undefined when no content-type header. */
  readonly mediaType: string | undefined;
  /** The declared content entry matching mediaType. */
  readonly media: MediaSpec | undefined;
  readonly compiler: Compiler;
  readonly catalog: MessageCodeCatalog;
}

/** One rule over one response: a passed finding, failed findings, or nothing when the rule does not apply. */
export type Check = (ctx: CheckContext) => Finding[];
