export { loadSpec } from './load.ts';
export type { LoadSpecOptions } from './load.ts';
export { compiledCount } from './validator.ts';
export { SpecLoadError } from './errors.ts';
export type { SpecLoadErrorCode } from './errors.ts';
export type { OperationInfo, ResponseView, SpecValidator } from './types.ts';
export { messageCodesIn } from './errorBody.ts';
export type { CodeAt } from './errorBody.ts';
