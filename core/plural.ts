// A count for people, in messages and in phase details: `1 file`, `6759 files`.
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
