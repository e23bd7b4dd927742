import { safeParseJson } from '@modelmux/core/http';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/read-fixture.js';
import { convertOllamaChatResponse } from './convert-ollama-chat-response.js';
import { ollamaChatResponseSchema } from './ollama-api-schemas.js';

describe('convertOllamaChatResponse', () => {
  it('converts a text reply with its finish reason, usage and model', () => {
    const parsed = safeParseJson(readFixture('ollama-text.1.json'), ollamaChatResponseSchema);
    if (!parsed.success) throw parsed.error;
    const warnings = [{ type: 'other' as const, message: 'kept' }];
    expect(convertOllamaChatResponse(parsed.value, warnings)).toEqual({
      modelId: 'llama3.2',
      content: [{ type: 'text', text: 'The current temperature in Toronto is 11°C.' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: 94,
        outputTokens: 11,
        totalTokens: 105,
        raw: expect.objectContaining({ prompt_eval_count: 94, eval_count: 11, total_duration: 890771750 }),
      },
      warnings,
    });
  });

  it('puts thinking first, then text, then tool calls with numbered ids and JSON arguments', () => {
    const result = convertOllamaChatResponse(
      {
        model: 'qwen3:8b',
        message: {
          role: 'assistant',
          content: 'Checking.',
          thinking: 'Two lookups.',
          tool_calls: [
            { function: { name: 'get_weather', arguments: { city: 'Tokyo' } } },
            { function: { name: 'get_time', arguments: null } },
          ],
        },
        done: true,
        done_reason: 'stop',
      },
      [],
    );
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'Two lookups.' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', callId: 'call_0', toolName: 'get_weather', arguments: '{"city":"Tokyo"}' },
      { type: 'tool-call', callId: 'call_1', toolName: 'get_time', arguments: '{}' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'stop' });
    expect(result.usage).toEqual({});
  });

  it('converts an empty reply (a load request) to no content and an other finish reason', () => {
    const result = convertOllamaChatResponse(
      { model: 'llama3.2', message: { role: 'assistant', content: '' }, done: true, done_reason: 'load' },
      [],
    );
    expect(result.content).toEqual([]);
    expect(result.finishReason).toEqual({ unified: 'other', raw: 'load' });
  });
});
