import type { HttpBindings } from '@hono/node-server';

/** Per-request values shared by middleware and the error handler. */
export interface SandboxEnv {
  /** The node request under `serve` (absent under app.request in tests): its TLS socket holds the client certificate. */
  Bindings: Partial<HttpBindings>;
  Variables: {
    /** The caller's X-Request-ID when it was a UUID, otherwise one we generated. */
    requestId: string;
  };
}
