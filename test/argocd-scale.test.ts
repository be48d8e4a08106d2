// The platform at fleet scale: a team's ApplicationSet is split before it nears the API server's limits, the
// controller and repo server get the settings the upstream manual gives for the fleet's size, and the objects
// that grow with the number of services (Jenkins' jobs, team dashboards, DevLake's setup) stay within the
// limits of the way ArgoCD applies them.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { renderYamlDocument } from "../core/render-yaml.ts";
import { setupConfig, setupConfigJson } from "../generators/dora/index.ts";
import { JOB_SCRIPT_BYTES, jenkinsValues } from "../generators/helm-values/jenkins.ts";
import { TEAM_DASHBOARD_SERVICES } from "../generators/observability/dashboards.ts";
import { buildDashboards, DASHBOARDS_FILE_BYTES, generateObservability } from "../generators/observability/index.ts";
import type { KubernetesObject } from "../core/file-tree.ts";
import { composeFiles } from "../core/compose.ts";
import { generateArgocd } from "../generators/argocd/index.ts";
import {
  DIRECTORY_BYTES_BASE,
  DIRECTORY_BYTES_PER_SERVICE,
  argocdScale,
  argocdScaleValues,
} from "../generators/helm-values/argocd-scale.ts";
import {
  APPLICATION_SET_ELEMENT_BYTES,
  buildServicesApplicationSets,
  chunkElements,
} from "../generators/argocd/services.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";

const test = suite("argocd at scale");

/** etcd's default request limit, which bounds every object the API server stores. */
const OBJECT_LIMIT = 1.5 * 1024 * 1024;
/**
 * The API server's limit on an object's annotations in all (TotalAnnotationSizeLimitB,
 * k8s.io/apimachinery/pkg/api/validation/objectmeta.go): client-side apply's `last-applied-configuration`, a
 * copy of the object as JSON, must fit in it.
 */
const ANNOTATIONS_LIMIT = 256 * 1024;
/** A ConfigMap's data in all (MaxConfigMapSize, k8s.io/kubernetes/pkg/apis/core/validation). */
const CONFIG_MAP_LIMIT = 1024 * 1024;
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** SMALL with one team running `count` services (with DevLake on, so each element carries repo and commit). */
function oneBigTeam(count: number): FawkesConfigInput {
  const services: NonNullable<FawkesConfigInput["services"]> = {};
  for (let i = 0; i < count; i++)
    services[`service-with-a-long-descriptive-name-${i}`] = {
      team: "web",
      description: "x",
      replicas: 1,
      port: 8080,
      build: { type: "node", repo: `https://github.com/m/service-with-a-long-descriptive-name-${i}` },
    };
  return {
    ...SMALL,
    teams: { web: { ...SMALL.teams!.web!, quota: { cpu: "8000", memory: "16000Gi", pods: 20000 } } },
    services,
    components: { ...SMALL.components, devlake: { enabled: true }, jenkins: { enabled: true } },
  };
}

/** A release of every one of those services in every environment of SMALL (so each is deployed). */
function releasesOf(count: number): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `service-with-a-long-descriptive-name-${i}`,
      { dev: "1.0.0", prod: "1.0.0" },
    ]),
  );
}

test("chunks keep order, cover every element once and stay within the budget", () => {
  const elements = Array.from({ length: 1000 }, (_, i) => ({ service: `s-${i}`, repo: "r".repeat(i % 50) }));
  const chunks = chunkElements(elements, 4096);
  assert.ok(chunks.length > 1);
  assert.equal(chunks.flat(), elements);
  for (const chunk of chunks) assert.ok(Buffer.byteLength(chunk.map((e) => JSON.stringify(e)).join("")) <= 4096);
  assert.equal(chunkElements([{ service: "x".repeat(5000) }], 4096).length, 1, "an element over the budget alone");
  assert.equal(chunkElements([]), []);
});

