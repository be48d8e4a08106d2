// Every pod that will run is admitted — service workloads and the pods the pinned charts run, hardened by
// their values — and pods that break the rules are still denied in every namespace that runs workloads.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateTree } from "../core/generate-tree.ts";
import { MARKDOWN } from "./helpers/pipeline.ts";
import { buildExceptions } from "../core/policy/admission.ts";
import { compilePolicies } from "../core/preflight.ts";
import { evaluatePolicy, matchesSelector, podOf, type Pod } from "../core/policy/evaluate.ts";
import { componentPods, hardeningValues } from "../core/runtime/component-pods.ts";
import { VAULT_AGENT_IMAGE, instrumentationImage, mutatePod } from "../core/runtime/mutations.ts";
import { parseAllDocuments } from "yaml";
import { restrictedByDefault } from "../core/runtime/pod-security.ts";
import { formatPath } from "../core/problems.ts";
import { compileCel } from "../core/cel.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { COMPONENT_KEYS } from "../schema/component-catalog.ts";
import { SMALL, ZONE_ID, resolveFrom, withDns } from "./helpers/model.ts";

const test = suite("admission");

/** Every component on (the legacy ingress controller instead of the gateway in dev), Che included; ExternalDNS
 *  writes to the cloud's zone, where cert-manager answers DNS-01. */
const EVERYTHING: FawkesConfigInput = {
  ...withDns(SMALL, { aws: { hostedZoneId: ZONE_ID } }),
  components: {
    ...Object.fromEntries(COMPONENT_KEYS.map((k) => [k, { enabled: true }])),
    gateway: { enabled: true, environments: { dev: { enabled: false } } },
    ingressNginx: { enabled: false, environments: { dev: { enabled: true } } },
    certManager: { acmeEmail: "ops@m.example", challenge: "dns01" },
  },
};

test("with every component on, every pod of every chart is admitted in every cluster (Enforce)", async () => {
  const model = resolveFrom(EVERYTHING);
  const generated = await generateTree(model, MARKDOWN);
  assert.ok(
    generated.ok,
    generated.ok ? "" : generated.problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("\n"),
  );
  const pods = model.environments.flatMap((env) => componentPods(model, env));
  assert.ok(pods.length > 60, `${pods.length} component pods`);
  const compliant = pods.filter((p) => restrictedByDefault(p.fact)).length;
  const hardened = pods.filter((p) => p.hardened).length;
  assert.ok(hardened >= 10, `${hardened} pods made restricted through their values`);
  assert.ok(
    compliant + hardened > pods.length * 0.8,
    `${compliant} compliant + ${hardened} hardened of ${pods.length}: the rest are excepted`,
  );
});

test("an exception is derived only where a chart cannot comply, narrowed to the pod, with the facts' reason", () => {
  const model = resolveFrom(EVERYTHING);
  const env = model.environments[1]!;
  const specs = buildExceptions(model, env, new Set(compilePolicies(model).map((p) => p.name)));
  for (const spec of specs) {
    assert.ok(spec.reason.length > 20, spec.exception.metadata.name);
    const [namespace, pods] = spec.exception.spec.matchConditions;
    assert.match(namespace!.expression, /^request\.namespace == '/);
    assert.ok(pods, `${spec.exception.metadata.name} selects pods, not a whole namespace`);
  }
  const hardened = componentPods(model, env)
    .filter((p) => p.hardened)
    .map((p) => p.fact.name);
  for (const name of ["vault", "jenkins", "backstage"])
    assert.ok(hardened.includes(name), `${name} is hardened, not excepted`);
  assert.not.ok(specs.some((s) => /^vault|^jenkins-jenkins$|^backstage-backstage$/.test(s.exception.metadata.name)));
  // A privileged container the chart can switch off is switched off, not excepted.
  assert.not.ok(
    specs.some((s) => /grafana/.test(s.exception.metadata.name)),
    "DevLake's Grafana runs without its root chown container",
  );
  const devlake = model.components.find((c) => c.key === "devlake")!;
  assert.equal(
    (
      hardeningValues(
        devlake,
        model.environments.find((e) => e.isManagement)!,
      ) as { grafana: { initChownData: unknown } }
    ).grafana.initChownData,
    {
      enabled: false,
    },
  );
});

const BAD_PODS: readonly [string, Pod["spec"]][] = [
  ["privileged", { containers: [{ name: "c", image: "ghcr.io/m/x:1", securityContext: { privileged: true } }] }],
  [
    "host path",
    { containers: [{ name: "c", image: "ghcr.io/m/x:1" }], volumes: [{ name: "h", hostPath: { path: "/etc" } }] },
  ],
  ["host network", { hostNetwork: true, containers: [{ name: "c", image: "ghcr.io/m/x:1" }] }],
];

test("three bad pods are denied in every namespace that runs workloads, exceptions notwithstanding", () => {
  const model = resolveFrom(EVERYTHING);
  const podSecurity = compilePolicies(model).find((p) => p.name === "pod-security")!;
  for (const env of model.environments) {
    const exceptions = buildExceptions(model, env, new Set(["pod-security"])).map((s) =>
      s.exception.spec.matchConditions.map((c) => compileCel(c.expression)),
    );
    const namespaces = new Set([
      ...model.teams.map((t) => t.namespace),
      ...componentPods(model, env).map((p) => p.namespace),
    ]);
    for (const namespace of namespaces) {
      const labels = { "kubernetes.io/metadata.name": namespace, "app.kubernetes.io/managed-by": "fawkes" };
      assert.ok(matchesSelector(podSecurity.selector, labels), namespace);
      for (const [what, spec] of BAD_PODS) {
        const pod: Pod = {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "bad", namespace, labels: { "app.kubernetes.io/name": "bad" } },
          spec,
        };
        const lifted = exceptions.some((conditions) =>
          conditions.every((c) => {
            const r = c({ object: pod, request: { namespace } });
            return r.ok && r.value === true;
          }),
        );
        assert.not.ok(lifted, `no exception lifts a ${what} pod in ${namespace}`);
        assert.ok(
          evaluatePolicy(podSecurity, pod, { metadata: { name: namespace, labels } }),
          `${what} pod denied in ${env.name}/${namespace}`,
        );
      }
    }
  }
});

