import { countWords } from '../openai-compatible-emulator/count-words.js';

function textOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const text = (value as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}

function countBlockWords(content: unknown): number {
  if (typeof content === 'string') return countWords(content);
  if (!Array.isArray(content)) return 0;
  let words = 0;
  for (const block of content) words += countWords(textOf(block) ?? '');
  return words;
}

/** Words in the text of a Claude request (`system` and `messages`), at least 1: its default input token count. */
export function countAnthropicPromptWords(body: { system?: unknown; messages: readonly unknown[] }): number {
  let words = countBlockWords(body.system);
  for (const message of body.messages) {
    if (typeof message === 'object' && message !== null)
      words += countBlockWords((message as { content?: unknown }).content);
  }
  return Math.max(1, words);
}

function countPartsWords(content: unknown): number {
  if (typeof content !== 'object' || content === null) return 0;
  return countBlockWords((content as { parts?: unknown }).parts);
}

/** Words in the text parts of a Gemini request (`systemInstruction` and `contents`), at least 1. */
export function countGeminiPromptWords(body: {
  systemInstruction?: unknown;
  contents: readonly unknown[];
}): number {
  let words = countPartsWords(body.systemInstruction);
  for (const content of body.contents) words += countPartsWords(content);
  return Math.max(1, words);
}
