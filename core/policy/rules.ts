// The policy rules, as CEL over a Pod. Kyverno's autogen applies them to the pod templates of the pod
// controllers. Only standard CEL and its macros (has, all, exists, in, matches, startsWith…): the same
// expressions are evaluated at generation time by @bufbuild/cel, so Kyverno and the preflight agree.
import { VAULT_AGENT_INJECTION } from "../../schema/chart-facts/mutations.ts";
import type { PolicyRule } from "../../schema/policies.ts";
import type { ResolvedPolicies } from "../resolved.ts";

type Policies = ResolvedPolicies;

export interface Validation {
  readonly expression: string;
  readonly message: string;
}

export interface RuleDefinition {
  readonly name: PolicyRule;
  readonly title: string;
  /** What it checks, for the docs. */
  readonly checks: string;
  /** Team namespaces only (the platform's contract with teams), or every namespace but the system ones. */
  readonly scope: "teams" | "cluster";
  readonly controllers: readonly string[];
  readonly matchConditions?: readonly { name: string; expression: string }[];
  readonly validations: (policies: Policies) => readonly Validation[];
  readonly enabled: (policies: Policies) => boolean;
}

/** An image reference as the OCI distribution spec writes it: host[:port], path components, tag, digest. */
const IMAGE_REFERENCE =
  "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

/** Every container of the pod: regular, init and ephemeral. */
export const CONTAINERS_VARIABLE = {
  name: "containers",
  expression:
    "object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : []) + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers : [])",
};

const ALL_CONTROLLERS = ["cronjobs", "daemonsets", "deployments", "jobs", "replicasets", "statefulsets"];
const LONG_RUNNING = ["daemonsets", "deployments", "statefulsets"];
const celString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const cel = (values: readonly string[]) => `[${values.map(celString).join(", ")}]`;
const each = (condition: string) => `variables.containers.all(c, ${condition})`;
const sc = (field: string) => `has(c.securityContext) && has(c.securityContext.${field})`;

/** Sidecars the platform's own webhooks add to pods (they come without probes). */
const INJECTED_SIDECARS = [VAULT_AGENT_INJECTION.sidecar.name];

/** Capabilities the baseline Pod Security Standard lets a container add. */
export const BASELINE_CAPABILITIES = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];
const SECCOMP_TYPES = "['RuntimeDefault', 'Localhost']";

const BASELINE: readonly Validation[] = [
  {
    expression: each(`!(${sc("privileged")}) || c.securityContext.privileged == false`),
    message: "privileged containers are not allowed",
  },
  {
    expression:
      "!(has(object.spec.hostNetwork) && object.spec.hostNetwork) && !(has(object.spec.hostPID) && object.spec.hostPID) && !(has(object.spec.hostIPC) && object.spec.hostIPC)",
    message: "the host's network, PID and IPC namespaces are not allowed",
  },
  {
    expression: each("!has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0)"),
    message: "host ports are not allowed",
  },
  {
    expression: "!has(object.spec.volumes) || object.spec.volumes.all(v, !has(v.hostPath))",
    message: "hostPath volumes are not allowed",
  },
  {
    expression: each(
      `!(${sc("capabilities")}) || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(a, a in ${cel(BASELINE_CAPABILITIES)})`,
    ),
    message: "only the baseline capabilities may be added",
  },
];

const RESTRICTED: readonly Validation[] = [
  {
    expression: each(
      `${sc("capabilities")} && has(c.securityContext.capabilities.drop) && 'ALL' in c.securityContext.capabilities.drop && (!has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(a, a == 'NET_BIND_SERVICE'))`,
    ),
    message: "containers must drop ALL capabilities and may add only NET_BIND_SERVICE",
  },
  {
    expression: each(`${sc("allowPrivilegeEscalation")} && c.securityContext.allowPrivilegeEscalation == false`),
    message: "allowPrivilegeEscalation must be false",
  },
  {
    expression: each(
      `(${sc("runAsNonRoot")}) ? c.securityContext.runAsNonRoot == true : (has(object.spec.securityContext) && has(object.spec.securityContext.runAsNonRoot) && object.spec.securityContext.runAsNonRoot == true)`,
    ),
    message: "containers must run as non-root (runAsNonRoot: true)",
  },
  {
    expression: each(
      `(${sc("runAsUser")}) ? c.securityContext.runAsUser != 0 : (!has(object.spec.securityContext) || !has(object.spec.securityContext.runAsUser) || object.spec.securityContext.runAsUser != 0)`,
    ),
    message: "containers must not run as uid 0",
  },
  {
    expression: `(${each(`${sc("seccompProfile")} && c.securityContext.seccompProfile.type in ${SECCOMP_TYPES}`)}) || (has(object.spec.securityContext) && has(object.spec.securityContext.seccompProfile) && object.spec.securityContext.seccompProfile.type in ${SECCOMP_TYPES} && ${each(`!(${sc("seccompProfile")}) || c.securityContext.seccompProfile.type in ${SECCOMP_TYPES}`)})`,
    message: "a RuntimeDefault or Localhost seccomp profile is required",
  },
];

