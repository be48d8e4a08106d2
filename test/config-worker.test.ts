// The config worker serves one load after another in a long-lived process: every repository file loads afresh
// (an edited helper module is never served stale), a config that hangs or never settles is reported and its
// worker replaced, and the next load works.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadConfigModule } from "../cli/load-config.ts";

const test = suite("config worker");
let dir = "";
test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), "fawkes-worker-"));
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = 'import { teams } from "./teams.ts";\nexport default { teams };\n';

async function load(source = CONFIG, timeout = 20) {
  writeFileSync(join(dir, "fawkes.config.ts"), source);
  return loadConfigModule(join(dir, "fawkes.config.ts"), source, timeout);
}

test("an edited helper module is read afresh, though the config's own text did not change", async () => {
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a"];\n');
  assert.equal(await load(), { ok: true, config: { teams: ["a"] } });
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a", "b"];\n');
  assert.equal(await load(), { ok: true, config: { teams: ["a", "b"] } });
});

test("a config that never finishes times out; the next load gets a new worker and works", async () => {
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a"];\n');
  const hung = await load(`while (true) {}\n${CONFIG}`, 1);
  assert.equal(hung, { ok: false, reason: "timeout" });
  assert.equal(await load(), { ok: true, config: { teams: ["a"] } });
});

test("a top-level await that never settles is reported as such, then the next load works", async () => {
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a"];\n');
  const unsettled = await load(`await new Promise(() => {});\n${CONFIG}`);
  assert.is(unsettled.ok, false);
  assert.is((unsettled as { reason: string }).reason, "unsettled");
  assert.equal(await load(), { ok: true, config: { teams: ["a"] } });
});

test("a config that throws is reported with its error, and the worker serves the next load", async () => {
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a"];\n');
  const threw = await load(`throw new TypeError("bad");\n${CONFIG}`);
  assert.equal([threw.ok, (threw as { message: string }).message], [false, "bad"]);
  assert.equal(await load(), { ok: true, config: { teams: ["a"] } });
});

test("each load sees the process's environment as it is then, not what an earlier config set", async () => {
  const setter =
    'process.env.FAWKES_TEST_LEAK = "set by a config";\nexport default { seen: process.env.FAWKES_TEST_VALUE };\n';
  const reader =
    "export default { seen: process.env.FAWKES_TEST_VALUE, leaked: process.env.FAWKES_TEST_LEAK ?? null };\n";
  process.env.FAWKES_TEST_VALUE = "one";
  assert.equal(await load(setter), { ok: true, config: { seen: "one" } });
  process.env.FAWKES_TEST_VALUE = "two";
  assert.equal(await load(reader), { ok: true, config: { seen: "two", leaked: null } }, "the earlier one's is gone");
  assert.is(process.env.FAWKES_TEST_LEAK, undefined, "a config never changes this process's environment");
  delete process.env.FAWKES_TEST_VALUE;
});

test("a worker that fails while it waits between loads is dropped; the next load works", async () => {
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a"];\n');
  // A timer the config leaves behind throws after its load has replied.
  const late = 'setTimeout(() => { throw new Error("late"); }, 50);\n' + CONFIG;
  assert.equal(await load(late), { ok: true, config: { teams: ["a"] } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await load(), { ok: true, config: { teams: ["a"] } });
});

test.run();
