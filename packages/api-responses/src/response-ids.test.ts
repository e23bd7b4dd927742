import { describe, expect, it } from 'vitest';
import { newResponseId, outputItemId } from './response-ids.js';

describe('response ids', () => {
  it('are resp_ + 48 hex digits and never repeat, across refills of the random pool', () => {
    const ids = Array.from({ length: 1000 }, () => newResponseId());
    for (const id of ids) expect(id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name output items after their response', () => {
    expect(outputItemId('msg', `resp_${'a'.repeat(48)}`, 10)).toBe(`msg_${'a'.repeat(48)}0a`);
  });
});
