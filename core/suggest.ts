// "did you mean …?" hints.

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest candidate within a third of the word's length, if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `did you mean "payments"?` or the list of known names. */
export function suggestName(word: string, candidates: readonly string[], what: string): string {
  const match = closest(word, candidates);
  if (match !== undefined) return `did you mean "${match}"?`;
  if (candidates.length === 0) return `no ${what} is declared`;
  const shown = [...candidates]
    .sort()
    .slice(0, 8)
    .map((c) => `"${c}"`)
    .join(", ");
  return `known ${what}s: ${shown}${candidates.length > 8 ? ", …" : ""}`;
}
