import { describe, expect, it } from 'vitest';
import { toBedrockToolUseId } from './to-bedrock-tool-use-id.js';

describe('toBedrockToolUseId', () => {
  it.each(['tooluse_abc', 'call_1', 'toolu_01A:x.y-z'])('keeps the valid id %s', (id) => {
    expect(toBedrockToolUseId(id)).toBe(id);
  });

  it.each(['call|1', 'a b', 'x'.repeat(80), '', 'call_1__thought__c2ln+/=='])(
    'maps %j to a valid, stable id',
    (id) => {
      const mapped = toBedrockToolUseId(id);
      expect(mapped).toMatch(/^[a-zA-Z0-9_.:-]{1,64}$/);
      expect(toBedrockToolUseId(id)).toBe(mapped);
    },
  );

  it('never maps two different ids to the same one', () => {
    expect(toBedrockToolUseId('call|1')).not.toBe(toBedrockToolUseId('call/1'));
  });
});
