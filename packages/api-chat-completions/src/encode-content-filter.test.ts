import { UpstreamError } from '@modelmux/core';
import { validateOpenAiSchema } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { encodeChatCompletionsError } from './encode-chat-completions-error.js';
import { encodeChatCompletionsResult } from './encode-chat-completions-result.js';
import { ChatCompletionsStreamEncoder } from './encode-chat-completions-stream.js';

const meta = { requestId: 'req1', modelReference: 'azure:chat', createdAt: 1_767_225_600_500 };
const safe = { filtered: false, severity: 'safe' };
const promptVerdict = { hate: safe, jailbreak: { filtered: false, detected: false } };
const outputVerdict = { hate: safe, violence: safe };

describe('content-filter verdicts in Chat Completions', () => {
  it('adds prompt_filter_results and the choice’s content_filter_results to a completion, as Azure does', () => {
    const body = encodeChatCompletionsResult(
      {
        content: [{ type: 'text', text: 'Hi' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {},
        warnings: [],
        contentFilter: { prompt: [{ promptIndex: 0, results: promptVerdict }], output: outputVerdict },
      },
      meta,
    );
    expect(body.prompt_filter_results).toEqual([{ prompt_index: 0, content_filter_results: promptVerdict }]);
    expect((body.choices as Array<Record<string, unknown>>)[0]?.content_filter_results).toEqual(
      outputVerdict,
    );
    expect(validateOpenAiSchema('CreateChatCompletionResponse', body)).toEqual([]);
  });

  it('streams prompt verdicts as a choice-less chunk and output verdicts with the next choice chunk', () => {
    const encoder = new ChatCompletionsStreamEncoder(meta, { includeUsage: false });
    const frames = [
      encoder.encode({ type: 'response-start', id: 'chatcmpl-up', warnings: [] }),
      encoder.encode({
        type: 'content-filter',
        results: { prompt: [{ promptIndex: 0, results: promptVerdict }] },
      }),
      encoder.encode({ type: 'content-filter', results: { output: outputVerdict } }),
      encoder.encode({ type: 'text-start', blockId: 't' }),
      encoder.encode({ type: 'text-delta', blockId: 't', delta: 'Hi' }),
      encoder.encode({ type: 'text-delta', blockId: 't', delta: '!' }),
      encoder.encode({ type: 'text-end', blockId: 't' }),
      encoder.encode({ type: 'response-end', finishReason: { unified: 'content-filter' }, usage: {} }),
    ]
      .join('')
      .split('\n\n')
      .filter((frame) => frame !== '' && frame !== 'data: [DONE]')
      .map((frame) => JSON.parse(frame.slice('data: '.length)) as Record<string, unknown>);
    expect(frames).toHaveLength(5);
    expect(frames[1]).toEqual({
      id: 'chatcmpl-up',
      object: 'chat.completion.chunk',
      created: 1_767_225_600,
      model: 'azure:chat',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: promptVerdict }],
    });
    expect(frames[2]?.choices).toEqual([
      {
        index: 0,
        delta: { content: 'Hi' },
        logprobs: null,
        finish_reason: null,
        content_filter_results: outputVerdict,
      },
    ]);
    expect((frames[3]!.choices as Array<Record<string, unknown>>)[0]).not.toHaveProperty(
      'content_filter_results',
    );
    expect((frames[4]!.choices as Array<Record<string, unknown>>)[0]?.finish_reason).toBe('content_filter');
    for (const frame of frames)
      expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', frame)).toEqual([]);
  });

  it('passes a filtered prompt’s verdicts on in OpenAI’s error shape with Azure’s innererror', () => {
    const verdict = { ...promptVerdict, violence: { filtered: true, severity: 'high' } };
    const encoded = encodeChatCompletionsError(
      new UpstreamError({
        statusCode: 400,
        message: 'The response was filtered due to the prompt triggering the content management policy.',
        upstreamCode: 'content_filter',
        upstreamParam: 'prompt',
        contentFilter: {
          code: 'ResponsibleAIPolicyViolation',
          results: { prompt: [{ promptIndex: 0, results: verdict }] },
        },
      }),
    );
    expect(encoded.status).toBe(400);
    expect(encoded.body).toEqual({
      error: {
        message: 'The response was filtered due to the prompt triggering the content management policy.',
        type: 'invalid_request_error',
        param: 'prompt',
        code: 'content_filter',
        innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: verdict },
      },
    });
  });
});
