// The CLI runs with production dependencies only (`npm ci --omit=dev`): every package the built CLI imports,
// statically or on demand, is in `dependencies`, and `dependencies` holds nothing it never imports.
import { parse } from "@babel/parser";
import { builtinModules } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { REPO } from "./helpers/repo.ts";

const test = suite("runtime dependencies");
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Module specifiers of `import`, `export … from`, `import("x")` and `require("x")`, from the syntax tree (not from strings that look like code). */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const n = node as {
      type?: string;
      source?: { type?: string; value?: unknown };
      callee?: { type?: string; name?: string };
      arguments?: { type?: string; value?: unknown }[];
    };
    if (
      (n.type === "ImportDeclaration" ||
        n.type === "ExportNamedDeclaration" ||
        n.type === "ExportAllDeclaration" ||
        n.type === "ImportExpression") &&
      typeof n.source?.value === "string"
    )
      found.push(n.source.value);
    // `import("x")`, and `require("x")` (a package loaded at its first use, core/babel-parser.ts).
    const loads = n.callee?.type === "Import" || (n.callee?.type === "Identifier" && n.callee.name === "require");
    if (n.type === "CallExpression" && loads && typeof n.arguments?.[0]?.value === "string")
      found.push(n.arguments[0].value);
    for (const [key, value] of Object.entries(n)) if (key !== "loc" && key !== "start" && key !== "end") visit(value);
  };
  visit(parse(code, { sourceType: "module" }).program);
  return found;
}

function packageOf(specifier: string): string | undefined {
  if (
    specifier.startsWith(".") ||
    specifier.startsWith("/") ||
    specifier.startsWith("node:") ||
    builtinModules.includes(specifier.split("/")[0]!)
  )
    return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

let scanned: Map<string, string> | undefined;

/** Each package the built CLI imports, with the first file that imports it (scanned once: dist/ is large). */
function runtimeImports(): Map<string, string> {
  if (scanned) return scanned;
  const found = new Map<string, string>();
  const files = [
    join(REPO, "bin/fawkes.js"),
    ...readdirSync(join(REPO, "dist"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".js"))
      .map((e) => join(e.parentPath, e.name)),
  ];
  for (const file of files) {
    for (const specifier of specifiers(readFileSync(file, "utf8"))) {
      const name = packageOf(specifier);
      if (name !== undefined && !found.has(name)) found.set(name, relative(REPO, file));
    }
  }
  return (scanned = found);
}

/**
 * The packages the CLI loads from a dependency's folder rather than its own, and where: cli/lazy-re2.ts requires
 * re2-wasm through the validators' resolution (an optional dependency of theirs). Anything else must be
 * Fawkes's own dependency: an import that works only where npm hoists another package's dependency breaks
 * under other layouts.
 */
const LOADED_THROUGH: Record<string, { readonly dependency: string; readonly file: string }> = {
  "re2-wasm": { dependency: "@kubernetes-models/validate", file: "dist/cli/lazy-re2.js" },
};

/** The dependencies an installed package declares (optional ones too: npm installs them where they build). */
function dependenciesOf(name: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(REPO, "node_modules", name, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  return { ...manifest.dependencies, ...manifest.optionalDependencies };
}

test("every package dist/ imports is a production dependency", () => {
  const imports = runtimeImports();
  assert.ok(imports.size > 10, "the scan finds the CLI's imports");
  for (const [name, file] of imports) {
    if (name === "fawkes") continue; // the package itself: a user's config imports it
    // A package a dependency brings, loaded from that dependency's own folder, is installed with it.
    const via = LOADED_THROUGH[name];
    if (via && file === via.file && name in dependenciesOf(via.dependency) && via.dependency in pkg.dependencies)
      continue;
    assert.ok(
      name in pkg.dependencies,
      `${file} imports ${name}, which is ${name in pkg.devDependencies ? "only a devDependency" : "not a dependency"}`,
    );
  }
});

test("every production dependency is imported at run time", () => {
  const imports = runtimeImports();
  for (const name of Object.keys(pkg.dependencies))
    assert.ok(imports.has(name), `${name} is in dependencies but dist/ never imports it (a devDependency, or unused)`);
});

test.run();
