import type { Registry } from '@modelmux/core';
import type { Dispatcher } from 'undici';
import type { GatewayKey } from '../plugins/gateway-keys.js';
import type { ReplyStoreAccess } from '../plugins/reply-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The plugin registry with every provider instance built from config. */
    modelmux: Registry;
    /** The one undici dispatcher every upstream call goes through. */
    modelmuxDispatcher: Dispatcher;
    /** Where kept replies (the Responses API's stored responses) live. */
    modelmuxReplies: ReplyStoreAccess;
  }
  interface FastifyRequest {
    /** The gateway API key the request authenticated with, when keys are configured. */
    modelmuxKey?: GatewayKey;
    /** What the access log line reports about the model call. */
    modelmuxCall?: {
      model?: string;
      target?: string;
      warnings?: number;
      inputTokens?: number;
      outputTokens?: number;
      outcome?: string;
    };
  }
}
