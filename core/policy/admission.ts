// The admission model: which policies are in force in what mode, which exceptions each cluster needs, and
// the Pod Security Admission labels of team namespaces. The Kyverno generator serializes it, the policy
// preflight evaluates it, the docs describe it: all three read this one model.
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { PolicyException, ValidatingPolicy } from "../../schema/outputs/kyverno.ts";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedPolicies, ResolvedTeam } from "../resolved.ts";
import { podsOfComponent, type ComponentPod } from "../runtime/component-pods.ts";
import { platformNamespaceLabels } from "../runtime/platform-flows.ts";
import { levelNeeded } from "../runtime/pod-security.ts";
import { compilePolicy, evaluatePolicy, matchesSelector, type CompiledPolicy } from "./evaluate.ts";
import { BASELINE_CAPABILITIES, CONTAINERS_VARIABLE, RULES, type RuleDefinition } from "./rules.ts";

/** Where generated exceptions live; Kyverno honours exceptions from this namespace only. */
export const EXCEPTIONS_NAMESPACE = COMPONENT_CATALOG.kyverno.namespace;
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

export type RuleMode = "Enforce" | "Audit" | "Disabled";

export function ruleMode(policies: ResolvedPolicies, rule: RuleDefinition): RuleMode {
  if (!rule.enabled(policies)) return "Disabled";
  return policies.overrides[rule.name] ?? policies.mode;
}

type Level = ResolvedPolicies["podSecurity"];
const LEVELS: readonly Level[] = ["restricted", "baseline", "privileged"];

/**
 * Pod Security Admission labels: enforced at the policy level in Enforce mode, always audited and warned.
 * Admission runs before Kyverno and ignores its exceptions, so a team whose services have a declared
 * pod-security exception gets the level those services need enforced (Kyverno still holds every other pod
 * of the namespace to the configured level); audit and warn stay at the configured level.
 */
export function podSecurityLabels(policies: ResolvedPolicies, team?: ResolvedTeam): Record<string, string> {
  const level = policies.podSecurity;
  const mode = policies.overrides["pod-security"] ?? policies.mode;
  const labels: Record<string, string> = {
    "pod-security.kubernetes.io/audit": level,
    "pod-security.kubernetes.io/warn": level,
  };
  if (mode === "Enforce")
    labels["pod-security.kubernetes.io/enforce"] = team ? looser(level, exceptedLevel(policies, team)) : level;
  return labels;
}

const looser = (a: Level, b: Level): Level => (LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b);

/** The level the team's services with a declared pod-security exception need. */
function exceptedLevel(policies: ResolvedPolicies, team: ResolvedTeam): Level {
  let level: Level = "restricted";
  for (const e of policies.exceptions) {
    if (e.policy !== "pod-security" || e.team.name !== team.name) continue;
    for (const service of team.services.filter((s) => e.service === undefined || s.name === e.service)) {
      // A chart's pods need what their facts say.
      for (const pod of service.chart?.pods ?? []) level = looser(level, levelNeeded(pod));
      if (service.chart) continue;
      const { runAsRoot, addCapabilities } = service.security;
      if (addCapabilities.some((c) => !BASELINE_CAPABILITIES.includes(c))) level = "privileged";
      else if (runAsRoot || addCapabilities.some((c) => c !== "NET_BIND_SERVICE")) level = looser(level, "baseline");
    }
  }
  return level;
}

export function buildValidatingPolicy(
  policies: ResolvedPolicies,
  rule: RuleDefinition,
  mode: "Enforce" | "Audit",
): ValidatingPolicy {
  const namespaceSelector =
    rule.scope === "teams"
      ? { matchExpressions: [{ key: "fawkes.dev/team", operator: "Exists" as const }] }
      : {
          matchExpressions: [
            { key: "kubernetes.io/metadata.name", operator: "NotIn" as const, values: SYSTEM_NAMESPACES },
          ],
        };
  return {
    apiVersion: "policies.kyverno.io/v1",
    kind: "ValidatingPolicy",
    metadata: {
      name: rule.name,
      labels: { "app.kubernetes.io/managed-by": "fawkes" },
      annotations: { "policies.kyverno.io/title": rule.title, "policies.kyverno.io/description": rule.checks },
    },
    spec: {
      validationActions: [mode === "Enforce" ? "Deny" : "Audit"],
      autogen: { podControllers: { controllers: [...rule.controllers] } },
      matchConstraints: {
        resourceRules: [
          { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
        ],
        namespaceSelector,
      },
      ...(rule.matchConditions ? { matchConditions: rule.matchConditions.map((c) => ({ ...c })) } : {}),
      variables: [CONTAINERS_VARIABLE],
      validations: rule.validations(policies).map((v) => ({ ...v })),
    },
  };
}

export interface ActivePolicy {
  readonly rule: RuleDefinition;
  readonly mode: "Enforce" | "Audit";
  readonly policy: ValidatingPolicy;
}

/** The policies in force, with their mode. */
export function activePolicies(policies: ResolvedPolicies): ActivePolicy[] {
  return RULES.flatMap((rule) => {
    const mode = ruleMode(policies, rule);
    return mode === "Disabled" ? [] : [{ rule, mode, policy: buildValidatingPolicy(policies, rule, mode) }];
  });
}

/** The policies that deny a component pod as it will run. */
function policiesDenying(policies: readonly CompiledPolicy[], pod: ComponentPod): string[] {
  const labels = platformNamespaceLabels(pod.namespace);
  const namespaceObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: pod.namespace, labels } };
  return policies
    .filter((p) => matchesSelector(p.selector, labels) && evaluatePolicy(p, pod.pod, namespaceObject) !== undefined)
    .map((p) => p.name);
}

