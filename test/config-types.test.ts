// The editor's promise of a typed config: a misspelt key fails `tsc` at every level, and hovering a field shows
// its description. Checked through the TypeScript language service on configs that import "fawkes" as users do
// (the package's dist/ declarations), so what is tested is what an editor sees.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { FawkesConfigInput, FawkesConfigZodInput } from "../schema/config.ts";
import { configJsonSchema } from "../schema/json-schema.ts";
import { CONFIG_TYPES_PATH, configTypesSource, type JsonSchema } from "../scripts/config-types.ts";
import { EXAMPLE_CONFIG, REPO, positionOf } from "./helpers/repo.ts";

const test = suite("config types");

// The documented declarations accept exactly what zod's inferred input type accepts (checked by `tsc`).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsZod: Same<FawkesConfigInput, FawkesConfigZodInput> = true;
const sameServices: Same<FawkesConfigInput["services"], FawkesConfigZodInput["services"]> = true;

/** A language service over in-memory configs placed in the repository, so that `import "fawkes"` resolves. */
function languageService(files: Record<string, string>): ts.LanguageService {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const paths = Object.keys(files).map((name) => join(REPO, "test/.tmp", name));
  const text = (path: string): string | undefined => {
    const name = path.slice(join(REPO, "test/.tmp/").length);
    return path.startsWith(join(REPO, "test/.tmp/")) && name in files ? files[name] : ts.sys.readFile(path);
  };
  return ts.createLanguageService({
    getCompilationSettings: () => options,
    getScriptFileNames: () => paths,
    getScriptVersion: () => "1",
    getScriptSnapshot: (path) => {
      const content = text(path);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => REPO,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (path) => text(path) !== undefined,
    readFile: text,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
}

/** Errors as `line: message` (1-based lines). */
function errors(service: ts.LanguageService, name: string): { line: number; message: string }[] {
  const path = join(REPO, "test/.tmp", name);
  const program = service.getProgram()!;
  const file = program.getSourceFile(path)!;
  return [...service.getSyntacticDiagnostics(path), ...service.getSemanticDiagnostics(path)].map((d) => ({
    line: file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

/** The example with one key misspelt at each level: [what, the edit, the misspelt key]. */
const TYPOS: readonly [string, [string, string], string][] = [
  ["top level", ["\n  components: {", "\n  componets: {"], "componets"],
  ["platform.git", ['      revision: "main",', '      revison: "main",'], "revison"],
  ["a cloud", ["      zones: 3,", "      zonse: 3,"], "zonse"],
  ["an environment", ['      size: "small",', '      szie: "small",'], "szie"],
  ["a node pool", ['instanceType: "m7i.large", min: 2', 'instanceTyp: "m7i.large", min: 2'], "instanceTyp"],
  ["a team", ['    contact: "logistics@acme.dev",', '    contcat: "logistics@acme.dev",'], "contcat"],
  ["a service", ["    storefront: {\n      team: ", "    storefront: {\n      teem: "], "teem"],
  [
    "a service's nested object",
    ['resources: { cpu: "250m", memory: "512Mi" }', 'resources: { cpu: "250m", memroy: "512Mi" }'],
    "memroy",
  ],
  ["a component", ["certManager: {", "certManager: { enabeld: true,"], "enabeld"],
  ["policies", ['    podSecurity: "restricted",', '    podSecurty: "restricted",'], "podSecurty"],
  [
    "a policy exception",
    ["exceptions: [],", 'exceptions: [{ policy: "pod-security", team: "payments", reasn: "a test of the types" }],'],
    "reasn",
  ],
];

/** One config per typo, so that no typo hides another (TypeScript reports one excess key per object literal). */
function typoConfigs(prelude?: string): Record<string, string> {
  return Object.fromEntries(
    TYPOS.map(([what, [from, to]], i) => {
      assert.ok(EXAMPLE_CONFIG.includes(from), `the edit for ${what} applies`);
      const config = EXAMPLE_CONFIG.replace(from, to);
      return [
        `typo-${i}.config.ts`,
        prelude ? config.replace('import { defineConfig } from "fawkes";', prelude) : config,
      ];
    }),
  );
}

test("a misspelt key fails tsc at its line, at every level; the example passes", () => {
  const files = typoConfigs();
  const service = languageService({ ...files, "example.config.ts": EXAMPLE_CONFIG });
  assert.equal(errors(service, "example.config.ts"), [], "the example type-checks");
  TYPOS.forEach(([what, , key], i) => {
    const name = `typo-${i}.config.ts`;
    const { line } = positionOf(files[name]!, `${key}:`);
    const found = errors(service, name);
    assert.equal(
      found.map((e) => e.line),
      [line],
      `${what}: one error, at line ${line} ("${key}"); got ${JSON.stringify(found)}`,
    );
    assert.match(found[0]!.message, new RegExp(`'${key}' does not exist in type '\\w+Config(Input)?'`), what);
  });
});

test("the old generic signature let typos through (so the test above can fail)", () => {
  const generic = `import type { FawkesConfigInput } from "fawkes";
function defineConfig<const T extends FawkesConfigInput>(config: T): T { return config; }`;
  const files = typoConfigs(generic);
  const service = languageService(files);
  const passed = TYPOS.filter((_, i) => errors(service, `typo-${i}.config.ts`).length === 0).map(([what]) => what);
  // Only a misspelt required key (it is then missing) failed; an optional one, at any level, passed.
  for (const what of ["top level", "platform.git", "a cloud", "an environment", "a component", "policies"])
    assert.ok(passed.includes(what), `${what}: caught by the generic signature too`);
});

/** The schema node of a config path, through properties, map entries and union members. */
function schemaAt(path: readonly string[]): JsonSchema {
  let node = configJsonSchema() as JsonSchema;
  for (const segment of path) {
    const next: JsonSchema | undefined =
      node.properties?.[segment] ??
      (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined) ??
      (node.oneOf ?? node.anyOf)?.find((m) => m.properties?.[segment])?.properties?.[segment];
    assert.ok(next, `${path.join(".")} is in the schema`);
    node = next!;
  }
  return node;
}

test("hover shows each field's description from the schema", () => {
  const service = languageService({ "hover.config.ts": EXAMPLE_CONFIG });
  const path = join(REPO, "test/.tmp/hover.config.ts");
  const hover: readonly [string, string, readonly string[]][] = [
    ["platform:", "", ["platform"]],
    ["managementEnvironment:", "", ["platform", "managementEnvironment"]],
    ["kubernetesVersion:", "    dev: {", ["environments", "dev", "kubernetesVersion"]],
    ["accountId:", "", ["clouds", "aws-us", "accountId"]],
    ["team:", "    storefront: {", ["services", "storefront", "team"]],
    ["replicas:", "    storefront: {", ["services", "storefront", "replicas"]],
    ["acmeEmail:", "", ["components", "certManager", "acmeEmail"]],
  ];
  for (const [needle, after, configPath] of hover) {
    const { line, column } = positionOf(EXAMPLE_CONFIG, needle, after);
    const offset = ts.getPositionOfLineAndCharacter(service.getProgram()!.getSourceFile(path)!, line - 1, column - 1);
    const info = service.getQuickInfoAtPosition(path, offset);
    const shown = ts.displayPartsToString(info?.documentation).replace(/\s+/g, " ");
    const description = schemaAt(configPath).description!;
    assert.ok(description, `${configPath.join(".")} has a description`);
    assert.is(shown, description.replace(/\s+/g, " "), configPath.join("."));
  }
  // A default is shown too.
  const { line, column } = positionOf(EXAMPLE_CONFIG, "size:", "    dev: {");
  const file = service.getProgram()!.getSourceFile(path)!;
  const info = service.getQuickInfoAtPosition(path, ts.getPositionOfLineAndCharacter(file, line - 1, column - 1));
  assert.equal(
    info?.tags?.map((t) => [t.name, ts.displayPartsToString(t.text)]),
    [["default", '"medium"']],
  );
});

test(`${CONFIG_TYPES_PATH} is what \`npm run types\` writes from the schema`, async () => {
  const committed = readFileSync(join(REPO, CONFIG_TYPES_PATH), "utf8");
  assert.ok(committed === (await configTypesSource()), `${CONFIG_TYPES_PATH} is stale: run \`npm run types\``);
  assert.ok(sameAsZod && sameServices);
});

test.run();
