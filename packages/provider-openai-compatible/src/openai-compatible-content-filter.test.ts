import type { ChatEvent } from '@modelmux/core';
import type { ParseResult } from '@modelmux/core/http';
import { describe, expect, it } from 'vitest';
import { convertOpenAICompatibleChatResponse } from './convert-openai-compatible-chat-response.js';
import { convertOpenAICompatibleStreamChunks } from './convert-openai-compatible-stream-chunks.js';
import type { OpenAICompatibleChatChunk } from './openai-compatible-api-schemas.js';
import { describeOpenAICompatibleError } from './openai-compatible-error.js';

// Shapes from WIRE-FORMATS §8.3 (Azure OpenAI).
const safe = { filtered: false, severity: 'safe' };
const promptVerdict = {
  hate: safe,
  self_harm: safe,
  sexual: safe,
  violence: safe,
  jailbreak: { filtered: false, detected: false },
};
const outputVerdict = { hate: safe, self_harm: safe, sexual: safe, violence: safe };
const blockedVerdict = { ...outputVerdict, violence: { filtered: true, severity: 'high' } };

async function events(chunks: OpenAICompatibleChatChunk[]): Promise<ChatEvent[]> {
  const parsed: Array<ParseResult<OpenAICompatibleChatChunk>> = chunks.map((value) => ({
    success: true,
    value,
    rawText: '',
  }));
  async function* batches() {
    yield parsed;
  }
  const out: ChatEvent[] = [];
  const context = { warnings: [], url: 'http://azure.test', providerId: 'az', modelId: 'dep' };
  for await (const event of convertOpenAICompatibleStreamChunks(batches(), context)) out.push(event);
  return out;
}

describe('content-filter verdicts (Azure OpenAI)', () => {
  it('keeps prompt and output verdicts of a completion', () => {
    const result = convertOpenAICompatibleChatResponse(
      {
        id: 'chatcmpl-1',
        model: 'gpt-4o',
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: promptVerdict }],
        choices: [
          { message: { content: 'Hi' }, finish_reason: 'stop', content_filter_results: outputVerdict },
        ],
      },
      [],
    );
    expect(result.contentFilter).toEqual({
      prompt: [{ promptIndex: 0, results: promptVerdict }],
      output: outputVerdict,
    });
  });

  it('reads the older prompt_annotations spelling and leaves contentFilter out when there is none', () => {
    const annotated = convertOpenAICompatibleChatResponse(
      {
        prompt_annotations: [{ prompt_index: 0, content_filter_results: promptVerdict }],
        choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }],
      },
      [],
    );
    expect(annotated.contentFilter).toEqual({ prompt: [{ promptIndex: 0, results: promptVerdict }] });
    const plain = convertOpenAICompatibleChatResponse(
      { choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }] },
      [],
    );
    expect(plain).not.toHaveProperty('contentFilter');
  });

  it('starts the stream on the first real chunk, not on the empty-id annotation chunk', async () => {
    const out = await events([
      {
        id: '',
        model: '',
        choices: [],
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: promptVerdict }],
      },
      {
        id: 'chatcmpl-9',
        model: 'gpt-4o',
        choices: [{ index: 0, delta: { role: 'assistant', content: '' } }],
      },
      {
        id: 'chatcmpl-9',
        model: 'gpt-4o',
        choices: [{ index: 0, delta: { content: 'Hel' }, content_filter_results: outputVerdict }],
      },
      { id: 'chatcmpl-9', model: 'gpt-4o', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ]);
    expect(out.map((event) => event.type)).toEqual([
      'response-start',
      'content-filter',
      'content-filter',
      'text-start',
      'text-delta',
      'text-end',
      'response-end',
    ]);
    expect(out[0]).toMatchObject({ id: 'chatcmpl-9', modelId: 'gpt-4o' });
    expect(out[1]).toEqual({
      type: 'content-filter',
      results: { prompt: [{ promptIndex: 0, results: promptVerdict }] },
    });
    expect(out[2]).toEqual({ type: 'content-filter', results: { output: outputVerdict } });
  });

  it('ends an asynchronously filtered stream with content_filter from a chunk that has no delta', async () => {
    const out = await events([
      { id: 'c', model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'Some' } }] },
      {
        id: '',
        model: '',
        choices: [{ index: 0, finish_reason: 'content_filter', content_filter_results: blockedVerdict }],
      },
    ]);
    expect(out.at(-2)).toMatchObject({ type: 'text-end' });
    expect(out).toContainEqual({ type: 'content-filter', results: { output: blockedVerdict } });
    expect(out.at(-1)).toMatchObject({
      type: 'response-end',
      finishReason: { unified: 'content-filter', raw: 'content_filter' },
    });
  });

  it('still starts and fails cleanly when a stream has only the annotation chunk', async () => {
    const out = await events([
      {
        id: '',
        choices: [],
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: promptVerdict }],
      },
    ]);
    expect(out.map((event) => event.type)).toEqual(['response-start', 'content-filter', 'error']);
  });

  it.each([
    ['innererror', 'content_filter_result'],
    ['inner_error', 'content_filter_results'],
  ])('describes a filtered prompt from %s.%s', (innerKey, resultsKey) => {
    const details = describeOpenAICompatibleError({
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        [innerKey]: { code: 'ResponsibleAIPolicyViolation', [resultsKey]: blockedVerdict },
      },
    });
    expect(details).toEqual({
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
      upstreamCode: 'content_filter',
      upstreamParam: 'prompt',
      contentFilter: {
        code: 'ResponsibleAIPolicyViolation',
        results: { prompt: [{ promptIndex: 0, results: blockedVerdict }] },
      },
    });
  });
});
