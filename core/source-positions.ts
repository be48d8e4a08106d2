// Line and column of an offset in JavaScript or TypeScript source, as Babel counts them (lines end at \r\n, \r,
// \n, U+2028 and U+2029; columns count UTF-16 units), so the config's tree is parsed without Babel's position
// objects on every node (core/locate-config.ts).
import type { SourcePosition } from "./problems.ts";

/** The position of each offset of `source` (1-based line and column). */
export function sourcePositions(source: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (const end of source.matchAll(/\r\n?|[\n\u2028\u2029]/g)) starts.push(end.index + end[0].length);
  const lines = Int32Array.from(starts);
  return (offset) => {
    // The last line that starts at or before the offset.
    let [low, high] = [0, lines.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (lines[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lines[low]! + 1 };
  };
}
