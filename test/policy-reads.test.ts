// The policy verdict cache keys each pod by what the policy's CEL can read of it (core/policy/reads.ts). Sound
// means: for every pod, the verdict on that projection equals the verdict on the whole pod. Held here on every
// pod the example admits, in every cluster, and on seeded random mutations of them (hardening removed, images
// swapped, labels emptied, fields added and deleted at random), for every generated policy and both Pod Security
// Admission levels; and the analysis's own rules, each on a policy that would go wrong without it.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compileCel } from "../core/cel.ts";
import { compilePolicies, podSecurityAdmission, runPreflight } from "../core/preflight.ts";
import { evaluatePolicy, evaluateWholePod, type CompiledPolicy, type Pod } from "../core/policy/evaluate.ts";
import { policyReads, project } from "../core/policy/reads.ts";
import { GENERATORS } from "../generators/index.ts";
import { generateExample } from "./helpers/pipeline.ts";
import { random } from "./helpers/random.ts";

const test = suite("policy-reads");
type Obj = Record<string, any>;

const RUNS = Number(process.env.FAWKES_FUZZ_RUNS ?? 8) * 40;

/** Edits that flip verdicts, and edits that must not. */
const EDITS: ((pod: Obj, pick: <T>(xs: readonly T[]) => T) => void)[] = [
  (p, pick) => (pick(containers(p)).securityContext = { privileged: true }),
  (p, pick) => delete pick(containers(p)).securityContext,
  (p, pick) => ((pick(containers(p)).securityContext ??= {}).capabilities = { add: [pick(["NET_ADMIN", "CHOWN"])] }),
  (p, pick) => ((pick(containers(p)).securityContext ??= {}).runAsUser = pick([0, 1000])),
  (p, pick) =>
    ((pick(containers(p)).securityContext ??= {}).seccompProfile = { type: pick(["Unconfined", "Localhost"]) }),
  (p, pick) => ((pick(containers(p)).securityContext ??= {}).allowPrivilegeEscalation = pick([true, false])),
  (p, pick) =>
    (pick(containers(p)).image = pick([
      "nginx:latest",
      "docker.io/evil/x:1",
      "ghcr.io/acme/x@sha256:" + "a".repeat(64),
    ])),
  (p, pick) => delete pick(containers(p)).resources?.requests?.cpu,
  (p, pick) => delete pick(containers(p)).resources?.limits,
  (p, pick) => delete pick(containers(p)).livenessProbe,
  (p, pick) => (pick(containers(p)).ports ??= []).push({ containerPort: 80, hostPort: pick([0, 8080]) }),
  (p, pick) => (p.spec[pick(["hostNetwork", "hostPID", "hostIPC"])] = pick([true, false])),
  (p) => (p.spec.volumes ??= []).push({ name: "h", hostPath: { path: "/" } }),
  (p, pick) => (p.spec.securityContext = pick([{}, { runAsNonRoot: true }, { runAsUser: 0 }])),
  (p, pick) => ((p.metadata.labels ??= {})[pick(["app.kubernetes.io/name", "fawkes.dev/team", "x"])] = pick(["", "v"])),
  (p, pick) => delete p.metadata.labels?.[pick(["app.kubernetes.io/name", "fawkes.dev/team"])],
  (p) => (p.metadata.ownerReferences = [{ kind: "Job", name: "j", apiVersion: "batch/v1", uid: "u" }]),
  (p, pick) => (p.spec.initContainers = [{ ...structuredClone(pick(containers(p))), name: "init" }]),
  (p, pick) => (pick(containers(p)).name = pick(["vault-agent", "other"])),
  // Fields no policy reads: must not change a verdict, and must share one.
  (p, pick) => (p.metadata.name = `renamed-${Math.floor(pick([1, 2, 3]))}`),
  (p, pick) => (pick(containers(p)).env = [{ name: "A", value: pick(["1", "2"]) }]),
  (p, pick) => (pick(containers(p)).args = [pick(["--a", "--b"])]),
  (p, pick) => ((p.metadata.annotations ??= {})[pick(["a", "b"])] = "c"),
  // Anything, anywhere: a random key set or deleted at a random depth.
  (p, pick) => {
    let at: Obj = p;
    for (let depth = 0; depth < 4; depth++) {
      const keys = Object.keys(at).filter((k) => at[k] !== null && typeof at[k] === "object");
      if (keys.length === 0) break;
      at = at[pick(keys)];
    }
    const keys = Object.keys(at);
    if (keys.length > 0 && pick([true, false])) delete at[pick(keys)];
    else at[pick(["privileged", "image", "name", "hostPath", "cpu", "zzz", "type"])] = pick([true, 0, "x", [], {}]);
  },
];

function containers(pod: Obj): Obj[] {
  return pod.spec.containers as Obj[];
}

let example: { pods: { pod: Pod; namespaceObject: Obj }[]; policies: CompiledPolicy[] } | undefined;
async function examplePods() {
  if (example) return example;
  const { model } = await generateExample();
  const { verdicts } = runPreflight(
    model,
    GENERATORS.flatMap((g) => g(model)),
  );
  const pods = verdicts.map((v) => ({
    pod: v.admitted,
    namespaceObject: { apiVersion: "v1", kind: "Namespace", metadata: { name: v.admitted.metadata.namespace } },
  }));
  const policies = [
    ...compilePolicies(model),
    podSecurityAdmission(model, "baseline"),
    podSecurityAdmission(model, "restricted"),
  ];
  return (example = { pods, policies });
}

