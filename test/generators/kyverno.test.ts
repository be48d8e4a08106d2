// Every policy, evaluated with a real CEL evaluator: at least one pod it admits and one it denies.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compileCel } from "../../core/cel.ts";
import { compilePolicies } from "../../core/preflight.ts";
import { evaluatePolicy, matchesSelector } from "../../core/policy/evaluate.ts";
import { activePolicies, buildExceptions } from "../../core/policy/admission.ts";
import { generateKyverno } from "../../generators/kyverno/index.ts";
import type { FawkesConfigInput } from "../../schema/config.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

type Obj = Record<string, any>;

/** A pod that passes every restricted-level policy. */
function goodPod(): Obj {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "web", labels: { "app.kubernetes.io/name": "p", "fawkes.dev/team": "web" } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "c",
          image: "ghcr.io/m/p:1.2.3",
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
          livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        },
      ],
    },
  };
}

const model = resolveFrom({ ...SMALL, policies: { allowedRegistries: ["quay.io/m"] } });
const policies = Object.fromEntries(compilePolicies(model).map((p) => [p.name, p]));
const namespace = { metadata: { name: "web", labels: { "fawkes.dev/team": "web" } } };
const denies = (policy: string, pod: Obj) => evaluatePolicy(policies[policy]!, pod as never, namespace);

const CASES: { policy: string; change: (p: Obj) => void; denied: RegExp }[] = [
  {
    policy: "require-labels",
    change: (p) => delete p.metadata.labels["fawkes.dev/team"],
    denied: /pods must carry the labels app\.kubernetes\.io\/name, fawkes\.dev\/team/,
  },
  {
    policy: "require-labels",
    change: (p) => (p.metadata.labels["app.kubernetes.io/name"] = ""),
    denied: /must carry the labels/,
  },
  { policy: "require-resources", change: (p) => delete p.spec.containers[0].resources.limits, denied: /memory limit/ },
  {
    policy: "require-resources",
    change: (p) => (p.spec.initContainers = [{ name: "init", image: "ghcr.io/m/i:1" }]),
    denied: /request CPU and memory/,
  },
  {
    policy: "require-probes",
    change: (p) => delete p.spec.containers[0].livenessProbe,
    denied: /need a liveness, readiness or startup probe/,
  },
  {
    policy: "disallow-latest-tag",
    change: (p) => (p.spec.containers[0].image = "ghcr.io/m/p"),
    denied: /need a tag or a digest/,
  },
  {
    policy: "disallow-latest-tag",
    change: (p) => (p.spec.containers[0].image = "ghcr.io/m/p:latest"),
    denied: /latest tag is not allowed/,
  },
  {
    policy: "disallow-latest-tag",
    change: (p) => (p.spec.containers[0].image = "registry:5000/p"),
    denied: /need a tag or a digest/,
  },
  {
    policy: "restrict-image-registries",
    change: (p) => (p.spec.containers[0].image = "docker.io/library/nginx:1.27"),
    denied: /images must come from ghcr\.io\/m, quay\.io\/m/,
  },
  {
    policy: "restrict-image-registries",
    change: (p) => (p.spec.containers[0].image = "ghcr.io/mallory/p:1"),
    denied: /images must come from/,
  },
  {
    policy: "restrict-image-registries",
    change: (p) => (p.spec.containers[0].image = "ghcr.io/m/../evil/nginx:1"),
    denied: /well-formed/,
  },
  {
    policy: "pod-security",
    change: (p) => (p.spec.containers[0].securityContext.privileged = true),
    denied: /privileged containers are not allowed/,
  },
  { policy: "pod-security", change: (p) => (p.spec.hostNetwork = true), denied: /host's network, PID and IPC/ },
  {
    policy: "pod-security",
    change: (p) => (p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]),
    denied: /host ports are not allowed/,
  },
  {
    policy: "pod-security",
    change: (p) => (p.spec.volumes = [{ name: "h", hostPath: { path: "/var/log" } }]),
    denied: /hostPath volumes are not allowed/,
  },
  {
    policy: "pod-security",
    change: (p) => (p.spec.containers[0].securityContext.capabilities.add = ["SYS_ADMIN"]),
    denied: /only the baseline capabilities/,
  },
  {
    policy: "pod-security",
    change: (p) => (p.spec.containers[0].securityContext.allowPrivilegeEscalation = true),
    denied: /allowPrivilegeEscalation must be false/,
  },
  {
    policy: "pod-security",
    change: (p) => {
      p.spec.securityContext.runAsNonRoot = false;
    },
    denied: /must run as non-root/,
  },
  { policy: "pod-security", change: (p) => (p.spec.securityContext.runAsUser = 0), denied: /must not run as uid 0/ },
  {
    policy: "pod-security",
    change: (p) => delete p.spec.securityContext.seccompProfile,
    denied: /seccomp profile is required/,
  },
];

const test = suite("kyverno policies");

test("the good pod passes every policy", () => {
  for (const name of Object.keys(policies)) assert.is(denies(name, goodPod()), undefined, name);
});

for (const c of CASES) {
  test(`${c.policy} denies: ${c.denied.source}`, () => {
    const pod = goodPod();
    c.change(pod);
    const failed = denies(c.policy, pod);
    assert.ok(failed, "expected a denial");
    assert.match(failed!.join("; "), c.denied);
  });
}

