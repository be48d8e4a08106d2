// The last step of `npm run build`: bundles the CLI that tsc compiled into dist/ into dist/bundle/, which
// bin/fawkes.js runs. A generate loads about 1,500 modules unbundled (each kubernetes-models class brings its
// schema validators, one module each), and resolving and linking them costs Node about 0.2 s per run; bundled,
// a no-op generate of the example takes 0.7 s instead of 0.9 s. The commands and the generators stay separate
// chunks, loaded on demand as before; the config worker is its own entry, beside the chunks (load-config.js
// finds it next to itself). dist/ itself stays as tsc wrote it: it is the package's API (`import … from
// "fawkes"`) and its declarations.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { BUILD_ID_FILE } from "../cli/last-generate.ts";

const ROOT = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };

/**
 * The dependencies bundled: pure JavaScript of many small modules. The others stay in node_modules, because
 * they find files beside their own code (prettier's plugins, the RE2 WebAssembly of the validators), are large
 * and loaded only by some commands, or hold code that Node treats differently inside node_modules (a
 * deprecated built-in the validators' formats require).
 */
const BUNDLED = ["kubernetes-models", "zod", "yaml", "@bufbuild/protobuf", "@bufbuild/cel", "commander", "cron-parser"];
const isBundled = (name: string) => BUNDLED.includes(name) || name.startsWith("@kubernetes-models/");
/** The kubernetes-models classes' validators (a dependency of theirs), kept out for the reasons above. */
const VALIDATORS = "@kubernetes-models/validate";
const external = [...Object.keys(pkg.dependencies).filter((name) => !isBundled(name)), VALIDATORS].flatMap((name) => [
  name,
  `${name}/*`,
]);

/**
 * The validators' RE2 runtime, replaced by one that compiles each pattern at its first test (cli/lazy-re2.ts):
 * the validators build their RE2 patterns as they load, and the first instantiates re2-wasm's WebAssembly.
 */
const lazyRe2: Plugin = {
  name: "lazy-re2",
  setup(build) {
    build.onResolve({ filter: /^@kubernetes-models\/validate\/runtime\/re2$/ }, () => ({
      path: join(ROOT, "dist/cli/lazy-re2.js"),
    }));
  },
};

// Chunk names carry content hashes: the chunks of an earlier build go first.
rmSync(join(ROOT, "dist/bundle"), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: [
    "dist/cli/main.js",
    "dist/cli/load-config.js",
    "dist/cli/config-worker.js",
    "dist/cli/disk-hash-worker.js",
    "dist/cli/staging-worker.js",
    "dist/cli/shard-worker.js",
  ],
  outdir: "dist/bundle",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  external,
  // Plugins resolve before `external` applies: this one module of the validators is bundled, as Fawkes's own.
  plugins: [lazyRe2],
  // CommonJS inside the bundle (kubernetes-models, yaml) calls `require` for Node's built-in modules.
  banner: {
    js: 'import { createRequire as fawkesRequire } from "node:module";\nconst require = fawkesRequire(import.meta.url);',
  },
  logLevel: "warning",
});

// The config's JSON Schema, made once here instead of in every run that writes it (schema/json-schema.ts).
const { makeConfigJsonSchema, BUILT_SCHEMA_FILE } = (await import(
  "../dist/schema/json-schema.js" as string
)) as typeof import("../schema/json-schema.ts");
writeFileSync(join(ROOT, "dist/bundle", BUILT_SCHEMA_FILE), JSON.stringify(makeConfigJsonSchema()));

// The build id: a hash of every file of the bundle, by which `generate` knows that the code that produced the
// last output is the code running now (cli/last-generate.ts).
const BUNDLE = join(ROOT, "dist/bundle");
const id = createHash("sha256");
for (const name of readdirSync(BUNDLE).sort()) id.update(`${name}\n`).update(readFileSync(join(BUNDLE, name)));
writeFileSync(join(BUNDLE, BUILD_ID_FILE), `${id.digest("hex")}\n`);
