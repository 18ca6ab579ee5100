import type { PsuCredentials } from '../config.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { Store } from '../store/store.ts';
import { createInteractions } from './interactions.ts';
import { createTokenLedger } from './ledger.ts';
import { protectApi } from './protect.ts';
import { createProviderFactory } from './provider.ts';
import { createOAuthRouter, METADATA_PATH } from './router.ts';
import type { OAuthSettings } from './settings.ts';

export { METADATA_PATH };

/** The reference ASPSP's OAuth2 authorisation server and the API's token check, over one store. */
export function createOAuth(deps: { store: Store; psus: readonly PsuCredentials[]; settings: OAuthSettings; faults: ReadonlySet<FaultName> }) {
  const { store, psus, settings, faults } = deps;
  const ledger = createTokenLedger(store.clock);
  const providerFor = createProviderFactory({ settings, faults, ledger });
  const interactions = createInteractions({ store, psus, ledger });
  return {
    ledger,
    route: createOAuthRouter({ providerFor, interactions, settings, faults }),
    protect: protectApi({ settings, faults, ledger, provider: providerFor }),
  };
}

export type OAuth = ReturnType<typeof createOAuth>;
