/**
 * Loaded suites, profiles and plans are shared by workers and retries; freezing makes an
 * accidental write throw (in strict mode) instead of leaking state between tests.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
