// ValidatingPolicies (policies.kyverno.io/v1) from the config's `policies`, and the PolicyExceptions that
// platform components and the config's reasoned exceptions need.
import { CustomObject } from "../../core/custom-object.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { policyExceptionSchema, validatingPolicySchema, type PolicyException, type ValidatingPolicy } from "../../schema/outputs/kyverno.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { CONTAINERS_VARIABLE, RULES, type RuleDefinition } from "./rules.ts";

type Policies = ResolvedConfig["policies"];

/** Where generated exceptions live; Kyverno honours exceptions from this namespace only. */
export const EXCEPTIONS_NAMESPACE = COMPONENT_CATALOG.kyverno.namespace;
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

export type RuleMode = "Enforce" | "Audit" | "Disabled";

export function ruleMode(policies: Policies, rule: RuleDefinition): RuleMode {
  if (!rule.enabled(policies)) return "Disabled";
  return policies.overrides[rule.name] ?? policies.mode;
}

export function allowedRegistries(model: ResolvedConfig): string[] {
  return [model.platform.registry, ...model.policies.allowedRegistries];
}

export function buildValidatingPolicy(model: ResolvedConfig, rule: RuleDefinition, mode: "Enforce" | "Audit"): ValidatingPolicy {
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
      validations: rule.validations(model.policies, allowedRegistries(model)).map((v) => ({ ...v })),
    },
  };
}

/** The policies in force, with their mode. */
export function activePolicies(model: ResolvedConfig): { rule: RuleDefinition; mode: "Enforce" | "Audit"; policy: ValidatingPolicy }[] {
  return RULES.flatMap((rule) => {
    const mode = ruleMode(model.policies, rule);
    return mode === "Disabled" ? [] : [{ rule, mode, policy: buildValidatingPolicy(model, rule, mode) }];
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
  model.policies.exceptions.forEach((e, i) => {
    const team = model.teams.find((t) => t.name === e.team);
    if (!team) return;
    const conditions = [{ name: "namespace", expression: `request.namespace == ${quote(team.namespace)}` }];
    if (e.service) conditions.push({ name: "service", expression: labelCondition({ "app.kubernetes.io/name": e.service }) });
    make(`${e.team}${e.service ? `-${e.service}` : ""}-${e.policy}`, [e.policy], conditions, e.reason, `policies.exceptions[${i}]`);
  });
  return specs;
}

export function policyObjects(model: ResolvedConfig): CustomObject<ValidatingPolicy>[] {
  return activePolicies(model).map(({ policy }) => new CustomObject(validatingPolicySchema, policy));
}

export function exceptionObjects(specs: readonly ExceptionSpec[]): CustomObject<PolicyException>[] {
  return specs.map((s) => new CustomObject(policyExceptionSchema, s.exception));
}
