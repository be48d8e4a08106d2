// metrics-server where the cloud lacks it: on EKS clusters by default (AKS runs its own), its pod admitted, the
// API server let in on its port, and synced before the services whose HorizontalPodAutoscalers read it.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { runPreflight } from "../core/preflight.ts";
import { bootstrapGraph } from "../core/runtime/bootstrap-graph.ts";
import { ids } from "../core/runtime/bootstrap-model.ts";
import { platformFlows } from "../core/runtime/platform-flows.ts";
import { GENERATORS } from "../generators/index.ts";
import { CHART_FACTS } from "../schema/chart-facts/index.ts";
import { COMPONENT_CATALOG } from "../schema/component-catalog.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom, AZURE_CLOUD } from "./helpers/model.ts";
import { generateExample } from "./helpers/pipeline.ts";

const test = suite("metrics-server");

const AUTOSCALED: FawkesConfigInput = {
  ...SMALL,
  services: {
    api: {
      team: "web",
      description: "An autoscaled API.",
      port: 8080,
      autoscale: { min: 2, max: 4 },
    },
    site: { team: "web", description: "A fixed site.", port: 8080, replicas: 1 },
  },
};
const RELEASES = { api: { dev: "1.0.0", prod: "1.0.0" }, site: { dev: "1.0.0", prod: "1.0.0" } };

test("the example: on its EKS clusters (prod, staging), not on AKS (dev); its pod admitted in each", async () => {
  const { model } = await generateExample();
  const metrics = model.installed("metricsServer")!;
  assert.equal(metrics.environments.map((e) => `${e.name}:${e.cloud.provider}`).sort(), ["prod:aws", "staging:aws"]);
  const { verdicts } = runPreflight(
    model,
    GENERATORS.flatMap((generate) => generate(model)),
  );
  const pod = verdicts.filter((v) => v.pod.startsWith("Deployment metrics-server/metrics-server of metrics-server"));
  assert.equal(pod.map((v) => [v.environment, v.denied]).sort(), [
    ["prod", []],
    ["staging", []],
  ]);
});

test("off on Azure unless asked; the config may switch it either way", () => {
  const azure: FawkesConfigInput = {
    ...SMALL,
    clouds: {
      az: { ...AZURE_CLOUD, cidr: "10.30.0.0/16", state: { resourceGroup: "m-tfstate", storageAccount: "mtfstate" } },
    },
    environments: {
      dev: { ...SMALL.environments.dev!, cloud: "az", nodePools: { default: { instanceType: "Standard_D4s_v5" } } },
      prod: { ...SMALL.environments.prod!, cloud: "az", nodePools: { default: { instanceType: "Standard_D4s_v5" } } },
    },
  };
  assert.is(resolveFrom(azure).installed("metricsServer"), undefined);
  const forced = resolveFrom({ ...azure, components: { ...azure.components, metricsServer: { enabled: true } } });
  assert.equal(
    forced
      .installed("metricsServer")!
      .environments.map((e) => e.name)
      .sort(),
    ["dev", "prod"],
  );
  const off = resolveFrom({
    ...SMALL,
    components: { ...SMALL.components, metricsServer: { environments: { dev: { enabled: false } } } },
  });
  assert.equal(
    off.installed("metricsServer")!.environments.map((e) => e.name),
    ["prod"],
  );
});

test("the API server reaches its aggregated API on the container port behind the APIService's Service", () => {
  const model = resolveFrom(SMALL);
  const env = model.environments.find((e) => e.name === "prod")!;
  const ns = COMPONENT_CATALOG.metricsServer.namespace;
  const flows = platformFlows(model, env).filter((f) => f.to === ns && f.from === "any");
  const [api] = CHART_FACTS.metricsServer.apiServices!;
  assert.is(api!.service, "metrics-server:443");
  const container = CHART_FACTS.metricsServer.pods[0]!.containers[0]!.ports.find((p) => p.name === "https")!;
  assert.equal(
    flows.map((f) => f.ports),
    [[container.containerPort]],
  );
  assert.match(flows[0]!.why, /aggregated API \(metrics\.k8s\.io\)/);
});

test("graph: services with autoscale sync after metrics-server; others do not wait for it", () => {
  const graph = bootstrapGraph(resolveFrom(AUTOSCALED, RELEASES));
  const needs = (from: string) => graph.needs.filter((n) => n.from === from).map((n) => n.to);
  for (const e of ["dev", "prod"]) {
    assert.ok(needs(ids.services(e, "web")).includes(ids.installer(e, "metricsServer")), e);
    const [wave, after] = [
      graph.waves.get(`Application/metrics-server-${e}`),
      graph.waves.get(
        `ApplicationSet/${[...graph.nodes.values()].find((n) => n.id === ids.services(e, "web"))!.argo!.name}`,
      ),
    ];
    assert.ok(wave !== undefined && after !== undefined && wave < after, `${e}: ${wave} < ${after}`);
  }
  const fixed: FawkesConfigInput = {
    ...AUTOSCALED,
    services: { site: AUTOSCALED.services!.site! },
  };
  const plain = bootstrapGraph(resolveFrom(fixed, { site: RELEASES.site }));
  assert.not.ok(
    plain.needs.some((n) => n.from === ids.services("prod", "web") && n.to === ids.installer("prod", "metricsServer")),
  );
});

test.run();
