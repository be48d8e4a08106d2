// Cloud Development Environments: per build type, the image, commands and ports; every devfile and
// devcontainer.json valid against the upstream schemas when ../shared/reference exists.
import { existsSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildDevcontainer, buildDevfile, jenkinsfile } from "../../generators/cde/index.ts";
import { TOOLCHAINS, type BuildType } from "../../generators/cde/build-types.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";
import { REFERENCE, REPO } from "../helpers/repo.ts";
import { generateIn } from "../helpers/pipeline.ts";
import { testUnless } from "../helpers/skip.ts";
import { validateDevEnvironments } from "../helpers/output-checks.ts";

const test = suite("cloud development environments");

const serviceOf = (type: BuildType, port?: number) => {
  const model = resolveFrom(
    {
      ...SMALL,
      services: {
        svc: {
          team: "web",
          description: "x",
          ...(port ? { port } : { type: "worker", probes: { liveness: { command: ["true"] } } }),
          env: { A: "1" },
          build: { type, repo: "https://github.com/m/svc" },
        },
      },
    },
    { svc: { dev: "1", prod: "1" } },
  );
  return model.services[0]!;
};

const TABLE: { type: BuildType; image: RegExp; build: RegExp; test: RegExp; debugPort: number }[] = [
  { type: "node", image: /^node:\d+\.\d+\.\d+-bookworm$/, build: /^npm ci/, test: /^npm test$/, debugPort: 9229 },
  {
    type: "maven",
    image: /^maven:3\.9\.\d+-eclipse-temurin-21$/,
    build: /^mvn -B/,
    test: /mvn -B verify/,
    debugPort: 5005,
  },
  {
    type: "gradle",
    image: /^gradle:\d+\.\d+\.\d+-jdk21$/,
    build: /^gradle --no-daemon assemble$/,
    test: /check/,
    debugPort: 5005,
  },
  {
    type: "python",
    image: /^python:3\.13\.\d+-bookworm$/,
    build: /^pip install -r requirements\.txt$/,
    test: /pytest/,
    debugPort: 5678,
  },
  { type: "go", image: /^golang:1\.25\.\d+-bookworm$/, build: /^go build/, test: /^go test/, debugPort: 2345 },
];

for (const row of TABLE) {
  test(`${row.type}: pinned image, commands, the service port and the debug port`, () => {
    const service = serviceOf(row.type, 8080);
    const devfile = buildDevfile(service);
    const container = devfile.components[0]!.container;
    assert.match(container.image, row.image);
    const byKind = Object.fromEntries(devfile.commands.map((c) => [c.exec.group.kind, c.exec.commandLine]));
    assert.match(byKind.build!, row.build);
    assert.match(byKind.test!, row.test);
    assert.ok(byKind.run && byKind.debug);
    assert.equal(
      container.endpoints!.map((e) => e.targetPort),
      [8080, row.debugPort],
    );
    assert.equal(container.env, [{ name: "A", value: "1" }]);
    const devcontainer = buildDevcontainer(service);
    assert.is(devcontainer.image, container.image, "the same image in both");
    assert.equal(devcontainer.forwardPorts, [8080, row.debugPort]);
    assert.is(devcontainer.postCreateCommand, TOOLCHAINS[row.type].build);
    assert.ok(devcontainer.customizations.vscode.extensions.length > 0);
    assert.match(jenkinsfile(service), new RegExp(`buildType: '${row.type}'`));
  });
}

test("a worker has no public endpoint, only the debugger", () => {
  assert.equal(
    buildDevfile(serviceOf("go")).components[0]!.container.endpoints!.map((e) => e.name),
    ["debug"],
  );
});

testUnless(
  test,
  !existsSync(REFERENCE) ? `${REFERENCE} is absent (upstream schemas are only in CI)` : undefined,
  "every devfile and devcontainer of the example validates against the upstream schemas",
  async () => {
    const { failures, checked } = validateDevEnvironments((await generateIn(REPO)).tree);
    assert.equal(failures, []);
    assert.is(checked, 18, "a devfile and a devcontainer for each of the 9 built services");
  },
);

test("the catalog links each service to its devfile", async () => {
  const { tree } = await generateIn(REPO);
  const components = tree.get("out/catalog/components.yaml")!.content;
  assert.match(
    components,
    /fawkes\.dev\/devfile: https:\/\/github\.com\/acme\/platform\/blob\/main\/out\/dev\/checkout-api\/devfile\.yaml/,
  );
  assert.match(components, /url: https:\/\/codespaces\.new\/acme\/checkout-api/);
});

test.run();
