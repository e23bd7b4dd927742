import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from './app.js';

export interface StartedServer {
  app: FastifyInstance;
  /** The address the gateway listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens on the configured host and port (overridable). */
export async function startServer(
  options: BuildAppOptions & { host?: string; port?: number },
): Promise<StartedServer> {
  const app = buildApp(options);
  try {
    const address = await app.listen({
      host: options.host ?? options.config.server.host,
      port: options.port ?? options.config.server.port,
    });
    return { app, url: address, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
