import { describe, expect, it } from 'vitest';
import { splitIntoPieces, splitIntoWords } from './split-text.js';

describe('splitIntoWords', () => {
  it.each([
    ['Hello from  the emulator.', ['Hello ', 'from  ', 'the ', 'emulator.']],
    ['  leading and trailing ', ['  leading ', 'and ', 'trailing ']],
    ['one', ['one']],
    ['   ', ['   ']],
    ['', []],
  ])('%j → %j', (text, words) => {
    expect(splitIntoWords(text)).toEqual(words);
    expect(splitIntoWords(text).join('')).toBe(text);
  });
});

describe('splitIntoPieces', () => {
  it.each([
    ['abcdefghij', 3, ['abc', 'def', 'ghij']],
    ['abc', 5, ['a', 'b', 'c']],
    ['abc', 0, ['abc']],
    ['', 3, []],
    ['a😀b😀', 2, ['a😀', 'b😀']],
  ])('%j in %i → %j', (text, count, pieces) => {
    expect(splitIntoPieces(text, count)).toEqual(pieces);
  });
});
