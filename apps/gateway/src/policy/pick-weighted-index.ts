/**
 * Picks an index with probability proportional to its weight, from cumulative weights (each the sum of the weights up
 * to and including its own).
 */
export function pickWeightedIndex(cumulativeWeights: readonly number[], random: () => number): number {
  const total = cumulativeWeights[cumulativeWeights.length - 1] ?? 0;
  const point = random() * total;
  for (let index = 0; index < cumulativeWeights.length; index++) {
    if (point < cumulativeWeights[index]!) return index;
  }
  return cumulativeWeights.length - 1;
}

/** The running sums of `weights`, for `pickWeightedIndex`. */
export function cumulativeSums(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((weight) => {
    sum += weight;
    return sum;
  });
}
