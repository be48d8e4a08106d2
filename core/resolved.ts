// The resolved model: defaults applied, names derived, references followed. Generators read only this.
import type { FawkesConfig } from "../schema/config.ts";
import type { ComponentDefinition, ComponentKey } from "../schema/component-catalog.ts";
import type { GatewayPlan } from "./gateway-plan.ts";

type Config = FawkesConfig;
type CloudConfig = Config["clouds"][string];
type ServiceConfig = Config["services"][string];

export interface ResolvedPlatform {
  readonly name: string;
  readonly domain: string;
  readonly repoURL: string;
  readonly revision: string;
  readonly registry: string;
  readonly argocdNamespace: string;
  readonly managementEnvironment: string;
  /** GitHub team of the platform team (`org/slug`). */
  readonly githubTeam: string;
}

export type ResolvedCloud = CloudConfig & { readonly name: string };

export interface ResolvedEnvironment {
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
export interface EnvironmentFeatures {
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
  /** Where this cluster reaches Vault: its Service in the management cluster, its host elsewhere. */
  readonly vaultAddress?: string;
  /** The Istio ambient mesh runs in this cluster: team namespaces are enrolled, mTLS is STRICT. */
  readonly mesh: boolean;
}

export interface ResolvedTeam {
  readonly name: string;
  readonly displayName: string;
  readonly githubTeam: string;
  readonly contact: string;
  readonly namespace: string;
  readonly quota: Config["teams"][string]["quota"];
}

export interface ResolvedDeployment {
  readonly environment: ResolvedEnvironment;
  /** The service's labels plus its environment. */
  readonly labels: Readonly<Record<string, string>>;
  /** Workload identity: an IAM role on AWS, a managed identity's client id on Azure. */
  readonly identity?: { readonly awsRoleArn?: string; readonly azureClientId?: string };
  /** `<repository>:<tag>` or `<repository>@sha256:…`; undefined for chart services. */
  readonly image?: string;
  readonly replicas: number;
  readonly host?: string;
}

export interface ResolvedService {
  readonly name: string;
  readonly team: ResolvedTeam;
  readonly config: ServiceConfig;
  readonly namespace: string;
  /** Container port of a web service. */
  readonly port?: number;
  /** Port Prometheus scrapes, when the service exposes metrics. */
  readonly metricsPort?: number;
  /** OpenTelemetry auto-instrumentation language, when there is one for its build type. */
  readonly language?: string;
  /** `app.kubernetes.io/*` plus team labels, shared by every object of the service. */
  readonly labels: Readonly<Record<string, string>>;
  readonly deployments: readonly ResolvedDeployment[];
}

export interface ResolvedComponent {
  readonly key: ComponentKey;
  readonly definition: ComponentDefinition;
  readonly version: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Environments the component is installed in: all for per-cluster components, the management one for central ones. */
  readonly environments: readonly ResolvedEnvironment[];
  readonly config: Config["components"][ComponentKey];
}

export interface ResolvedConfig {
  readonly platform: ResolvedPlatform;
  readonly clouds: readonly ResolvedCloud[];
  /** In promotion order. */
  readonly environments: readonly ResolvedEnvironment[];
  readonly teams: readonly ResolvedTeam[];
  readonly services: readonly ResolvedService[];
  readonly components: readonly ResolvedComponent[];
  readonly policies: Config["policies"];
  /** Per environment: the Gateways and which one serves each host (services' and central UIs'). */
  readonly gateways: ReadonlyMap<string, GatewayPlan>;
  readonly releases: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
