import type { CallContext, EncodeMeta } from '@modelmux/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientGoneSignal } from './client-gone-signal.js';

type ModelCall = NonNullable<FastifyRequest['modelmuxCall']>;

/**
 * Resolves the model and sets up what every route needs for the call: the access-log record of the call (target included), the call
 * context (aborted when the client goes away) and what the encoder is told about the call.
 */
export function beginModelCall<Model extends { providerId: string; modelId: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  modelReference: string,
  resolve: (reference: string) => Model,
): { model: Model; call: ModelCall; context: CallContext; meta: EncodeMeta } {
  const call: ModelCall = { model: modelReference };
  request.modelmuxCall = call;
  // Recorded before resolving, so that the access log names the model of a request that fails to resolve.
  const model = resolve(modelReference);
  call.target = `${model.providerId}:${model.modelId}`;
  return {
    model,
    call,
    context: { signal: clientGoneSignal(reply), requestId: request.id, logger: request.log },
    meta: { requestId: request.id, modelReference, createdAt: Date.now() },
  };
}
