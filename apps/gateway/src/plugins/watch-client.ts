import type { FastifyReply } from 'fastify';
import { ClientWatch } from '../policy/client-watch.js';

/** Watches for the client going away before the reply is complete. */
export function watchClient(reply: FastifyReply): ClientWatch {
  const client = new ClientWatch();
  const raw = reply.raw;
  raw.once('close', () => {
    if (!raw.writableFinished) client.leave();
  });
  return client;
}
