import { randomBytes, randomUUID } from 'node:crypto';
import type { PsuCredentials } from '../config.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { Authorisation, Consent } from './types.ts';

export type Clock = () => Date;

/** Everything one sandbox instance remembers. Created per server; never shared between instances. */
export interface State {
  readonly now: Clock;
  readonly faults: ReadonlySet<FaultName>;
  readonly psu: PsuCredentials;
  readonly consents: Map<string, Consent>;
  readonly authorisations: Map<string, Authorisation>;
  /** Accesses without the PSU present, keyed `consentId|endpoint|date` (RTS Art. 36(5)(b)). */
  readonly unattendedAccesses: Map<string, number>;
  /** Last delta report per `consentId|resourceId`, for `deltaList=true`. */
  readonly deltaMarks: Map<string, string>;
}

export function createState(opts: { now: Clock; faults: ReadonlySet<FaultName>; psu: PsuCredentials }): State {
  return {
    ...opts,
    consents: new Map(),
    authorisations: new Map(),
    unattendedAccesses: new Map(),
    deltaMarks: new Map(),
  };
}

export const newId = (): string => randomUUID();
export const newToken = (): string => randomBytes(18).toString('base64url');
