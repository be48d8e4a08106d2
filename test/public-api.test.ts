// The package's two entry points: "fawkes", which every TypeScript config imports, loads no validation code
// (a config loads while the CLI starts, and zod alone costs ~70 ms); "fawkes/schema" holds the zod schemas.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { EXAMPLE_RELEASES, REPO, caseFolder } from "./helpers/repo.ts";

const test = suite("public API");

/** The modules `specifier` loads, imported from a script in this repository (so "fawkes" resolves to it). */
function modulesLoadedBy(specifier: string): string[] {
  const script = join(caseFolder(), "load.mjs");
  writeFileSync(
    script,
    `import { registerHooks } from "node:module";
const seen = [];
registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
await import(${JSON.stringify(specifier)});
console.log(JSON.stringify(seen));`,
  );
  const run = spawnSync(process.execPath, [script], { cwd: REPO, encoding: "utf8" });
  assert.is(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as string[];
}

test('"fawkes" (what configs import) loads neither zod nor the schemas', () => {
  const loaded = modulesLoadedBy(pathToFileURL(join(REPO, "dist/index.js")).href);
  assert.ok(loaded.length > 0 && loaded.length < 10, loaded.join("\n"));
  assert.equal(
    loaded.filter((url) => url.includes("/node_modules/") || url.includes("/schema/config.js")),
    [],
  );
});

test('"fawkes/schema" validates a config and a releases file', async () => {
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
    exports: Record<string, { default: string }>;
  };
  const { fawkesConfigSchema, releasesSchema } = (await import(
    pathToFileURL(join(REPO, pkg.exports["./schema"]!.default)).href
  )) as typeof import("../schema/validators.ts");
  const { default: config } = (await import(pathToFileURL(join(REPO, "fawkes.config.ts")).href)) as {
    default: unknown;
  };
  assert.ok(fawkesConfigSchema.safeParse(config).success);
  assert.not.ok(fawkesConfigSchema.safeParse({ platform: {} }).success);
  const { parse } = await import("yaml");
  assert.ok(releasesSchema.safeParse(parse(EXAMPLE_RELEASES)).success);
});

test.run();
