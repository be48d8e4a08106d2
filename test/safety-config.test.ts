// A config that never finishes, throws or imports something missing fails with a message pointing at it;
// an unsupported Node is named before anything loads.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { EXAMPLE_CONFIG, positionOf } from "./helpers/repo.ts";
import { fawkes, inRepo, scratchRepo } from "./helpers/scratch.ts";

const test = suite("loading the config");
let dir = "";

test.before.each(() => {
  dir = scratchRepo();
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(config: string): void {
  writeFileSync(join(dir, "fawkes.config.ts"), config);
}

test("a config that loops forever times out with a message naming the limit", async () => {
  writeConfig(`while (true) {}\n${EXAMPLE_CONFIG}`);
  const started = Date.now();
  const run = await inRepo(dir, ["--config-timeout", "1", "validate"]);
  assert.ok(Date.now() - started < 15_000, "it does not hang");
  assert.is(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /^fawkes\.config\.ts:1:1 \(config\): loading the config did not finish within 1 s \(an endless loop, or a top-level await that never settles\?\) \(fix the config; if it really needs longer, pass --config-timeout <seconds>\)/m,
  );
  const check = await inRepo(dir, ["--config-timeout", "1", "check"]);
  assert.is(check.code, 3, "check: cannot check, not drift");
});

test("a top-level await that never settles is named, not exit 13", async () => {
  writeConfig(`await new Promise(() => {});\n${EXAMPLE_CONFIG}`);
  const run = fawkes(dir, ["validate"], { timeoutMs: 20_000 });
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, /loading the config never finished: it awaits something that never settles/);
  assert.not.match(run.stderr, /Warning: Detected unsettled top-level await/);
});

test("an error thrown by the config points at the line that threw", async () => {
  const config = EXAMPLE_CONFIG.replace(
    "export default defineConfig({",
    'const port = (() => { throw new Error("no port configured"); })();\nexport default defineConfig({',
  );
  writeConfig(config);
  const { line } = positionOf(config, "throw new Error");
  const run = await inRepo(dir, ["validate"]);
  assert.is(run.code, 1);
  assert.match(
    run.stderr,
    new RegExp(`^fawkes\\.config\\.ts:${line}:\\d+ \\(config\\): cannot load the config: no port configured`, "m"),
  );
  assert.not.match(run.stderr, /:1:1 /);
});

test("a missing import points at the import statement", async () => {
  const config = EXAMPLE_CONFIG.replace(
    'import { defineConfig } from "fawkes";',
    'import { defineConfig } from "fawkes";\nimport { teams } from "./teams.ts";',
  );
  writeConfig(config);
  const { line, column } = positionOf(config, '"./teams.ts"');
  const run = await inRepo(dir, ["validate"]);
  assert.is(run.code, 1);
  assert.match(
    run.stderr,
    new RegExp(`^fawkes\\.config\\.ts:${line}:${column} \\(config\\): cannot load the config: Cannot find module`, "m"),
  );
});

test("--config-timeout needs a positive number of seconds", async () => {
  const run = await inRepo(dir, ["--config-timeout", "soon", "validate"]);
  assert.is(run.code, 2);
  assert.match(run.stderr, /give a number of seconds greater than 0/);
});

test("an unsupported Node is named at start-up", () => {
  for (const version of ["22.17.0", "20.19.1"]) {
    const fake = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`;
    const run = fawkes(dir, ["validate"], { nodeArgs: ["--import", fake] });
    assert.is(run.code, 1);
    assert.is(run.stderr, `Fawkes needs Node >= 22.18, you have ${version}.\n`);
  }
});

test.run();
