import type { Readable } from 'node:stream';
import type { PassthroughApi, PassthroughModel } from '@modelmux/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { beginModelCall } from './begin-model-call.js';

const PASSED_HEADERS = ['content-type', 'cache-control', 'x-request-id'] as const;

/**
 * Forwards a client's request to an upstream that speaks the API natively, as it is (built-in tools and all): the
 * provider's URL and credentials, the upstream's status and body back unchanged, an upstream HTTP error mapped into
 * the client's error format like any other call, and the client's disconnect aborting the upstream call.
 */
export async function forwardAsIs(
  request: FastifyRequest,
  reply: FastifyReply,
  api: PassthroughApi,
  modelReference: string,
  resolve: (reference: string) => PassthroughModel,
): Promise<FastifyReply> {
  const { model, call, context } = beginModelCall(request, reply, modelReference, resolve);
  const upstream = await model.forward({ api, body: request.body as Record<string, unknown> }, context);
  call.outcome = 'passed-through';
  reply.code(upstream.statusCode);
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === 'string')
      reply.header(name === 'x-request-id' ? 'x-upstream-request-id' : name, value);
  }
  return reply.send(upstream.body as unknown as Readable);
}
