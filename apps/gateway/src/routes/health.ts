import type { FastifyInstance } from 'fastify';

/** `GET /healthz` (the process is alive) and `GET /readyz` (the registry is built and the server is not closing). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (closing) return reply.code(503).send({ status: 'closing' });
    return { status: 'ready', models: app.modelmux.listModels().length };
  });
}
