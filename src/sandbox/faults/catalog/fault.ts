/** A named way the reference ASPSP can break the standard, and the requirement id it violates. */
export interface Fault {
  readonly name: string;
  readonly ruleId: string;
  readonly description: string;
  /** Shows only where the bank requires client certificates or signed requests. */
  readonly needs?: readonly ('mtls' | 'signing')[];
}
