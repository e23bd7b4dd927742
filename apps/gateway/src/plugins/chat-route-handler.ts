import type {
  ChatConverter,
  ChatEvent,
  ChatRequest,
  DecodedRequest,
  PassthroughApi,
  StoredReplies,
} from '@modelmux/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { runCallPolicy } from '../policy/run-call-policy.js';
import { watchIdleEvents } from '../policy/watch-idle-events.js';
import { createChatSseBody } from '../sse/create-chat-sse-body.js';
import { attemptContext, beginModelCall } from './begin-model-call.js';
import { encodedReplyBody } from './encoded-reply-body.js';
import { forwardAsIs } from './forward-as-is.js';
import { keepReply, requestWithHistory } from './kept-replies.js';
import { openChatStream } from './open-chat-stream.js';
import { setOverheadHeaders } from './overhead-headers.js';
import { setWarnings } from './set-warnings.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/**
 * Builds the handler that serves one chat route through its converter; with `passthroughApi`, a request whose target
 * speaks that API natively is forwarded as it is instead. With `stored` (an API that keeps replies),
 * a request that continues a kept reply gets the chain's conversation first, and a reply that is to be kept is written
 * to the store before the client is told it is complete (for a stream: before its final event).
 */
export function createChatRouteHandler(
  app: FastifyInstance,
  converter: ChatConverter,
  options: { stored?: StoredReplies; passthroughApi?: PassthroughApi; sseKeepAliveMs?: number } = {},
) {
  const { stored, passthroughApi, sseKeepAliveMs = 0 } = options;
  const { plans, runtime } = app.modelmuxPolicy;
  const resolvePlan = (reference: string) => plans.chat(reference);
  return async function handleChat(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (passthroughApi !== undefined) {
      // A target whose upstream speaks this API natively gets the request as it is.
      const reference = (request.body as { model?: unknown } | null)?.model;
      const passthrough =
        typeof reference === 'string' ? plans.passthrough(reference, passthroughApi) : undefined;
      if (passthrough !== undefined)
        return forwardAsIs(app, request, reply, passthroughApi, reference as string, () => passthrough);
    }
    const decoded: DecodedRequest<ChatRequest> = converter.decodeRequest(request.body, request.headers);
    const { plan, call, client, meta, observeAttempt } = beginModelCall(
      request,
      reply,
      'chat',
      decoded.modelReference,
      resolvePlan,
    );

    const chatRequest =
      stored === undefined ? decoded.request : await requestWithHistory(app, stored, decoded);

    if (!decoded.stream || converter.createStreamEncoder === undefined) {
      const started = performance.now();
      const { value: result, scope } = await runCallPolicy(
        plan,
        client,
        runtime,
        call,
        (target, scope) => target.model.generate(chatRequest, attemptContext(request, scope)),
        observeAttempt,
      );
      scope.dispose();
      const upstreamMs = performance.now() - started;
      const warnings =
        decoded.warnings.length === 0 ? result.warnings : [...decoded.warnings, ...result.warnings];
      call.warnings = warnings.length;
      call.inputTokens = result.usage.inputTokens;
      call.outputTokens = result.usage.outputTokens;
      call.cachedInputTokens = result.usage.cachedInputTokens;
      call.reasoningTokens = result.usage.reasoningTokens;
      call.outcome = 'completed';
      setWarnings(reply, request, warnings);
      const encoded = converter.encodeResult(result, meta, decoded);
      if (stored !== undefined) await keepReply(app, stored, decoded, encoded);
      setOverheadHeaders(reply, upstreamMs);
      return encodedReplyBody(reply, encoded);
    }

    const started = performance.now();
    const { value: opened, scope } = await runCallPolicy(
      plan,
      client,
      runtime,
      call,
      (target, scope) => openChatStream(target.model, chatRequest, attemptContext(request, scope)),
      observeAttempt,
    );
    scope.firstByteArrived(plan.settings.idleTimeoutMs);
    const first = opened.first;
    const iterator = watchIdleEvents(opened.events, scope);
    setOverheadHeaders(reply, performance.now() - started);
    const startWarnings = first.value.type === 'response-start' ? first.value.warnings : [];
    const warnings = decoded.warnings.length === 0 ? startWarnings : [...decoded.warnings, ...startWarnings];
    call.warnings = warnings.length;
    setWarnings(reply, request, warnings);
    const observe = (event: ChatEvent): void => {
      if (event.type === 'response-end') {
        call.inputTokens = event.usage.inputTokens;
        call.outputTokens = event.usage.outputTokens;
        call.cachedInputTokens = event.usage.cachedInputTokens;
        call.reasoningTokens = event.usage.reasoningTokens;
        call.outcome = 'completed';
      } else if (event.type === 'error') {
        call.outcome = event.error.code;
        request.log.error({ err: event.error }, 'the upstream stream failed');
      }
    };
    const encoder = converter.createStreamEncoder(meta, decoded);
    reply.headers(SSE_HEADERS);
    call.streaming = true;
    app.modelmuxMetrics.streamOpened();
    const persist =
      stored === undefined ? undefined : () => keepReply(app, stored, decoded, encoder.finalReply?.());
    return reply.send(createChatSseBody(first, iterator, encoder, observe, persist, sseKeepAliveMs));
  };
}
