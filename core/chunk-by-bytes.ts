// Objects too large for one file or one Kubernetes object, cut into runs under a byte budget.

/** Consecutive runs of items, each within the budget by `bytesOf` (an item over it alone still gets its own run). */
export function chunkByBytes<T>(items: readonly T[], budget: number, bytesOf: (item: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = bytesOf(item);
    if (current.length > 0 && size + bytes > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
