// Policy preflight: every policy of the admission model is evaluated in CEL against the pod of every
// generated workload of each cluster, with the generated Namespace it lands in, before anything is written.
// Enforce violations fail generation; Audit ones warn.
import { compileCel, compileCelValue, type CelProgram, type CelValueProgram } from "./cel.ts";
import type { OutputFile } from "./file-tree.ts";
import { activePolicies, buildExceptions } from "./policy/admission.ts";
import type { Problem } from "./problems.ts";
import type { ResolvedConfig } from "./resolved.ts";
import type { ValidatingPolicy } from "../schema/outputs/kyverno.ts";

/** The service field a policy's violation most likely comes from (the locator falls back to the service). */
const FIELD_OF_POLICY: Readonly<Record<string, string>> = {
  "pod-security": "security",
  "restrict-image-registries": "image",
  "require-probes": "probes",
  "require-resources": "resources",
};

type Selector = NonNullable<ValidatingPolicy["spec"]["matchConstraints"]["namespaceSelector"]>;
type Pod = { apiVersion: "v1"; kind: "Pod"; metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> };

/** Pod controller kinds as Kyverno's autogen names them. */
const CONTROLLER = { Deployment: "deployments", StatefulSet: "statefulsets", DaemonSet: "daemonsets", CronJob: "cronjobs", Job: "jobs", ReplicaSet: "replicasets" } as const;

export function matchesSelector(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case "Exists": return value !== undefined;
      case "DoesNotExist": return value === undefined;
      case "In": return value !== undefined && (e.values ?? []).includes(value);
      case "NotIn": return value === undefined || !(e.values ?? []).includes(value);
    }
  });
  return byLabels && byExpressions;
}

interface CompiledPolicy {
  readonly name: string;
  readonly mode: "Enforce" | "Audit";
  readonly controllers: readonly string[];
  readonly selector: Selector | undefined;
  readonly matchConditions: readonly CelProgram[];
  readonly variables: readonly { name: string; program: CelValueProgram }[];
  readonly validations: readonly { program: CelProgram; message: string }[];
}

/** A workload's pod as the API server would admit it, from its template. */
export function podOf(workload: { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: Record<string, any> }): Pod | undefined {
  const template = workload.kind === "CronJob" ? workload.spec?.jobTemplate?.spec?.template : workload.spec?.template;
  if (!template) return undefined;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...template.metadata, name: workload.metadata?.name ?? "pod", namespace: workload.metadata?.namespace ?? "default" },
    spec: template.spec,
  };
}

/** Evaluates one compiled policy on a pod: undefined when it admits, else the failed validations' messages. */
export function evaluatePolicy(policy: CompiledPolicy, pod: Pod, namespaceObject: unknown): string[] | undefined {
  const base = { object: pod, namespaceObject, request: { namespace: pod.metadata.namespace, operation: "CREATE", kind: { group: "", version: "v1", kind: "Pod" } } };
  for (const condition of policy.matchConditions) {
    const result = condition(base);
    if (result.ok && result.value !== true) return undefined;
  }
  const variables: Record<string, unknown> = {};
  for (const { name, program } of policy.variables) {
    const result = program({ ...base, variables });
    variables[name] = result.ok ? result.value : [];
  }
  const failed = policy.validations.flatMap(({ program, message }) => {
    const result = program({ ...base, variables });
    if (!result.ok) return [`${message} (evaluation error: ${result.error})`];
    return result.value === true ? [] : [message];
  });
  return failed.length > 0 ? failed : undefined;
}

export function compilePolicies(model: ResolvedConfig): CompiledPolicy[] {
  return activePolicies(model.policies).map(({ rule, mode, policy }) => ({
    name: rule.name,
    mode,
    controllers: rule.controllers,
    selector: policy.spec.matchConstraints.namespaceSelector,
    matchConditions: (policy.spec.matchConditions ?? []).map((c) => compileCel(c.expression)),
    variables: (policy.spec.variables ?? []).map((v) => ({ name: v.name, program: compileCelValue(v.expression) })),
    validations: policy.spec.validations.map((v) => ({ program: compileCel(v.expression), message: v.message })),
  }));
}

type Workload = { kind?: keyof typeof CONTROLLER; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

/** The generated Namespaces of one cluster, by name. */
function namespacesIn(files: readonly OutputFile[]): Map<string, Record<string, string>> {
  const labels = new Map<string, Record<string, string>>();
  for (const file of files) {
    if (file.type !== "objects") continue;
    for (const object of file.objects) {
      if ((object as { kind?: string }).kind !== "Namespace") continue;
      const ns = object.toJSON() as Workload;
      labels.set(ns.metadata!.name!, { ...ns.metadata!.labels, "kubernetes.io/metadata.name": ns.metadata!.name! });
    }
  }
  return labels;
}

export function preflightPolicies(model: ResolvedConfig, files: readonly OutputFile[]): Problem[] {
  const policies = compilePolicies(model);
  if (policies.length === 0) return [];
  const active = new Set(policies.map((p) => p.name));
  const problems: Problem[] = [];
  for (const env of model.environments.filter((e) => e.features.kyverno)) {
    const inCluster = files.filter((f) => f.environment === env.name);
    const namespaces = namespacesIn(inCluster);
    const exceptions = buildExceptions(model, env, active).map((spec) => ({
      policies: new Set(spec.exception.spec.policyRefs.map((r) => r.name)),
      conditions: spec.exception.spec.matchConditions.map((c) => compileCel(c.expression)),
    }));
    for (const file of inCluster) {
      if (file.type !== "objects" || file.origin[0] !== "services") continue;
      const service = model.services.find((s) => s.name === file.origin[1])!;
      for (const object of file.objects) {
        if (!((object as Workload).kind! in CONTROLLER)) continue;
        const workload = object.toJSON() as Workload;
        const pod = podOf(workload as Parameters<typeof podOf>[0]);
        if (!pod || !workload.kind) continue;
        const namespace = pod.metadata.namespace;
        const nsLabels = namespaces.get(namespace) ?? { "kubernetes.io/metadata.name": namespace };
        const namespaceObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: nsLabels } };
        for (const policy of policies) {
          if (!policy.controllers.includes(CONTROLLER[workload.kind]) || !matchesSelector(policy.selector, nsLabels)) continue;
          const base = { object: pod, request: { namespace } };
          if (exceptions.some((e) => e.policies.has(policy.name) && e.conditions.every((c) => { const r = c(base); return r.ok && r.value === true; }))) continue;
          const failed = evaluatePolicy(policy, pod, namespaceObject);
          if (!failed) continue;
          problems.push({
            code: "policy-violation",
            severity: policy.mode === "Enforce" ? "error" : "warning",
            path: [...file.origin, ...(FIELD_OF_POLICY[policy.name] ? [FIELD_OF_POLICY[policy.name]!] : [])],
            message: `policy "${policy.name}" (${policy.mode}) would deny ${workload.kind} ${namespace}/${workload.metadata?.name} in ${env.name}: ${failed.join("; ")}`,
            hint: `fix the service, or declare a reasoned exception in policies.exceptions ({ policy: "${policy.name}", team: "${service.team.name}", service: "${service.name}", reason: "…" })`,
          });
        }
      }
    }
  }
  return problems;
}
