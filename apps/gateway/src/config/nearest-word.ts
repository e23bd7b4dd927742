/** Edit distance where swapping two neighbouring characters counts as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  const at = (row: number, column: number) => (table[row] as number[])[column] as number;
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      let best = Math.min(at(row - 1, column) + 1, at(row, column - 1) + 1, at(row - 1, column - 1) + cost);
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1])
        best = Math.min(best, at(row - 2, column - 2) + 1);
      (table[row] as number[])[column] = best;
    }
  }
  return at(rows - 1, columns - 1);
}

/**
 * The candidate `word` was most likely meant to be — a typo, a swapped pair, a different case or separator — or
 * undefined when none is close (at most a third of the word's letters differ, and at least one may).
 */
export function nearestWord(word: string, candidates: Iterable<string>): string | undefined {
  const normalize = (text: string) => text.toLowerCase().replace(/[-_ ]/g, '');
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance =
      normalize(candidate) === normalize(word)
        ? 0
        : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}
