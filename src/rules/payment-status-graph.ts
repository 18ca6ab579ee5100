/**
 * Which transaction status may follow which, per payment product: the data behind
 * PIS-STATUS-TRANSITIONS. ISO 20022 statuses only move forward (received → accepted → settled);
 * the final ones (ACSC, ACCC, RJCT, CANC) have no successor. A profile may override the
 * successors of any status for a product (`payments.statusGraph`), where its bank documents a
 * different but legal flow.
 */
export const TRANSACTION_STATUSES = ['RCVD', 'PDNG', 'PATC', 'ACTC', 'ACFC', 'ACCP', 'ACWP', 'ACSP', 'ACWC', 'PART', 'ACSC', 'ACCC', 'RJCT', 'CANC'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/** Status -> the statuses that may follow it (staying the same is always legal). */
export type StatusGraph = Readonly<Record<string, readonly string[]>>;

export const FINAL_STATUSES: readonly TransactionStatus[] = ['ACSC', 'ACCC', 'RJCT', 'CANC'];

/** Credit transfers settled through clearing: each status may skip ahead, never go back. */
const creditTransfer: StatusGraph = {
  RCVD: ['PDNG', 'PATC', 'ACTC', 'ACFC', 'ACCP', 'ACWP', 'ACSP', 'ACWC', 'PART', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  PDNG: ['PATC', 'ACTC', 'ACFC', 'ACCP', 'ACWP', 'ACSP', 'ACWC', 'PART', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  PATC: ['PDNG', 'ACTC', 'ACFC', 'ACCP', 'ACWP', 'ACSP', 'ACWC', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  ACTC: ['ACFC', 'ACCP', 'ACWP', 'ACSP', 'ACWC', 'PART', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  ACFC: ['ACCP', 'ACWP', 'ACSP', 'ACWC', 'PART', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  ACCP: ['ACWP', 'ACSP', 'ACWC', 'PART', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  ACWP: ['ACCP', 'ACSP', 'ACWC', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  ACSP: ['ACWC', 'PART', 'ACSC', 'ACCC', 'RJCT'],
  ACWC: ['ACSC', 'ACCC', 'RJCT'],
  PART: [],
  ACSC: [],
  ACCC: [],
  RJCT: [],
  CANC: [],
};

/** Instant credit transfers settle in seconds: nothing waits for a later date or a partial state. */
const instant: StatusGraph = {
  RCVD: ['PDNG', 'PATC', 'ACTC', 'ACSP', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  PDNG: ['PATC', 'ACTC', 'ACSP', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  PATC: ['ACTC', 'ACSP', 'ACSC', 'ACCC', 'RJCT', 'CANC'],
  ACTC: ['ACSP', 'ACSC', 'ACCC', 'RJCT'],
  ACSP: ['ACSC', 'ACCC', 'RJCT'],
  ACSC: [],
  ACCC: [],
  RJCT: [],
  CANC: [],
};

/** The graphs by payment product (periodic payments follow their product's graph). */
export const statusGraphs: Readonly<Record<string, StatusGraph>> = {
  'sepa-credit-transfers': creditTransfer,
  'instant-sepa-credit-transfers': instant,
  'target-2-payments': creditTransfer,
  'cross-border-credit-transfers': creditTransfer,
};

/** The product's graph with the profile's overrides (each replaces one status's successors), or undefined when neither knows the product. */
export function resolveStatusGraph(product: string, overrides?: Readonly<Record<string, StatusGraph>>): StatusGraph | undefined {
  const base = statusGraphs[product];
  const own = overrides?.[product];
  if (!base && !own) return undefined;
  return { ...base, ...own };
}
