// Score workload specs (services.<name>.score): the same service declared in Score and in TypeScript gives the
// same tree; every refused feature and every problem in a Score file points at its line; the zod mirror agrees
// with the upstream JSON Schema (schema/score/score-v1b1.json).
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { scoreWorkloadSchema } from "../schema/score/score.ts";
import { generateIn, type Generated } from "./helpers/pipeline.ts";
import { fixtureRepo } from "./helpers/plan-fixture.ts";
import { cli, editExample, EXAMPLE_CONFIG, positionOf, REPO, writeCase } from "./helpers/repo.ts";
import { testUnless } from "./helpers/skip.ts";

const SCORE_PATH = "services/storefront/score.yaml";
const EXAMPLE_SCORE = readFileSync(join(REPO, SCORE_PATH), "utf8");
const SCORE_LINE = '      score: "services/storefront/score.yaml",\n';
const EXPOSE_LINE = '      expose: { host: { prod: "www.acme.dev" } },\n';

/** A copy of the example whose storefront Score file is `score` and whose config is `config`. */
function scoreCase(score: string, config = EXAMPLE_CONFIG): string {
  const dir = writeCase(config);
  writeFileSync(join(dir, SCORE_PATH), score);
  return dir;
}

const test = suite("score");
const CODEOWNERS = ".github/CODEOWNERS";

/**
 * The same files with the same bytes, except CODEOWNERS, which gives the team its Score file: with
 * `scoreLine`, the Score side's CODEOWNERS is the other's with that line added after the service's output line.
 */
function assertSameTrees(score: Generated, other: Generated, scoreLine?: string): void {
  assert.equal([...score.tree.keys()], [...other.tree.keys()]);
  for (const [path, file] of other.tree) {
    if (path === CODEOWNERS && scoreLine === undefined) continue;
    const expected =
      path === CODEOWNERS
        ? file.content.replace("/storefront/ @acme/storefront\n", `/storefront/ @acme/storefront\n${scoreLine}`)
        : file.content;
    assert.is(score.tree.get(path)!.content, expected, path);
  }
}

// Every mapped feature: image, variables, requests and limits, both probe forms, the service port, a route.
const FULL_SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: storefront
containers:
  web:
    image: ghcr.io/acme/storefront-web
    variables:
      NODE_ENV: production
      LOG_LEVEL: info
    resources:
      requests: { cpu: 200m, memory: 256Mi }
      limits: { cpu: "1", memory: 512Mi }
    livenessProbe:
      httpGet: { path: /livez, port: 3000 }
    readinessProbe:
      exec: { command: [/bin/ready] }
service:
  ports:
    http:
      port: 3000
resources:
  shop:
    type: route
    params: { path: /shop, port: 3000 }
`;
const FULL_TS = `      image: "ghcr.io/acme/storefront-web",
      env: { NODE_ENV: "production", LOG_LEVEL: "info" },
      resources: { cpu: "200m", memory: "256Mi", cpuLimit: "1", memoryLimit: "512Mi" },
      probes: { liveness: { path: "/livez", port: 3000 }, readiness: { command: ["/bin/ready"] } },
      port: 3000,
      expose: { path: "/shop" },
