// The config worker serves one load after another in a long-lived process: every repository file loads afresh
// (an edited helper module is never served stale), a config that hangs or never settles is reported and its
// worker replaced, and the next load works.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { forgetConfigAhead, loadConfigAhead, loadConfigModule, startConfigWorker } from "../cli/load-config.ts";
import { REPO } from "./helpers/repo.ts";
import { testUnless } from "./helpers/skip.ts";

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

test("a worker that loaded a large config is ended, not kept: the next load is in a new thread", async () => {
  // globalThis is the thread's: a count of 2 means the same thread served both loads.
  const counting = "globalThis.loads = (globalThis.loads ?? 0) + 1;\nexport default { loads: globalThis.loads };\n";
  assert.equal(await load(counting), { ok: true, config: { loads: 1 } });
  assert.equal(await load(counting), { ok: true, config: { loads: 2 } }, "a small config's thread is kept");
  const large = `${counting}// ${"x".repeat(256 * 1024)}\n`;
  assert.equal(await load(large), { ok: true, config: { loads: 3 } });
  assert.equal(await load(counting), { ok: true, config: { loads: 1 } }, "a new thread");
});

test("a worker that fails while it waits between loads is dropped; the next load works", async () => {
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a"];\n');
  // A timer the config leaves behind throws after its load has replied.
  const late = 'setTimeout(() => { throw new Error("late"); }, 50);\n' + CONFIG;
  assert.equal(await load(late), { ok: true, config: { teams: ["a"] } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await load(), { ok: true, config: { teams: ["a"] } });
});

test("a worker started ahead serves the next load, importing fawkes as the config does", async () => {
  startConfigWorker();
  const source = 'import { defineConfig } from "fawkes";\nexport default defineConfig({ teams: {} } as never);\n';
  writeFileSync(join(dir, "fawkes.config.ts"), source);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules/fawkes"));
  assert.equal(await loadConfigModule(join(dir, "fawkes.config.ts"), source, 20), { ok: true, config: { teams: {} } });
});

/** Runs `script` (an ES module that may use load-config's exports) in a new process, with the config folder as cwd. */
function runScript(script: string): { status: number | null; stdout: string; stderr: string } {
  const url = pathToFileURL(join(REPO, "dist/cli/load-config.js")).href;
  writeFileSync(
    join(dir, "run.mjs"),
    `const { loadConfigAhead, loadConfigModule, startConfigWorker } = await import(${JSON.stringify(url)});\n${script}`,
  );
  return spawnSync(process.execPath, [join(dir, "run.mjs")], { cwd: dir, encoding: "utf8" });
}

test("a process that starts the worker and never asks exits at once", () => {
  const started = performance.now();
  const run = runScript("startConfigWorker();");
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stderr, "");
  assert.ok(performance.now() - started < 5000);
});

test("a config beside a package.json without a type loads as an ES module; no warning of Node's is printed", () => {
  writeFileSync(join(dir, "package.json"), '{ "name": "platform" }\n');
  const config = join(dir, "fawkes.config.ts");
  writeFileSync(config, 'const teams: string[] = ["a"];\nexport default { teams };\n');
  for (const start of ["", "startConfigWorker();"]) {
    const run = runScript(
      `${start}\nconsole.log(JSON.stringify(await loadConfigModule(${JSON.stringify(config)}, "", 20)));`,
    );
    assert.is(run.stderr, "", start || "a worker started on demand");
    assert.equal(JSON.parse(run.stdout), { ok: true, config: { teams: ["a"] } });
  }
});

test("a helper module written as CommonJS still loads (Node decides the helpers' format)", async () => {
  writeFileSync(join(dir, "package.json"), '{ "name": "platform" }\n');
  writeFileSync(join(dir, "teams.ts"), 'module.exports = { teams: ["a"] as string[] };\n');
  assert.equal(await load('import helper from "./teams.ts";\nexport default { teams: helper.teams };\n'), {
    ok: true,
    config: { teams: ["a"] },
  });
});

/** A config that notes each time it runs, in `runs.log` beside it. */
function noting(value: string): string {
  const log = JSON.stringify(join(dir, "runs.log"));
  return `import { appendFileSync } from "node:fs";\nappendFileSync(${log}, "run\\n");\nexport default { value: ${JSON.stringify(value)} };\n`;
}
/** Resolves once `done` holds, polling (a load in another thread notes its runs in a file). */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 20_000) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const runs = () =>
  existsSync(join(dir, "runs.log")) ? readFileSync(join(dir, "runs.log"), "utf8").split("\n").length - 1 : 0;

test("a load started ahead serves the load asked for the same text: the config runs once", async () => {
  const config = join(dir, "fawkes.config.ts");
  writeFileSync(config, noting("a"));
  loadConfigAhead(config, noting("a"), 20);
  assert.equal(await loadConfigModule(config, noting("a"), 20), { ok: true, config: { value: "a" } });
  assert.is(runs(), 1);
});

test("a config edited, or the environment changed, after its load started ahead is loaded again", async () => {
  const config = join(dir, "fawkes.config.ts");
  writeFileSync(config, noting("a"));
  loadConfigAhead(config, noting("a"), 20);
  await until(() => runs() === 1);
  writeFileSync(config, noting("b"));
  assert.equal(await loadConfigModule(config, noting("b"), 20), { ok: true, config: { value: "b" } });
  assert.is(runs(), 2, "loaded again");
  const reader = "export default { seen: process.env.FAWKES_TEST_AHEAD ?? null };\n";
  writeFileSync(config, reader);
  loadConfigAhead(config, reader, 20);
  process.env.FAWKES_TEST_AHEAD = "set after";
  try {
    assert.equal(await loadConfigModule(config, reader, 20), { ok: true, config: { seen: "set after" } });
  } finally {
    delete process.env.FAWKES_TEST_AHEAD;
  }
});

