import { describe, expect, it } from 'vitest';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';

describe('mapOllamaDoneReason', () => {
  it.each([
    ['stop', false, { unified: 'stop', raw: 'stop' }],
    ['stop', true, { unified: 'tool-calls', raw: 'stop' }],
    ['length', false, { unified: 'length', raw: 'length' }],
    ['length', true, { unified: 'length', raw: 'length' }],
    ['load', false, { unified: 'other', raw: 'load' }],
    ['unload', false, { unified: 'other', raw: 'unload' }],
    ['something-new', false, { unified: 'other', raw: 'something-new' }],
    [undefined, false, { unified: 'stop' }],
    [null, true, { unified: 'tool-calls' }],
    ['', false, { unified: 'stop' }],
  ] as const)('%s (tool calls: %s) → %o', (raw, hasToolCalls, expected) => {
    expect(mapOllamaDoneReason(raw, { hasToolCalls })).toEqual(expected);
  });
});
