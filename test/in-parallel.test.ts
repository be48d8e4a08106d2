// Disk operations run a bounded number at a time; after a failure nothing new starts, what is running finishes,
// and the earliest item's failure is what the caller sees, whichever failed first (its cleanup then knows
// everything that was started, and the message does not depend on the disk's timing).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inParallel } from "../cli/in-parallel.ts";

const test = suite("in-parallel");
const tick = () => new Promise((resolve) => setImmediate(resolve));

test("every item once, never more than the limit at a time", async () => {
  let running = 0;
  let peak = 0;
  const seen: number[] = [];
  await inParallel(
    Array.from({ length: 100 }, (_, i) => i),
    async (i) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      seen.push(i);
      running--;
    },
    8,
  );
  assert.equal(
    [...seen].sort((a, b) => a - b),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.is(peak, 8);
});

test("after the first failure no new item starts; those running finish; the first failure is thrown", async () => {
  const started: number[] = [];
  const finished: number[] = [];
  const error = await inParallel(
    Array.from({ length: 50 }, (_, i) => i),
    async (i) => {
      started.push(i);
      await tick();
      if (i === 3) throw new Error("first");
      if (i === 4) throw new Error("second");
      await tick();
      finished.push(i);
    },
    4,
  ).catch((e: Error) => e);
  assert.instance(error, Error);
  assert.is((error as Error).message, "first");
  assert.equal(started, [0, 1, 2, 3], "nothing starts after the failure");
  assert.equal(finished.sort(), [0, 1, 2], "the others ran to the end");
});

test("no items: nothing runs", async () => {
  await inParallel([], async () => assert.unreachable());
});

test("the earliest item's failure is thrown, however the failures are timed", async () => {
  for (const slowFirst of [true, false]) {
    const error = await inParallel(
      [0, 1, 2, 3],
      async (i) => {
        // Item 1 fails after item 2 when slowFirst, before it otherwise.
        for (let t = 0; t < (i === 1 && slowFirst ? 5 : 1); t++) await tick();
        if (i === 1 || i === 2) throw new Error(`item ${i}`);
      },
      4,
    ).catch((e: Error) => e);
    assert.is((error as Error).message, "item 1", `slow first: ${slowFirst}`);
  }
});

test.run();