test("a team of 4,000 services: several ApplicationSets, each far below the object limit, names stable", () => {
  const model = resolveFrom(oneBigTeam(4000), releasesOf(4000));
  const env = model.environments.find((e) => e.name === "dev")!;
  const team = model.teams[0]!;
  const sets = buildServicesApplicationSets(model, team, env, team.services);
  assert.ok(sets.length >= 2, `${sets.length} set(s)`);
  assert.equal(
    sets.map((s) => s.metadata!.name),
    ["web-dev", ...sets.slice(1).map((_, i) => `web-dev-${i + 2}`)],
  );
  const served = sets.flatMap((s) =>
    s.spec.generators[0]!.list!.elements!.map((e) => (e as { service: string }).service),
  );
  assert.equal(
    served,
    team.services.map((s) => s.name),
  );
  for (const set of sets) {
    // Client-side apply stores the object twice: itself and its last-applied-configuration annotation.
    const bytes = 2 * Buffer.byteLength(renderYamlDocument(set.toJSON()));
    assert.ok(bytes < OBJECT_LIMIT / 2, `${set.metadata!.name}: ${bytes} bytes applied`);
    const copy = jsonBytes(set.toJSON());
    assert.ok(
      copy < ANNOTATIONS_LIMIT - 16 * 1024,
      `${set.metadata!.name}: ${copy} bytes of last-applied-configuration`,
    );
  }
  assert.ok(APPLICATION_SET_ELEMENT_BYTES * 4 < OBJECT_LIMIT);
});

/** The 4,000-service team, resolved once for the tests below. */
let big: ReturnType<typeof resolveFrom> | undefined;
const bigTeam = () => (big ??= resolveFrom(oneBigTeam(4000), releasesOf(4000)));

test("Jenkins' jobs: config scripts the chart renders as ConfigMaps within the annotation limit, every job once", () => {
  const model = bigTeam();
  const env = model.environments.find((e) => e.isManagement)!;
  const values = jenkinsValues({ model, env, component: model.installed("jenkins")! }) as {
    controller: { JCasC: { configScripts: Record<string, string> } };
  };
  const scripts = Object.entries(values.controller.JCasC.configScripts).filter(([key]) =>
    key.startsWith("fawkes-jobs"),
  );
  assert.equal(
    scripts.map(([key]) => key),
    ["fawkes-jobs", ...scripts.slice(1).map((_, i) => `fawkes-jobs-${i + 2}`)],
  );
  const whole = scripts.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0);
  assert.ok(whole > ANNOTATIONS_LIMIT, `${whole} bytes of jobs: one script would not fit`);
  const jobs: string[] = [];
  for (const [key, text] of scripts) {
    // The ConfigMap charts/jenkins/templates/jcasc-config.yaml (jenkins-5.9.53) renders for the entry.
    const configMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: `jenkins-jenkins-config-${key}`,
        namespace: "jenkins",
        labels: { "app.kubernetes.io/managed-by": "Helm", "jenkins-jenkins-config": "true" },
      },
      data: { [`${key}.yaml`]: text },
    };
    assert.ok(jsonBytes(configMap) < ANNOTATIONS_LIMIT * 0.75, `${key}: ${jsonBytes(configMap)} bytes`);
    const script = text
      .replace(/^jobs:\n {2}- script: \|\n/, "")
      .replace(/^ {6}/gm, "")
      .trim();
    assert.ok(Buffer.byteLength(script) <= JOB_SCRIPT_BYTES, `${key}: ${Buffer.byteLength(script)} bytes of Job DSL`);
    assert.match(text, /^jobs:\n {2}- script: \|\n {6}folder\('web'\)/, `${key} declares its folder first`);
    jobs.push(...[...text.matchAll(/multibranchPipelineJob\('web\/([^']+)'\)/g)].map((m) => m[1]!));
  }
  assert.equal(
    jobs,
    model.services.map((s) => s.name),
  );
});