test("every generated policy and Pod Security level has a projection (none falls back to the whole pod)", async () => {
  const { policies } = await examplePods();
  assert.ok(policies.length >= 7);
  for (const policy of policies) assert.ok(policy.reads, `${policy.name}: the analysis knows its CEL`);
});

test("on every pod of the example, in every cluster, the verdict on the projection is the whole pod's", async () => {
  const { pods, policies } = await examplePods();
  assert.ok(pods.length > 100, `${pods.length} pods`);
  let denied = 0;
  for (const { pod, namespaceObject } of pods)
    for (const policy of policies) {
      const whole = evaluateWholePod(policy, pod, namespaceObject);
      assert.equal(evaluatePolicy(policy, pod, namespaceObject), whole, `${policy.name} on ${pod.metadata.name}`);
      if (whole) denied++;
    }
  assert.ok(denied > 0, "some pods are denied by some policy (the baseline level by the restricted one, at least)");
});

test("on seeded random mutations of those pods, the verdict on the projection is still the whole pod's", async () => {
  const { pods, policies } = await examplePods();
  const next = random(20261128);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  let flipped = 0;
  for (let run = 0; run < RUNS; run++) {
    const { pod, namespaceObject } = pick(pods);
    const mutated = structuredClone(pod) as Obj;
    for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) pick(EDITS)(mutated, pick);
    for (const policy of policies) {
      const whole = evaluateWholePod(policy, mutated as Pod, namespaceObject);
      const cached = evaluatePolicy(policy, mutated as Pod, namespaceObject);
      assert.equal(cached, whole, `run ${run}, ${policy.name}: ${JSON.stringify(mutated)}`);
      if (JSON.stringify(whole) !== JSON.stringify(evaluateWholePod(policy, pod, namespaceObject))) flipped++;
    }
  }
  assert.ok(flipped > RUNS / 4, `the mutations change verdicts (${flipped}), so the comparison means something`);
});

test("pods that differ only in what a policy cannot read share its verdict; an image it reads does not", async () => {
  const { pods, policies } = await examplePods();
  const security = policies.find((p) => p.name === "pod-security")!;
  const registries = policies.find((p) => p.name === "restrict-image-registries")!;
  const { pod } = pods.find((p) => p.pod.metadata.namespace !== "kube-system" && p.pod.spec.containers)!;
  const other = structuredClone(pod) as Obj;
  other.metadata.name = "another-service";
  other.metadata.labels = { ...other.metadata.labels, "app.kubernetes.io/name": "another-service" };
  containers(other)[0]!.env = [{ name: "ANOTHER", value: "1" }];
  containers(other)[0]!.image = "ghcr.io/acme/another-service:2.0.0";
  const seen = (policy: CompiledPolicy, p: unknown) => JSON.stringify(project(p, policy.reads!));
  assert.is(seen(security, other), seen(security, pod), "pod-security reads no name, label, env or image");
  assert.is.not(seen(registries, other), seen(registries, pod), "the registry policy reads the image");
});

test("the analysis's rules: a map it enumerates or compares stays whole; what it cannot tell, it refuses", () => {
  const reads = (...expressions: string[]) => policyReads(expressions);
  const pod = { metadata: { labels: { a: "1", b: "2" }, name: "n" }, spec: { x: { k: 1 }, y: { k: 1, j: 2 } } };
  // size() over a map: every key counts.
  const sized = reads("size(object.metadata.labels) > 1")!;
  assert.equal(project(pod, sized), { metadata: { labels: { a: "1", b: "2" } } });
  // A comprehension over a map enumerates its keys.
  assert.equal((project(pod, reads("object.metadata.labels.all(k, k != 'c')")!) as Obj).metadata.labels, {
    a: "1",
    b: "2",
  });
  // A constant key reads that key only.
  assert.equal(project(pod, reads("'a' in object.metadata.labels")!), { metadata: { labels: { a: "1" } } });
  assert.equal(project(pod, reads("object.metadata.labels['b'] == '2'")!), { metadata: { labels: { b: "2" } } });
  // Two values compared: both whole, or {k: 1} would equal {k: 1, j: 2} once j is dropped.
  const compared = reads("object.spec.x == object.spec.y")!;
  assert.equal(project(pod, compared), { spec: { x: { k: 1 }, y: { k: 1, j: 2 } } });
  const program = compileCel("object.spec.x == object.spec.y");
  assert.is((program({ object: pod }) as { value: unknown }).value, false);
  assert.is((program({ object: project(pod, compared) }) as { value: unknown }).value, false);
  // A variable stands for its expression.
  const viaVariable = policyReads(["size(variables.l) > 1"], { l: "object.metadata.labels" })!;
  assert.ok(viaVariable.enumerated.has("labels"));
  // Unknown: a root enumerated, a function outside the list, a variable that does not exist.
  assert.is(reads("object.all(k, k != 'spec')"), undefined);
  assert.is(reads("string(object.spec) == 'x'"), undefined);
  assert.is(reads("type(object.spec) == map"), undefined);
  assert.is(policyReads(["size(variables.nope) > 0"]), undefined);
});

test.run();
