export { loadYaml, sortByPosition, type YamlLoadOptions, type YamlLoadResult } from './load.ts';
export { formatLoadError, formatLoadErrors, LoadFailure, type LoadError, type LoadErrorCode } from './errors.ts';
export type { Locator } from './locate.ts';
export { deepFreeze } from './freeze.ts';
export { displayPath, joinPointer, pointerToPath } from './pointer.ts';
