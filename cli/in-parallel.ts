// Disk operations that do not depend on each other, a bounded number at a time: one awaited after another, each
// file costs a round trip through the event loop; all at once, tens of thousands exhaust file descriptors.

/** How many file operations are in flight at once. */
export const DISK_CONCURRENCY = 64;

/**
 * Runs `task` for every item, at most `limit` at a time. After the first failure no new task starts; the ones
 * in flight finish, then that failure is thrown (so the caller's cleanup sees everything that was started).
 */
export async function inParallel<T>(
  items: readonly T[],
  task: (item: T) => Promise<void>,
  limit = DISK_CONCURRENCY,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
