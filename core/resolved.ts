// The resolved model: defaults applied, names derived, references followed, every derived fact computed
// once. Generators read only this; the raw config is not reachable from it. Each entity carries the config
// entry it comes from (`source`), so what a generator reads is what its file depends on (core/provenance.ts).
import type { RepoFacts } from "./repo-facts.ts";
import type { ChartProvenance, PodFact } from "../schema/chart-facts/index.ts";
import type { ComponentDefinition, ComponentKey } from "../schema/component-catalog.ts";
import type { FawkesConfig } from "../schema/config.ts";
import type { PolicyRule } from "../schema/policies.ts";
import type { GatewayPlan } from "./gateway-plan.ts";

type Config = FawkesConfig;
type ServiceConfig = Config["services"][string];

/** A model entity: the config entry it was resolved from (`services.checkout-api`, `platform`). */
export interface Sourced {
  readonly source: string;
  /** Other entries whose values were copied into it (a service's team, a deployment's environment). */
  readonly requires?: readonly string[];
  /** Entries that decide one field only (the components behind each feature of a cluster). */
  readonly fieldSources?: Readonly<Record<string, readonly string[]>>;
}

export interface ResolvedPlatform extends Sourced {
  readonly name: string;
  readonly domain: string;
  readonly repoURL: string;
  readonly revision: string;
  /** Tag or commit Jenkins loads the shared library at (the revision when none is pinned). */
  readonly libraryVersion: string;
  readonly registry: string;
  /** The GitHub organisation of the registry (`ghcr.io/<org>`). */
  readonly org: string;
  readonly argocdNamespace: string;
  readonly managementEnvironment: string;
  /** GitHub team of the platform team (`org/slug`). */
  readonly githubTeam: string;
  /** Repository files the repository keeps as its own (`platform.userFiles`): not generated. */
  readonly userFiles: readonly string[];
  /** Labels the config adds to every service and team namespace. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The public DNS zone of a cloud's environments: where DNS-01 challenges are answered and records written. */
export type ResolvedDnsZone =
  | {
      readonly provider: "route53";
      /** The zone's DNS name (`platform.domain` unless set). */
      readonly zone: string;
      readonly hostedZoneId: string;
    }
  | {
      readonly provider: "azure-dns";
      readonly zone: string;
      readonly resourceGroup: string;
      readonly subscriptionId: string;
      /** Azure resource id of the zone: the scope of the DNS role assignments. */
      readonly resourceId: string;
    };

type CloudConfig = Config["clouds"][string];
type WithDns<C> = C extends unknown ? Omit<C, "dns"> & { readonly dns?: ResolvedDnsZone } : never;

/** A cloud account or subscription in one region (the config's discriminated union, with its name). */
export type ResolvedCloud = WithDns<CloudConfig> & Sourced & { readonly name: string };

export interface ResolvedEnvironment extends Sourced {
  readonly name: string;
  /** Position in the promotion order, from 0. */
  readonly order: number;
  readonly cloud: ResolvedCloud;
  readonly kubernetesVersion: string;
  readonly size: "small" | "medium" | "large";
  readonly protected: boolean;
  readonly nodePools: Config["environments"][string]["nodePools"];
  readonly apiAccessCidrs: readonly string[];
  /** The environment's VPC/VNet network: set in the config, or a quarter of its cloud's. */
  readonly network: string;
  /** The network was allocated by Fawkes (and is recorded in `.fawkes/allocations.json`), not set in the config. */
  readonly networkAllocated: boolean;
  /** Hosts the central components. */
  readonly isManagement: boolean;
  /** Cloud resource name of the cluster: `<platform>-<environment>`. */
  readonly clusterName: string;
  /** Where ArgoCD (in the management cluster) sends this environment's objects. */
  readonly argocdDestination: { readonly name: string };
  /** What the platform plane offers workloads in this cluster. */
  readonly features: EnvironmentFeatures;
}

/** Platform components a workload can rely on in one cluster; absent when the component is off there. */
export interface EnvironmentFeatures extends Sourced {
  readonly gateway?: { readonly controller: "nginx-gateway-fabric" | "ingress-nginx"; readonly namespace: string };
  /** Storage class of the cloud's default block storage. */
  readonly storageClass: string;
  /** Replicas of highly available platform components at the environment's size. */
  readonly replicas: number;
  /** `<namespace>/<name>` of the OpenTelemetry Instrumentation. */
  readonly instrumentation?: string;
  /** Namespace of Prometheus, allowed to scrape. */
  readonly monitoringNamespace?: string;
  readonly externalSecrets: boolean;
  readonly certManager: boolean;
  /** Kyverno runs here: the generated policies are enforced. */
  readonly kyverno: boolean;
  /** Where this cluster reaches Vault: its Service in the management cluster, its host elsewhere. */
  readonly vaultAddress?: string;
  /**
   * Where that address leads, when it is not the cluster's own Service: the management environment's network
   * (its internal Gateway's load balancer), which the Vault Agents in this cluster must reach on 443.
   */
  readonly vaultNetwork?: string;
  /** The Vault Agent injector (part of the Vault chart) runs in this cluster: fully installed, or injector-only. */
  readonly vaultAgentInjector: boolean;
  /** The Istio ambient mesh runs in this cluster: team namespaces are enrolled, mTLS is STRICT. */
  readonly mesh: boolean;
}

export interface ResolvedTeam extends Sourced {
  readonly name: string;
  readonly displayName: string;
  readonly githubTeam: string;
  readonly contact: string;
  readonly namespace: string;
  /** Labels the config adds for the team (`platform.labels`, then the team's): on its namespace and services. */
  readonly labels: Readonly<Record<string, string>>;
  readonly quota: Config["teams"][string]["quota"];
  /** The team's services, in config order. */
  readonly services: readonly ResolvedService[];
}

export interface ResolvedDeployment extends Sourced {
  readonly environment: ResolvedEnvironment;
  /** The service's labels plus its environment. */
  readonly labels: Readonly<Record<string, string>>;
  /** Workload identity: an IAM role on AWS, a managed identity's client id on Azure. */
  readonly identity?: { readonly awsRoleArn?: string; readonly azureClientId?: string };
  /** `<repository>:<tag>`, `<repository>@sha256:…` or `<repository>:<tag>@sha256:…`; undefined for chart services. */
  readonly image?: string;
  /** The source commit the image was built from, when its tag is a commit SHA (what CI tags with). */
  readonly sourceCommit?: string;
  readonly replicas: number;
  readonly host?: string;
  // What can differ per environment (`services.<name>.overrides.<environment>`), resolved for this one.
  /** Path prefix routed from the gateway, when the service is exposed here. */
  readonly exposePath?: string;
  /** Cron schedule of a `cronjob`. */
  readonly schedule?: string;
  /** IANA time zone the schedule runs in (a `cronjob`'s; UTC when unset). */
  readonly timeZone?: string;
  readonly autoscale?: { readonly min: number; readonly max: number; readonly cpuUtilization: number };
  readonly resources: ResolvedResources;
  /** Declared probes, with the HTTP defaults of web services. */
  readonly probes: ResolvedProbes;
  readonly env: Readonly<Record<string, string>>;
  /** In declaration order. */
  readonly secrets: readonly ResolvedSecretRef[];
  /** Services this one calls here. */
  readonly dependsOn: readonly ResolvedService[];
  /** Services deployed here that call this one (their `dependsOn` here). */
  readonly callers: readonly ResolvedService[];
  readonly egress: readonly { readonly cidr: string; readonly port: number }[];
  readonly cloudAccess?: NonNullable<ServiceConfig["cloudAccess"]>;
  /** Node labels its pods run on here (empty: any node). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Node taints its pods tolerate here. */
  readonly tolerations: readonly ResolvedToleration[];
  /** Platform resources it requests here (`claims`), in key order. */
  readonly claims: readonly ResolvedClaim[];
}

/** A param of a claim: its type and default. */
export interface ResolvedClaimParam {
  readonly type: "string" | "integer" | "boolean";
  readonly default?: string | number | boolean;
  readonly description: string;
}

/** A claim a custom component offers (`components.custom.<name>.claims.<claim>`), its templates unresolved. */
export interface ResolvedClaimDefinition {
  readonly name: string;
  readonly description: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** Templates (core/resolve-claims.ts substitutes them per service and environment). */
  readonly objectName: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, ResolvedClaimParam>>;
  readonly secret: { readonly name: string; readonly keys: readonly string[] };
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
  readonly operatorPorts: readonly number[];
  readonly peerPorts: readonly number[];
  readonly apiServer: boolean;
  /** Spec keys of the pod count and of each pod's volume size (the quota footprint). */
  readonly replicasKey?: string;
  readonly storageKey?: string;
  readonly pods: readonly PodFact[];
  readonly provenance?: string;
}

/** A platform resource one service requests in one environment: the object, its Secret, its pods, resolved. */
export interface ResolvedClaim extends Sourced {
  /** The key it is requested under (`services.<name>.claims.<resource>`). */
  readonly resource: string;
  readonly component: ResolvedCustomComponent;
  readonly definition: ResolvedClaimDefinition;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** The object's spec with placeholders and params substituted (labels and hardening: core/runtime/claim-pods.ts). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The Secret the operator makes: its name here and the keys the service reads. */
  readonly secret: { readonly name: string; readonly keys: readonly string[] };
  /** Environment variable → key of that Secret (`<RESOURCE>_<KEY>`). */
  readonly variables: readonly { readonly variable: string; readonly key: string }[];
  /** Labels that select the claim's pods here. */
  readonly selector: Readonly<Record<string, string>>;
  /** Its pods here, in the facts' shape, placeholders substituted. */
  readonly pods: readonly PodFact[];
}

export interface ResolvedToleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export type ProbeSpec =
  { readonly path: string; readonly port?: number | undefined } | { readonly command: readonly string[] };

export interface ResolvedProbes {
  readonly liveness?: ProbeSpec;
  readonly readiness?: ProbeSpec;
  readonly startup?: ProbeSpec;
}

export interface ResolvedResources {
  readonly cpu: string;
  readonly memory: string;
  readonly cpuLimit?: string;
  /** Defaults to twice the request. */
  readonly memoryLimit: string;
}

/** A secret a service reads: environment variable → Vault KV path (as in the config: `<team>/...`) and key. */
export interface ResolvedSecretRef {
  readonly variable: string;
  readonly path: string;
  readonly key: string;
  /** One value for every environment (`vaultTeamPath` in core/names.ts), never the default. */
  readonly shared: boolean;
}

/** An upstream chart a service deploys, with the pods it renders for the service's release. */
export interface ResolvedChart {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  /** The config's values, merged over the generated ones. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The pods the chart renders for the release (named after the service), as its defaults render them. */
  readonly pods: readonly PodFact[];
  /** Where the pod facts come from: Fawkes' table (with provenance) or the config's `chart.pods`. */
  readonly facts: { readonly from: "fawkes"; readonly provenance: ChartProvenance } | { readonly from: "config" };
}

export interface ResolvedService extends Sourced {
  readonly name: string;
  readonly team: ResolvedTeam;
  readonly namespace: string;
  readonly description: string;
  /** Repository path of the Score file the service's workload is declared in (its team owns it). */
  readonly scoreFile?: string;
  readonly type: "web" | "worker" | "cronjob";
  /** Image repository without tag. */
  readonly imageRepository: string;
  /** An upstream chart deployed instead of the golden path. */
  readonly chart?: ResolvedChart;
  /** Container port of a web service. */
  readonly port?: number;
  /** Port Prometheus scrapes, when the service exposes metrics. */
  readonly metricsPort?: number;
  /** HTTP path of the metrics endpoint, when the service exposes metrics. */
  readonly metricsPath?: string;
  /** OpenTelemetry auto-instrumentation language, when there is one for its build type. */
  readonly language?: string;
  /** The service exports OTLP itself with an SDK (Go: auto-instrumentation needs a privileged eBPF agent). */
  readonly sdkTelemetry: boolean;
  /** Service level objectives over 30 days, as fractions (0.999). */
  readonly slo?: {
    readonly availability?: number;
    readonly latency?: { readonly thresholdSeconds: number; readonly target: number };
  };
  /** `app.kubernetes.io/*` plus team labels, shared by every object of the service. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels that select the service's pods: `app.kubernetes.io/name` on the golden path, Helm's standard
   *  `app.kubernetes.io/instance` (the release name, the service's name) for a chart. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly secretDelivery: "external-secrets" | "vault-agent";
  /** Services this one calls in any of its environments (the catalog's relations; a workload reads its
   *  deployment's). */
  readonly dependsOnAnywhere: readonly ResolvedService[];
  /** Services that call this one in any environment. */
  readonly callersAnywhere: readonly ResolvedService[];
  /** Every secret it reads in any of its environments (a deployment reads its own). */
  readonly secretsAnywhere: readonly ResolvedSecretRef[];
  /** Exposed through the gateway in at least one of its environments. */
  readonly exposedAnywhere: boolean;
  /** Its plain environment variables in its first environment: a development environment starts from them. */
  readonly developmentEnv: Readonly<Record<string, string>>;
  readonly security: { readonly runAsRoot: boolean; readonly addCapabilities: readonly string[] };
  readonly build?: NonNullable<ServiceConfig["build"]>;
  readonly api?: NonNullable<ServiceConfig["api"]>;
  readonly lifecycle: "experimental" | "production" | "deprecated";
  /** Backstage system: declared, or the team's. */
  readonly system: string;
  readonly deployments: readonly ResolvedDeployment[];
  /** Names of the environments it is deployed to, in promotion order. */
  readonly environmentNames: readonly string[];
  /** Environments it is declared for but has no release in yet (not deployed there), in promotion order. */
  readonly pendingEnvironments: readonly string[];
}

export interface ResolvedComponent extends Sourced {
  readonly key: ComponentKey;
  readonly definition: ComponentDefinition;
  readonly version: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Helm values per environment, merged over `values`. */
  readonly environmentValues: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Environments the component is installed in: all for per-cluster components, the management one for central
   * ones, and for a central one with a spoke mode (`definition.spoke`) the others too.
   */
  readonly environments: readonly ResolvedEnvironment[];
  /** Client id of the component's Azure managed identity per environment, where the config gives one. */
  readonly azureClientIds: Readonly<Record<string, string>>;
  /** By environment name, how it is installed there: fully, or in its spoke mode (central components elsewhere). */
  readonly modes: Readonly<Record<string, ComponentMode>>;
}

/** A component the catalog does not know (`components.custom.<name>`): its chart, where it runs, its declared pods. */
export interface ResolvedCustomComponent extends Sourced {
  readonly name: string;
  readonly description: string;
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly placement: "per-cluster" | "hub";
  /** The config's Helm values (merged over the hardening values its pods' keys give). */
  readonly values: Readonly<Record<string, unknown>>;
  /** Environments it runs in, in promotion order. */
  readonly environments: readonly ResolvedEnvironment[];
  /** What it needs running first: catalog components by key, custom ones by name. */
  readonly dependsOn: readonly CustomDependency[];
  /** The pods its chart renders, declared in the config, in the facts' shape. */
  readonly pods: readonly PodFact[];
  /** Container ports the API server calls (its admission webhooks). */
  readonly webhookPorts: readonly number[];
  /** Kubernetes Secrets it reads, each from a Vault path through the platform's ClusterSecretStore. */
  readonly secrets: readonly { readonly name: string; readonly vaultPath: string; readonly keys: readonly string[] }[];
  /** Custom resources services may request from it, in name order. */
  readonly claims: readonly ResolvedClaimDefinition[];
}

export type CustomDependency =
  { readonly kind: "component"; readonly key: ComponentKey } | { readonly kind: "custom"; readonly name: string };

/** "full": everything the chart runs; "spoke": a central component's reduced install in another cluster. */
export type ComponentMode = "full" | "spoke";

/** cert-manager's ACME settings. */
export interface ResolvedCertificates extends Sourced {
  readonly acmeEmail: string;
  readonly challenge: "http01" | "dns01";
  /** New certificates per registered domain per week the ACME server allows (Let's Encrypt: 50). */
  readonly certificatesPerWeek: number;
}

/** Which Backstage image runs: the one built from the generated recipe, or the upstream release (evaluation). */
export interface ResolvedBackstageImage extends Sourced {
  readonly kind: "platform" | "upstream";
}

export interface ResolvedPolicyException {
  readonly policy: PolicyRule;
  readonly team: ResolvedTeam;
  readonly service?: string;
  readonly reason: string;
  /** `policies.exceptions[<i>]`. */
  readonly source: string;
}

export interface ResolvedPolicies extends Sourced {
  readonly mode: "Enforce" | "Audit";
  /** The platform registry first, then the allowed ones. */
  readonly allowedRegistries: readonly string[];
  /** Exact images the platform's webhooks inject into team pods (auto-instrumentation, Vault Agent): allowed as such. */
  readonly allowedImages: readonly string[];
  readonly requiredLabels: readonly string[];
  readonly podSecurity: "privileged" | "baseline" | "restricted";
  readonly requireResources: boolean;
  readonly requireProbes: boolean;
  readonly disallowLatestTag: boolean;
  readonly overrides: Readonly<Partial<Record<PolicyRule, "Enforce" | "Audit" | "Disabled">>>;
  readonly exceptions: readonly ResolvedPolicyException[];
}

/** A patch of generated objects (`patches[i]`): the escape hatch for what the config has no field for. */
export interface ResolvedPatch extends Sourced {
  /** Its position in `patches`, as explain and the objects' annotation name it. */
  readonly index: number;
  readonly target: { readonly kind: string; readonly name: string; readonly namespace?: string };
  /** Environments whose objects it patches; undefined for every object, per-cluster or not. */
  readonly environments: readonly string[] | undefined;
  readonly merge: Readonly<Record<string, unknown>> | undefined;
  readonly json:
    | readonly { readonly op: string; readonly path: string; readonly value?: unknown; readonly from?: string }[]
    | undefined;
  readonly reason: string;
}

export interface ResolvedConfig {
  /** The config file, repository-relative (`fawkes.config.ts`, `fawkes.config.yaml`): headers and CODEOWNERS name it. */
  readonly configFile: string;
  /** The releases file, repository-relative (`releases` in the config is relative to the config). */
  readonly releasesFile: string;
  /** What the repository around the config holds (hand-written guides, a Node version file, its own tests). */
  readonly repo: RepoFacts;
  readonly platform: ResolvedPlatform;
  readonly clouds: readonly ResolvedCloud[];
  /** In promotion order. */
  readonly environments: readonly ResolvedEnvironment[];
  readonly teams: readonly ResolvedTeam[];
  readonly services: readonly ResolvedService[];
  readonly components: readonly ResolvedComponent[];
  /** Components the catalog does not know, installed somewhere, in name order. */
  readonly customComponents: readonly ResolvedCustomComponent[];
  /** An installed component by key, or undefined when it is off everywhere; either way a read of its entry. */
  readonly installed: (key: ComponentKey) => ResolvedComponent | undefined;
  readonly certificates: ResolvedCertificates;
  readonly backstageImage: ResolvedBackstageImage;
  readonly policies: ResolvedPolicies;
  /** Per environment: the Gateways and which one serves each host (services' and central UIs'). */
  readonly gateways: ReadonlyMap<string, GatewayPlan & Sourced>;
  /** In config order. */
  readonly patches: readonly ResolvedPatch[];
}
