// The published package, as a user installs it: `npm pack`, unpacked into an empty repository's
// node_modules/fawkes, its runtime dependencies linked from this repository's node_modules (no network here:
// linking the direct dependencies proves the same as `npm install <tarball>` would, that `dependencies` is
// complete, since anything missing from it is not linked and fails to import). Then `fawkes init`, `generate`
// and `check` from the package's own bin, and the user's config type-checked without @types/node.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { REPO } from "./helpers/repo.ts";

const test = suite("npm package");
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  private?: boolean;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const work = mkdtempSync(join(tmpdir(), "fawkes-package-"));
const TSC_BUILD_INFO = join(REPO, "node_modules/.cache/fawkes/package-test.tsbuildinfo");
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: readonly string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false" } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** `npm pack` (the build already ran: prepack would run it again) into the work folder; the tarball's files. */
function pack(): { tarball: string; files: string[] } {
  const packed = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], REPO);
  assert.is(packed.status, 0, packed.out);
  const [info] = JSON.parse(packed.out.slice(packed.out.indexOf("["))) as {
    filename: string;
    files: { path: string }[];
  }[];
  return { tarball: join(work, info!.filename), files: info!.files.map((f) => f.path) };
}
const packed = pack();

test("the package is publishable and builds before packing", () => {
  assert.is(pkg.private, undefined);
  assert.match(pkg.scripts.prepack ?? "", "npm run build");
});

test("the tarball holds built JavaScript and declarations, no TypeScript source, no tests", () => {
  assert.ok(packed.files.includes(pkg.bin.fawkes!), "the bin");
  assert.ok(packed.files.includes("dist/cli/main.js"), "the built CLI");
  assert.ok(packed.files.includes("dist/index.d.ts"), "the types");
  assert.ok(packed.files.includes("schema/fawkes.config.schema.json"));
  assert.ok(packed.files.includes("dist/bundle/config-schema.json"), "the JSON Schema the build made");
  assert.ok(packed.files.includes("jenkins-shared-library/vars/fawkesPipeline.groovy"));
  const sources = packed.files.filter((f) => /\.(ts|mts|cts)$/.test(f) && !/\.d\.ts$/.test(f));
  assert.equal(sources, []);
  assert.equal(
    packed.files.filter((f) => f.startsWith("test/") || f.startsWith("out/") || f.includes(".tsbuildinfo")),
    [],
  );
});

test("installed into an empty repository: init, generate and check pass; CI runs the installed fawkes", () => {
  const repo = join(work, "platform");
  const installed = join(repo, "node_modules/fawkes");
  mkdirSync(installed, { recursive: true });
  const unpacked = run("tar", ["xzf", packed.tarball, "-C", installed, "--strip-components=1"], repo);
  assert.is(unpacked.status, 0, unpacked.out);
  for (const name of Object.keys(pkg.dependencies)) {
    mkdirSync(dirname(join(repo, "node_modules", name)), { recursive: true });
    symlinkSync(join(REPO, "node_modules", name), join(repo, "node_modules", name));
  }
  const bin = join(installed, pkg.bin.fawkes!);
  for (const args of [["init", "--org", "adopter"], ["generate"], ["check"]]) {
    const r = run(process.execPath, [bin, ...args], repo);
    assert.is(r.status, 0, `fawkes ${args.join(" ")}: ${r.out}`);
  }
  const ci = readFileSync(join(repo, ".github/workflows/ci.yml"), "utf8");
  assert.match(ci, "npx fawkes check --format github");
  assert.not.match(ci, "npm test");
  assert.not.match(ci, ".nvmrc");
  const nav = readFileSync(join(repo, "mkdocs.yml"), "utf8");
  for (const page of [...nav.matchAll(/: (\S+\.md)$/gm)].map((m) => m[1]!))
    assert.ok(readdirSync(join(repo, "docs", dirname(page))).includes(page.split("/").pop()!), `mkdocs lists ${page}`);

  // The user's config type-checks against the installed package alone: no @types/node, declarations checked.
  // Incremental, with the last run's build info: TypeScript checks again every file whose text changed (and
  // what depends on it), and reuses the rest's results; the build info names files relative to itself.
  writeFileSync(
    join(repo, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        target: "es2023",
        strict: true,
        noEmit: true,
        types: [],
        skipLibCheck: false,
        incremental: true,
        tsBuildInfoFile: "tsc.tsbuildinfo",
      },
      include: ["fawkes.config.ts"],
    }),
  );
  if (existsSync(TSC_BUILD_INFO)) copyFileSync(TSC_BUILD_INFO, join(repo, "tsc.tsbuildinfo"));
  const tsc = run(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], repo);
  assert.is(tsc.status, 0, tsc.out);
  mkdirSync(dirname(TSC_BUILD_INFO), { recursive: true });
  copyFileSync(join(repo, "tsc.tsbuildinfo"), TSC_BUILD_INFO);
});

test.run();
