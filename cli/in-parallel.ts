// Disk operations that do not depend on each other, a bounded number at a time: one awaited after another, each
// file costs a round trip through the event loop; all at once, tens of thousands exhaust file descriptors.

/** How many file operations are in flight at once. */
export const DISK_CONCURRENCY = 64;

/**
 * Runs `task` for every item, at most `limit` at a time. After the first failure no new task starts; the ones
 * in flight finish (so the caller's cleanup sees everything that was started), then the failure of the earliest
 * item is thrown. Not the first to happen: which of two failing writes the disk answers first varies from run
 * to run, and the message a user sees must not. Every item before a failed one has started (items start in
 * order), so the earliest failure is always among those seen.
 */
export async function inParallel<T>(
  items: readonly T[],
  task: (item: T) => Promise<void>,
  limit = DISK_CONCURRENCY,
): Promise<void> {
  let next = 0;
  const failures: { index: number; error: unknown }[] = [];
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        await task(items[index]!);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).error;
}
