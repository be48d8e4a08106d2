// The committed files are read while the tree is built, up to a budget; the rest once the tree is known. Whatever
// the budget, the result is the same files, and the sync plan the same.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildTree } from "../cli/build-tree.ts";
import { finishDiskRead, readOwnershipOnDisk, startDiskRead } from "../cli/disk.ts";
import { createPathGuard } from "../cli/safe-path.ts";
import { planSync } from "../core/sync.ts";
import { generatedRepo } from "./helpers/scratch.ts";

const test = suite("disk read");

test("any early budget reads the same files (stale, edited, unowned included) and plans the same", async () => {
  const dir = await generatedRepo();
  try {
    writeFileSync(join(dir, "out/platform/apps/unowned.yaml"), "kind: Stray\n");
    writeFileSync(join(dir, "docs/reference/services.md"), "edited by hand\n");
    const io = { out: () => undefined, err: () => undefined };
    const built = (await buildTree({ cwd: dir, config: "fawkes.config.ts" }, io))!;
    const guard = await createPathGuard(dir);
    const previous = (await readOwnershipOnDisk(guard)).ownership;
    const read = (budget: number) => finishDiskRead(guard, startDiskRead(guard, previous, budget), built.tree);
    const whole = await read(Number.POSITIVE_INFINITY);
    assert.ok(whole.size > 400, `${whole.size} files`);
    assert.is(whole.get("out/platform/apps/unowned.yaml"), "kind: Stray\n");
    assert.is(whole.get("docs/reference/services.md"), "edited by hand\n");
    for (const budget of [0, 1, 50_000]) {
      const files = await read(budget);
      assert.equal([...files.keys()].sort(), [...whole.keys()].sort(), `budget ${budget}`);
      for (const [path, content] of whole) assert.is(files.get(path), content, path);
      const plan = planSync(built.tree, files, previous);
      assert.equal(
        [plan.changed.map((c) => c.file.path), plan.unexpected, plan.unchanged],
        [["docs/reference/services.md"], ["out/platform/apps/unowned.yaml"], built.tree.size - 1],
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
