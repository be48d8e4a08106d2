// The golden path: every Template passes the scaffolder's own validator; every skeleton, rendered by
// nunjucks and by the scaffolder's engine (nunjitsu) for sample inputs, gives a repository whose files pass
// the checks the generated ones pass (devfile, devcontainer, catalog entity, mkdocs.yml), and whose
// devfile, devcontainer and Jenkinsfile are exactly what a declared service with the same facts gets.
import { existsSync } from "node:fs";
import { componentEntityV1alpha1Validator, entityEnvelopeSchemaValidator, type Entity } from "@backstage/catalog-model";
import { templateEntityV1beta3Validator } from "@backstage/plugin-scaffolder-common";
import nunjucks from "nunjucks";
import { createTemplateRenderer } from "nunjitsu";
import { parse } from "yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildDevcontainer, buildDevfile, jenkinsfile } from "../../generators/cde/index.ts";
import { goldenPathTemplates } from "../../core/golden-path.ts";
import { skeletonFiles } from "../../generators/scaffolder/skeleton.ts";
import { GENERATED_NOTICE } from "../../core/header.ts";
import { serviceSchema } from "../../schema/services.ts";
import { imageTag } from "../../schema/releases.ts";
import { devcontainerSchema, devfileSchema } from "../../schema/outputs/devfile.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";
import { generateIn, type Generated } from "../helpers/pipeline.ts";
import { REFERENCE, REPO } from "../helpers/repo.ts";
import { testUnless } from "../helpers/skip.ts";
import { devEnvironmentSchemas } from "../helpers/output-checks.ts";

const test = suite("golden-path templates");

const SAMPLE = {
  name: "order-audit",
  team: "payments",
  description: 'Audits orders: "every" one, {fast} & #safe',
  schedule: "*/5 * * * *",
  commit: "0123456789abcdef0123456789abcdef01234567",
};

const scaffolderNunjucks = new nunjucks.Environment(null, {
  autoescape: false,
  tags: { variableStart: "${{", variableEnd: "}}" },
});
const nunjitsu = createTemplateRenderer({});

/** Both engines, which must agree: what the scaffolder renders is what this test checks. */
function render(source: string, values: Record<string, string>): string {
  const byNunjucks = scaffolderNunjucks.renderString(source, { values });
  const byNunjitsu = nunjitsu.render(source, nunjitsu.prepareContext({ values }));
  assert.is(byNunjitsu, byNunjucks, "nunjucks and nunjitsu render alike");
  return byNunjucks;
}

let generated: Promise<Generated> | undefined;
const example = (): Promise<Generated> => (generated ??= generateIn(REPO));

/** The repository a Template's skeleton renders: path (without `.njk`) → content. */
async function renderSkeleton(dir: string): Promise<Map<string, string>> {
  const { tree } = await example();
  const prefix = `${dir}/skeleton/`;
  const files = new Map<string, string>();
  for (const [path, file] of tree) {
    if (!path.startsWith(prefix)) continue;
    assert.ok(path.endsWith(".njk"), path);
    files.set(path.slice(prefix.length, -".njk".length), render(file.content, SAMPLE));
  }
  return files;
}

test("the example's catalog has a Template per build type and service type, each valid for the scaffolder", async () => {
  const { tree, model } = await example();
  const templates = goldenPathTemplates(model.platform.repoURL);
  assert.is(templates.length, 15);
  const location = parse(tree.get("out/catalog/all.yaml")!.content) as { spec: { targets: string[] } };
  for (const t of templates) {
    const entity = parse(tree.get(`${t.dir}/template.yaml`)!.content) as Entity;
    entityEnvelopeSchemaValidator()(entity);
    assert.ok(await templateEntityV1beta3Validator.check(entity), t.name);
    assert.ok(location.spec.targets.includes(`./templates/${t.name}/template.yaml`), `${t.name} is in the Location`);
    const steps = (entity.spec as { steps: { action: string; input: Record<string, unknown> }[] }).steps;
    assert.equal(
      steps.map((s) => s.action),
      ["fetch:template", "publish:github", "fetch:template:file", "publish:github:pull-request"],
    );
    assert.ok(tree.has(`${t.dir}/${String(steps[2]!.input.url).slice(2)}`), "the request template exists");
  }
});