test("team dashboards: pages of 30 services, each ConfigMap within 1 MiB, ids and uids unique, names stable", () => {
  const model = bigTeam();
  const maps = buildDashboards(model, model.environments[0]!).map(
    (c) => c.toJSON() as { metadata: { name: string }; data: Record<string, string> },
  );
  const teamMaps = maps.filter((m) => m.metadata.name.startsWith("dashboard-team-"));
  const pages = Math.ceil(4000 / TEAM_DASHBOARD_SERVICES);
  assert.equal(
    teamMaps.map((m) => m.metadata.name),
    ["dashboard-team-web", ...Array.from({ length: pages - 1 }, (_, i) => `dashboard-team-web.${i + 2}`)],
  );
  const uids = new Set<string>();
  const rows: string[] = [];
  for (const map of maps) {
    const data = Object.values(map.data).join("");
    assert.ok(Buffer.byteLength(data) < CONFIG_MAP_LIMIT / 4, `${map.metadata.name}: ${Buffer.byteLength(data)}`);
    const dashboard = JSON.parse(data) as {
      uid: string;
      title: string;
      panels: { id: number; type: string; title: string }[];
    };
    assert.ok(dashboard.uid.length <= 40 && !uids.has(dashboard.uid), dashboard.uid);
    uids.add(dashboard.uid);
    const ids = dashboard.panels.map((p) => p.id);
    assert.is(new Set(ids).size, ids.length, `${dashboard.uid}: panel ids unique`);
    rows.push(...dashboard.panels.filter((p) => p.type === "row").map((p) => p.title));
  }
  assert.equal(
    rows,
    model.services.map((s) => s.name),
    "every service on one page, in order",
  );
  const titles = teamMaps.map((m) => (JSON.parse(Object.values(m.data)[0]!) as { title: string }).title);
  assert.equal(titles.slice(0, 2), [`Web: services (1 of ${pages})`, `Web: services (2 of ${pages})`]);
});

test("two services whose names share their first 29 characters have dashboards of their own", () => {
  const model = resolveFrom(oneBigTeam(2), releasesOf(2));
  const uids = buildDashboards(model, model.environments[0]!).map(
    (c) =>
      (JSON.parse(Object.values((c.toJSON() as { data: Record<string, string> }).data)[0]!) as { uid: string }).uid,
  );
  assert.is(new Set(uids).size, 3, uids.join(", "));
  for (const uid of uids) assert.ok(uid.length <= 40, uid);
  assert.ok(uids.includes("fawkes-team-web"), "a short uid stays as it was");
});

test("DevLake's setup: applied server-side, and 20,000 services' repositories within a ConfigMap's 1 MiB", () => {
  const model = bigTeam();
  const text = setupConfigJson(model);
  assert.equal(JSON.parse(text), setupConfig(model));
  const bytes = Buffer.byteLength(text);
  assert.ok(bytes > ANNOTATIONS_LIMIT / 2, `${bytes} bytes at 4,000 services`);
  assert.ok((bytes / 4000) * 20_000 < CONFIG_MAP_LIMIT, `${bytes / 4000} bytes a service`);
});

test("the directories that grow with the services stay within the repo server's limit the values give it", () => {
  const model = bigTeam();
  const management = model.environments.find((e) => e.isManagement)!.name;
  const { tree } = composeFiles([...generateObservability(model), ...generateArgocd(model)]);
  const bytesUnder = (dir: string) =>
    [...tree.values()].filter((f) => f.path.startsWith(dir)).reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  const estimate = DIRECTORY_BYTES_BASE + 4000 * DIRECTORY_BYTES_PER_SERVICE;
  const monitoring = bytesUnder(`out/platform/clusters/${management}/namespaces/monitoring/`);
  const apps = bytesUnder("out/platform/apps/");
  assert.ok(monitoring > 10 * 1024 * 1024, `${monitoring} bytes: more than Argo CD's default takes`);
  for (const [dir, bytes] of [
    ["monitoring", monitoring],
    ["apps", apps],
  ] as const)
    assert.ok(bytes <= estimate, `${dir}: ${bytes} bytes, estimated at most ${estimate}`);
  assert.ok(monitoring > estimate / 2, "the estimate is an upper bound, not a wild one");
  const scale = argocdScale(model);
  assert.is(scale.directoryBytes, estimate);
  assert.is(
    argocdScaleValues(scale).params["reposerver.max.combined.directory.manifests.size"],
    `${Math.ceil((1.25 * estimate) / 1024 / 1024)}Mi`,
  );
  const small = argocdScaleValues(argocdScale(resolveFrom(oneBigTeam(3))));
  assert.equal(small.params, {}, "a small platform keeps the default");
});

