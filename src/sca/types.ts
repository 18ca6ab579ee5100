import type { ScaScriptAction } from '../profile/types.ts';

/** The PSU's browser on the ASPSP's SCA pages, for one authorisation. */
export interface ScaSession {
  /** Waits for the action's page, screenshots it (before anything secret is typed), then acts. */
  perform(action: ScaScriptAction, resolveValue: (template: string) => string): Promise<Buffer>;
  /** The TPP URI the ASPSP sent the browser to, or undefined when it did not within the timeout. */
  returnedTo(): Promise<string | undefined>;
  /** Where the browser is and what the page says: for failure messages. */
  describe(): Promise<string>;
  close(): Promise<void>;
}

export interface ScaDriver {
  /** Opens `link` in a fresh browser context that watches for navigation to any of `returnUris`. */
  open(link: string, returnUris: readonly string[]): Promise<ScaSession>;
}
