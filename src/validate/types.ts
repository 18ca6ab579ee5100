import type { Finding } from '../rules/types.ts';

/** What the validator needs of a response: already read, never a stream. */
export interface ResponseView {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body was JSON, else the raw text (or undefined when empty). */
  readonly body: unknown;
  /** What is wrong with the body as bytes (encoding, UTF-8, JSON syntax, duplicate members); judged under BG-OAS-BODY. */
  readonly bodyProblems?: readonly BodyProblem[];
}

export interface BodyProblem {
  readonly kind: 'content-encoding' | 'utf8' | 'json-syntax' | 'duplicate-member';
  readonly message: string;
  /** The duplicated member, for 'duplicate-member'. */
  readonly pointer?: string;
  /** 1-based, in the decoded text. */
  readonly line?: number;
  readonly column?: number;
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** As in the spec, e.g. /v1/consents/{consentId}/status (server prefix not included). */
  readonly path: string;
  /** Service family derived from the spec (AIS, PIS, PIIS, SBS, ...), used for the error-code catalog. */
  readonly service: string;
  /** Declared status codes as strings ('201', 'default', ...). */
  readonly statuses: readonly string[];
}

/** One OpenAPI document, its validators compiled once and cached per (operation, status, content type). */
export interface SpecValidator {
  /** e.g. "berlin-group-1.3.12" or the file path of a profile's own spec. */
  readonly name: string;
  /** info.version of the document. */
  readonly version: string;
  operation(operationId: string): OperationInfo | undefined;
  /** Every operationId the document declares. */
  operationIds(): readonly string[];
  /** Match a concrete method + path (e.g. /v1/consents/abc/status) to an operation. */
  findOperation(method: string, path: string): OperationInfo | undefined;
  /**
   * Check one response of one operation. Returns one finding per rule checked
   * (BG-OAS-STATUS, BG-OAS-HEADERS, BG-OAS-CONTENT-TYPE, BG-OAS-BODY, BG-ERR-CODE):
   * a passed finding when the rule held, one failed finding per violation otherwise.
   * Rules that do not apply (e.g. BG-ERR-CODE on a 2xx) are not reported.
   */
  validateResponse(operationId: string, response: ResponseView): Finding[];
  /**
   * The response headers the operation declares for `status` (exact, NXX or default), lower-cased;
   * undefined when the status is not declared. A header rule applies only where it is declared.
   */
  declaredHeaders(operationId: string, status: number): readonly string[] | undefined;
  /** Compile every response validator now (warm-up, benchmarks); returns how many were compiled. */
  compileAll(): number;
}
