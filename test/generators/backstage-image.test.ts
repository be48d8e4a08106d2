// The platform's Backstage image recipe: its TypeScript sources parse and import only what the app has (the
// template's dependencies, the packages the recipe adds, the template's own modules); the backend registers the
// template's plugins, GitHub sign-in and exactly the installed components' plugins; the Dockerfile is multi-stage,
// pinned, non-root, and copies only files the recipe has; every added package's @backstage/* ranges fit Backstage
// 1.55.0 or are acknowledged; and the tag is the recipe's hash, the one the values and the workflow name.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import ts from "typescript";
import { parse } from "yaml";
import {
  BACKSTAGE_VERSIONS,
  BASE_IMAGE,
  CREATE_APP,
  IMAGE_PACKAGES,
  TECHDOCS_CORE,
  TEMPLATE_APP_MODULES,
  TEMPLATE_DEPENDENCIES,
  UPSTREAM_IMAGE,
} from "../../core/backstage-image/facts.ts";
import { backstageImageRecipe, recipeHash, type RecipeFile } from "../../core/backstage-image/recipe.ts";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { renderYamlDocument } from "../../core/render-yaml.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { generateBackstageImage } from "../../generators/backstage-image/index.ts";
import { backstageImageWorkflow } from "../../generators/github/workflows.ts";
import { backstageValues } from "../../generators/helm-values/backstage.ts";
import type { FawkesConfigInput } from "../../schema/config.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

const test = suite("backstage image");

type Features = { argocd: boolean; jenkins: boolean };

function modelWith({ argocd, jenkins }: Features, image?: "platform" | "upstream"): ResolvedConfig {
  const config: FawkesConfigInput = {
    ...SMALL,
    components: {
      ...SMALL.components,
      backstage: { enabled: true, ...(image ? { image } : {}) },
      argocd: { enabled: argocd },
      jenkins: { enabled: jenkins },
    },
  };
  return resolveFrom(config);
}

const ALL: Features[] = [
  { argocd: false, jenkins: false },
  { argocd: true, jenkins: false },
  { argocd: false, jenkins: true },
  { argocd: true, jenkins: true },
];

/** Every module specifier a source imports, statically or with `import()`; and its syntax errors. */
function importsOf(file: RecipeFile): { specifiers: string[]; errors: string[] } {
  const fileName = file.path;
  const kind = fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, file.content, ts.ScriptTarget.Latest, true, kind);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      specifiers.push(node.moduleSpecifier.text);
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      specifiers.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const { diagnostics = [] } = ts.transpileModule(file.content, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.Preserve, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const errors = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  return { specifiers, errors };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

const sourcesOf = (model: ResolvedConfig) => backstageImageRecipe(model).files.filter((f) => /\.tsx?$/.test(f.path));

test("every source parses, and imports only packages its workspace has or the recipe adds, or files that exist", () => {
  for (const features of ALL) {
    const recipe = backstageImageRecipe(modelWith(features));
    const sources = sourcesOf(modelWith(features));
    assert.is(sources.length, 3);
    for (const file of sources) {
      const workspace = file.path.startsWith("packages/backend/") ? "backend" : "app";
      const available = new Set([
        ...Object.keys(TEMPLATE_DEPENDENCIES[workspace]),
        ...recipe.packages.filter((p) => p.workspace === workspace).map((p) => p.name),
      ]);
      const { specifiers, errors } = importsOf(file);
      assert.equal(errors, [], `${file.path} parses`);
      assert.ok(specifiers.length > 0, file.path);
      const dir = file.path.slice(0, file.path.lastIndexOf("/"));
      for (const specifier of specifiers) {
        if (specifier.startsWith(".")) {
          const target = `${dir}/${specifier.slice(2)}`;
          const inRecipe = recipe.files.some((f) => f.path.replace(/(\/index)?\.tsx?$/, "") === target);
          const inTemplate = (Object.values(TEMPLATE_APP_MODULES) as string[]).includes(specifier);
          assert.ok(inRecipe || inTemplate, `${file.path}: ${specifier} exists`);
        } else {
          assert.ok(available.has(packageOf(specifier)), `${file.path}: ${specifier} is installed in ${workspace}`);
        }
      }
    }
  }
});

test("the import check fails on a package the app does not have", () => {
  const file = { path: "packages/backend/src/index.ts", content: "import x from '@acme/not-there';\n", comment: "//" };
  const { specifiers } = importsOf(file as RecipeFile);
  assert.equal(specifiers, ["@acme/not-there"]);
  assert.not.ok(packageOf(specifiers[0]!) in TEMPLATE_DEPENDENCIES.backend);
  assert.ok(importsOf({ ...file, content: "import { from 'x';\n" } as RecipeFile).errors.length > 0);
});

test("the backend registers the template's plugins, GitHub sign-in, and exactly the installed components' plugins", () => {
  for (const features of ALL) {
    const backend = sourcesOf(modelWith(features)).find((f) => f.path === "packages/backend/src/index.ts")!;
    const added = importsOf(backend).specifiers.filter((s) => s !== "@backstage/backend-defaults");
    const want = [
      ...UPSTREAM_IMAGE.backend,
      "@backstage/plugin-auth-backend-module-github-provider",
      ...IMAGE_PACKAGES.filter((p) => p.workspace === "backend" && features[p.feature]).map((p) => p.name),
    ];
    assert.equal(added, want, JSON.stringify(features));
    assert.match(backend.content, /^backend\.start\(\);$/m);
  }
});

test("the frontend replaces the app plugin's sign-in page with GitHub's", () => {
  const sources = sourcesOf(modelWith({ argocd: true, jenkins: true }));
  const signIn = sources.find((f) => f.path.endsWith("signIn/index.tsx"))!;
  assert.match(signIn.content, /SignInPageBlueprint\.make\(/);
  assert.match(signIn.content, /pluginId: 'app'/);
  assert.match(signIn.content, /apiRef: githubAuthApiRef/);
  const app = sources.find((f) => f.path.endsWith("App.tsx"))!;
  assert.match(app.content, /features: \[[^\]]*\bsignInModule\b[^\]]*\]/);
});

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  const joined = text.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [keyword, ...rest] = l.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
    });
}

