// The admission model: which policies are in force in what mode, which exceptions each cluster needs, and
// the Pod Security Admission labels of team namespaces. The Kyverno generator serializes it, the policy
// preflight evaluates it, the docs describe it: all three read this one model.
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { PolicyException, ValidatingPolicy } from "../../schema/outputs/kyverno.ts";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedPolicies } from "../resolved.ts";
import { CONTAINERS_VARIABLE, RULES, type RuleDefinition } from "./rules.ts";

/** Where generated exceptions live; Kyverno honours exceptions from this namespace only. */
export const EXCEPTIONS_NAMESPACE = COMPONENT_CATALOG.kyverno.namespace;
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

export type RuleMode = "Enforce" | "Audit" | "Disabled";

export function ruleMode(policies: ResolvedPolicies, rule: RuleDefinition): RuleMode {
  if (!rule.enabled(policies)) return "Disabled";
  return policies.overrides[rule.name] ?? policies.mode;
}

/** Pod Security Admission labels: enforced at the policy level in Enforce mode, always audited and warned. */
export function podSecurityLabels(policies: ResolvedPolicies): Record<string, string> {
  const level = policies.podSecurity;
  const mode = policies.overrides["pod-security"] ?? policies.mode;
  const labels: Record<string, string> = {
    "pod-security.kubernetes.io/audit": level,
    "pod-security.kubernetes.io/warn": level,
  };
  if (mode === "Enforce") labels["pod-security.kubernetes.io/enforce"] = level;
  return labels;
}

export function buildValidatingPolicy(policies: ResolvedPolicies, rule: RuleDefinition, mode: "Enforce" | "Audit"): ValidatingPolicy {
  const namespaceSelector = rule.scope === "teams"
    ? { matchExpressions: [{ key: "fawkes.dev/team", operator: "Exists" as const }] }
    : { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn" as const, values: SYSTEM_NAMESPACES }] };
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
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] }],
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

const quote = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const labelCondition = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([k, v]) => `has(object.metadata.labels) && ${quote(k)} in object.metadata.labels && object.metadata.labels[${quote(k)}] == ${quote(v)}`).join(" && ");

export interface ExceptionSpec {
  readonly exception: PolicyException;
  readonly reason: string;
  /** Who asked for it: a component or the config. */
  readonly owner: string;
}

/** Exceptions for the components installed in an environment and for the config's declared exceptions. */
export function buildExceptions(model: ResolvedConfig, env: ResolvedEnvironment, active: ReadonlySet<string>): ExceptionSpec[] {
  const specs: ExceptionSpec[] = [];
  const make = (name: string, policies: readonly string[], conditions: { name: string; expression: string }[], reason: string, owner: string) => {
    const refs = policies.filter((p) => active.has(p));
    if (refs.length === 0) return;
    specs.push({
      owner,
      reason,
      exception: {
        apiVersion: "policies.kyverno.io/v1",
        kind: "PolicyException",
        metadata: { name, namespace: EXCEPTIONS_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "fawkes" }, annotations: { "fawkes.dev/reason": reason } },
        spec: { policyRefs: refs.map((p) => ({ name: p, kind: "ValidatingPolicy" as const })), matchConditions: conditions },
      },
    });
  };
  for (const component of model.components.filter((c) => c.environments.includes(env))) {
    for (const e of component.definition.policyExceptions ?? []) {
      make(e.name, e.policies, [
        { name: "namespace", expression: `request.namespace == ${quote(component.definition.namespace)}` },
        { name: "pods", expression: labelCondition(e.podLabels) },
      ], e.reason, `components.${component.key}`);
    }
  }
  for (const e of model.policies.exceptions) {
    const conditions = [{ name: "namespace", expression: `request.namespace == ${quote(e.team.namespace)}` }];
    if (e.service) conditions.push({ name: "service", expression: labelCondition({ "app.kubernetes.io/name": e.service }) });
    make(`${e.team.name}${e.service ? `-${e.service}` : ""}-${e.policy}`, [e.policy], conditions, e.reason, e.source);
  }
  return specs;
}
