/** Why a spec could not be loaded: harness misuse or a broken file, never a bank finding. */
export type SpecLoadErrorCode = 'SPEC_NOT_FOUND' | 'SPEC_SYNTAX' | 'SPEC_INVALID' | 'SPEC_UNRESOLVED_REF';

export class SpecLoadError extends Error {
  override readonly name = 'SpecLoadError';
  readonly code: SpecLoadErrorCode;
  /** The file (or bundle name) at fault. */
  readonly source: string;

  constructor(code: SpecLoadErrorCode, source: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.source = source;
  }
}
