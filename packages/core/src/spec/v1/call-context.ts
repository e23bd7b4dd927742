/** The pino-compatible subset modelmux logs through. */
export interface Logger {
  debug(object: unknown, message?: string): void;
  info(object: unknown, message?: string): void;
  warn(object: unknown, message?: string): void;
  error(object: unknown, message?: string): void;
}

/** Per-call context handed to a model. */
export interface CallContext {
  /** Aborted when the client goes away; the upstream request must be cancelled. */
  signal: AbortSignal;
  requestId: string;
  logger: Logger;
  /** Epoch milliseconds by which the call must be done, if any. */
  deadlineAt?: number;
  /** Headers to add to the upstream request. */
  extraHeaders?: Record<string, string>;
}
