import type { CallContext, EncodeMeta } from '@modelmux/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttemptScope } from '../policy/attempt-scope.js';
import type { CallPlan } from '../policy/call-plan.js';
import type { ClientWatch } from '../policy/client-watch.js';
import type { AttemptObserver } from '../policy/run-call-policy.js';
import type { GenAiOperation } from '../tracing/gen-ai-attributes.js';
import { watchClient } from './watch-client.js';

type ModelCall = NonNullable<FastifyRequest['modelmuxCall']>;

/**
 * Resolves the model reference to its call plan and sets up what every route needs for the call: the access-log record
 * of the call (the policy fills in target and attempts), the signal of the client going away and what the encoder is
 * told about the call.
 */
export function beginModelCall<Model extends { providerId: string; modelId: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  operation: GenAiOperation,
  modelReference: string,
  resolve: (reference: string) => CallPlan<Model>,
): {
  plan: CallPlan<Model>;
  call: ModelCall;
  client: ClientWatch;
  meta: EncodeMeta;
  observeAttempt: AttemptObserver<Model> | undefined;
} {
  const call: ModelCall = { model: modelReference };
  request.modelmuxCall = call;
  const tracing = request.server.modelmuxTracing;
  // Started before resolving, so that the access log and the trace name the model of a request that fails to resolve.
  const span = tracing?.startRequest(request, operation, modelReference);
  if (span !== undefined) request.modelmuxSpan = span;
  const plan = resolve(modelReference);
  return {
    plan,
    call,
    client: watchClient(reply),
    meta: { requestId: request.id, modelReference, createdAt: Date.now() },
    observeAttempt:
      span === undefined
        ? undefined
        : (target, attempt) => tracing!.startAttempt(span, operation, target, attempt),
  };
}

/** The call context of one attempt: its own signal (client gone or a timeout), the request's id and logger. */
export function attemptContext(request: FastifyRequest, scope: AttemptScope): CallContext {
  return { signal: scope.signal, requestId: request.id, logger: request.log };
}
