// The layering rules of docs/architecture.md, enforced: generators read only the resolved model and the
// shared helpers in core/, never each other or the raw config; core never reaches into a generator.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { SMALL, resolveFrom } from "./helpers/model.ts";

const test = suite("architecture");
const ROOT = resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Repository-relative targets of a file's relative imports (`import … from "./x.ts"`, `import("./x.ts")`). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)"(\.[^"]+)"/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

test("a generator imports only its own folder, core/, schema/ and packages", () => {
  const offences: string[] = [];
  for (const file of sourceFiles("generators")) {
    const folder = file.split("/")[1]!;
    for (const target of importsOf(file)) {
      const allowed =
        target.startsWith("core/") ||
        (target.startsWith("schema/") && target !== "schema/config.ts") ||
        target === "generators/generator.ts" ||
        target.startsWith(`generators/${folder}/`) ||
        (file === "generators/index.ts" && target.startsWith("generators/"));
      if (!allowed) offences.push(`${file} imports ${target}`);
    }
  }
  assert.equal(offences, []);
});

test("generators never import the raw config, its validation or the pipeline", () => {
  const forbidden = [
    "core/validate.ts",
    "core/validate-shape.ts",
    "core/pipeline.ts",
    "core/resolve.ts",
    "core/resolve-service.ts",
    "schema/config.ts",
    "core/checks",
  ];
  const offences = sourceFiles("generators").flatMap((file) =>
    importsOf(file)
      .filter((t) => forbidden.some((f) => t.startsWith(f)))
      .map((t) => `${file} imports ${t}`),
  );
  assert.equal(offences, []);
});

test("core reaches the generators only through their registry, in the tree step", () => {
  const offences = sourceFiles("core").flatMap((file) =>
    importsOf(file)
      .filter((t) => t.startsWith("generators/") && !(file === "core/generate-tree.ts" && t === "generators/index.ts"))
      .map((t) => `${file} imports ${t}`),
  );
  assert.equal(offences, []);
});

test("the resolved model carries no raw config: no entity has a `config` field", () => {
  const model = resolveFrom(SMALL);
  const seen = new Set<object>();
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) {
      if (key === "config") found.push(`${path}.config`);
      walk(child, `${path}.${key}`);
    }
  };
  walk({ ...model, gateways: Object.fromEntries(model.gateways) }, "model");
  assert.equal(found, []);
});

test.run();
