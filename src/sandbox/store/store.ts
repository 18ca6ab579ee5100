import type { PsuCredentials } from '../config.ts';
import type { FaultName } from '../faults/catalog.ts';
import { createAis } from './ais.ts';
import { createConsents } from './consents.ts';
import { createSca } from './sca.ts';
import { createState, type Clock } from './state.ts';

export interface StoreOptions {
  faults: ReadonlySet<FaultName>;
  psu: PsuCredentials;
  /** Injected so tests (and later, time travel) can move the bank's clock. */
  now?: Clock;
}

/** The bank's domain: handlers only translate HTTP to these calls. Faults are decided in here. */
export function createStore(opts: StoreOptions) {
  const state = createState({ now: opts.now ?? (() => new Date()), faults: opts.faults, psu: opts.psu });
  const consents = createConsents(state);
  return {
    now: state.now,
    faults: state.faults,
    consents,
    sca: createSca(state),
    ais: createAis(state, consents),
  };
}

export type Store = ReturnType<typeof createStore>;
