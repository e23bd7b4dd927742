import type { Registry } from '@modelmux/core';
import type { Span } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import type { GatewayKey } from '../plugins/gateway-keys.js';
import type { ReplyStoreAccess } from '../plugins/reply-store.js';
import type { CallPlans } from '../policy/call-plans.js';
import type { PolicyEvents, PolicyRuntime } from '../policy/run-call-policy.js';
import type { RateLimitOperation } from '../rate-limit/rate-limit-guard.js';
import type { CallTracing } from '../tracing/call-tracing.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The plugin registry with every provider instance built from config. */
    modelmux: Registry;
    /** The one undici dispatcher every upstream call goes through. */
    modelmuxDispatcher: Dispatcher;
    /** What routes tell the metrics about besides the access record. */
    modelmuxMetrics: PolicyEvents & {
      streamOpened(): void;
      rateLimitStoreFailed(operation: RateLimitOperation): void;
    };
    /** The call policy: each model reference's plan, and the clock, randomness and events it runs with. */
    modelmuxPolicy: { plans: CallPlans; runtime: PolicyRuntime };
    /** Starts the spans of model calls when `[tracing] enabled`; undefined otherwise. */
    modelmuxTracing: CallTracing | undefined;
    /** Where kept replies (the Responses API's stored responses) live. */
    modelmuxReplies: ReplyStoreAccess;
  }
  interface FastifyRequest {
    /** The gateway API key the request authenticated with, when keys are configured. */
    modelmuxKey?: GatewayKey;
    /** The request's span, when tracing is on and the request calls a model. */
    modelmuxSpan?: Span;
    /** What the access log line reports about the model call. */
    modelmuxCall?: {
      model?: string;
      target?: string;
      warnings?: number;
      inputTokens?: number;
      outputTokens?: number;
      cachedInputTokens?: number;
      reasoningTokens?: number;
      outcome?: string;
      /** Upstream attempts the call policy made (retries and fallbacks included), when it counts them. */
      attempts?: number;
      /** The gateway's own time (see `x-modelmux-overhead-ms`). */
      overheadMs?: number;
      /** Milliseconds from the request to the start of the reply (for streams: the first event). */
      firstByteMs?: number;
      streaming?: boolean;
    };
  }
}
