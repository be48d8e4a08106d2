// Policy preflight: every pod that will run in each cluster — service workloads as generated (after the
// mutating webhooks' changes), the pods of services deployed from upstream charts (from their pod facts,
// as their merged values render them) and the pods the platform's charts run (hardened by their values) —
// is admitted as the API server would: the namespace's LimitRange defaults, Pod Security Admission at its
// Namespace's enforce level (which ignores Kyverno's exceptions), then every generated ValidatingPolicy with
// its exceptions, in CEL. Enforce violations fail generation; Audit ones warn.
import { compileCel, type CelProgram } from "./cel.ts";
import { plural } from "./plural.ts";
import { mayHold, type ObjectsFile, type OutputFile } from "./file-tree.ts";
import type { ConfigPath, Problem } from "./problems.ts";
import { activePolicies, buildExceptions, buildValidatingPolicy } from "./policy/admission.ts";
import {
  CONTROLLER,
  admissionSubject,
  compilePolicy,
  evaluateSubject,
  matchesSelector,
  podOf,
  type CompiledPolicy,
  type Pod,
} from "./policy/evaluate.ts";
import { limitRangesIn, withLimitDefaults, type LimitItem } from "./policy/limit-range.ts";
import { RULES } from "./policy/rules.ts";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedService } from "./resolved.ts";
import { chartServiceCandidates } from "./preflight-charts.ts";
import { componentPods } from "./runtime/component-pods.ts";
import { valueAt } from "./runtime/chart-service-pods.ts";
import { claimPods, type ClaimPod } from "./runtime/claim-pods.ts";
import { customComponentPods, type CustomComponentPod } from "./runtime/custom-component-pods.ts";
import { platformNamespaceLabels } from "./runtime/platform-flows.ts";
import { mutatePod } from "./runtime/mutations.ts";
import { isCoreKind, objectData } from "./custom-object.ts";

/** The service field a policy's violation most likely comes from (the locator falls back to the service). */
const FIELD_OF_POLICY: Readonly<Record<string, string>> = {
  "pod-security": "security",
  "restrict-image-registries": "image",
  "require-probes": "probes",
  "require-resources": "resources",
};

export function compilePolicies(model: ResolvedConfig): CompiledPolicy[] {
  return activePolicies(model.policies).map(compilePolicy);
}

/** A pod that will be admitted, with what it came from. */
export interface Candidate {
  readonly pod: Pod;
  /** Pod controller kind (Deployment, DaemonSet, …; Pod when a controller creates it at runtime). */
  readonly kind: string;
  readonly describe: string;
  readonly origin: ConfigPath;
  readonly hint: (policy: string) => string;
  /** The config path blamed for a policy's denial (the locator falls back to its nearest written ancestor). */
  readonly pathOf: (policy: string) => ConfigPath;
}

/** One pod's admission in one cluster: the policies (and Pod Security Admission) that deny it; none when admitted. */
export interface Verdict {
  readonly environment: string;
  readonly pod: string;
  readonly origin: ConfigPath;
  readonly denied: readonly string[];
  /** The pod as admitted: after the webhooks' mutations and the namespace's LimitRange defaults. */
  readonly admitted: Pod;
}

type Workload = {
  kind?: keyof typeof CONTROLLER;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
};

/** The generated Namespaces of one cluster: their labels, by name. */
function namespacesIn(files: readonly OutputFile[]): Map<string, Record<string, string>> {
  const labels = new Map<string, Record<string, string>>();
  for (const file of files) {
    if (!mayHold(file, "Namespace")) continue;
    for (const object of file.objects) {
      if (!isCoreKind(object, "Namespace")) continue;
      const ns = objectData(object) as Workload;
      labels.set(ns.metadata!.name!, { ...ns.metadata!.labels, "kubernetes.io/metadata.name": ns.metadata!.name! });
    }
  }
  return labels;
}

