import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeParseJson } from './response-handlers.js';

const schema = z.object({ answer: z.number() });
/** Accepts `{"answer": <number>}` by hand, as a provider's fast path would; anything else goes to the schema. */
const fastPath = (json: unknown) =>
  typeof (json as { answer?: unknown } | null)?.answer === 'number'
    ? (json as { answer: number })
    : undefined;

describe('safeParseJson with a fast path', () => {
  it('takes what the fast path accepts without the schema, and the rest through the schema', () => {
    const calls: unknown[] = [];
    const counting = (json: unknown) => {
      calls.push(json);
      return fastPath(json);
    };
    expect(safeParseJson('{"answer":1,"extra":true}', schema, counting)).toEqual({
      success: true,
      value: { answer: 1, extra: true },
      rawText: '{"answer":1,"extra":true}',
    });
    expect(calls).toHaveLength(1);
  });

  it('fails malformed data exactly as the schema alone does', () => {
    for (const text of ['{"answer":"1"}', '{}', 'null', '[1]', '{"answer":1', 'nope']) {
      const withFastPath = safeParseJson(text, schema, fastPath);
      const schemaOnly = safeParseJson(text, schema);
      expect(withFastPath.success).toBe(false);
      if (withFastPath.success || schemaOnly.success) continue;
      expect(withFastPath.error.code).toBe('MMX_UPSTREAM_INVALID_RESPONSE');
      expect(withFastPath.error.message).toBe(schemaOnly.error.message);
    }
  });
});