test("a load started ahead and forgotten (its command ended) serves no later load: a helper edited since is read", async () => {
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["a"];\n');
  const log = JSON.stringify(join(dir, "runs.log"));
  const config = `import { appendFileSync } from "node:fs";\nappendFileSync(${log}, "run\\n");\n${CONFIG}`;
  writeFileSync(join(dir, "fawkes.config.ts"), config);
  loadConfigAhead(join(dir, "fawkes.config.ts"), config, 20);
  await until(() => runs() === 1);
  forgetConfigAhead();
  writeFileSync(join(dir, "teams.ts"), 'export const teams = ["b"];\n');
  assert.equal(await load(config), { ok: true, config: { teams: ["b"] } });
});

test("the time limit counts from the ask: a reply that came while the main thread was busy is taken", () => {
  const config = join(dir, "fawkes.config.ts");
  const marker = join(dir, "ran");
  const text = `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "");\nexport default { value: 1 };\n`;
  writeFileSync(config, text);
  // In a process of its own, with a new worker: the main thread stays busy past the limit counted from the start
  // (as while the command's modules load) until the config has run, lets the event loop turn once (as the
  // command does, reading files, before it asks), then asks.
  const [path, source] = [JSON.stringify(config), JSON.stringify(text)];
  const run = runScript(
    `const { existsSync } = await import("node:fs");\nloadConfigAhead(${path}, ${source}, 1);\n` +
      "const start = performance.now();\n" +
      `while (!existsSync(${JSON.stringify(marker)}) || performance.now() - start < 1500) if (performance.now() - start > 30000) break;\n` +
      "await new Promise((resolve) => setImmediate(resolve));\n" +
      `console.log(JSON.stringify(await loadConfigModule(${path}, ${source}, 1)));`,
  );
  assert.is(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout), { ok: true, config: { value: 1 } });
});

test("a load started ahead that is never asked for keeps no process alive, even a config that never finishes", () => {
  const config = join(dir, "fawkes.config.ts");
  writeFileSync(config, "while (true) {}\nexport default {};\n");
  const started = performance.now();
  const run = runScript(`startConfigWorker();\nloadConfigAhead(${JSON.stringify(config)}, "", 30);`);
  assert.is(run.status, 0, run.stderr);
  assert.ok(performance.now() - started < 10_000, "not the 30 s of the config's time limit");
});

test("the CLI runs the config once, though it starts the load ahead: also with --cwd through a link", () => {
  writeFileSync(join(dir, "fawkes.config.ts"), noting("a"));
  symlinkSync(dir, `${dir}-link`);
  try {
    for (const cwd of [dir, `${dir}-link`]) {
      rmSync(join(dir, "runs.log"), { force: true });
      const run = spawnSync(process.execPath, [join(REPO, "bin/fawkes.js"), "validate", "-C", cwd], {
        encoding: "utf8",
      });
      assert.is(run.status, 1, "the config is not a valid platform");
      assert.match(run.stderr, /config/);
      assert.is(runs(), 1, cwd);
    }
  } finally {
    rmSync(`${dir}-link`);
  }
});

/** Node 24 keeps a module's stripped TypeScript in its compile cache; Node 22 (22.23 checked) compiles it again. */
const stripsFromCache = Number(process.versions.node.split(".")[0]) >= 24;

testUnless(
  test,
  stripsFromCache ? undefined : `Node ${process.versions.node} does not keep stripped TypeScript in its compile cache`,
  "the CLI's config worker keeps the config's stripped text in Node's compile cache",
  () => {
    // bin/fawkes.js keeps the cache in the installation's node_modules/.cache, not in the shared temp folder (here
    // a folder of the test's); so must the config's worker, which Node does not give it (NODE_COMPILE_CACHE would
    // turn it on in every thread, so it is not set here).
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const marker = `fawkes-ahead-${process.pid}-${Date.now()}`;
    writeFileSync(join(dir, "fawkes.config.ts"), `const marker: string = "${marker}";\nexport default { marker };\n`);
    const run = spawnSync(process.execPath, [join(REPO, "bin/fawkes.js"), "validate", "-C", dir], {
      encoding: "utf8",
      env,
    });
    assert.is(run.status, 1, run.stderr);
    // Node's stripper blanks the annotation: the text with spaces in its place is the cached stripped module.
    const stripped = `const marker         = "${marker}"`;
    const cache = join(REPO, "node_modules/.cache/fawkes/compile");
    const files = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.ok(
      files.some((f) => readFileSync(join(f.parentPath, f.name), "latin1").includes(stripped)),
      `no file of ${cache} holds the stripped config`,
    );
    assert.not.ok(existsSync(join(dir, "node-compile-cache")), "nothing in the temp folder");
    // The cache is checked against the text: an edit of the same length is loaded as edited.
    const throwing = (word: string) => `const word: string = "${word}";\nthrow new Error(word);\n`;
    for (const word of ["first-word", "other-word", "first-word"]) {
      writeFileSync(join(dir, "fawkes.config.ts"), throwing(word));
      const loaded = spawnSync(process.execPath, [join(REPO, "bin/fawkes.js"), "validate", "-C", dir], {
        encoding: "utf8",
        env,
      });
      assert.is(loaded.status, 1, loaded.stderr);
      assert.match(loaded.stderr, word);
    }
  },
);

test.run();