export const RULES: readonly RuleDefinition[] = [
  {
    name: "require-labels",
    title: "Require labels",
    checks: "every pod carries the required labels, non-empty",
    scope: "teams",
    controllers: ALL_CONTROLLERS,
    enabled: (p) => p.requiredLabels.length > 0,
    validations: (p) => [
      {
        expression: `has(object.metadata.labels) && ${cel(p.requiredLabels)}.all(l, l in object.metadata.labels && object.metadata.labels[l] != '')`,
        message: `pods must carry the labels ${p.requiredLabels.join(", ")}`,
      },
    ],
  },
  {
    name: "require-resources",
    title: "Require requests and memory limits",
    checks: "every container requests CPU and memory and sets a memory limit (CPU limits are not required)",
    scope: "teams",
    controllers: ALL_CONTROLLERS,
    enabled: (p) => p.requireResources,
    validations: () => [
      {
        expression: each(
          "has(c.resources) && has(c.resources.requests) && 'cpu' in c.resources.requests && 'memory' in c.resources.requests && has(c.resources.limits) && 'memory' in c.resources.limits",
        ),
        message: "containers must request CPU and memory and set a memory limit",
      },
    ],
  },
  {
    name: "require-probes",
    title: "Require probes",
    checks:
      "every container of a long-running pod has a liveness, readiness or startup probe (pods of Jobs are exempt)",
    scope: "teams",
    controllers: LONG_RUNNING,
    matchConditions: [
      {
        name: "not-a-job",
        expression:
          "!has(object.metadata.ownerReferences) || !object.metadata.ownerReferences.exists(o, o.kind == 'Job')",
      },
    ],
    enabled: (p) => p.requireProbes,
    validations: () => [
      {
        // The Vault Agent sidecar is added by the injector after this policy's author wrote the pod, without probes.
        expression: `object.spec.containers.all(c, c.name in ${cel(INJECTED_SIDECARS)} || has(c.livenessProbe) || has(c.readinessProbe) || has(c.startupProbe))`,
        message: "containers of long-running pods need a liveness, readiness or startup probe",
      },
    ],
  },
  {
    name: "disallow-latest-tag",
    title: "Require an image tag, forbid latest",
    checks: "every image has a tag or a digest, and the tag is not latest",
    scope: "teams",
    controllers: ALL_CONTROLLERS,
    enabled: (p) => p.disallowLatestTag,
    validations: () => [
      {
        expression: each("c.image.contains('@sha256:') || c.image.matches(':[A-Za-z0-9_][A-Za-z0-9_.-]*$')"),
        message: "images need a tag or a digest",
      },
      {
        expression: each("!c.image.endsWith(':latest')"),
        message: "the latest tag is not allowed: use an immutable tag",
      },
    ],
  },
  {
    name: "restrict-image-registries",
    title: "Allowed registries only",
    checks: "every image comes from the platform registry or an allowed registry",
    scope: "teams",
    controllers: ALL_CONTROLLERS,
    enabled: () => true,
    validations: (p) => [
      {
        // The injectors' images are admitted exactly (their tags pinned with the platform), nothing else of their registries.
        expression: each(
          `${p.allowedImages.length > 0 ? `c.image in ${cel(p.allowedImages)} || ` : ""}${cel(p.allowedRegistries.map((r) => (r.endsWith("/") ? r : `${r}/`)))}.exists(r, c.image.startsWith(r))`,
        ),
        message: `images must come from ${p.allowedRegistries.join(", ")}`,
      },
      {
        // A prefix alone would admit `ghcr.io/acme/../evil/x`: every path component must be a real one.
        expression: each(`c.image.matches(${celString(IMAGE_REFERENCE)})`),
        message: "image references must be well-formed (no . or .. path segments)",
      },
    ],
  },
  {
    name: "pod-security",
    title: "Pod Security Standard",
    checks:
      "the configured Pod Security Standard: baseline (no privileged containers, host namespaces, host ports, hostPath volumes or extra capabilities); restricted adds drop ALL capabilities, no privilege escalation, non-root, and a seccomp profile",
    scope: "cluster",
    controllers: ALL_CONTROLLERS,
    enabled: (p) => p.podSecurity !== "privileged",
    validations: (p) => (p.podSecurity === "restricted" ? [...BASELINE, ...RESTRICTED] : BASELINE),
  },
];
