// The data model of the chart facts: what each pinned upstream chart runs with Fawkes' values, derived by
// reading the chart's templates and values at the pinned version. Data only; every entry names its source.

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "Job" | "CronJob" | "Pod";

/** A scalar as a chart's values hold it. */
export type ValuesScalar = string | number | boolean;

/**
 * A condition a chart's templates test on its values, as data the runtime model evaluates on the values a
 * component is installed with in each cluster (`core/runtime/chart-conditions.ts`). A key the values leave
 * out takes the chart's default (`ChartFacts.valuesDefaults`).
 *
 * - `{ key, is }`: `eq (.Values.<key> | toString) "<is>"` (Helm compares the string form: `true` is "true");
 * - `{ key, nonEmpty: true }`: `if .Values.<key>` (Go templates: not false, 0, "", null or an empty list or map);
 * - `all`, `any`, `not`: `and`, `or`, `not`.
 */
export type ValuesCondition =
  | { readonly key: string; readonly is: string }
  | { readonly key: string; readonly nonEmpty: true }
  | { readonly all: readonly ValuesCondition[] }
  | { readonly any: readonly ValuesCondition[] }
  | { readonly not: ValuesCondition };

/** Where a set of facts was read: the upstream repository at a tag and the commit that tag points to. */
export interface ChartProvenance {
  /** Git repository of the chart's source. */
  readonly repository: string;
  /** Tag (or branch) read; for a chart in a monorepo the chart release tag, e.g. `vault-0.34.1` or `v0.34.1`. */
  readonly ref: string;
  /** Full commit hash the ref resolved to when the facts were derived. */
  readonly commit: string;
  /** Directory of the chart inside the repository ("" for the repository root). */
  readonly chartPath: string;
  /** Files read (relative to the repository root): Chart.yaml, values.yaml and the templates behind the facts. */
  readonly files: readonly string[];
  /** True when the ref's Chart.yaml carries exactly the pinned version and the facts were read there. */
  readonly verified: boolean;
  /** The chart version actually read, when it differs from the pinned version (then verified is false). */
  readonly chartVersionRead?: string;
  /** Why a fact set is unverified, or anything a reader must know about the derivation. */
  readonly note?: string;
}

/** A container's security context as the chart renders it by default (undefined fields are not set). */
export interface SecurityContextFact {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly privileged?: boolean;
  readonly seccompProfile?: "RuntimeDefault" | "Localhost" | "Unconfined";
  readonly appArmorProfile?: "RuntimeDefault" | "Localhost" | "Unconfined";
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}

export interface PodSecurityContextFact {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly supplementalGroups?: readonly number[];
  readonly seccompProfile?: "RuntimeDefault" | "Localhost" | "Unconfined";
  readonly sysctls?: readonly string[];
}

export interface PortFact {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
  /** Set when the chart binds the port on the node. */
  readonly hostPort?: number;
}

export interface ContainerFact {
  readonly name: string;
  /** Fully qualified: registry/repository:tag as the chart defaults it (docker.io made explicit). */
  readonly image: string;
  /** True when the chart's default omits the registry, so the runtime resolves it to docker.io. */
  readonly implicitRegistry?: boolean;
  /** The rendered security context; null when the chart sets none. */
  readonly securityContext: SecurityContextFact | null;
  readonly ports: readonly PortFact[];
  /** Values key that replaces this container's security context. */
  readonly securityContextKey?: string;
  /** Values key of the image (repository/registry/tag). */
  readonly imageKey?: string;
  /** A boolean values key that, set to false, removes this (optional) container. */
  readonly disabledBy?: string;
  /**
   * When the image value at `imageKey` is a map with a separate `registry` field: its default. Without it the
   * map's `repository` carries the registry (or none, for docker.io).
   */
  readonly imageRegistryDefault?: string;
  /** Probes the chart renders on this container with its defaults (the require-probes policy reads them). */
  readonly probes?: readonly ("liveness" | "readiness" | "startup")[];
  /** Values key rendered as this container's `resources` (requests and limits). */
  readonly resourcesKey?: string;
}

export interface HostPathFact {
  readonly volume: string;
  readonly path: string;
  readonly readOnly?: boolean;
}

/** Values keys through which the generator can make the pod compliant or label it. */
export interface PodValuesKeys {
  readonly podSecurityContext?: string;
  readonly containerSecurityContext?: string;
  readonly podLabels?: string;
  readonly commonLabels?: string;
  readonly image?: string;
}

export interface PodFact {
  /** The workload's name as rendered with Fawkes' release name. */
  readonly name: string;
  /** "Pod": created at runtime by a controller of the chart from configuration the chart renders (e.g. CI agents). */
  readonly workloadKind: WorkloadKind;
  /** Helm hook (pre-install, post-install, ...) when the workload is a hook; Argo CD runs hooks as sync hooks. */
  readonly helmHook?: string;
  /** "release" = the component's namespace from the catalog. */
  readonly namespace: "release" | string;
  /** When the pod exists only under a condition on the values (with Fawkes' values it does, unless noted). */
  readonly condition?: string;
  /**
   * The condition, evaluable, where it decides anything with the values Fawkes sets in some cluster (a chart
   * installed in different modes): the pod renders only where it holds. Absent: the pod always renders.
   */
  readonly when?: ValuesCondition;
  /** Labels the chart sets on the pod template with Fawkes' release name (non-empty, used to select the pod). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly automountServiceAccountToken?: boolean;
  readonly podSecurityContext: PodSecurityContextFact | null;
  readonly containers: readonly ContainerFact[];
  readonly initContainers: readonly ContainerFact[];
  readonly hostNetwork: boolean;
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly hostPaths: readonly HostPathFact[];
  readonly hostPorts: readonly number[];
  readonly valuesKeys: PodValuesKeys;
  /**
   * A non-root uid the image runs under when started as one, where the image's own user is root: hardening
   * sets it as the pod's runAsUser (and group), because runAsNonRoot alone makes the kubelet refuse an image
   * whose user is root.
   */
  readonly nonRootUser?: number;
  /** Template file (relative to the repository root) that renders the workload. */
  readonly provenance: string;
  readonly note?: string;
}