test("every skeleton renders to a repository that passes the generated files' checks", async () => {
  const { model } = await example();
  const validateEnvelope = entityEnvelopeSchemaValidator();
  for (const t of goldenPathTemplates(model.platform.repoURL)) {
    const repo = await renderSkeleton(t.dir);
    for (const [path, content] of repo)
      assert.not.ok(
        content.includes("${{") || content.includes(GENERATED_NOTICE),
        `${t.name}/${path} is fully rendered`,
      );
    for (const path of [
      "catalog-info.yaml",
      "mkdocs.yml",
      "docs/index.md",
      "devfile.yaml",
      ".devcontainer/devcontainer.json",
      "Jenkinsfile",
      "Dockerfile",
    ])
      assert.ok(repo.has(path), `${t.name} has ${path}`);
    const devfile = parse(repo.get("devfile.yaml")!);
    assert.ok(devfileSchema.safeParse(devfile).success, `${t.name} devfile`);
    assert.is(devfile.metadata.description, SAMPLE.description);
    assert.ok(
      devcontainerSchema.safeParse(JSON.parse(repo.get(".devcontainer/devcontainer.json")!)).success,
      `${t.name} devcontainer`,
    );
    const entity = parse(repo.get("catalog-info.yaml")!) as Entity;
    validateEnvelope(entity);
    assert.ok(await componentEntityV1alpha1Validator.check(entity), `${t.name} catalog-info.yaml`);
    assert.is(entity.metadata.name, SAMPLE.name);
    assert.is(entity.spec!.owner, `group:default/${SAMPLE.team}`);
    const mkdocs = parse(repo.get("mkdocs.yml")!) as {
      site_name: string;
      nav: Record<string, string>[];
      plugins: string[];
    };
    assert.is(mkdocs.site_name, SAMPLE.name);
    assert.ok(mkdocs.plugins.includes("techdocs-core"));
    for (const page of mkdocs.nav.flatMap((n) => Object.values(n)))
      assert.ok(repo.has(`docs/${page}`), `${t.name}: docs/${page}`);
    assert.not.match(repo.get("Dockerfile")!, /:latest\b/);
    assert.match(repo.get("Dockerfile")!, /^USER 10001$/m);
  }
});

test("a rendered skeleton's devfile, devcontainer and Jenkinsfile are what a declared service with the same facts gets", async () => {
  const { model } = await example();
  for (const t of goldenPathTemplates(model.platform.repoURL)) {
    const repo = await renderSkeleton(t.dir);
    const declared = resolveFrom(
      {
        ...SMALL,
        teams: { ...SMALL.teams, [SAMPLE.team]: { displayName: "P", githubTeam: "m/p", contact: "p@m.dev" } },
        services: {
          [SAMPLE.name]: {
            team: SAMPLE.team,
            description: SAMPLE.description,
            type: t.type,
            ...(t.type === "web" ? { port: 8080 } : {}),
            ...(t.type === "cronjob" ? { schedule: SAMPLE.schedule } : {}),
            ...(t.type === "worker" ? { probes: { liveness: { command: ["true"] } } } : {}),
            build: { type: t.build, repo: `https://github.com/acme/${SAMPLE.name}` },
          },
        },
      },
      { [SAMPLE.name]: { dev: "1", prod: "1" } },
    ).services[0]!;
    assert.equal(parse(repo.get("devfile.yaml")!), buildDevfile(declared), `${t.name} devfile`);
    assert.equal(
      JSON.parse(repo.get(".devcontainer/devcontainer.json")!),
      buildDevcontainer(declared),
      `${t.name} devcontainer`,
    );
    assert.is(repo.get("Jenkinsfile"), jenkinsfile(declared), `${t.name} Jenkinsfile`);
  }
});

testUnless(
  test,
  !existsSync(REFERENCE) ? `${REFERENCE} is absent (upstream schemas are only in CI)` : undefined,
  "rendered devfiles and devcontainers validate against the upstream schemas",
  async () => {
    const { devfile: validateDevfile, devcontainer: validateDevcontainer } = devEnvironmentSchemas();
    const { model } = await example();
    for (const t of goldenPathTemplates(model.platform.repoURL)) {
      const repo = await renderSkeleton(t.dir);
      assert.ok(
        validateDevfile(parse(repo.get("devfile.yaml")!)),
        `${t.name}: ${JSON.stringify(validateDevfile.errors?.slice(0, 3))}`,
      );
      assert.ok(
        validateDevcontainer(JSON.parse(repo.get(".devcontainer/devcontainer.json")!)),
        `${t.name}: ${JSON.stringify(validateDevcontainer.errors?.slice(0, 3))}`,
      );
    }
  },
);

test("the service request renders to a valid config entry and a first release of the image the pipeline builds", async () => {
  const { tree, model } = await example();
  for (const t of goldenPathTemplates(model.platform.repoURL)) {
    const request = parse(render(tree.get(`${t.dir}/platform/service-request.yaml.njk`)!.content, SAMPLE)) as {
      service: string;
      config: unknown;
      releases: Record<string, string>;
    };
    assert.is(request.service, SAMPLE.name);
    const config = serviceSchema.parse(request.config);
    assert.is(config.type, t.type);
    assert.is(config.build?.type, t.build);
    assert.is(config.description, SAMPLE.description);
    assert.equal(Object.keys(request.releases), config.environments);
    for (const tag of Object.values(request.releases)) assert.ok(imageTag.safeParse(tag).success, tag);
  }
});

test("no Templates when the platform repository is not on GitHub (they open pull requests there)", () => {
  assert.equal(goldenPathTemplates("https://gitlab.example.com/acme/platform.git"), []);
});

test("a skeleton built for one config file name is never served for another (the per-process cache keys it)", () => {
  const ctx = { build: "node", type: "web", org: "m" } as const;
  const catalogInfo = (configFile: string) =>
    Object.entries(skeletonFiles({ ...ctx, configFile })).find(([path]) => path.startsWith("catalog-info.yaml"))![1];
  const ts = catalogInfo("fawkes.config.ts");
  const yaml = catalogInfo("fawkes.config.yaml");
  assert.match(ts, /from fawkes\.config\.ts;/);
  assert.match(yaml, /from fawkes\.config\.yaml;/);
});

test.run();