/** A service file's workloads as generated, with the mutating webhooks applied to their pods. */
function serviceCandidates(
  service: ResolvedService,
  env: ResolvedEnvironment,
  file: ObjectsFile,
  limits: ReadonlyMap<string, LimitItem[]>,
): Candidate[] {
  const candidates: Candidate[] = [];
  for (const object of file.objects) {
    if (!((object as Workload).kind! in CONTROLLER)) continue;
    const workload = objectData(object) as Workload;
    const pod = podOf(workload as Parameters<typeof podOf>[0]);
    if (!pod || !workload.kind) continue;
    candidates.push({
      pod: mutatePod(withLimitDefaults(pod, limits.get(pod.metadata.namespace)), env),
      kind: workload.kind,
      describe: `${workload.kind} ${pod.metadata.namespace}/${workload.metadata?.name}`,
      origin: file.origin,
      pathOf: (policy) => [...file.origin, ...(FIELD_OF_POLICY[policy] ? [FIELD_OF_POLICY[policy]!] : [])],
      hint: (policy) =>
        `fix the service, or declare a reasoned exception in policies.exceptions ({ policy: "${policy}", team: "${service.team.name}", service: "${service.name}", reason: "…" })`,
    });
  }
  return candidates;
}

function componentCandidates(model: ResolvedConfig, env: ResolvedEnvironment): Candidate[] {
  return componentPods(model, env).map((c) => ({
    pod: c.pod,
    kind: c.fact.workloadKind,
    describe: `${c.fact.workloadKind} ${c.namespace}/${c.fact.name} of ${c.component.definition.chart} ${c.component.version}`,
    origin: ["components", c.component.key],
    pathOf: () => ["components", c.component.key],
    hint: () => "a chart fact or the hardening values are wrong: see schema/chart-facts/ and core/runtime/",
  }));
}

/** The declared field a custom component's pod is denied for: a host namespace it asks for, else its containers. */
function customPodPath(c: CustomComponentPod, policy: string): ConfigPath {
  const at: ConfigPath = ["components", "custom", c.component.name, "pods", c.index];
  if (policy === "pod-security" || policy === "pod-security-admission") {
    const host = (["hostNetwork", "hostPID", "hostIPC"] as const).find((f) => c.fact[f]);
    if (host) return [...at, host];
    if (c.fact.hostPaths.length > 0) return [...at, "hostPaths"];
  }
  return policy === "require-labels" ? [...at, "labels"] : [...at, "containers"];
}

function customComponentCandidates(model: ResolvedConfig, env: ResolvedEnvironment): Candidate[] {
  return model.customComponents
    .filter((c) => c.environments.includes(env))
    .flatMap(customComponentPods)
    .map((c) => ({
      pod: c.pod,
      kind: c.fact.workloadKind,
      describe: `${c.fact.workloadKind} ${c.component.namespace}/${c.fact.name} of ${c.component.chart} ${c.component.version}`,
      origin: ["components", "custom", c.component.name],
      pathOf: (policy) => customPodPath(c, policy),
      hint: () =>
        "declare the pod as the chart renders it with hardening keys (securityContextKey, valuesKeys.podSecurityContext) or fix it through `values`; a pod needing host access cannot run as a custom component",
    }));
}

/** The declared field of a claim's pod a denial points at: an image the claim's spec sets, its labels, else its containers. */
function claimPodPath(c: ClaimPod, policy: string): ConfigPath {
  const at: ConfigPath = ["components", "custom", c.claim.component.name, "claims", c.claim.definition.name];
  const imageKey = [...c.fact.containers, ...c.fact.initContainers]
    .map((container) => container.imageKey)
    .find((key) => key !== undefined && valueAt(c.claim.definition.spec, key) !== undefined);
  if (policy === "restrict-image-registries" && imageKey) return [...at, "spec", ...imageKey.split(".")];
  return [...at, "pods", c.index, policy === "require-labels" ? "labels" : "containers"];
}

/** The pods services' claims make operators create in their namespaces. */
function claimCandidates(model: ResolvedConfig, env: ResolvedEnvironment): Candidate[] {
  return model.services.flatMap((service) =>
    service.deployments
      .filter((d) => d.environment === env)
      .flatMap((d) => d.claims.flatMap((claim) => claimPods(service, d, claim)))
      .map((c) => ({
        pod: c.pod,
        kind: c.fact.workloadKind,
        describe: `${c.fact.workloadKind} ${c.claim.namespace}/${c.fact.name} of ${c.claim.kind} ${c.claim.name} (${service.name}'s claim ${c.claim.resource})`,
        origin: ["services", service.name, "claims", c.claim.resource],
        pathOf: (policy) => claimPodPath(c, policy),
        hint: () =>
          `declare the pod as ${c.claim.component.name}'s operator creates it, with the spec keys that set its security contexts, labels and image, or set them in the claim's spec`,
      })),
  );
}

