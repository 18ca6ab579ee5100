/** Per-request values shared by middleware and the error handler. */
export interface SandboxEnv {
  Variables: {
    /** The caller's X-Request-ID when it was a UUID, otherwise one we generated. */
    requestId: string;
  };
}
