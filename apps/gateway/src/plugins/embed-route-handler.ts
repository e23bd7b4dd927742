import type { DecodedRequest, EmbedConverter, EmbedRequest } from '@modelmux/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { runCallPolicy } from '../policy/run-call-policy.js';
import { attemptContext, beginModelCall } from './begin-model-call.js';
import { encodedReplyBody } from './encoded-reply-body.js';
import { setOverheadHeaders } from './overhead-headers.js';
import { setWarnings } from './set-warnings.js';

/** Builds the handler that serves one embeddings route through its converter. */
export function createEmbedRouteHandler(app: FastifyInstance, converter: EmbedConverter) {
  const { plans, runtime } = app.modelmuxPolicy;
  const resolvePlan = (reference: string) => plans.embedding(reference);
  return async function handleEmbed(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const decoded: DecodedRequest<EmbedRequest> = converter.decodeRequest(request.body, request.headers);
    const { plan, call, client, meta, observeAttempt } = beginModelCall(
      request,
      reply,
      'embeddings',
      decoded.modelReference,
      resolvePlan,
    );
    const started = performance.now();
    const { value: result, scope } = await runCallPolicy(
      plan,
      client,
      runtime,
      call,
      (target, scope) => target.model.embed(decoded.request, attemptContext(request, scope)),
      observeAttempt,
    );
    scope.dispose();
    setOverheadHeaders(reply, performance.now() - started);
    const warnings =
      decoded.warnings.length === 0 ? result.warnings : [...decoded.warnings, ...result.warnings];
    call.warnings = warnings.length;
    call.inputTokens = result.usage.inputTokens;
    call.outcome = 'completed';
    setWarnings(reply, request, warnings);
    return encodedReplyBody(reply, converter.encodeResult(result, meta, decoded));
  };
}
