import {
  type CallContext,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  ConfigError,
  checkPluginCompatibility,
  createRegistry,
  type EmbeddingModel,
  ModelmuxError,
  type Provider,
  type ProviderPlugin,
} from '@modelmux/core';
import { type Interceptable, MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { collectChatEvents, findChatEventInvariantViolations } from './chat-event-invariants.js';

/** The scenarios every chat provider must serve. Versioned with the core SPEC_VERSION. */
export const CHAT_CONTRACT_SCENARIOS = [
  'chat.text',
  'chat.tool-call',
  'chat.stream.text',
  'chat.stream.tool-call',
  'chat.stream.usage',
  'chat.error.rate-limited',
  'chat.error.bad-request',
  'chat.error.invalid-response',
  'chat.abort',
] as const;

export type ChatContractScenario = (typeof CHAT_CONTRACT_SCENARIOS)[number];

/**
 * The scenarios every embedding provider must serve. The mounted replies must follow one convention so the suite can
 * check order: the input text `input-<n>` embeds as a vector whose first component is `n`.
 * - `embed.batch`: a request of the three texts `input-0` … `input-2`;
 * - `embed.too-many-inputs`: a request of `maxInputsPerCall + 1` texts `input-0` …, which the provider must split;
 * - `embed.error.rate-limited`: the upstream answers the first call with a 429.
 */
export const EMBED_CONTRACT_SCENARIOS = [
  'embed.batch',
  'embed.too-many-inputs',
  'embed.error.rate-limited',
] as const;

export type EmbedContractScenario = (typeof EMBED_CONTRACT_SCENARIOS)[number];

/** Registers the upstream replies for one scenario on the mock upstream (an undici MockPool). */
export type MountScenario = (upstream: Interceptable) => void;

export interface ProviderContractOptions {
  plugin: ProviderPlugin<never>;
  /** The plugin package's `package.json` name. */
  packageName: string;
  /** Settings that must be accepted; their upstream URL must use `origin`. */
  validSettings: unknown;
  /** Settings that must be rejected, each with the settings path the error must name (e.g. `base_url`). */
  invalidSettings: Array<{ settings: unknown; path: string }>;
  /** The upstream origin the valid settings point at; intercepted, never contacted. */
  origin: string;
  env?: Record<string, string>;
  chat?: {
    modelId: string;
    scenarios: Record<ChatContractScenario, MountScenario>;
    /** A request this provider cannot serve exactly, mounted with the `chat.text` replies; it must yield warnings. */
    lossyRequest: ChatRequest;
  };
  embed?: {
    modelId: string;
    scenarios: Record<EmbedContractScenario, MountScenario>;
  };
}

/** The texts `input-0` … `input-<count - 1>`. */
function numberedInputs(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `input-${index}`);
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

const textRequest: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: [{ type: 'text', text: 'Say hello.' }] },
  ],
  maxOutputTokens: 64,
};

const toolRequest: ChatRequest = {
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }],
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
  toolChoice: { type: 'auto' },
  maxOutputTokens: 64,
};

