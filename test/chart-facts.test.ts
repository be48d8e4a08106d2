// The chart facts: one entry per catalog component at exactly its pinned version (a version bump without
// re-derived facts fails here), every entry traceable to a commit and files, images fully qualified, and
// every pod selectable by labels.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  CHART_FACTS,
  DEVWORKSPACE_OPERATOR_FACTS,
  type ChartFacts,
  type ContainerFact,
} from "../schema/chart-facts/index.ts";
import { COMPONENT_CATALOG, COMPONENT_KEYS, DEVWORKSPACE_OPERATOR } from "../schema/component-catalog.ts";
import { SERVICE_CHART_FACTS, serviceChartFacts } from "../schema/chart-facts/index.ts";
import { generateExample } from "./helpers/pipeline.ts";

const test = suite("chart facts");

const ALL: [string, ChartFacts][] = [
  ...Object.entries(CHART_FACTS),
  ["devworkspaceOperator", DEVWORKSPACE_OPERATOR_FACTS],
];
/** registry host (with a dot or a port, or localhost) / path : tag, optionally @sha256:digest; or path@digest. */
const QUALIFIED =
  /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?|localhost(?::\d+)?)\/[a-z0-9._/-]+(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/;

test("every catalog component has facts, and no facts lack a component", () => {
  assert.equal(Object.keys(CHART_FACTS).sort(), [...COMPONENT_KEYS].sort());
});

test("facts are for the pinned chart and version", () => {
  for (const key of COMPONENT_KEYS) {
    const facts = CHART_FACTS[key];
    const pin = COMPONENT_CATALOG[key];
    assert.is(facts.component, key, `${key}: component key`);
    assert.is(facts.chart, pin.chart, `${key}: chart`);
    assert.is(
      facts.version,
      pin.version,
      `${key}: facts are for ${facts.version} but the catalog pins ${pin.version}; re-derive the facts (schema/chart-facts/README.md)`,
    );
    assert.is(facts.releaseName, pin.slug, `${key}: Fawkes' Helm release name is the slug`);
    // The tag read names the pinned version: a pin that is no chart version (an app version, say) fails here.
    const ref = facts.provenance.ref;
    assert.ok(
      ref === pin.version || ref.endsWith(`-${pin.version}`) || ref === `v${pin.version}`,
      `${key}: facts were read at ${ref}, which is not chart ${pin.version}`,
    );
  }
  assert.is(
    DEVWORKSPACE_OPERATOR_FACTS.version,
    DEVWORKSPACE_OPERATOR.version,
    "DevWorkspace Operator: facts version differs from the pinned tag",
  );
});

test("every fact set has provenance with a commit and files", () => {
  for (const [key, facts] of ALL) {
    const p = facts.provenance;
    assert.ok(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/.test(p.repository), `${key}: repository ${p.repository}`);
    assert.ok(p.ref.length > 0, `${key}: ref`);
    assert.ok(/^[0-9a-f]{40}$/.test(p.commit), `${key}: commit must be a full hash, got ${p.commit}`);
    assert.ok(p.files.length > 0, `${key}: files`);
    if (!p.verified)
      assert.ok(
        (p.note ?? "").length > 0 && p.chartVersionRead !== undefined,
        `${key}: unverified facts must say which version was read and why`,
      );
    if (p.chartVersionRead !== undefined)
      assert.is(p.verified, false, `${key}: facts read at another version cannot be verified`);
    for (const pod of facts.pods) assert.ok(pod.provenance.length > 0, `${key}/${pod.name}: template file`);
    for (const w of facts.webhooks) assert.ok(w.provenance.length > 0, `${key}/${w.configuration}: provenance`);
    for (const s of facts.services) assert.ok(s.provenance.length > 0, `${key}/${s.name}: provenance`);
  }
});

test("images are fully qualified", () => {
  for (const [key, facts] of ALL) {
    for (const pod of facts.pods) {
      const containers: ContainerFact[] = [...pod.containers, ...pod.initContainers];
      assert.ok(pod.containers.length > 0, `${key}/${pod.name}: no containers`);
      for (const c of containers) {
        assert.ok(
          QUALIFIED.test(c.image),
          `${key}/${pod.name}/${c.name}: image ${c.image} is not registry/repository:tag`,
        );
        assert.ok(
          /:[\w.-]+(@sha256:[0-9a-f]{64})?$|@sha256:[0-9a-f]{64}$/.test(c.image),
          `${key}/${pod.name}/${c.name}: image ${c.image} has no tag or digest`,
        );
        if (c.implicitRegistry)
          assert.ok(
            c.image.startsWith("docker.io/"),
            `${key}/${pod.name}/${c.name}: an implicit registry is docker.io`,
          );
      }
    }
  }
});

test("every pod has non-empty selector labels, a service account and consistent host facts", () => {
  for (const [key, facts] of ALL) {
    const names = new Set(facts.pods.map((p) => p.name));
    assert.is(names.size, facts.pods.length, `${key}: pod names are unique`);
    for (const pod of facts.pods) {
      const labels = Object.entries(pod.selectorLabels);
      assert.ok(labels.length > 0, `${key}/${pod.name}: selector labels`);
      for (const [k, v] of labels) assert.ok(k.length > 0 && v.length > 0, `${key}/${pod.name}: empty label ${k}=${v}`);
      assert.ok(pod.serviceAccount.length > 0, `${key}/${pod.name}: service account`);
      if (pod.hostNetwork) {
        const declared = [...pod.containers, ...pod.initContainers].flatMap((c) => c.ports.map((p) => p.containerPort));
        for (const port of declared)
          assert.ok(
            pod.hostPorts.includes(port),
            `${key}/${pod.name}: on the host network container port ${port} is a host port`,
          );
      }
      for (const h of pod.hostPaths) assert.ok(h.path.startsWith("/"), `${key}/${pod.name}: host path ${h.path}`);
    }
    for (const s of facts.services)
      assert.ok(names.has(s.selects), `${key}: Service ${s.name} selects unknown pod ${s.selects}`);
    for (const ref of [...facts.secretsRead, ...facts.configMapsRead])
      assert.ok(names.has(ref.readBy), `${key}: ${ref.name} read by unknown pod ${ref.readBy}`);
  }
});

test("the catalog's policy exceptions select pods the facts know", () => {
  for (const key of COMPONENT_KEYS) {
    const def = COMPONENT_CATALOG[key] as {
      policyExceptions?: readonly { name: string; podLabels: Readonly<Record<string, string>> }[];
    };
    for (const exception of def.policyExceptions ?? []) {
      const selected = CHART_FACTS[key].pods.filter((pod) =>
        Object.entries(exception.podLabels).every(([k, v]) => pod.selectorLabels[k] === v),
      );
      assert.ok(
        selected.length > 0,
        `${key}: exception ${exception.name} selects ${JSON.stringify(exception.podLabels)}, which no pod in the facts carries`,
      );
    }
  }
});

test("charts services deploy: facts with provenance at the exact version, pods named after the release", () => {
  assert.ok(SERVICE_CHART_FACTS.length > 0);
  for (const facts of SERVICE_CHART_FACTS) {
    const key = `${facts.chart} ${facts.version}`;
    const p = facts.provenance;
    assert.ok(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/.test(p.repository), `${key}: repository`);
    assert.ok(/^[0-9a-f]{40}$/.test(p.commit), `${key}: commit must be a full hash`);
    assert.ok(p.verified && p.ref.endsWith(facts.version), `${key}: read at the chart's own release tag`);
    assert.ok(p.files.includes(`${p.chartPath}/Chart.yaml`) && p.files.includes(`${p.chartPath}/values.yaml`));
    assert.is(serviceChartFacts(`${facts.repoURL}/`, facts.chart, facts.version), facts, `${key}: found by its key`);
    assert.is(
      serviceChartFacts(facts.repoURL, facts.chart, `${facts.version}-1`),
      undefined,
      `${key}: exact version only`,
    );
    const pods = facts.pods("rel");
    assert.ok(pods.length > 0, `${key}: pods`);
    for (const pod of pods) {
      assert.ok(pod.name.includes("rel"), `${key}/${pod.name}: named after the release (fullnameOverride)`);
      assert.ok(Object.values(pod.selectorLabels).includes("rel"), `${key}/${pod.name}: the release's label`);
      assert.ok(
        p.files.includes(pod.provenance),
        `${key}/${pod.name}: template ${pod.provenance} is among the files read`,
      );
      for (const c of [...pod.containers, ...pod.initContainers]) {
        assert.ok(QUALIFIED.test(c.image), `${key}/${pod.name}/${c.name}: image ${c.image} is qualified`);
        assert.ok(c.imageKey && c.securityContextKey, `${key}/${pod.name}/${c.name}: image and security-context keys`);
      }
    }
    for (const s of facts.services("rel"))
      assert.ok(
        pods.some((pod) => pod.name === s.selects),
        `${key}: Service ${s.name} selects a known pod`,
      );
  }
});

test("the example's metabase chart is pinned at the version of Fawkes' facts, which its pods come from", async () => {
  const { model } = await generateExample();
  const chart = model.services.find((s) => s.name === "metabase")!.chart!;
  const facts = serviceChartFacts(chart.repoURL, chart.chart, chart.version);
  assert.ok(facts, `no facts for ${chart.chart} ${chart.version}`);
  assert.is(chart.version, facts!.version);
  assert.equal(chart.facts, { from: "fawkes", provenance: facts!.provenance });
  assert.equal(chart.pods, facts!.pods("metabase"));
  assert.is(facts!.appVersion, "v0.56.2.x");
  assert.ok(
    chart.pods[0]!.containers[0]!.image.endsWith(`:${facts!.appVersion}`),
    "the tag defaults to the appVersion",
  );
});

test.run();
