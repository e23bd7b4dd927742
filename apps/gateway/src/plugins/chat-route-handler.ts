import type { ChatConverter, ChatEvent, ChatRequest, DecodedRequest } from '@modelmux/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createChatSseBody } from '../sse/create-chat-sse-body.js';
import { beginModelCall } from './begin-model-call.js';
import { encodedReplyBody } from './encoded-reply-body.js';
import { setWarnings } from './set-warnings.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** Builds the handler that serves one chat route through its converter. */
export function createChatRouteHandler(app: FastifyInstance, converter: ChatConverter) {
  const resolveModel = (reference: string) => app.modelmux.chatModel(reference);
  return async function handleChat(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const decoded: DecodedRequest<ChatRequest> = converter.decodeRequest(request.body, request.headers);
    const { model, call, context, meta } = beginModelCall(
      request,
      reply,
      decoded.modelReference,
      resolveModel,
    );

    if (!decoded.stream || converter.createStreamEncoder === undefined) {
      const result = await model.generate(decoded.request, context);
      const warnings =
        decoded.warnings.length === 0 ? result.warnings : [...decoded.warnings, ...result.warnings];
      call.warnings = warnings.length;
      call.inputTokens = result.usage.inputTokens;
      call.outputTokens = result.usage.outputTokens;
      setWarnings(reply, request, warnings);
      return encodedReplyBody(reply, converter.encodeResult(result, meta, decoded));
    }

    const events = await model.stream(decoded.request, context);
    const iterator = events[Symbol.asyncIterator]();
    const first = await iterator.next();
    const startWarnings =
      first.done !== true && first.value.type === 'response-start' ? first.value.warnings : [];
    const warnings = decoded.warnings.length === 0 ? startWarnings : [...decoded.warnings, ...startWarnings];
    call.warnings = warnings.length;
    setWarnings(reply, request, warnings);
    const observe = (event: ChatEvent): void => {
      if (event.type === 'response-end') {
        call.inputTokens = event.usage.inputTokens;
        call.outputTokens = event.usage.outputTokens;
        call.outcome = 'completed';
      } else if (event.type === 'error') {
        call.outcome = event.error.code;
        request.log.error({ err: event.error }, 'the upstream stream failed');
      }
    };
    const encoder = converter.createStreamEncoder(meta, decoded);
    reply.headers(SSE_HEADERS);
    return reply.send(createChatSseBody(first, iterator, encoder, observe));
  };
}