function context(signal: AbortSignal = new AbortController().signal): CallContext {
  return { signal, requestId: 'contract-request', logger: silentLogger };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

function expectUsageShape(usage: ChatResult['usage']): void {
  for (const value of [
    usage.inputTokens,
    usage.outputTokens,
    usage.totalTokens,
    usage.cachedInputTokens,
    usage.reasoningTokens,
  ]) {
    if (value !== undefined) expect(Number.isInteger(value) && value >= 0).toBe(true);
  }
}

/**
 * The contract suite every provider plugin runs in its own tests. All upstream traffic goes to an undici
 * MockAgent with network connections disabled.
 */
export function describeProviderContract(options: ProviderContractOptions): void {
  const { plugin } = options;

  describe(`provider contract: ${options.packageName}`, () => {
    describe('plugin metadata', () => {
      it('is named after its package, has a kebab-case type and a core range this core satisfies', () => {
        expect(plugin.kind).toBe('provider');
        expect(plugin.name).toBe(options.packageName);
        expect(plugin.type).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        expect(() => checkPluginCompatibility(plugin)).not.toThrow();
      });

      it('accepts the valid settings', () => {
        expect(plugin.settingsSchema.safeParse(options.validSettings).success).toBe(true);
      });

      it.each(options.invalidSettings.map((entry) => [entry.path, entry.settings] as const))(
        'rejects invalid settings at %s with a ConfigError naming the path',
        (path, settings) => {
          const registry = createRegistry({
            deps: { dispatcher: new MockAgent(), logger: silentLogger, env: options.env },
          });
          registry.addPlugin(plugin as ProviderPlugin<unknown>);
          let caught: unknown;
          try {
            registry.configure({ instances: [{ id: 'contract', type: plugin.type, settings }] });
          } catch (error) {
            caught = error;
          }
          expect(ConfigError.isInstance(caught)).toBe(true);
          expect((caught as ConfigError).issues.map((issue) => issue.path)).toContain(
            `providers.contract.${path}`,
          );
        },
      );
    });

    const embed = options.embed;
    if (embed !== undefined) describeEmbedContract(options, embed);

    const chat = options.chat;
    if (chat === undefined) return;

    describe('chat', () => {
      let agent: MockAgent | undefined;
      let provider: Provider | undefined;

      function setUp(scenario: ChatContractScenario): ChatModel {
        agent = new MockAgent();
        agent.disableNetConnect();
        chat?.scenarios[scenario](agent.get(options.origin));
        const settings = plugin.settingsSchema.parse(options.validSettings);
        provider = plugin.create(settings, {
          id: 'contract',
          dispatcher: agent,
          logger: silentLogger,
          now: Date.now,
          env: options.env ?? {},
        });
        const model = provider.chatModel?.(chat?.modelId ?? '');
        if (model === undefined) throw new Error('the provider has no chat models');
        return model;
      }

      afterEach(async () => {
        agent?.assertNoPendingInterceptors();
        await provider?.close?.();
        await provider?.close?.();
        await agent?.close();
        agent = undefined;
        provider = undefined;
      });

      it('chat.text: returns text, a stop finish reason and well-formed usage', async () => {
        const model = setUp('chat.text');
        expect(model.specVersion).toBe(1);
        expect(model).toMatchObject({ providerId: 'contract', modelId: chat.modelId });
        const result = await model.generate(textRequest, context());
        const text = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
        expect(text.length).toBeGreaterThan(0);
        expect(result.finishReason.unified).toBe('stop');
        expectUsageShape(result.usage);
      });

      it('chat.tool-call: returns a tool call whose arguments are JSON', async () => {
        const result = await setUp('chat.tool-call').generate(toolRequest, context());
        const calls = result.content.filter((part) => part.type === 'tool-call');
        expect(calls.length).toBeGreaterThan(0);
        for (const call of calls) {
          expect(call.callId).not.toBe('');
          expect(call.toolName).toBe('get_weather');
          expect(() => JSON.parse(call.arguments)).not.toThrow();
        }
        expect(result.finishReason.unified).toBe('tool-calls');
      });

      it('chat.stream.text: streams text within the invariants', async () => {
        const events = await collectChatEvents(
          await setUp('chat.stream.text').stream(textRequest, context()),
        );
        expect(findChatEventInvariantViolations(events)).toEqual([]);
        const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('');
        expect(text.length).toBeGreaterThan(0);
        expect(events.at(-1)).toMatchObject({ type: 'response-end', finishReason: { unified: 'stop' } });
      });

      it('chat.stream.tool-call: streams tool calls within the invariants', async () => {
        const events = await collectChatEvents(
          await setUp('chat.stream.tool-call').stream(toolRequest, context()),
        );
        expect(findChatEventInvariantViolations(events)).toEqual([]);
        expect(events.some((event) => event.type === 'tool-call-end')).toBe(true);
        expect(events.at(-1)).toMatchObject({
          type: 'response-end',
          finishReason: { unified: 'tool-calls' },
        });
      });

      it('chat.stream.usage: reports input and output tokens at the end of a stream', async () => {
        const events = await collectChatEvents(
          await setUp('chat.stream.usage').stream(textRequest, context()),
        );
        expect(findChatEventInvariantViolations(events)).toEqual([]);
        const end = events.at(-1);
        expect(end?.type).toBe('response-end');
        if (end?.type === 'response-end') {
          expect(end.usage.inputTokens).toBeGreaterThan(0);
          expect(end.usage.outputTokens).toBeGreaterThan(0);
        }
      });

      it('chat.error.rate-limited: MMX_UPSTREAM_RATE_LIMITED, retryable', async () => {
        const error = await rejection(setUp('chat.error.rate-limited').generate(textRequest, context()));
        expect(ModelmuxError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ code: 'MMX_UPSTREAM_RATE_LIMITED', retryable: true, httpStatus: 429 });
      });

      it('chat.error.bad-request: MMX_UPSTREAM_BAD_REQUEST, not retryable', async () => {
        const error = await rejection(setUp('chat.error.bad-request').generate(textRequest, context()));
        expect(error).toMatchObject({ code: 'MMX_UPSTREAM_BAD_REQUEST', retryable: false });
      });

      it('chat.error.invalid-response: MMX_UPSTREAM_INVALID_RESPONSE', async () => {
        const error = await rejection(setUp('chat.error.invalid-response').generate(textRequest, context()));
        expect(error).toMatchObject({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' });
      });

      it('chat.abort: an aborted signal rejects with AbortError and cancels the upstream call', async () => {
        const model = setUp('chat.abort');
        const controller = new AbortController();
        const pending = model.generate(textRequest, context(controller.signal));
        setTimeout(() => controller.abort(), 10);
        const error = await rejection(pending);
        expect((error as Error).name).toBe('AbortError');
        expect(ModelmuxError.isInstance(error)).toBe(false);
      });

      it('warnings: a request the provider cannot serve exactly yields warnings', async () => {
        const result = await setUp('chat.text').generate(chat.lossyRequest, context());
        expect(result.warnings.length).toBeGreaterThan(0);
      });
    });
  });
}

function describeEmbedContract(
  options: ProviderContractOptions,
  embed: NonNullable<ProviderContractOptions['embed']>,
): void {
  const { plugin } = options;
  describe('embeddings', () => {
    let agent: MockAgent | undefined;
    let provider: Provider | undefined;

    function setUp(scenario: EmbedContractScenario): EmbeddingModel {
      agent = new MockAgent();
      agent.disableNetConnect();
      embed.scenarios[scenario](agent.get(options.origin));
      provider = plugin.create(plugin.settingsSchema.parse(options.validSettings), {
        id: 'contract',
        dispatcher: agent,
        logger: silentLogger,
        now: Date.now,
        env: options.env ?? {},
      });
      const model = provider.embeddingModel?.(embed.modelId);
      if (model === undefined) throw new Error('the provider has no embedding models');
      return model;
    }

    afterEach(async () => {
      agent?.assertNoPendingInterceptors();
      await provider?.close?.();
      await agent?.close();
      agent = undefined;
      provider = undefined;
    });

    it('embed.batch: one vector per input, in input order', async () => {
      const model = setUp('embed.batch');
      expect(model).toMatchObject({ specVersion: 1, providerId: 'contract', modelId: embed.modelId });
      const result = await model.embed({ inputs: numberedInputs(3) }, context());
      expect(result.embeddings.map((vector) => vector[0])).toEqual([0, 1, 2]);
      for (const vector of result.embeddings) {
        expect(vector.length).toBeGreaterThan(1);
        expect(Array.from(vector).every((value) => Number.isFinite(value))).toBe(true);
      }
      if (result.usage.inputTokens !== undefined) expect(result.usage.inputTokens).toBeGreaterThan(0);
    });

    it('embed.too-many-inputs: splits a request over maxInputsPerCall and keeps the order', async () => {
      const model = setUp('embed.too-many-inputs');
      expect(Number.isInteger(model.maxInputsPerCall) && (model.maxInputsPerCall ?? 0) > 0).toBe(true);
      const count = (model.maxInputsPerCall ?? 0) + 1;
      const result = await model.embed({ inputs: numberedInputs(count) }, context());
      expect(result.embeddings.map((vector) => vector[0])).toEqual(
        numberedInputs(count).map((_, index) => index),
      );
    });

    it('embed.error.rate-limited: MMX_UPSTREAM_RATE_LIMITED, and no partial result', async () => {
      const error = await rejection(
        setUp('embed.error.rate-limited').embed({ inputs: numberedInputs(3) }, context()),
      );
      expect(error).toMatchObject({ code: 'MMX_UPSTREAM_RATE_LIMITED', retryable: true, httpStatus: 429 });
    });
  });
}
