import {
  type CallContext,
  NoSuchModelError,
  type PassthroughApi,
  type PassthroughModel,
  type PassthroughRequest,
  UnsupportedFeatureError,
} from '@modelmux/core';
import { postJson, rawResponseHandler, type UpstreamResponse } from '@modelmux/core/http';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';

/** Where each pass-through API lives under the base URL. */
const API_PATHS: Readonly<Record<PassthroughApi, string>> = { responses: '/responses' };

/**
 * Forwards a client's request for an API the server speaks natively (the Responses API on vLLM, OpenAI, Azure) as it
 * is — built-in tools and all — with this instance's URL, headers and credentials; only `model` is replaced by the
 * upstream's name. HTTP errors come back mapped like every other call's.
 */
export class OpenAICompatiblePassthroughModel implements PassthroughModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  private readonly config: OpenAICompatibleModelConfig;
  private readonly upstreamModelId: string;
  private readonly urls: Map<PassthroughApi, string>;

  constructor(
    modelId: string,
    config: OpenAICompatibleModelConfig,
    options: { apis: readonly PassthroughApi[]; upstreamModelId?: string },
  ) {
    this.modelId = modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.upstreamModelId = options.upstreamModelId ?? modelId;
    this.urls = new Map(options.apis.map((api) => [api, config.url(API_PATHS[api], this.upstreamModelId)]));
  }

  async forward(request: PassthroughRequest, context: CallContext): Promise<UpstreamResponse> {
    const url = this.urls.get(request.api);
    if (url === undefined) {
      throw new UnsupportedFeatureError({
        feature: `${request.api}-passthrough`,
        message: `Provider instance '${this.providerId}' does not pass the ${request.api} API through.`,
        providerId: this.providerId,
        modelId: this.modelId,
      });
    }
    const { value } = await postJson({
      url,
      headers:
        context.extraHeaders === undefined
          ? this.config.headers
          : { ...this.config.headers, ...context.extraHeaders },
      body: { ...request.body, model: this.upstreamModelId },
      dispatcher: this.config.dispatcher,
      signal: context.signal,
      authorize: this.config.authorize,
      successfulResponseHandler: rawResponseHandler,
      failedResponseHandler: this.config.failedResponseHandler,
      providerId: this.providerId,
      modelId: this.modelId,
    });
    return value;
  }
}

/**
 * A provider's `passthroughModel`: the pass-through model for the APIs the instance's `passthrough` setting names,
 * or `NoSuchModelError` (`MMX_MODEL_KIND_UNSUPPORTED`, so the gateway translates instead) for any other.
 */
export function createPassthroughModelFactory(
  config: OpenAICompatibleModelConfig,
  apis: readonly PassthroughApi[],
  upstreamModelId: (modelId: string) => string = (modelId) => modelId,
): (modelId: string, api: PassthroughApi) => PassthroughModel {
  return (modelId, api) => {
    if (!apis.includes(api)) {
      throw new NoSuchModelError({
        modelReference: `${config.providerId}:${modelId}`,
        code: 'MMX_MODEL_KIND_UNSUPPORTED',
        message: `Provider instance '${config.providerId}' does not pass the ${api} API through (see its passthrough setting).`,
      });
    }
    return new OpenAICompatiblePassthroughModel(modelId, config, {
      apis,
      upstreamModelId: upstreamModelId(modelId),
    });
  };
}
