import { countWords } from '../openai-compatible-emulator/count-words.js';

function textOf(block: unknown): string {
  if (typeof block !== 'object' || block === null) return '';
  const text = (block as { text?: unknown }).text;
  return typeof text === 'string' ? text : '';
}

function countBlockWords(blocks: unknown): number {
  if (!Array.isArray(blocks)) return 0;
  let words = 0;
  for (const block of blocks) words += countWords(textOf(block));
  return words;
}

/** Words in the text blocks of a Converse request (`system` and `messages`), at least 1: its default input tokens. */
export function countConversePromptWords(body: { system?: unknown; messages: readonly unknown[] }): number {
  let words = countBlockWords(body.system);
  for (const message of body.messages) {
    if (typeof message === 'object' && message !== null)
      words += countBlockWords((message as { content?: unknown }).content);
  }
  return Math.max(1, words);
}
