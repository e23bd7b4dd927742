/** Splits text into words that keep their trailing whitespace, so the pieces join back to the text. */
export function splitIntoWords(text: string): string[] {
  const pieces = text.match(/\s*\S+\s*/g) ?? [];
  if (pieces.length === 0) return text === '' ? [] : [text];
  return pieces;
}

/** Splits text into `count` pieces of about equal length, never inside a code point. Fewer when the text is short. */
export function splitIntoPieces(text: string, count: number): string[] {
  const codePoints = Array.from(text);
  const pieceCount = Math.max(1, Math.min(Math.floor(count), codePoints.length));
  if (codePoints.length === 0) return [];
  const pieces: string[] = [];
  for (let piece = 0; piece < pieceCount; piece++) {
    const start = Math.floor((piece * codePoints.length) / pieceCount);
    const end = Math.floor(((piece + 1) * codePoints.length) / pieceCount);
    pieces.push(codePoints.slice(start, end).join(''));
  }
  return pieces;
}
