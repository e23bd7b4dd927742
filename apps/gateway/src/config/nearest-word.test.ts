import { describe, expect, it } from 'vitest';
import { editDistance, nearestWord } from './nearest-word.js';

describe('nearestWord', () => {
  it.each([
    ['prot', ['host', 'port', 'body_limit'], 'port'],
    ['base_ur', ['base_url', 'api_key', 'headers'], 'base_url'],
    ['baseUrl', ['base_url', 'api_key'], 'base_url'],
    ['API_KEY', ['base_url', 'api_key'], 'api_key'],
    ['vertexx', ['vertex', 'bedrock', 'azure-openai', 'openai-compatible'], 'vertex'],
    ['openai', ['vertex', 'bedrock', 'azure-openai', 'openai-compatible'], undefined],
    ['timeout', ['base_url', 'api_key', 'headers', 'models'], undefined],
    ['x', ['y', 'z'], 'y'],
  ])('%s among %j → %s', (word, candidates, expected) => {
    expect(nearestWord(word, candidates)).toBe(expected);
  });

  it('counts a swapped pair as one edit', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
