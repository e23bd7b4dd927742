import type { DecodedRequest, EmbedConverter, EmbedRequest, EncodeMeta } from '@modelmux/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientGoneSignal } from './client-gone-signal.js';
import { setWarnings } from './set-warnings.js';

/** Builds the handler that serves one embeddings route through its converter. */
export function createEmbedRouteHandler(app: FastifyInstance, converter: EmbedConverter) {
  return async function handleEmbed(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const decoded: DecodedRequest<EmbedRequest> = converter.decodeRequest(request.body, request.headers);
    const call: NonNullable<FastifyRequest['modelmuxCall']> = { model: decoded.modelReference };
    request.modelmuxCall = call;
    const model = app.modelmux.embeddingModel(decoded.modelReference);
    call.target = `${model.providerId}:${model.modelId}`;
    const context = { signal: clientGoneSignal(reply), requestId: request.id, logger: request.log };
    const meta: EncodeMeta = {
      requestId: request.id,
      modelReference: decoded.modelReference,
      createdAt: Date.now(),
    };
    const result = await model.embed(decoded.request, context);
    const warnings =
      decoded.warnings.length === 0 ? result.warnings : [...decoded.warnings, ...result.warnings];
    call.warnings = warnings.length;
    call.inputTokens = result.usage.inputTokens;
    call.outcome = 'completed';
    setWarnings(reply, request, warnings);
    return converter.encodeResult(result, meta, decoded);
  };
}
