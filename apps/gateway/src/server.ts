import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from './app.js';
import { type UnusedConnections, watchUnusedConnections } from './unused-connections.js';

export interface StartedServer {
  app: FastifyInstance;
  /** The address the gateway listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Stops accepting connections and lets open requests — long streams included — finish; after `deadlineMs`, whatever is
 * still open (a stream that would not end, a client's idle keep-alive socket) is closed so shutdown always completes.
 */
export async function closeWithDeadline(
  app: FastifyInstance,
  deadlineMs: number,
  unused: UnusedConnections,
): Promise<void> {
  const deadline = setTimeout(() => app.server.closeAllConnections(), deadlineMs);
  deadline.unref();
  // A keep-alive connection whose last reply ends during shutdown goes idle and would wait for the deadline, and so
  // would one that never sent a request.
  const sweep = setInterval(() => {
    app.server.closeIdleConnections();
    unused.closeAll();
  }, IDLE_SWEEP_MS);
  sweep.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
}

const IDLE_SWEEP_MS = 100;

/** Builds the app and listens on the configured host and port (overridable). */
export async function startServer(
  options: BuildAppOptions & { host?: string; port?: number },
): Promise<StartedServer> {
  const app = buildApp(options);
  const unused = watchUnusedConnections(app.server);
  try {
    const address = await app.listen({
      host: options.host ?? options.config.server.host,
      port: options.port ?? options.config.server.port,
    });
    return {
      app,
      url: address,
      close: () => closeWithDeadline(app, options.config.server.shutdown_timeout_ms, unused),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