const withService = (security: Record<string, unknown>, excepted: boolean): FawkesConfigInput => ({
  ...SMALL,
  services: {
    legacy: {
      team: "web",
      description: "an old image",
      type: "worker",
      security,
      probes: { liveness: { command: ["true"] } },
    },
  },
  policies: excepted
    ? {
        exceptions: [
          { policy: "pod-security", team: "web", service: "legacy", reason: "the vendor image only runs as root" },
        ],
      }
    : {},
});

test("Pod Security Admission and Kyverno agree: an excepted root pod gets a namespace that admits it", async () => {
  const releases = { legacy: { dev: "1.0.0", prod: "1.0.0" } };
  const label = async (security: Record<string, unknown>) => {
    const generated = await generateTree(resolveFrom(withService(security, true), releases), MARKDOWN);
    assert.ok(generated.ok, generated.ok ? "" : generated.problems.map((p) => p.message).join("\n"));
    return /pod-security\.kubernetes\.io\/enforce: (\w+)/.exec(
      generated.tree.get("out/platform/namespaces/dev/web.yaml")!.content,
    )![1];
  };
  assert.is(await label({ runAsRoot: true }), "baseline");
  assert.is(await label({ addCapabilities: ["NET_RAW"] }), "privileged");
  const denied = await generateTree(resolveFrom(withService({ runAsRoot: true }, false), releases), MARKDOWN);
  assert.not.ok(denied.ok);
  if (!denied.ok)
    assert.ok(
      denied.problems.some((p) => /Pod Security Admission would deny Deployment web\/legacy/.test(p.message)),
      denied.problems.map((p) => p.message).join("\n"),
    );
});

test("the injectors' mutations are applied before admission, and only their pinned images are admitted", async () => {
  const config: FawkesConfigInput = {
    ...SMALL,
    services: {
      api: {
        team: "web",
        description: "java",
        build: { type: "maven", repo: "https://github.com/m/api" },
        secretDelivery: "vault-agent",
        secrets: { DB: { path: "web/api/db", key: "url" } },
      },
    },
  };
  const model = resolveFrom(config, { api: { dev: "1", prod: "1" } });
  const generated = await generateTree(model, MARKDOWN);
  assert.ok(generated.ok, generated.ok ? "" : generated.problems.map((p) => p.message).join("\n"));
  const prod = model.environments.find((e) => e.name === "prod")!;
  const dev = model.environments.find((e) => e.name === "dev")!;
  const manifests = generated.ok ? generated.tree.get("out/platform/services/prod/api/manifests.yaml")!.content : "";
  const deployment = parseAllDocuments(manifests)
    .map((d) => d.toJS())
    .find((o) => o.kind === "Deployment");
  const pod = podOf(deployment)!;
  const mutated = mutatePod(pod, prod);
  const spec = mutated.spec as {
    initContainers: { name: string; image: string; securityContext?: unknown }[];
    containers: { name: string; image: string }[];
  };
  const java = spec.initContainers.find((c) => c.name === "opentelemetry-auto-instrumentation-java")!;
  assert.is(java.image, instrumentationImage("java"));
  assert.equal(
    java.securityContext,
    (pod.spec as { containers: { securityContext: unknown }[] }).containers[0]!.securityContext,
    "copied from the app container",
  );
  assert.ok(spec.initContainers.some((c) => c.name === "vault-agent-init" && c.image === VAULT_AGENT_IMAGE));
  assert.ok(spec.containers.some((c) => c.name === "vault-agent"));
  // The injector runs alone outside the management cluster: the agent is added there too, unless Vault is off there.
  const agentIn = (env: typeof dev) =>
    (mutatePod(pod, env).spec as { containers: { name: string }[] }).containers.some((c) => c.name === "vault-agent");
  assert.ok(agentIn(dev));
  const off = resolveFrom(
    { ...config, components: { ...config.components, vault: { environments: { dev: { enabled: false } } } } },
    { api: { dev: "1", prod: "1" } },
  );
  assert.not.ok(agentIn(off.environments.find((e) => e.name === "dev")!));
  // The registry rule admits the pinned injected images exactly, and nothing else from their registries.
  const registries = compilePolicies(model).find((p) => p.name === "restrict-image-registries")!;
  const ns = { metadata: { name: "web", labels: { "fawkes.dev/team": "web" } } };
  assert.is(evaluatePolicy(registries, mutated, ns), undefined);
  const other = {
    ...mutated,
    spec: { ...mutated.spec, initContainers: [{ ...java, image: java.image.replace(/:[^:]+$/, ":9.9.9") }] },
  };
  assert.ok(evaluatePolicy(registries, other, ns));
});

test.run();