test("require-probes exempts pods of Jobs; a container may use any of the three probes", () => {
  const pod = goodPod();
  delete pod.spec.containers[0].livenessProbe;
  pod.metadata.ownerReferences = [{ apiVersion: "batch/v1", kind: "Job", name: "j", uid: "u" }];
  assert.is(denies("require-probes", pod), undefined);
  const ready = goodPod();
  ready.spec.containers[0] = {
    ...ready.spec.containers[0],
    livenessProbe: undefined,
    readinessProbe: { exec: { command: ["true"] } },
  };
  delete ready.spec.containers[0].livenessProbe;
  assert.is(denies("require-probes", ready), undefined);
});

test("a digest counts as an immutable reference", () => {
  const pod = goodPod();
  pod.spec.containers[0].image = `ghcr.io/m/p@sha256:${"a".repeat(64)}`;
  assert.is(denies("disallow-latest-tag", pod), undefined);
});

test("baseline level allows what restricted denies, and denies what baseline forbids", () => {
  const baseline = Object.fromEntries(
    compilePolicies(resolveFrom({ ...SMALL, policies: { podSecurity: "baseline" } })).map((p) => [p.name, p]),
  );
  const root = goodPod();
  root.spec.securityContext = {};
  root.spec.containers[0].securityContext = {};
  assert.is(evaluatePolicy(baseline["pod-security"]!, root as never, namespace), undefined);
  root.spec.hostPID = true;
  assert.ok(evaluatePolicy(baseline["pod-security"]!, root as never, namespace));
  assert.is(
    compilePolicies(resolveFrom({ ...SMALL, policies: { podSecurity: "privileged" } })).some(
      (p) => p.name === "pod-security",
    ),
    false,
  );
});

test("modes: Enforce denies, Audit reports, per-policy override, Disabled removes", () => {
  const actions = (config: FawkesConfigInput["policies"]) =>
    Object.fromEntries(
      activePolicies(resolveFrom({ ...SMALL, policies: config }).policies).map((p) => [
        p.rule.name,
        p.policy.spec.validationActions,
      ]),
    );
  assert.equal(actions({ mode: "Enforce" })["pod-security"], ["Deny"]);
  assert.equal(actions({ mode: "Audit" })["pod-security"], ["Audit"]);
  const mixed = actions({ mode: "Enforce", overrides: { "require-probes": "Audit", "require-labels": "Disabled" } });
  assert.equal(mixed["require-probes"], ["Audit"]);
  assert.is(mixed["require-labels"], undefined);
});

test("team policies select team namespaces; pod security every namespace but the system ones", () => {
  assert.ok(matchesSelector(policies["require-labels"]!.selector, { "fawkes.dev/team": "web" }));
  assert.not.ok(matchesSelector(policies["require-labels"]!.selector, { "kubernetes.io/metadata.name": "monitoring" }));
  assert.ok(matchesSelector(policies["pod-security"]!.selector, { "kubernetes.io/metadata.name": "monitoring" }));
  assert.not.ok(matchesSelector(policies["pod-security"]!.selector, { "kubernetes.io/metadata.name": "kube-system" }));
});

test("component exceptions are narrow: their namespace and their pods only", () => {
  const env = model.environments[0]!;
  const specs = buildExceptions(model, env, new Set(Object.keys(policies)));
  const fluent = specs.find((s) => s.exception.metadata.name === "fluent-bit-host-logs")!;
  const [ns, pods] = fluent.exception.spec.matchConditions.map((c) => compileCel(c.expression));
  const pod = { metadata: { labels: { "app.kubernetes.io/name": "fluent-bit" } } };
  assert.equal(ns!({ request: { namespace: "logging" } }), { ok: true, value: true });
  assert.equal(ns!({ request: { namespace: "web" } }), { ok: true, value: false });
  assert.equal(pods!({ object: pod }), { ok: true, value: true });
  assert.equal(pods!({ object: { metadata: { labels: { "app.kubernetes.io/name": "x" } } } }), {
    ok: true,
    value: false,
  });
  assert.equal(pods!({ object: { metadata: {} } }), { ok: true, value: false });
});

test("every expression is standard CEL: it compiles and evaluates without extensions", () => {
  const files = generateKyverno(model);
  let expressions = 0;
  for (const file of files) {
    if (file.type !== "objects") continue;
    for (const object of file.objects) {
      const json = object.toJSON() as Obj;
      const all = [
        ...(json.spec.validations ?? []),
        ...(json.spec.variables ?? []),
        ...(json.spec.matchConditions ?? []),
      ].map((v: Obj) => v.expression as string);
      for (const expression of all) {
        expressions++;
        assert.not.match(
          expression,
          /\.\?|\.orValue\(|\.split\(|\.lowerAscii\(|\.join\(/,
          `extension syntax in: ${expression}`,
        );
        const result = compileCel(expression)({
          object: goodPod(),
          request: { namespace: "web" },
          variables: { containers: goodPod().spec.containers },
        });
        assert.ok(result.ok, `${expression}: ${result.ok ? "" : result.error}`);
      }
    }
  }
  assert.ok(expressions > 20, `${expressions} expressions`);
});

test.run();
