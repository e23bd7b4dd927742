import { readFileSync } from 'node:fs';
import type { ChatEvent } from '@modelmux/core';
import { createSseResponseHandler } from '@modelmux/core/http';
import {
  convertOpenAICompatibleStreamChunks,
  openAICompatibleChatChunkSchema,
} from '@modelmux/provider-openai-compatible/internal';
import { splitAtEveryBoundary } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';

const lines = readFileSync(
  new URL('./__fixtures__/azure-async-filter-stream.1.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');
const wire = new TextEncoder().encode(`${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`);
const handler = createSseResponseHandler(openAICompatibleChatChunkSchema, { terminator: '[DONE]' });
const context = {
  warnings: [],
  url: 'https://contoso.openai.azure.com',
  providerId: 'azure',
  modelId: 'gpt-4o',
};

async function eventsFrom(pieces: Uint8Array[]): Promise<ChatEvent[]> {
  const body = Object.assign(
    (async function* () {
      yield* pieces;
    })(),
    { text: async () => '', destroy: () => undefined },
  );
  const batches = await handler({ url: context.url, statusCode: 200, headers: {}, body });
  const out: ChatEvent[] = [];
  for await (const event of convertOpenAICompatibleStreamChunks(batches, context)) out.push(event);
  return out;
}

describe('an Azure stream with the asynchronous content filter', () => {
  it('becomes one response with the prompt and output verdicts, the text and the usage', async () => {
    const out = await eventsFrom([wire]);
    expect(out[0]).toMatchObject({
      type: 'response-start',
      id: 'chatcmpl-AzF1lter',
      modelId: 'gpt-4o-2024-08-06',
    });
    expect(out[1]).toMatchObject({
      type: 'content-filter',
      results: { prompt: [{ promptIndex: 0, results: { jailbreak: { filtered: false, detected: false } } }] },
    });
    const text = out.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('');
    expect(text).toBe('Température à Paris : 18 °C ☀️');
    expect(out).toContainEqual({
      type: 'content-filter',
      results: { output: expect.objectContaining({ violence: { filtered: false, severity: 'safe' } }) },
    });
    expect(out.at(-1)).toEqual({
      type: 'response-end',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: expect.objectContaining({ inputTokens: 14, outputTokens: 9, totalTokens: 23 }),
    });
  });

  it('gives the same events however the bytes are split', async () => {
    const whole = await eventsFrom([wire]);
    for (const pieces of splitAtEveryBoundary(wire)) expect(await eventsFrom(pieces)).toEqual(whole);
  });
});
