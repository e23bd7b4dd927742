import { describe, expect, it } from 'vitest';
import { countPromptWords, countWords } from './count-words.js';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['one', 1],
    [' two  words\n', 2],
    ['tab\tseparated\u00a0words', 3],
  ])('%j → %i', (text, words) => {
    expect(countWords(text)).toBe(words);
  });
});

describe('countPromptWords', () => {
  it('counts string contents and text parts, and at least 1', () => {
    expect(
      countPromptWords([
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
        { role: 'assistant', content: null },
      ]),
    ).toBe(4);
    expect(countPromptWords([{ role: 'user', content: '' }])).toBe(1);
  });
});
