// The Ajv validators kept on disk between test runs: the stored module is Ajv's own standalone code for the
// schema, so it gives the compiled validator's verdicts and errors; a changed schema or a damaged file compiles again.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compiledSchema, storedModule } from "./helpers/compiled-schema.ts";

const test = suite("compiled schemas");
const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
// Schemas no other test uses, nor an earlier run: a comment unique to this run.
const run = `${process.pid}-${Date.now()}`;
const schema = (max: number) =>
  JSON.stringify({
    $comment: run,
    type: "object",
    required: ["name"],
    properties: { name: { type: "string", pattern: "^[a-z]+$" }, replicas: { type: "integer", maximum: max } },
    additionalProperties: false,
  });
test.after(() => {
  for (const max of [3, 10]) rmSync(storedModule(ajv, schema(max)), { force: true });
});

test("the stored validator answers as the compiled one, errors included", () => {
  const file = storedModule(ajv, schema(3));
  assert.not.ok(existsSync(file));
  const compiled = compiledSchema(ajv, schema(3));
  assert.ok(existsSync(file), "stored");
  const loaded = compiledSchema(ajv, schema(3));
  assert.is.not(loaded, compiled, "the second is the stored module");
  for (const value of [
    { name: "web" },
    { name: "Web" },
    { name: "web", replicas: 9 },
    { replicas: 1.5 },
    [],
    { name: "a", x: 1 },
  ]) {
    assert.is(loaded(value), compiled(value), JSON.stringify(value));
    assert.equal(loaded.errors ?? null, compiled.errors ?? null, JSON.stringify(value));
  }
  assert.not.ok(loaded({ name: "web", replicas: 9 }));
});

test("a changed schema is compiled again; a damaged module is replaced", () => {
  assert.is.not(storedModule(ajv, schema(10)), storedModule(ajv, schema(3)));
  assert.ok(compiledSchema(ajv, schema(10))({ name: "web", replicas: 9 }), "the new maximum");
  writeFileSync(storedModule(ajv, schema(10)), "module.exports = () => true; a syntax error");
  assert.not.ok(compiledSchema(ajv, schema(10))({ name: "web", replicas: 11 }), "compiled, not the damaged file");
  assert.not.ok(compiledSchema(ajv, schema(10))({ name: "web", replicas: 11 }), "and stored again");
});

test.run();
