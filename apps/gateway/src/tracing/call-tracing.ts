import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ERROR_TYPE,
  GEN_AI_OPERATION_NAME,
  GEN_AI_PROVIDER_NAME,
  GEN_AI_REQUEST_MODEL,
  GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_USAGE_OUTPUT_TOKENS,
  type GenAiOperation,
  HTTP_RESPONSE_STATUS_CODE,
  HTTP_ROUTE,
} from './gen-ai-attributes.js';

function errorTypeOf(failure: unknown): string {
  const code = (failure as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return failure instanceof Error ? failure.name : 'error';
}

/**
 * Spans of model calls: one per request (kind server, `{operation} {model}`, until the reply is over, with usage and
 * the number of attempts) and one per attempt of the call policy (kind client, `{operation} {upstream model}`, until
 * the upstream answered or failed), with the GenAI semantic attributes.
 */
export class CallTracing {
  constructor(
    private readonly tracer: Tracer,
    /** The provider plugin type of each instance id, reported as `gen_ai.provider.name`. */
    private readonly providerTypes: ReadonlyMap<string, string>,
  ) {}

  startRequest(request: FastifyRequest, operation: GenAiOperation, model: string): Span {
    return this.tracer.startSpan(`${operation} ${model}`, {
      kind: SpanKind.SERVER,
      attributes: {
        [GEN_AI_OPERATION_NAME]: operation,
        [GEN_AI_REQUEST_MODEL]: model,
        [HTTP_ROUTE]: request.routeOptions.url ?? request.url,
        'modelmux.request_id': request.id,
      },
    });
  }

  /** Starts an attempt's span under its request's; the returned function ends it, with the failure if any. */
  startAttempt(
    parent: Span,
    operation: GenAiOperation,
    target: { reference: string; model: { providerId: string; modelId: string } },
    attempt: number,
  ): (failure?: unknown) => void {
    const { providerId, modelId } = target.model;
    const span = this.tracer.startSpan(
      `${operation} ${modelId}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [GEN_AI_OPERATION_NAME]: operation,
          [GEN_AI_PROVIDER_NAME]: this.providerTypes.get(providerId) ?? providerId,
          [GEN_AI_REQUEST_MODEL]: modelId,
          'modelmux.target': target.reference,
          'modelmux.attempt': attempt,
        },
      },
      trace.setSpan(context.active(), parent),
    );
    return (failure) => {
      if (failure !== undefined) {
        span.setAttribute(ERROR_TYPE, errorTypeOf(failure));
        span.setStatus({ code: SpanStatusCode.ERROR, message: (failure as Error)?.message });
      }
      span.end();
    };
  }

  /** Ends a request's span with what the reply came to. */
  endRequest(span: Span, request: FastifyRequest, reply: FastifyReply): void {
    const call = request.modelmuxCall;
    span.setAttribute(HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
    if (call?.target !== undefined) span.setAttribute('modelmux.target', call.target);
    if (call?.attempts !== undefined) span.setAttribute('modelmux.attempts', call.attempts);
    if (call?.inputTokens !== undefined) span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, call.inputTokens);
    if (call?.outputTokens !== undefined) span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, call.outputTokens);
    if (call?.outcome?.startsWith('MMX_') || reply.statusCode >= 500) {
      span.setAttribute(ERROR_TYPE, call?.outcome ?? String(reply.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}