/** Pod Security Admission at one level, as the pod-security rule's CEL (compiled once per level). */
const psaLevels = new Map<string, CompiledPolicy>();
export function podSecurityAdmission(model: ResolvedConfig, level: "baseline" | "restricted"): CompiledPolicy {
  let compiled = psaLevels.get(level);
  if (!compiled) {
    const rule = RULES.find((r) => r.name === "pod-security")!;
    const policies = { ...model.policies, podSecurity: level };
    compiled = compilePolicy({ rule, mode: "Enforce", policy: buildValidatingPolicy(policies, rule, "Enforce") });
    psaLevels.set(level, compiled);
  }
  return compiled;
}

interface Exception {
  readonly policies: ReadonlySet<string>;
  readonly conditions: readonly CelProgram[];
}

function excepted(exceptions: readonly Exception[], policy: string, pod: Pod): boolean {
  const base = { object: pod, request: { namespace: pod.metadata.namespace } };
  return exceptions.some(
    (e) =>
      e.policies.has(policy) &&
      e.conditions.every((c) => {
        const r = c(base);
        return r.ok && r.value === true;
      }),
  );
}

export interface PreflightResult {
  readonly problems: Problem[];
  /** Each pod's verdict; empty unless asked for (`keepVerdicts`): they hold every pod. */
  readonly verdicts: Verdict[];
  /** How many pods each cluster admits or denies, in the config's order of environments. */
  readonly pods: ReadonlyMap<string, number>;
}

/** The policy preflight taking the files one by one (`observe`), then the pods no file holds (`finish`). */
export interface Preflight {
  observe(file: OutputFile): void;
  finish(): PreflightResult;
}

/**
 * `context`: the files that hold every cluster's Namespaces and LimitRanges, which admission reads before any
 * pod. A file observed later that holds one is a generator bug (generators/index.ts), and throws.
 */