test("the dashboards come in files of at most 8 MiB, each ConfigMap once, all synced with the folder", () => {
  const model = bigTeam();
  const management = model.environments.find((e) => e.isManagement)!;
  const folder = `out/platform/clusters/${management.name}/namespaces/monitoring/`;
  const files = generateObservability(model).filter((f) => f.path.startsWith(`${folder}dashboards`));
  // Past the first, a file's ConfigMaps are built when it is read, not held from the start (`builtOnRead`).
  assert.not.ok(Object.getOwnPropertyDescriptor(files[0], "objects")!.get, "the first keeps what it measured");
  for (const file of files.slice(1)) {
    assert.ok(Object.getOwnPropertyDescriptor(file, "objects")!.get, file.path);
    // Declared, so that admission's scan for Namespaces and LimitRanges passes it by unbuilt.
    assert.equal(file.type === "objects" && file.kinds, ["ConfigMap"], file.path);
  }
  const { tree } = composeFiles(files);
  const pages = [...tree.values()].sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
  assert.equal(
    pages.map((f) => f.path.slice(folder.length)),
    ["dashboards.yaml", ...pages.slice(1).map((_, i) => `dashboards-${i + 2}.yaml`)],
  );
  assert.ok(pages.length >= 2, `${pages.length} files for 4,000 services`);
  for (const page of pages) {
    const bytes = Buffer.byteLength(page.content);
    assert.ok(bytes <= DASHBOARDS_FILE_BYTES, `${page.path}: ${bytes} bytes`);
    assert.ok(bytes > DASHBOARDS_FILE_BYTES / 4 || page === pages.at(-1), `${page.path}: ${bytes} bytes, pages filled`);
  }
  const names = files.flatMap((f) => (f.type === "objects" ? f.objects : []).map((o) => nameOf(o)));
  assert.equal(
    names,
    buildDashboards(model, management).map((c) => c.metadata!.name),
    "every dashboard once, in order",
  );
  // The namespace's configuration travels with kube-prometheus-stack, which syncs the whole folder.
  const apps = generateArgocd(model).flatMap((f) => (f.type === "objects" ? f.objects : []).map((o) => o.toJSON()));
  const carriers = apps.filter((a) =>
    ((a as { spec?: { sources?: { path?: string }[] } }).spec?.sources ?? []).some((s) => `${s.path}/` === folder),
  ) as { spec: { sources: { path?: string; directory?: unknown }[] } }[];
  assert.is(carriers.length, 1);
  assert.is(carriers[0]!.spec.sources.find((s) => `${s.path}/` === folder)!.directory, undefined, "no include");
});

function nameOf(object: KubernetesObject): string {
  return (object.toJSON() as { metadata: { name: string } }).metadata.name;
}

test("a small team keeps one ApplicationSet named <team>-<env>", () => {
  const model = resolveFrom(oneBigTeam(3), releasesOf(3));
  const team = model.teams[0]!;
  const sets = buildServicesApplicationSets(model, team, model.environments[0]!, team.services);
  assert.equal(
    sets.map((s) => s.metadata!.name),
    [`web-${model.environments[0]!.name}`],
  );
});

test("controller and repo server settings follow the fleet's size, per the upstream manual", () => {
  const small = argocdScale(resolveFrom(oneBigTeam(3)));
  assert.equal(argocdScaleValues(small), { params: {} }, "within Argo CD's defaults: nothing");
  const releases = Object.fromEntries(
    Array.from({ length: 2500 }, (_, i) => [
      `service-with-a-long-descriptive-name-${i}`,
      { dev: "1.0.0", prod: "1.0.0" },
    ]),
  );
  const large = argocdScale(resolveFrom(oneBigTeam(2500), releases));
  assert.ok(large.applications > 5000, `${large.applications} Applications`);
  const values = argocdScaleValues(large);
  const thousands = Math.ceil(large.applications / large.clusters / 1000);
  assert.equal(values.params, {
    "controller.status.processors": 50 * thousands,
    "controller.operation.processors": 25 * thousands,
    "reposerver.parallelism.limit": 10,
    "reposerver.max.combined.directory.manifests.size": `${Math.ceil((1.25 * large.directoryBytes) / 1024 / 1024)}Mi`,
  });
  // Clusters are what the controller shards: never more replicas than clusters.
  assert.equal(values.controller, { replicas: large.clusters });
});

test.run();