/** Why a component pod cannot comply, from its chart facts. */
function exceptionReason(pod: ComponentPod): string {
  const { fact, component } = pod;
  const chart = `${component.definition.chart} ${component.version}`;
  if (pod.needs.length > 0) return `${fact.name} (${chart}, ${fact.provenance}) needs ${pod.needs.join("; ")}`;
  const fixed = [...fact.containers, ...fact.initContainers].filter((c) => !c.securityContextKey).map((c) => c.name);
  return `the ${chart} chart exposes no security-context setting for ${fact.name}${fixed.length > 0 ? ` (containers ${fixed.join(", ")})` : ""} (${fact.provenance})`;
}

const quote = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const labelCondition = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .map(
      ([k, v]) =>
        `has(object.metadata.labels) && ${quote(k)} in object.metadata.labels && object.metadata.labels[${quote(k)}] == ${quote(v)}`,
    )
    .join(" && ");

export interface ExceptionSpec {
  readonly exception: PolicyException;
  readonly reason: string;
  /** Who asked for it: a component or the config. */
  readonly owner: string;
}

/** Exceptions for the components installed in an environment and for the config's declared exceptions. */
export function buildExceptions(
  model: ResolvedConfig,
  env: ResolvedEnvironment,
  active: ReadonlySet<string>,
): ExceptionSpec[] {
  const specs: ExceptionSpec[] = [];
  const make = (
    name: string,
    policies: readonly string[],
    conditions: { name: string; expression: string }[],
    reason: string,
    owner: string,
  ) => {
    const refs = policies.filter((p) => active.has(p));
    if (refs.length === 0) return;
    specs.push({
      owner,
      reason,
      exception: {
        apiVersion: "policies.kyverno.io/v1",
        kind: "PolicyException",
        metadata: {
          name,
          namespace: EXCEPTIONS_NAMESPACE,
          labels: { "app.kubernetes.io/managed-by": "fawkes" },
          annotations: { "fawkes.dev/reason": reason },
        },
        spec: {
          policyRefs: refs.map((p) => ({ name: p, kind: "ValidatingPolicy" as const })),
          matchConditions: conditions,
        },
      },
    });
  };
  const installed = model.components.filter((c) => c.environments.includes(env));
  for (const component of installed) {
    for (const e of component.definition.policyExceptions ?? []) {
      make(
        e.name,
        e.policies,
        [
          { name: "namespace", expression: `request.namespace == ${quote(component.definition.namespace)}` },
          { name: "pods", expression: labelCondition(e.podLabels) },
        ],
        e.reason,
        `components.${component.key}`,
      );
    }
  }
  // Component pods the catalog does not already except, that the policies would still deny after the
  // hardening values: an exception each, narrowed to the pod, with the reason its facts give.
  const compiled = activePolicies(model.policies)
    .filter((p) => active.has(p.rule.name))
    .map(compilePolicy);
  for (const pod of installed.flatMap((c) => podsOfComponent(c, env))) {
    const declared = pod.component.definition.policyExceptions ?? [];
    if (declared.some((e) => Object.entries(e.podLabels).every(([k, v]) => pod.fact.selectorLabels[k] === v))) continue;
    const failing = policiesDenying(compiled, pod);
    if (failing.length === 0) continue;
    make(
      `${pod.component.definition.slug}-${pod.fact.name}`.replace(/-+$/, ""),
      failing,
      [
        { name: "namespace", expression: `request.namespace == ${quote(pod.namespace)}` },
        { name: "pods", expression: labelCondition(pod.fact.selectorLabels) },
      ],
      exceptionReason(pod),
      `components.${pod.component.key}`,
    );
  }
  for (const e of model.policies.exceptions) {
    const conditions = [{ name: "namespace", expression: `request.namespace == ${quote(e.team.namespace)}` }];
    const service = e.service === undefined ? undefined : e.team.services.find((s) => s.name === e.service);
    if (e.service)
      conditions.push({
        name: "service",
        expression: labelCondition(service?.selectorLabels ?? { "app.kubernetes.io/name": e.service }),
      });
    make(`${e.team.name}${e.service ? `-${e.service}` : ""}-${e.policy}`, [e.policy], conditions, e.reason, e.source);
  }
  return specs;
}