export interface ServiceFact {
  readonly name: string;
  readonly ports: readonly {
    readonly name?: string;
    readonly port: number;
    readonly targetPort: number | string;
    readonly protocol?: "TCP" | "UDP";
  }[];
  /** Which pod (PodFact.name) the Service selects. */
  readonly selects: string;
  readonly type?: "ClusterIP" | "LoadBalancer" | "NodePort" | "Headless";
  /** The condition on the values under which the chart renders the Service (always, when absent). */
  readonly when?: ValuesCondition;
  readonly provenance: string;
}

export interface WebhookFact {
  readonly configuration: string;
  readonly kind: "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration";
  readonly webhooks: readonly string[];
  /** Service (name:port) behind it; for webhooks a controller registers at runtime, its service. */
  readonly service: string;
  readonly failurePolicy?: "Fail" | "Ignore";
  /** True when the controller creates or patches the configuration at runtime instead of the chart. */
  readonly registeredAtRuntime?: boolean;
  /** The condition on the values under which the chart renders the configuration (always, when absent). */
  readonly when?: ValuesCondition;
  readonly provenance: string;
}

export interface ObjectRefFact {
  readonly name: string;
  /** Pod (PodFact.name) that reads it. */
  readonly readBy: string;
  /** Created by the chart itself (true) or must exist beforehand / is created at runtime (false). */
  readonly createdByChart: boolean;
  readonly optional?: boolean;
  /** The catalog component that creates it, when another component does (core/runtime/bootstrap-graph.ts orders them). */
  readonly providedBy?: string;
  readonly note?: string;
}

/** An aggregated API the chart registers: the API server proxies its group to the Service. */
export interface ApiServiceFact {
  readonly name: string;
  readonly group: string;
  /** `service:port` in the release namespace. */
  readonly service: string;
  readonly provenance: string;
}

/** CRDs of another chart that this one needs: it renders objects of them, or its controller needs them to start. */
export interface CrdNeedFact {
  readonly groups: readonly string[];
  readonly why: string;
  /** File (relative to the repository root) that shows it. */
  readonly provenance: string;
}

export interface ChartFacts {
  /** Key in COMPONENT_CATALOG (or "devworkspaceOperator"). */
  readonly component: string;
  readonly chart: string;
  /** Must equal the pinned version: a bump without re-derived facts fails the tests. */
  readonly version: string;
  readonly appVersion?: string;
  /** Helm release name Fawkes uses (the component slug). */
  readonly releaseName: string;
  readonly provenance: ChartProvenance;
  /** The values Fawkes sets that decide which pods render, in short. */
  readonly valuesAssumed: readonly string[];
  /** The chart's defaults (its values.yaml) of every key a `when` condition reads, by dotted key. */
  readonly valuesDefaults?: Readonly<Record<string, ValuesScalar>>;
  readonly pods: readonly PodFact[];
  readonly services: readonly ServiceFact[];
  readonly webhooks: readonly WebhookFact[];
  /** Aggregated APIs (APIService objects) the chart registers, which the API server calls. */
  readonly apiServices?: readonly ApiServiceFact[];
  /** CRD groups (and a count) the chart installs, when it installs any. */
  readonly crds?: { readonly groups: readonly string[]; readonly count?: number; readonly enabledBy?: string };
  /** CRDs other charts install that this one needs before it syncs. */
  readonly needsCrds?: readonly CrdNeedFact[];
  readonly secretsRead: readonly ObjectRefFact[];
  readonly configMapsRead: readonly ObjectRefFact[];
  /** Secrets the chart (or its pods at runtime) creates. */
  readonly createsSecrets: readonly string[];
}

/**
 * The facts of a chart that a service deploys (`services.<name>.chart`), keyed by Helm repository, chart and
 * exact version. The release is named after the service and Fawkes sets `fullnameOverride` to it, so the
 * pods are a function of the release name.
 */
export interface ServiceChartFacts {
  /** Helm repository URL, as `services.<name>.chart.repoURL` writes it. */
  readonly repoURL: string;
  readonly chart: string;
  /** Exact chart version: another version has no facts until they are re-derived. */
  readonly version: string;
  readonly appVersion?: string;
  readonly provenance: ChartProvenance;
  /** The values the facts assume, in short: what Fawkes sets and the chart defaults they rely on. */
  readonly valuesAssumed: readonly string[];
  /**
   * Values keys that, set to a non-empty value, add containers or pods the facts do not describe (extra
   * sidecars, init containers): a service setting one must declare its pods itself.
   */
  readonly unmodelledValues: readonly string[];
  /** The pods the chart renders for a release, with its defaults and `fullnameOverride` set to the release. */
  readonly pods: (release: string) => readonly PodFact[];
  readonly services: (release: string) => readonly ServiceFact[];
}
