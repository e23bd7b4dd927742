import { describe, expect, it } from 'vitest';
import { OPENAI_SCHEMA_NAMES } from './openai-schema-name.js';
import openAiSchemas from './openai-schemas.json' with { type: 'json' };
import { assertOpenAiSchema, validateOpenAiSchema } from './validate-openai-schema.js';

function chatCompletion(): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-test',
    system_fingerprint: 'fp_test',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hi.', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 3,
      completion_tokens: 1,
      total_tokens: 4,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  };
}

function streamChunk(delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-test',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    usage: null,
  };
}

describe('validateOpenAiSchema', () => {
  it('accepts a correct chat.completion', () => {
    expect(validateOpenAiSchema('CreateChatCompletionResponse', chatCompletion())).toEqual([]);
  });

  it('rejects a chat.completion without choices and names the missing property', () => {
    const { choices: _choices, ...withoutChoices } = chatCompletion();
    const problems = validateOpenAiSchema('CreateChatCompletionResponse', withoutChoices);
    expect(problems).toEqual(["(root) must have required property 'choices'"]);
  });

  it('reports nested problems with their instance path', () => {
    const completion = chatCompletion();
    (completion.choices as Array<Record<string, unknown>>)[0]!.finish_reason = 'done';
    const problems = validateOpenAiSchema('CreateChatCompletionResponse', completion);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/choices\/0\/finish_reason must be equal to one of the allowed values/);
  });

  it('accepts stream chunks with finish_reason, logprobs and usage set to null (OpenAPI nullable)', () => {
    expect(
      validateOpenAiSchema(
        'CreateChatCompletionStreamResponse',
        streamChunk({ role: 'assistant', content: '' }, null),
      ),
    ).toEqual([]);
    expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', streamChunk({}, 'stop'))).toEqual([]);
  });

  it('still rejects a null where the schema does not allow it', () => {
    const chunk = streamChunk({}, null);
    chunk.id = null;
    expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', chunk)).toEqual(['/id must be string']);
  });

  it('accepts an ErrorResponse and requires param and code', () => {
    const error = {
      message: 'Rate limit reached',
      type: 'rate_limit_error',
      param: null,
      code: 'rate_limit_exceeded',
    };
    expect(validateOpenAiSchema('ErrorResponse', { error })).toEqual([]);
    expect(validateOpenAiSchema('ErrorResponse', { error: { message: 'x', type: 'server_error' } })).toEqual([
      "/error must have required property 'param'",
      "/error must have required property 'code'",
    ]);
  });

  it('follows the recursive compound filter of the Responses API file_search tool', () => {
    const request = (filters: unknown) => ({
      model: 'gpt-test',
      input: 'hi',
      tools: [{ type: 'file_search', vector_store_ids: ['vs_1'], filters }],
    });
    const nested = { type: 'and', filters: [{ type: 'or', filters: [{ type: 'eq', key: 'a', value: 1 }] }] };
    expect(validateOpenAiSchema('CreateResponse', request(nested))).toEqual([]);
    const badlyNested = { type: 'and', filters: [{ type: 'or', filters: [{ type: 'xor' }] }] };
    expect(validateOpenAiSchema('CreateResponse', request(badlyNested))).not.toEqual([]);
  });

  it('compiles every root schema', () => {
    expect(openAiSchemas.source.roots).toEqual([...OPENAI_SCHEMA_NAMES]);
    for (const name of OPENAI_SCHEMA_NAMES) {
      expect(() => validateOpenAiSchema(name, {})).not.toThrow();
    }
  });
});

describe('assertOpenAiSchema', () => {
  it('returns quietly for a valid value', () => {
    expect(() => assertOpenAiSchema('CreateChatCompletionResponse', chatCompletion())).not.toThrow();
  });

  it('throws with the problems and a truncated preview of the value', () => {
    const value = { object: 'list', data: 'x'.repeat(5000) };
    expect(() => assertOpenAiSchema('ListModelsResponse', value)).toThrowError(
      /ListModelsResponse:\n {2}- \/data must be array\nValue: \{"object":"list","data":"x+… \(\d+ chars\)$/,
    );
  });
});
