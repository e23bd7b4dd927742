import type { Readable } from 'node:stream';
import type { PassthroughApi, PassthroughModel } from '@modelmux/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallPlan } from '../policy/call-plan.js';
import { runCallPolicy } from '../policy/run-call-policy.js';
import { attemptContext, beginModelCall } from './begin-model-call.js';

const PASSED_HEADERS = ['content-type', 'cache-control', 'x-request-id'] as const;

/**
 * Forwards a client's request to an upstream that speaks the API natively, as it is (built-in tools and all): the
 * provider's URL and credentials, the upstream's status and body back unchanged, an upstream HTTP error mapped into
 * the client's error format like any other call (retried under the call policy before anything is sent), and the
 * client's disconnect aborting the upstream call.
 */
export async function forwardAsIs(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  api: PassthroughApi,
  modelReference: string,
  resolve: (reference: string) => CallPlan<PassthroughModel>,
): Promise<FastifyReply> {
  const { plan, call, client, observeAttempt } = beginModelCall(
    request,
    reply,
    'chat',
    modelReference,
    resolve,
  );
  const body = request.body as Record<string, unknown>;
  const { value: upstream, scope } = await runCallPolicy(
    plan,
    client,
    app.modelmuxPolicy.runtime,
    call,
    (target, scope) => target.model.forward({ api, body }, attemptContext(request, scope)),
    observeAttempt,
  );
  // The body is piped as it comes; the attempt's signal stays tied to the client, so leaving aborts the upstream.
  scope.firstByteArrived();
  call.outcome = 'passed-through';
  reply.code(upstream.statusCode);
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === 'string')
      reply.header(name === 'x-request-id' ? 'x-upstream-request-id' : name, value);
  }
  return reply.send(upstream.body as unknown as Readable);
}
