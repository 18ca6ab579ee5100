/**
 * oidc-provider, imported once. It warns at import that it prefers Node 22: this project supports
 * Node 20.19+ and the library runs there; that one line would otherwise land in every run's output
 * (and in `sandbox --list-faults`). Every other warning passes through.
 */
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
};
const { default: ProviderClass } = await import('oidc-provider');
console.warn = warn;

/** The class, and (as a type) an instance of it. */
const Provider: typeof ProviderClass = ProviderClass;
type Provider = InstanceType<typeof ProviderClass>;
export default Provider;
export type { Adapter, AdapterPayload, Configuration, InteractionResults } from 'oidc-provider';
