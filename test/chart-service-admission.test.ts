// Services deployed from upstream charts are admitted like every other pod: their pods come from the chart's
// facts (Fawkes' or declared in the config), rendered with the merged values, through Pod Security Admission
// and every generated policy, in every environment they deploy to.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { withLimitDefaults } from "../core/policy/limit-range.ts";
import { runPreflight, type Verdict } from "../core/preflight.ts";
import { formatPath } from "../core/problems.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { chartServicePods, imageOf } from "../core/runtime/chart-service-pods.ts";
import { GENERATORS } from "../generators/index.ts";
import { METABASE_FACTS } from "../schema/chart-facts/metabase.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, declaredChartPods, resolveFrom } from "./helpers/model.ts";
import { generateExample } from "./helpers/pipeline.ts";

const test = suite("chart service admission");

type Obj = Record<string, any>;

function preflight(model: ResolvedConfig) {
  return runPreflight(
    model,
    GENERATORS.flatMap((generate) => generate(model)),
  );
}

const ofService = (verdicts: readonly Verdict[], name: string) =>
  verdicts.filter((v) => formatPath(v.origin) === `services.${name}`);

/** SMALL with one chart service in the web team. */
function withChart(chart: Obj, extra: Partial<FawkesConfigInput> = {}): FawkesConfigInput {
  return {
    ...SMALL,
    services: { bi: { team: "web", description: "BI from a chart", chart: chart as never } },
    ...extra,
  };
}

const METABASE = {
  repoURL: METABASE_FACTS.repoURL,
  chart: "metabase",
  version: METABASE_FACTS.version,
};

test("the example's metabase pod is evaluated and admitted in prod: the mirror's image, restricted through values", async () => {
  const { model } = await generateExample();
  const { verdicts, problems } = preflight(model);
  assert.equal(
    ofService(verdicts, "metabase").map((v) => [v.environment, v.pod, v.denied]),
    [["prod", "Deployment data/metabase (chart metabase 2.23.0)", []]],
  );
  assert.equal(
    problems.filter((p) => p.path[1] === "metabase"),
    [],
  );
  const service = model.services.find((s) => s.name === "metabase")!;
  const [admitted] = chartServicePods(service, service.deployments[0]!);
  const spec = admitted!.pod.spec as Obj;
  assert.is(spec.containers[0].image, "ghcr.io/acme/mirror/metabase:v0.56.2.x");
  assert.equal(spec.securityContext, {
    runAsUser: 2000,
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
  });
  assert.equal(spec.containers[0].securityContext.capabilities, { drop: ["ALL"] });
  assert.equal(spec.containers[0].resources, { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } });
  const labels = admitted!.pod.metadata.labels!;
  assert.is(labels["app.kubernetes.io/instance"], "metabase", "the label the service's NetworkPolicy selects");
  assert.is(labels["fawkes.dev/team"], "data");
  assert.is(labels.app, "metabase", "the chart's own labels are kept");
});

test("every admitted pod of the example has a verdict, chart services' among them", async () => {
  const { model } = await generateExample();
  const { verdicts } = preflight(model);
  const denied = verdicts.filter((v) => v.denied.length > 0 && !v.origin[0]!.toString().startsWith("components"));
  assert.equal(denied, [], "no service pod is denied");
  assert.ok(verdicts.length > 50, `${verdicts.length} verdicts`);
});

test("a docker.io image is denied, naming the policy, the pod and the config entry, with a mirror to use", () => {
  const model = resolveFrom(withChart({ ...METABASE, values: { replicaCount: 1 } }));
  const { problems, verdicts } = preflight(model);
  assert.equal(
    ofService(verdicts, "bi").map((v) => [v.environment, v.denied]),
    [
      ["dev", ["restrict-image-registries"]],
      ["prod", ["restrict-image-registries"]],
    ],
  );
  const problem = problems.find((p) => p.severity !== "warning")!;
  assert.is(formatPath(problem.path), "services.bi.chart.values.image");
  assert.is(
    problem.message,
    'policy "restrict-image-registries" (Enforce) would deny Deployment web/bi (chart metabase 2.23.0) in dev: images must come from ghcr.io/m',
  );
  assert.match(
    problem.hint!,
    /set services\.bi\.chart\.values\.image\.repository to a mirror of docker\.io\/metabase\/metabase in an allowed registry, such as ghcr\.io\/m\/mirror\/metabase/,
  );
});

test("the config's values are merged over Fawkes' and the preflight reads the merged result", () => {
  /** The first container of the pod the values render. */
  const render = (values: Obj): Obj => {
    const model = resolveFrom(withChart({ ...METABASE, values }));
    const service = model.services[0]!;
    return (chartServicePods(service, service.deployments[0]!)[0]!.pod.spec as Obj).containers[0];
  };
  assert.is(render({}).image, "docker.io/metabase/metabase:v0.56.2.x");
  assert.is(
    render({ image: { repository: "ghcr.io/m/metabase", tag: "v0.56.3" } }).image,
    "ghcr.io/m/metabase:v0.56.3",
  );
  const loosened = render({
    image: { repository: "ghcr.io/m/metabase" },
    securityContext: { allowPrivilegeEscalation: true },
  });
  assert.is(loosened.securityContext.allowPrivilegeEscalation, true);
  assert.equal(loosened.securityContext.capabilities, { drop: ["ALL"] }, "merged, not replaced");
  const model = resolveFrom(
    withChart({
      ...METABASE,
      values: { image: { repository: "ghcr.io/m/metabase" }, securityContext: { allowPrivilegeEscalation: true } },
    }),
  );
  const { problems } = preflight(model);
  const denial = problems.find((p) => p.message.startsWith("Pod Security Admission"))!;
  assert.match(
    denial.message,
    /would deny Deployment web\/bi \(chart metabase 2\.23\.0\) in dev: .*allowPrivilegeEscalation must be false/,
  );
  assert.match(denial.hint!, /a security context in services\.bi\.chart\.values undoes the restricted one Fawkes sets/);
});