export function startPreflight(
  model: ResolvedConfig,
  context: readonly OutputFile[],
  { keepVerdicts = false } = {},
): Preflight {
  const policies = compilePolicies(model);
  const active = new Set(policies.map((p) => p.name));
  // Weak: a caller may let each context file go once it is observed.
  const contextFiles = new WeakSet<OutputFile>(context);
  const services = new Map(model.services.map((s) => [s.name, s]));
  const problems: Problem[] = [];
  const verdicts: Verdict[] = [];
  const pods = new Map(model.environments.map((env) => [env.name, 0]));
  const deny = (c: Candidate, policy: string, mode: "Enforce" | "Audit", env: string, failed: readonly string[]) =>
    problems.push({
      code: "policy-violation",
      severity: mode === "Enforce" ? "error" : "warning",
      path: c.pathOf(policy),
      message: `${policy === "pod-security-admission" ? "Pod Security Admission" : `policy "${policy}" (${mode})`} would deny ${c.describe} in ${env}: ${failed.join("; ")}`,
      hint: c.hint(policy),
    });

  /** What admission in one cluster reads besides the pod. */
  interface Cluster {
    readonly env: ResolvedEnvironment;
    readonly namespaces: ReadonlyMap<string, Record<string, string>>;
    readonly limits: ReadonlyMap<string, LimitItem[]>;
    readonly exceptions: readonly Exception[];
  }
  const clusters = new Map(
    model.environments.map((env): [string, Cluster] => {
      const inCluster = context.filter((f) => f.environment === env.name);
      const exceptions = env.features.kyverno
        ? buildExceptions(model, env, active).map((spec) => ({
            policies: new Set(spec.exception.spec.policyRefs.map((r) => r.name)),
            conditions: spec.exception.spec.matchConditions.map((c) => compileCel(c.expression)),
          }))
        : [];
      return [env.name, { env, namespaces: namespacesIn(inCluster), limits: limitRangesIn(inCluster), exceptions }];
    }),
  );

  const admit = ({ env, namespaces, exceptions }: Cluster, c: Candidate): void => {
    const denied: string[] = [];
    const ns = c.pod.metadata.namespace;
    const nsLabels = namespaces.get(ns) ?? platformNamespaceLabels(ns);
    const namespaceObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: nsLabels } };
    const subject = admissionSubject(c.pod, namespaceObject);
    // 1. Pod Security Admission: the API server's own check, which no Kyverno exception lifts.
    const level = nsLabels["pod-security.kubernetes.io/enforce"];
    if (level === "baseline" || level === "restricted") {
      const failed = evaluateSubject(podSecurityAdmission(model, level), subject);
      if (failed) {
        denied.push("pod-security-admission");
        deny(c, "pod-security-admission", "Enforce", env.name, [
          `the namespace enforces ${level}: ${failed.join("; ")}`,
        ]);
      }
    }
    // 2. The generated policies, where Kyverno runs, with their exceptions.
    if (env.features.kyverno) {
      for (const policy of policies) {
        const controller = c.kind === "Pod" ? undefined : CONTROLLER[c.kind as keyof typeof CONTROLLER];
        if ((controller && !policy.controllers.includes(controller)) || !matchesSelector(policy.selector, nsLabels))
          continue;
        if (excepted(exceptions, policy.name, c.pod)) continue;
        const failed = evaluateSubject(policy, subject);
        if (!failed) continue;
        denied.push(policy.name);
        deny(c, policy.name, policy.mode, env.name, failed);
      }
    }
    pods.set(env.name, (pods.get(env.name) ?? 0) + 1);
    if (keepVerdicts)
      verdicts.push({ environment: env.name, pod: c.describe, origin: c.origin, denied, admitted: c.pod });
  };

  return {
    observe(file) {
      if (file.type !== "objects") return;
      if (
        !contextFiles.has(file) &&
        file.objects.some((o) => isCoreKind(o, "Namespace") || isCoreKind(o, "LimitRange"))
      )
        throw new Error(`${file.path}: a Namespace or LimitRange outside the files the policy preflight reads first`);
      const cluster = file.environment === undefined ? undefined : clusters.get(file.environment);
      const service = file.origin[0] === "services" ? services.get(String(file.origin[1])) : undefined;
      if (!cluster || !service) return;
      for (const c of serviceCandidates(service, cluster.env, file, cluster.limits)) admit(cluster, c);
    },
    finish() {
      for (const env of model.environments) {
        const cluster = clusters.get(env.name)!;
        const withLimits = (c: Candidate): Candidate => ({
          ...c,
          pod: withLimitDefaults(c.pod, cluster.limits.get(c.pod.metadata.namespace)),
        });
        for (const c of [
          ...chartServiceCandidates(model, env).map(withLimits),
          ...componentCandidates(model, env),
          ...customComponentCandidates(model, env),
          ...claimCandidates(model, env).map(withLimits),
        ])
          admit(cluster, c);
      }
      return { problems, verdicts, pods: new Map([...pods].filter(([, count]) => count > 0)) };
    },
  };
}

/** Every pod of every cluster through admission: the problems to report, and each pod's verdict. */
export function runPreflight(model: ResolvedConfig, files: readonly OutputFile[]): PreflightResult {
  const preflight = startPreflight(model, files, { keepVerdicts: true });
  for (const file of files) preflight.observe(file);
  return preflight.finish();
}

/**
 * What admission reads from the generated files, as text: per cluster, the Namespaces' labels, the LimitRanges'
 * container defaults and the files whose workloads are services' pods, in order. Everything else it reads
 * comes from the model. Two lists of files with the same reads, from the same generators and model, get the
 * same preflight: the second thread (core/shard.ts), which builds only part of the tree, proves with it that
 * its verdicts are the whole tree's.
 */
export function preflightReads(model: ResolvedConfig, files: readonly OutputFile[]): string {
  const servicePods = (file: OutputFile) =>
    file.type === "objects" &&
    file.origin[0] === "services" &&
    file.objects.some((object) => (object as Workload).kind! in CONTROLLER);
  return JSON.stringify(
    model.environments.map((env) => {
      const inCluster = files.filter((f) => f.environment === env.name);
      return [
        env.name,
        [...namespacesIn(inCluster)],
        [...limitRangesIn(inCluster)],
        inCluster.filter(servicePods).map((f) => f.path),
      ];
    }),
  );
}

/** How many pods went through admission, in all and per cluster: `3,000 pods (dev 1,000, prod 1,000, …)`. */
export function describeVerdicts({ pods }: Pick<PreflightResult, "pods">): string {
  const clusters = [...pods].map(([environment, count]) => `${environment} ${count}`);
  const total = [...pods.values()].reduce((sum, count) => sum + count, 0);
  return `${plural(total, "pod")}${clusters.length > 0 ? ` (${clusters.join(", ")})` : ""}`;
}