`;

test("a Score-declared service and the same service in TypeScript produce identical files", async () => {
  const fromScore = await generateIn(scoreCase(FULL_SCORE, editExample(EXPOSE_LINE, "")));
  const inTs = await generateIn(writeCase(editExample(SCORE_LINE + EXPOSE_LINE, FULL_TS)));
  assertSameTrees(fromScore, inTs, "/services/storefront/score.yaml @acme/storefront\n");
  // The mapping took effect: the features are in the output, not defaults on both sides.
  const manifests = fromScore.tree.get("out/platform/services/prod/storefront/manifests.yaml")!.content;
  for (const expected of ["/livez", "/bin/ready", "LOG_LEVEL", "ghcr.io/acme/storefront-web", "/shop", "512Mi"])
    assert.ok(manifests.includes(expected), expected);
});

interface BadScore {
  readonly name: string;
  /** An edit of the example's Score file. */
  readonly score?: readonly [string, string];
  /** An edit of the example config. */
  readonly config?: readonly [string, string];
  readonly file: string;
  readonly needle: string;
  readonly after?: string;
  readonly path: string;
  readonly message: RegExp;
}

const BAD: readonly BadScore[] = [
  {
    name: "an unsupported resource type, at its line in the Score file",
    score: ["service:\n", "resources:\n  db:\n    type: postgres\nservice:\n"],
    file: SCORE_PATH,
    needle: "postgres",
    path: "services.storefront.score.resources.db.type",
    message: /resource type "postgres" is not supported/,
  },
  {
    name: "a dns resource is refused with the route to use",
    score: ["service:\n", "resources:\n  host:\n    type: dns\nservice:\n"],
    file: SCORE_PATH,
    needle: "dns",
    path: "services.storefront.score.resources.host.type",
    message: /not supported.*a `route` resource with `host`/,
  },
  {
    name: "a schema violation, at its value",
    score: ["port: 3000", 'port: "3000"'],
    file: SCORE_PATH,
    needle: '"3000"',
    path: "services.storefront.score.service.ports.http.port",
    message: /not valid Score \(score\.dev\/v1b1\)/,
  },
  {
    name: "a key Score does not know, at the key",
    score: ["metadata:\n", "replicas: 3\nmetadata:\n"],
    file: SCORE_PATH,
    needle: "replicas: 3",
    path: "services.storefront.score.replicas",
    message: /not valid Score.*replicas/,
  },
  {
    name: "a Score value the config rejects, at its line in the Score file",
    score: ["port: 3000", "port: 15008"],
    file: SCORE_PATH,
    needle: "15008",
    path: "services.storefront.port",
    message: /reserved by the Istio ambient data plane/,
  },
  {
    name: "a variable name the config rejects, at the Score variable",
    score: ["NODE_ENV: production", "NODE-ENV: production"],
    file: SCORE_PATH,
    needle: "production",
    path: "services.storefront.env.NODE-ENV",
    message: /must be an environment variable name/,
  },
  {
    name: "a placeholder",
    score: ["NODE_ENV: production", "NODE_ENV: production\n      DB_HOST: ${resources.db.host}"],
    file: SCORE_PATH,
    needle: "${resources",
    path: "services.storefront.score.containers.web.variables.DB_HOST",
    message: /placeholder/,
  },
  {
    name: "a secret value in a Score variable, at its line",
    score: ["NODE_ENV: production", "NODE_ENV: production\n      DB_PASSWORD: hunter2"],
    file: SCORE_PATH,
    needle: "hunter2",
    path: "services.storefront.env.DB_PASSWORD",
    message: /looks like a secret value/,
  },
  {
    name: "a credential anywhere in a Score file, found by the text scan",
    score: [
      "  name: storefront\n",
      "  name: storefront\n  annotations:\n    acme.dev/key: sk_live_51H8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefGHIJKLMNOPQRSTUVWXyz12\n",
    ],
    file: SCORE_PATH,
    needle: "sk_live_",
    path: "(config)",
    message: /found Stripe Live Secret Key \(stripe\)/,
  },
  {
    name: "a second container",
    score: ["service:\n", "  proxy:\n    image: ghcr.io/acme/proxy\nservice:\n"],
    file: SCORE_PATH,
    needle: "proxy:",
    path: "services.storefront.score.containers.proxy",
    message: /sidecars are not supported/,
  },
  {
    name: "an image with a tag",
    score: ["image: .", "image: ghcr.io/acme/storefront:1.0.0"],
    file: SCORE_PATH,
    needle: "ghcr.io",
    path: "services.storefront.score.containers.web.image",
    message: /tags from the releases file/,
  },
  {
    name: "a workload named differently from the service",
    score: ["name: storefront", "name: shopfront"],
    file: SCORE_PATH,
    needle: "shopfront",
    path: "services.storefront.score.metadata.name",
    message: /not the service's name "storefront"/,
  },
  {
    name: "a field declared in both the config and the Score file",
    config: [SCORE_LINE, `${SCORE_LINE}      port: 3000,\n`],
    file: "fawkes.config.ts",
    needle: "port: 3000",
    after: SCORE_LINE,
    path: "services.storefront.port",
    message: /also declared by the Score file services\/storefront\/score\.yaml/,
  },
  {
    name: "a missing Score file, at the config entry naming it",
    config: [SCORE_LINE, SCORE_LINE.replace("score.yaml", "missing.yaml")],
    file: "fawkes.config.ts",
    needle: '"services/storefront/missing.yaml"',
    path: "services.storefront.score",
    message: /Score file services\/storefront\/missing\.yaml not found/,
  },
  {
    name: "a Score file outside the repository",
    config: [SCORE_LINE, SCORE_LINE.replace("services/storefront", "../elsewhere")],
    file: "fawkes.config.ts",
    needle: '"../elsewhere/score.yaml"',
    path: "services.storefront.score",
    message: /must be a relative path inside the repository/,
  },
];

for (const c of BAD) {
  test(c.name, async () => {
    const score = c.score ? editExample(c.score[0], c.score[1], EXAMPLE_SCORE) : EXAMPLE_SCORE;
    const config = c.config ? editExample(c.config[0], c.config[1]) : EXAMPLE_CONFIG;
    const run = await cli(["validate", "-C", scoreCase(score, config)]);
    assert.is(run.code, 1, run.stderr);
    const { line, column } = positionOf(c.file === SCORE_PATH ? score : config, c.needle, c.after);
    const hit = run.stderr.split("\n").find((l) => l.startsWith(`${c.file}:${line}:${column} ${c.path}: `));
    assert.ok(hit, `expected "${c.file}:${line}:${column} ${c.path}: …" in:\n${run.stderr}`);
    assert.match(hit!, c.message);
    assert.not.match(run.stderr, /\n\s+at /, "no stack trace");
  });
}

/** A copy of the example whose storefront names the folder `workloads`, holding `files` (name → text). */
function folderCase(files: Record<string, string>): string {
  const dir = writeCase(editExample(SCORE_LINE, SCORE_LINE.replace("services/storefront/score.yaml", "workloads")));
  mkdirSync(join(dir, "workloads"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "workloads", name), text);
  return dir;
}
const OTHER_WORKLOAD = EXAMPLE_SCORE.replace("name: storefront", "name: other-web");

test("a folder of Score files: the service takes the one that names it", async () => {
  const fromFolder = await generateIn(
    folderCase({ "a-other.yaml": OTHER_WORKLOAD, "storefront.yml": EXAMPLE_SCORE, "notes.txt": "not Score" }),
  );
  const fromFile = await generateIn(writeCase(EXAMPLE_CONFIG));
  assert.is(
    fromFolder.tree.get(CODEOWNERS)!.content,
    fromFile.tree
      .get(CODEOWNERS)!
      .content.replace(
        "/services/storefront/score.yaml @acme/storefront",
        "/workloads/storefront.yml @acme/storefront",
      ),
  );
  assertSameTrees(fromFolder, fromFile);
});

for (const [name, files, message] of [
  [
    "no file names the service",
    { "a.yaml": OTHER_WORKLOAD },
    /no Score file in workloads\/ has metadata\.name "storefront" \(it holds workloads\/a\.yaml\)/,
  ],
  [
    "two files name the service",
    { "a.yaml": EXAMPLE_SCORE, "b.yaml": EXAMPLE_SCORE },
    /workloads\/a\.yaml and workloads\/b\.yaml both name the workload "storefront"/,
  ],
] as const) {
  test(`a folder of Score files where ${name}: an error at the config entry`, async () => {
    const dir = folderCase(files);
    const run = await cli(["validate", "-C", dir]);
    assert.is(run.code, 1, run.stderr);
    const config = readFileSync(join(dir, "fawkes.config.ts"), "utf8");
    const { line, column } = positionOf(config, '"workloads"');
    const hit = run.stderr
      .split("\n")
      .find((l) => l.startsWith(`fawkes.config.ts:${line}:${column} services.storefront.score: `));
    assert.ok(hit, run.stderr);
    assert.match(hit!, message);
  });
}

test("a link in a folder of Score files is refused", async () => {
  const dir = folderCase({ "storefront.yaml": EXAMPLE_SCORE });
  symlinkSync("/etc/hostname", join(dir, "workloads", "other.yaml"));
  const run = await cli(["validate", "-C", dir]);
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, /workloads\/other\.yaml.*symbolic link/);
});

test("a Score file behind a symbolic link is refused", async () => {
  const dir = scoreCase(EXAMPLE_SCORE);
  rmSync(join(dir, SCORE_PATH));
  symlinkSync("/etc/hostname", join(dir, SCORE_PATH));
  const run = await cli(["validate", "-C", dir]);
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, /services\/storefront\/score\.yaml.*symbolic link/);
});

test("CODEOWNERS gives the example's Score file to the service's team", async () => {
  const codeowners = readFileSync(join(REPO, CODEOWNERS), "utf8");
  assert.match(codeowners, /^\/services\/storefront\/score\.yaml @acme\/storefront$/m);
  assert.ok(existsSync(join(REPO, SCORE_PATH)));
});

test("check calls a file stale when only a Score file changed since HEAD", async () => {
  const dir = await fixtureRepo();
  writeFileSync(join(dir, SCORE_PATH), EXAMPLE_SCORE.replace("NODE_ENV: production", "NODE_ENV: staging"));
  const run = await cli(["check", "-C", dir]);
  assert.is(run.code, 1, run.stdout);
  const path = "out/platform/services/prod/storefront/manifests.yaml";
  const reason = new RegExp(`changed\\s+${path.replace(/[./]/g, "\\$&")}\\s+\\((.*)\\)$`, "m").exec(run.stdout)?.[1];
  assert.match(reason ?? run.stdout, /^stale: the config changed since HEAD and it was not regenerated/);
});

test("explain names the Score file as a source of the service's objects", async () => {
  const run = await cli(["explain", "-C", REPO, "Deployment/storefront/storefront"]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /services\.storefront\.score/);
  assert.match(run.stdout, /Score file: +services\/storefront\/score\.yaml \(services\.storefront\.score\)/);
});

// The zod mirror against the upstream schema: the same verdict on documents at each edge of the schema.
const UPSTREAM = JSON.parse(readFileSync(join(REPO, "schema/score/score-v1b1.json"), "utf8")) as object;
const validateUpstream = new Ajv2020({ strict: false, allErrors: true }).compile(UPSTREAM);
const minimal = { apiVersion: "score.dev/v1b1", metadata: { name: "web" }, containers: { main: { image: "." } } };
const withContainer = (container: object) => ({ ...minimal, containers: { main: { image: ".", ...container } } });
const AGREEMENT: Record<string, unknown> = {
  "the example's Score file": parse(EXAMPLE_SCORE),
  "every mapped feature": parse(FULL_SCORE),
  minimal,
  "extra metadata": { ...minimal, metadata: { name: "web", team: "x", annotations: { "acme.dev/x": "y" } } },
  "another apiVersion": { ...minimal, apiVersion: "score.dev/v1" },
  "no containers": { ...minimal, containers: {} },
  "a one-letter name": { ...minimal, metadata: { name: "w" } },
  "an unknown top-level key": { ...minimal, replicas: 2 },
  "a port as a string": { ...minimal, service: { ports: { http: { port: "80" } } } },
  "a UDP port": { ...minimal, service: { ports: { dns: { port: 53, protocol: "UDP" } } } },
  "a port out of range": { ...minimal, service: { ports: { http: { port: 70000 } } } },
  "a memory quantity in MB": withContainer({ resources: { limits: { memory: "512MB" } } }),
  "a fractional cpu": withContainer({ resources: { requests: { cpu: "0.5" } } }),
  "a probe with neither form": withContainer({ livenessProbe: {} }),
  "a probe with headers": withContainer({
    readinessProbe: { httpGet: { path: "/", port: 80, httpHeaders: [{ name: "X-A", value: "b" }] } },
  }),
  "a probe header without value": withContainer({
    readinessProbe: { httpGet: { path: "/", port: 80, httpHeaders: [{ name: "X-A", value: "" }] } },
  }),
  "files as a list": withContainer({ files: [{ target: "/etc/x", content: "y" }] }),
  "files as a map": withContainer({ files: { "/etc/x": { content: "y" } } }),
  "a file with two contents": withContainer({ files: { "/etc/x": { content: "y", source: "z" } } }),
  "a mapped file with target": withContainer({ files: { "/etc/x": { target: "/etc/x", content: "y" } } }),
  "volumes as a map": withContainer({ volumes: { "/data": { source: "vol", readOnly: true } } }),
  "a variable with =": withContainer({ variables: { "A=B": "c" } }),
  "a resource with a short type": { ...minimal, resources: { db: { type: "x" } } },
  "a resource with params": { ...minimal, resources: { db: { type: "postgres", class: "large", params: { a: 1 } } } },
  "a resource with an unknown key": { ...minimal, resources: { db: { type: "postgres", size: 1 } } },
  "before with a ready state": withContainer({ before: { init: { ready: "complete" } } }),
};

for (const [name, document] of Object.entries(AGREEMENT)) {
  test(`the mirror agrees with the upstream Score schema: ${name}`, () => {
    const upstream = validateUpstream(document);
    assert.is(scoreWorkloadSchema.safeParse(document).success, upstream, JSON.stringify(validateUpstream.errors));
  });
}

test("the stored Score schema is the file its README records", () => {
  const readme = readFileSync(join(REPO, "schema/score/README.md"), "utf8");
  const sha = createHash("sha256")
    .update(readFileSync(join(REPO, "schema/score/score-v1b1.json")))
    .digest("hex");
  assert.match(readme, new RegExp(`\\| sha256 +\\| \`${sha}\` \\|`));
});

const MIRROR = "/work/.mirror/score-spec+spec/repo";
testUnless(
  test,
  existsSync(MIRROR) ? undefined : `${MIRROR} is absent (a local clone of score-spec/spec)`,
  "the stored Score schema is byte-identical to score-v1b1.json at tag 0.4.1, and the mirror accepts its samples",
  () => {
    const show = (path: string) =>
      spawnSync("git", ["--git-dir", MIRROR, "show", `0.4.1:${path}`], { encoding: "utf8" }).stdout;
    assert.is(show("score-v1b1.json"), readFileSync(join(REPO, "schema/score/score-v1b1.json"), "utf8"));
    const sample = parse(show("samples/score-full.yaml")) as unknown;
    assert.ok(validateUpstream(sample), "upstream accepts its own sample");
    assert.ok(scoreWorkloadSchema.safeParse(sample).success, "the mirror accepts the upstream sample");
  },
);

test.run();
