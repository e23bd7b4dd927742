import Fastify from 'fastify';
import { Pool } from 'undici';
import { CHAT_COMPLETIONS_PATH, EMBEDDINGS_PATH, RESPONSES_PATH } from './workloads.mjs';

/** The routes the forwarder serves, each passed to the same path on the upstream. */
const FORWARDED_PATHS = [CHAT_COMPLETIONS_PATH, EMBEDDINGS_PATH, RESPONSES_PATH];

/**
 * The practical upper limit for a Node gateway: Fastify and one keep-alive undici Pool that pass the request body
 * bytes through unchanged and pipe the upstream status, content type and body stream back without parsing anything.
 */
export async function startBareForwarder(upstreamOrigin) {
  const pool = new Pool(upstreamOrigin, { keepAliveTimeout: 60_000 });
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  for (const path of FORWARDED_PATHS) {
    app.post(path, async (request, reply) => {
      const upstream = await pool.request({
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: request.body,
      });
      const contentType = upstream.headers['content-type'];
      if (contentType !== undefined) reply.header('content-type', contentType);
      return reply.code(upstream.statusCode).send(upstream.body);
    });
  }
  app.addHook('onClose', async () => pool.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