test("image values as charts spell them: a string, a map with a registry field, a digest", () => {
  const container = {
    name: "c",
    image: "docker.io/bitnami/redis:7.2.4",
    securityContext: null,
    ports: [],
    imageKey: "image",
  };
  assert.is(imageOf(container, {}), "docker.io/bitnami/redis:7.2.4");
  assert.is(imageOf(container, { image: "ghcr.io/m/redis:7" }), "ghcr.io/m/redis:7");
  const withRegistry = { ...container, imageRegistryDefault: "docker.io" };
  assert.is(imageOf(withRegistry, { image: { registry: "ghcr.io/m" } }), "ghcr.io/m/bitnami/redis:7.2.4");
  assert.is(
    imageOf(withRegistry, { image: { tag: "" } }),
    "docker.io/bitnami/redis:7.2.4",
    "an empty tag is the default",
  );
  const digest = `sha256:${"a".repeat(64)}`;
  assert.is(
    imageOf({ ...container, implicitRegistry: true }, { image: { repository: "ghcr.io/m/redis", digest } }),
    `ghcr.io/m/redis:7.2.4@${digest}`,
  );
});

test("declared pods are admitted like shipped facts, and a compliant one passes everywhere", () => {
  const model = resolveFrom(
    withChart({ repoURL: "https://charts.example", chart: "app", version: "1.0.0", pods: declaredChartPods("bi") }),
  );
  const { verdicts } = preflight(model);
  assert.equal(
    ofService(verdicts, "bi").map((v) => [v.environment, v.pod, v.denied]),
    [
      ["dev", "Deployment web/bi (chart app 1.0.0)", []],
      ["prod", "Deployment web/bi (chart app 1.0.0)", []],
    ],
  );
});

test("a declared pod on the host network is denied by Pod Security Admission, unless a reasoned exception relaxes it", () => {
  const pods = declaredChartPods("bi").map((p) => ({ ...p, hostNetwork: true }));
  const chart = { repoURL: "https://charts.example", chart: "app", version: "1.0.0", pods };
  const { problems, verdicts } = preflight(resolveFrom(withChart(chart)));
  assert.ok(
    ofService(verdicts, "bi").every(
      (v) => v.denied.includes("pod-security-admission") && v.denied.includes("pod-security"),
    ),
  );
  const psa = problems.find((p) => p.message.startsWith("Pod Security Admission"))!;
  assert.match(
    psa.message,
    /would deny Deployment web\/bi \(chart app 1\.0\.0\) in dev: the namespace enforces restricted: .*host's network/,
  );
  assert.is(formatPath(psa.path), "services.bi.chart.values");
  assert.match(psa.hint!, /needs the host network: declare a reasoned exception in policies\.exceptions/);

  const excepted = resolveFrom(
    withChart(chart, {
      policies: {
        exceptions: [
          { policy: "pod-security", team: "web", service: "bi", reason: "the agent reads the node's network" },
        ],
      },
    }),
  );
  assert.equal(
    ofService(preflight(excepted).verdicts, "bi").map((v) => v.denied),
    [[], []],
  );
});

test("a declared pod without a labels values key lacks the required labels", () => {
  const pods = declaredChartPods("bi").map((p) => ({ ...p, labels: { app: "bi" }, valuesKeys: {} }));
  const model = resolveFrom(withChart({ repoURL: "https://charts.example", chart: "app", version: "1.0.0", pods }));
  const { problems } = preflight(model);
  const labels = problems.find((p) => p.message.includes('"require-labels"'))!;
  assert.is(formatPath(labels.path), "services.bi.chart.pods");
  assert.match(labels.hint!, /set valuesKeys\.podLabels in services\.bi\.chart\.pods/);
});

test("a chart's container without resources gets the namespace's LimitRange defaults, as LimitRanger sets them", () => {
  const pod = (resources?: Obj) => ({
    apiVersion: "v1" as const,
    kind: "Pod" as const,
    metadata: { name: "p", namespace: "web" },
    spec: { containers: [{ name: "c", image: "i", ...(resources ? { resources } : {}) }] },
  });
  const items = [{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { memory: "256Mi" } }];
  const resources = (p: ReturnType<typeof pod>) => (withLimitDefaults(p, items).spec as Obj).containers[0].resources;
  assert.equal(resources(pod()), { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } });
  assert.equal(resources(pod({ limits: { memory: "1Gi" } })), {
    requests: { memory: "1Gi", cpu: "100m" },
    limits: { memory: "1Gi" },
  });
  assert.equal(withLimitDefaults(pod(), undefined), pod(), "no LimitRange, no change");
});

test.run();
