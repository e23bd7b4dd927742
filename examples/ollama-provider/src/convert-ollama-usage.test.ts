import { describe, expect, it } from 'vitest';
import { convertOllamaUsage } from './convert-ollama-usage.js';

describe('convertOllamaUsage', () => {
  it('maps the prompt and output counts, adds them up, and keeps the durations raw', () => {
    expect(
      convertOllamaUsage({
        done: true,
        prompt_eval_count: 26,
        eval_count: 282,
        total_duration: 4883583458,
        load_duration: 1334875,
        prompt_eval_duration: 342546000,
        eval_duration: 4535599000,
      }),
    ).toEqual({
      inputTokens: 26,
      outputTokens: 282,
      totalTokens: 308,
      raw: {
        prompt_eval_count: 26,
        eval_count: 282,
        total_duration: 4883583458,
        load_duration: 1334875,
        prompt_eval_duration: 342546000,
        eval_duration: 4535599000,
      },
    });
  });

  it('leaves a count Ollama did not send undefined, never 0 (a fully cached prompt has no prompt_eval_count)', () => {
    expect(convertOllamaUsage({ done: true, eval_count: 5 })).toEqual({
      outputTokens: 5,
      raw: { eval_count: 5 },
    });
    expect(convertOllamaUsage({ done: false })).toEqual({});
  });
});
