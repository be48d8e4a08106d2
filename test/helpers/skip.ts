// Honest skips: a test that cannot run here is registered with uvu's test.skip, so the summary counts it
// under "Skipped", and the reason is printed once when the file loads.
import type { Callback, Test } from "uvu";

/** Registers `fn` as a test, or as a skipped one (with `reason` printed) when `reason` is set. */
export function testUnless<T>(test: Test<T>, reason: string | undefined, name: string, fn: Callback<T>): void {
  if (reason === undefined) {
    test(name, fn);
    return;
  }
  console.log(`skip: ${name}: ${reason}`);
  test.skip(name, fn);
}
