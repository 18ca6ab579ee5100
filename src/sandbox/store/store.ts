import type { PsuCredentials } from '../config.ts';
import type { FaultName } from '../faults/catalog.ts';
import { createAis } from './ais.ts';
import { createTestClock } from './clock.ts';
import { createConsents } from './consents.ts';
import { createFundsConsents } from './funds-consents.ts';
import { createPayments } from './payments.ts';
import { createSca } from './sca.ts';
import { createEmbedded } from './embedded.ts';
import { createState, defaultSettings, type BankSettings, type Clock } from './state.ts';

export interface StoreOptions {
  faults: ReadonlySet<FaultName>;
  psus: readonly PsuCredentials[];
  /** The clock the test clock's offsets sit on; the wall clock by default. */
  now?: Clock;
  settings?: Partial<BankSettings>;
}

/** The bank's domain: handlers only translate HTTP to these calls. Faults are decided in here. */
export function createStore(opts: StoreOptions) {
  const clock = createTestClock(opts.now ?? (() => new Date()));
  const state = createState({ clock, faults: opts.faults, psus: opts.psus, settings: { ...defaultSettings, ...opts.settings } });
  const consents = createConsents(state);
  const payments = createPayments(state);
  const fundsConsents = createFundsConsents(state);
  const sca = createSca(state, payments, fundsConsents);
  return {
    now: state.now,
    clock,
    faults: state.faults,
    settings: state.settings,
    consents,
    sca,
    embedded: createEmbedded(state, sca),
    ais: createAis(state, consents),
    payments,
    fundsConsents,
    /** The account holder enables PSD2 access at the bank; true when the PSU exists. */
    enablePsd2Access(psuId: string): boolean {
      if (!state.psus.some((p) => p.id === psuId)) return false;
      state.psd2Enabled.add(psuId);
      return true;
    },
  };
}

export type Store = ReturnType<typeof createStore>;