const KNOWN = new Set(["FROM", "RUN", "USER", "WORKDIR", "COPY", "ENV", "CMD", "LABEL"]);

test("the Dockerfile: multi-stage on the pinned base, create-app pinned and unprompted, exact packages, non-root, exec form", () => {
  for (const features of ALL) {
    const recipe = backstageImageRecipe(modelWith(features));
    const file = recipe.files.find((f) => f.path === "Dockerfile")!;
    const steps = instructions(file.content);
    for (const step of steps) assert.ok(KNOWN.has(step.keyword), step.keyword);
    const froms = steps.filter((s) => s.keyword === "FROM");
    assert.ok(froms.length >= 2, "multi-stage");
    for (const from of froms) {
      const image = from.args.split(" ")[0]!;
      assert.match(image, /^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/, `${image}: an exact tag`);
      const major = Number(/:(\d+)\./.exec(image)![1]);
      assert.ok((CREATE_APP.nodeMajors as readonly number[]).includes(major), `${image}: a Node create-app supports`);
    }
    assert.is(froms[0]!.args.split(" ")[0], BASE_IMAGE);
    // Stages are named where a later one copies from them.
    const stages = new Set(froms.map((f) => /\bAS (\S+)$/i.exec(f.args)?.[1]).filter(Boolean));
    for (const copy of steps.filter((s) => s.keyword === "COPY" && s.args.includes("--from=")))
      assert.ok(stages.has(/--from=(\S+)/.exec(copy.args)![1]), copy.args);
    // Sources copied from the context are files of the recipe, and every source is copied.
    const copied = steps
      .filter((s) => s.keyword === "COPY" && !s.args.includes("--from="))
      .map((s) => s.args.split(" ").filter((a) => !a.startsWith("--"))[0]);
    assert.equal(
      copied.sort(),
      recipe.files
        .filter((f) => f.path !== "Dockerfile")
        .map((f) => f.path)
        .sort(),
    );
    const runs = steps.filter((s) => s.keyword === "RUN").map((s) => s.args);
    const create = runs.find((r) => r.includes(CREATE_APP.package))!;
    assert.match(create, new RegExp(`^${CREATE_APP.nameVariable}=\\S+ `), "the name from the environment: no prompt");
    assert.ok(create.includes(`${CREATE_APP.package}@${CREATE_APP.version} `), "create-app pinned");
    assert.ok(create.includes(CREATE_APP.pathOption) && create.includes(CREATE_APP.skipInstallOption));
    // Every added package at its exact version, in its workspace; nothing else added.
    const adds = [...runs.join(" && ").matchAll(/yarn workspace (\w+) add --exact ([^&]+)/g)].flatMap(([, ws, specs]) =>
      specs!
        .trim()
        .split(/\s+/)
        .map((spec) => `${ws} ${spec}`),
    );
    assert.equal(
      adds.sort(),
      IMAGE_PACKAGES.filter((p) => features[p.feature])
        .map((p) => `${p.workspace} ${p.name}@${p.version}`)
        .sort(),
    );
    assert.ok(
      runs.some((r) => r.includes(`${TECHDOCS_CORE.package}==${TECHDOCS_CORE.version}`)),
      "MkDocs pinned",
    );
    for (const script of CREATE_APP.buildScripts)
      assert.ok(
        runs.some((r) => r.includes(`yarn ${script}`)),
        script,
      );
    // The last stage runs as the unprivileged user, in exec form.
    const last = steps.slice(steps.lastIndexOf(froms.at(-1)!));
    const users = last.filter((s) => s.keyword === "USER").map((s) => s.args);
    assert.ok(users.length > 0 && !["root", "0"].includes(users.at(-1)!), "non-root");
    // runAsNonRoot (the Backstage values) admits only a numeric user: the kubelet cannot check a name.
    assert.match(users.at(-1)!, /^[1-9][0-9]*(:[0-9]+)?$/, "the runtime user by number");
    assert.equal(JSON.parse(last.find((s) => s.keyword === "CMD")!.args), CREATE_APP.backendCommand);
  }
});

