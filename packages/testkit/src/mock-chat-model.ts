import type { CallContext, ChatEvent, ChatModel, ChatRequest, ChatResult } from '@modelmux/core';

/** What a mock model does when called: a fixed result or events, or a function of the request. */
export interface MockChatModelScript {
  generate?: ChatResult | ((request: ChatRequest, context: CallContext) => ChatResult | Promise<ChatResult>);
  stream?:
    | readonly ChatEvent[]
    | ((
        request: ChatRequest,
        context: CallContext,
      ) => AsyncIterable<ChatEvent> | Promise<AsyncIterable<ChatEvent>>);
}

/** A chat model that replays a script and records every call, for gateway and converter tests. */
export class MockChatModel implements ChatModel {
  readonly specVersion = 1 as const;
  readonly calls: Array<{ kind: 'generate' | 'stream'; request: ChatRequest; context: CallContext }> = [];

  constructor(
    readonly providerId: string,
    readonly modelId: string,
    private readonly script: MockChatModelScript,
  ) {}

  async generate(request: ChatRequest, context: CallContext): Promise<ChatResult> {
    this.calls.push({ kind: 'generate', request, context });
    const { generate } = this.script;
    if (generate === undefined) throw new Error(`MockChatModel ${this.modelId} has no generate script`);
    return typeof generate === 'function' ? generate(request, context) : structuredClone(generate);
  }

  async stream(request: ChatRequest, context: CallContext): Promise<AsyncIterable<ChatEvent>> {
    this.calls.push({ kind: 'stream', request, context });
    const { stream } = this.script;
    if (stream === undefined) throw new Error(`MockChatModel ${this.modelId} has no stream script`);
    if (typeof stream === 'function') return stream(request, context);
    return (async function* () {
      yield* stream;
    })();
  }
}
