// Large upstream JSON schemas (ArgoCD's ApplicationSet alone is 1.9 MB) take Ajv over a second to compile,
// in every test process. Ajv's own standalone code (the same validator, written as a module) is kept in
// node_modules/.cache/fawkes/ajv, under the sha256 of Ajv's version, the instance's options and formats, and
// the schema's bytes: any change to one of them compiles again. A missing or unwritable cache compiles as before.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ajv, ValidateFunction } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { REPO } from "./repo.ts";

const CACHE = join(REPO, "node_modules/.cache/fawkes/ajv");
const require = createRequire(join(CACHE, "index.cjs"));
const AJV_VERSION = (
  JSON.parse(readFileSync(join(REPO, "node_modules/ajv/package.json"), "utf8")) as { version: string }
).version;

/** What decides the code Ajv writes for a schema: its version, the instance's options, the formats it knows. */
function instanceKey(ajv: Ajv): string {
  const seen = new WeakSet<object>();
  const options = JSON.stringify(ajv.opts, (_, value: unknown) => {
    if (typeof value === "function" || value instanceof RegExp) return String(value);
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return "(seen)"; // Ajv's options refer to themselves (code.formats, defaults)
    seen.add(value);
    // Code fragments (code.formats: where the standalone module requires its formats from) by their text.
    return value.constructor?.name === "_Code" ? String(value) : value;
  });
  return `${AJV_VERSION}\n${options}\n${Object.keys(ajv.formats).sort().join(",")}`;
}

/** Where the schema's validator for this instance is stored. */
export function storedModule(ajv: Ajv, schemaText: string): string {
  const key = createHash("sha256").update(instanceKey(ajv)).update("\n").update(schemaText).digest("hex");
  return join(CACHE, `${key}.cjs`);
}

/**
 * The schema's validator: from the cache when it holds this schema for this instance, else compiled (and
 * stored). The instance must be made with `code: { source: true }`.
 */
export function compiledSchema(ajv: Ajv, schemaText: string): ValidateFunction<unknown> {
  const file = storedModule(ajv, schemaText);
  try {
    return require(file) as ValidateFunction<unknown>;
  } catch {
    // Not cached yet (or unreadable): compile.
  }
  const validate = ajv.compile<unknown>(JSON.parse(schemaText) as object);
  try {
    mkdirSync(CACHE, { recursive: true });
    const staged = `${file}.${process.pid}.tmp`;
    writeFileSync(staged, (standaloneCode as unknown as (ajv: Ajv, v: ValidateFunction) => string)(ajv, validate));
    renameSync(staged, file); // whole or absent, when two test processes store the same schema
  } catch {
    // A read-only checkout: the next run compiles again.
  }
  return validate;
}