/** `^1.2.3` holds `version`: same major (same minor below 1.0.0, same patch below 0.1.0), not lower. */
function caret(range: string, version: string): boolean {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  assert.ok(m, `${range}: a caret range`);
  const [a, b, c] = m!.slice(1).map(Number) as [number, number, number];
  const [x, y, z] = version.split(".").map(Number) as [number, number, number];
  if (a > 0) return x === a && (y > b || (y === b && z >= c));
  if (b > 0) return x === 0 && y === b && z >= c;
  return x === 0 && y === 0 && z === c;
}

test("every added package's @backstage/* ranges hold Backstage 1.55.0's version, or its own copy is acknowledged", () => {
  assert.ok(caret("^0.18.0", "0.18.1") && !caret("^0.17.7", "0.18.0") && !caret("^1.21.2", "3.2.3"));
  let checked = 0;
  for (const pkg of IMAGE_PACKAGES) {
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/, `${pkg.name}: exact`);
    for (const [dependency, range] of Object.entries(pkg.backstageDependencies)) {
      const version = BACKSTAGE_VERSIONS[dependency];
      if (version === undefined) continue;
      checked++;
      const acknowledged = pkg.ownCopies?.[dependency] !== undefined;
      assert.is(!caret(range, version), acknowledged, `${pkg.name} → ${dependency} ${range} vs ${version}`);
    }
    for (const dependency of Object.keys(pkg.ownCopies ?? {}))
      assert.ok(dependency in pkg.backstageDependencies, `${pkg.name}: ${dependency} is a dependency`);
  }
  assert.ok(checked >= 15, `${checked} ranges checked`);
});

test("the tag is the recipe's hash: stable, different per feature set, named by the values and the workflow", () => {
  const tags = ALL.map((features) => backstageImageRecipe(modelWith(features)).image.tag);
  assert.is(new Set(tags).size, ALL.length);
  for (const tag of tags) assert.match(tag, /^[0-9a-f]{16}$/);
  const model = modelWith({ argocd: true, jenkins: true });
  const recipe = backstageImageRecipe(model);
  assert.is(recipe.image.tag, backstageImageRecipe(modelWith({ argocd: true, jenkins: true })).image.tag);
  assert.is(recipe.image.tag, recipeHash([...recipe.files].reverse()), "independent of file order");
  const edited = recipe.files.map((f) => (f.path === "Dockerfile" ? { ...f, content: `${f.content}#\n` } : f));
  assert.is.not(recipeHash(edited), recipe.image.tag);
  assert.equal(recipe.image, { registry: "ghcr.io", repository: "m/backstage", tag: recipe.image.tag });
  const env = model.environments.find((e) => e.isManagement)!;
  const values = backstageValues({ model, env, component: model.installed("backstage")! }) as {
    backstage: { image: unknown };
  };
  assert.equal(values.backstage.image, recipe.image);
  const workflow = parse(renderYamlDocument(backstageImageWorkflow(model), true)) as {
    jobs: Record<string, { env: { IMAGE: string; CONTEXT: string } }>;
  };
  for (const job of Object.values(workflow.jobs)) {
    assert.is(job.env.IMAGE, `ghcr.io/m/backstage:${recipe.image.tag}`);
    assert.is(job.env.CONTEXT, OUTPUT_PATHS.backstageImage);
  }
});

test("the recipe is written under its folder with the platform image, and not at all with the upstream one", () => {
  const platform = generateBackstageImage(modelWith({ argocd: true, jenkins: true }));
  assert.equal(
    platform.map((f) => f.path).sort(),
    backstageImageRecipe(modelWith({ argocd: true, jenkins: true }))
      .files.map((f) => `${OUTPUT_PATHS.backstageImage}/${f.path}`)
      .sort(),
  );
  assert.equal(generateBackstageImage(modelWith({ argocd: true, jenkins: true }, "upstream")), []);
  const off = resolveFrom({ ...SMALL, components: { ...SMALL.components, backstage: { enabled: false } } });
  assert.equal(generateBackstageImage(off), []);
});

test.run();
