function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x3000 || code === 0xfeff;
}

/** Counts whitespace-separated words; the emulator's stand-in for a tokenizer. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const whitespace = isWhitespace(text.charCodeAt(index));
    if (!whitespace && !inWord) words++;
    inWord = !whitespace;
  }
  return words;
}

function countContentWords(content: unknown): number {
  if (typeof content === 'string') return countWords(content);
  if (!Array.isArray(content)) return 0;
  let words = 0;
  for (const part of content) {
    if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') {
      words += countWords((part as { text: string }).text);
    }
  }
  return words;
}

/** Words in the text content of a chat request's messages (at least 1), used as its prompt token count. */
export function countPromptWords(messages: readonly unknown[]): number {
  let words = 0;
  for (const message of messages) {
    if (typeof message === 'object' && message !== null) {
      words += countContentWords((message as { content?: unknown }).content);
    }
  }
  return Math.max(1, words);
}
