// Evaluating the admission model: each ValidatingPolicy's CEL, compiled once, run against a pod and its
// Namespace as the API server would (match conditions, variables, validations). Used by the preflight and by
// the admission model itself, to tell which component pods need an exception.
import type { ValidatingPolicy } from "../../schema/outputs/kyverno.ts";
import { compileCel, compileCelValue, toCelInput, type CelProgram, type CelValueProgram } from "../cel.ts";
import type { ActivePolicy } from "./admission.ts";
import { policyReads, project, type PolicyReads } from "./reads.ts";

type Selector = NonNullable<ValidatingPolicy["spec"]["matchConstraints"]["namespaceSelector"]>;
export type Pod = {
  apiVersion: "v1";
  kind: "Pod";
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
};

/** Pod controller kinds as Kyverno's autogen names them. */
export const CONTROLLER = {
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  CronJob: "cronjobs",
  Job: "jobs",
  ReplicaSet: "replicasets",
} as const;

export function matchesSelector(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case "Exists":
        return value !== undefined;
      case "DoesNotExist":
        return value === undefined;
      case "In":
        return value !== undefined && (e.values ?? []).includes(value);
      case "NotIn":
        return value === undefined || !(e.values ?? []).includes(value);
    }
  });
  return byLabels && byExpressions;
}

export interface CompiledPolicy {
  readonly name: string;
  /** Everything the verdict depends on besides the pod and its Namespace: mode, selector, CEL and messages. */
  readonly key: string;
  readonly mode: "Enforce" | "Audit";
  readonly controllers: readonly string[];
  readonly selector: Selector | undefined;
  readonly matchConditions: readonly CelProgram[];
  readonly variables: readonly { name: string; program: CelValueProgram }[];
  readonly validations: readonly { program: CelProgram; message: string }[];
  /** What its CEL can read of a pod (reads.ts): the verdict's key; undefined when unknown (the whole pod is). */
  readonly reads: PolicyReads | undefined;
}

/** A workload's pod as the API server would admit it, from its template. */
export function podOf(workload: {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, any>;
}): Pod | undefined {
  const template = workload.kind === "CronJob" ? workload.spec?.jobTemplate?.spec?.template : workload.spec?.template;
  if (!template) return undefined;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...template.metadata,
      name: workload.metadata?.name ?? "pod",
      namespace: workload.metadata?.namespace ?? "default",
    },
    spec: template.spec,
  };
}

/**
 * Verdicts by policy, then by the pod and Namespace as JSON. CEL is pure, so a pod evaluated before (another
 * environment with the same template, `plan`'s second tree, a test's next run) is not evaluated again.
 * Bounded, so a long-lived process stays small.
 */
const verdicts = new Map<string, Map<string, readonly string[] | undefined>>();
const VERDICTS_MAX = 50_000;
let verdictCount = 0;

/** A pod in its Namespace, as every policy sees it: its JSON (the verdicts' key) taken once for all of them. */
export interface AdmissionSubject {
  readonly key: string;
  readonly pod: Pod;
  readonly namespaceObject: unknown;
}

/** Takes the pod's JSON when first needed: a pod changed after its first evaluation needs a new subject. */
export function admissionSubject(pod: Pod, namespaceObject: unknown): AdmissionSubject {
  let key: string | undefined;
  return {
    get key() {
      return (key ??= `${JSON.stringify(pod)}\n${JSON.stringify(namespaceObject)}`);
    },
    pod,
    namespaceObject,
  };
}

/** Evaluates one compiled policy on a pod: undefined when it admits, else the failed validations' messages. */
export function evaluatePolicy(policy: CompiledPolicy, pod: Pod, namespaceObject: unknown): string[] | undefined {
  // The whole pod, each time: a caller may change a pod it evaluated before.
  return evaluateSubject(policy, admissionSubject(pod, namespaceObject));
}

/** Like evaluatePolicy, for a subject taken once for all the policies a pod goes through. */
export function evaluateSubject(policy: CompiledPolicy, subject: AdmissionSubject): string[] | undefined {
  const { reads } = policy;
  // What the policy can read of the pod is all its verdict depends on (test/policy-reads.test.ts).
  const seen = reads ? projectedBindings(subject, reads) : undefined;
  const key = seen ? JSON.stringify(seen) : subject.key;
  let byPod = verdicts.get(policy.key);
  if (byPod === undefined) verdicts.set(policy.key, (byPod = new Map()));
  if (byPod.has(key)) return byPod.get(key)?.slice();
  let base = seen ? celInputs(seen) : converted.get(key);
  if (base === undefined) {
    if (converted.size >= CONVERTED_MAX) converted.clear();
    converted.set(key, (base = celInputs(plainBindings(subject.pod, subject.namespaceObject))));
  }
  const verdict = evaluateUncached(policy, base);
  if (++verdictCount > VERDICTS_MAX) {
    verdicts.clear();
    verdictCount = 0;
  }
  byPod.set(key, verdict);
  return verdict?.slice();
}

/** The bindings of the pods evaluated last, converted to CEL once for all the policies that read them. */
const converted = new Map<string, Record<string, unknown>>();
const CONVERTED_MAX = 64;

/** What the API server binds for a pod's admission, as plain data. */
function plainBindings(pod: Pod, namespaceObject: unknown): Record<string, unknown> {
  return {
    object: pod,
    namespaceObject,
    request: {
      namespace: pod.metadata.namespace,
      operation: "CREATE",
      kind: { group: "", version: "v1", kind: "Pod" },
    },
  };
}

function projectedBindings(subject: AdmissionSubject, reads: PolicyReads): Record<string, unknown> {
  const plain = plainBindings(subject.pod, subject.namespaceObject);
  return Object.fromEntries(Object.entries(plain).map(([name, value]) => [name, project(value, reads)]));
}

function celInputs(bindings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(bindings).map(([name, value]) => [name, toCelInput(value)]));
}

/**
 * The reference the projection is held to: the policy on the whole pod, nothing cached. Slow; for tests and for
 * telling a projection's verdict from the whole pod's.
 */
export function evaluateWholePod(policy: CompiledPolicy, pod: Pod, namespaceObject: unknown): string[] | undefined {
  return evaluateUncached(policy, celInputs(plainBindings(pod, namespaceObject)));
}

function evaluateUncached(policy: CompiledPolicy, base: Record<string, unknown>): string[] | undefined {
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

/** Reads by policy spec: the same policies are compiled for every cluster. */
const readsBySpec = new Map<string, PolicyReads | undefined>();

function readsOf(spec: ValidatingPolicy["spec"], key: string): PolicyReads | undefined {
  if (!readsBySpec.has(key))
    readsBySpec.set(
      key,
      policyReads(
        [...(spec.matchConditions ?? []), ...spec.validations].map((e) => e.expression),
        Object.fromEntries((spec.variables ?? []).map((v) => [v.name, v.expression])),
      ),
    );
  return readsBySpec.get(key);
}

export function compilePolicy({ rule, mode, policy }: ActivePolicy): CompiledPolicy {
  const key = JSON.stringify([rule.name, mode, policy.spec]);
  return {
    name: rule.name,
    key,
    mode,
    controllers: rule.controllers,
    selector: policy.spec.matchConstraints.namespaceSelector,
    matchConditions: (policy.spec.matchConditions ?? []).map((c) => compileCel(c.expression)),
    variables: (policy.spec.variables ?? []).map((v) => ({
      name: v.name,
      program: compileCelValue(v.expression),
    })),
    validations: policy.spec.validations.map((v) => ({
      program: compileCel(v.expression),
      message: v.message,
    })),
    reads: readsOf(policy.spec, key),
  };
}
