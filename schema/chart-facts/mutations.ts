// What the mutating admission webhooks of two pinned components do to an annotated pod, so that the policy
// preflight can apply the mutation before it evaluates Pod Security "restricted" and the image allow-list:
//
//   - OTEL_INJECTION: the OpenTelemetry Operator's auto-instrumentation (`instrumentation.opentelemetry.io/inject-<lang>`),
//     read from the operator's code at the version the chart facts say the pinned chart ships;
//   - VAULT_AGENT_INJECTION: the Vault Agent injector (hashicorp/vault-k8s) at the version vault chart 0.34.1 runs.
//
// Data only, read from the upstream sources named in each provenance; no upstream code is copied. Where a
// value is not a fixed string (a copied security context, the app container's image), the rule is recorded.
import type { SecurityContextFact } from "./types.ts";

// ---------------------------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------------------------

/** Where a set of mutation facts was read: the mutator's (or chart's) repository at a tag and its commit. */
export interface MutationProvenance {
  /** Git repository read, e.g. https://github.com/hashicorp/vault-k8s. */
  readonly repository: string;
  /** Tag read, e.g. `v1.7.6`. */
  readonly ref: string;
  /** Full commit hash the tag resolved to. */
  readonly commit: string;
  /** Files read (relative to the repository root). */
  readonly files: readonly string[];
  /** True when the ref is exactly the version the pinned chart runs and the facts were read there. */
  readonly verified: boolean;
  /** Version actually read when it may differ from what the pin runs (then verified is false). */
  readonly versionRead?: string;
  /** Why unverified, or what a reader must know about the derivation. */
  readonly note?: string;
}

/** Kubernetes resource quantities as the mutator writes them. */
export interface ResourceQuantities {
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: string;
}

export interface ResourcesFact {
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
  /** Where the defaults come from and how to override them. */
  readonly source: string;
}

/** How the mutator sets an injected container's security context. */
export type InjectedSecurityContext =
  /** The injected container gets (a pointer copy of) an app container's securityContext; none if the app has none. */
  | { readonly rule: "copied-from-app-container"; readonly detail: string }
  /** A fixed security context written by the mutator. */
  | { readonly rule: "explicit"; readonly securityContext: SecurityContextFact; readonly detail?: string }
  /** The mutator sets none. */
  | { readonly rule: "none"; readonly detail: string };

/** An image the mutator takes from the instrumented app container instead of a configured default. */
export interface CopiedImage {
  readonly copiedFrom: "instrumented app container";
}

/** An image with no default that only the Instrumentation CR supplies. */
export interface ConfiguredImage {
  readonly configuredIn: string;
}

export interface VolumeMountFact {
  readonly volume: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly condition?: string;
}

export interface VolumeFact {
  readonly name: string;
  readonly source: "emptyDir" | "hostPath" | "ephemeral" | "configMap" | "secret" | "projected";
  /** emptyDir size limit as the mutator sets it; absent = no limit. */
  readonly sizeLimit?: string;
  readonly medium?: "Memory";
  readonly hostPath?: string;
  readonly condition?: string;
  readonly note?: string;
}

export interface EnvFact {
  readonly name: string;
  /** Literal value (placeholders in angle brackets), or absent when taken from the downward API. */
  readonly value?: string;
  /** Downward API field path when the value is a fieldRef. */
  readonly fieldRef?: string;
  /** When the variable is added (always, when absent). */
  readonly condition?: string;
}

export interface InjectedContainerFact {
  readonly name: string;
  /** Fully qualified default image (registry/repository:tag); or the rule when it is the app's own image or has no default. */
  readonly image: string | CopiedImage | ConfiguredImage;
  /** True when the configured default omits the registry, so the runtime resolves it to docker.io. */
  readonly implicitRegistry?: boolean;
  /** Where the default image comes from and how it can be changed. */
  readonly imageSource: string;
  readonly securityContext: InjectedSecurityContext;
  readonly resources: ResourcesFact;
  readonly volumeMounts: readonly VolumeMountFact[];
  /** Environment variables of the injected container itself (not the app's), where they matter. */
  readonly env?: readonly EnvFact[];
  /** Injected only under this condition (always, when absent). */
  readonly condition?: string;
  /** True for a regular container the mutator appends to spec.containers (not a native sidecar init container). */
  readonly appendedToContainers?: boolean;
}

export type OtelLanguage = "java" | "nodejs" | "python" | "dotnet" | "go" | "apache-httpd" | "nginx";

/** Instrumentation CR (opentelemetry.io/v1alpha1) fields that control one language's injection. */
export interface InstrumentationCrFields {
  /** Overrides the image (the operator's defaulting webhook writes the default here when empty). */
  readonly image: string;
  readonly resources: string;
  readonly volumeSizeLimit?: string;
  readonly volumeClaimTemplate?: string;
  readonly env: string;
}

export interface OtelLanguageInjection {
  readonly language: OtelLanguage;
  /** Pod (or namespace) annotation; value "true", "<name>", "<namespace>/<name>" of an Instrumentation, or "false". */
  readonly annotation: string;
  /** Operator flag that enables the language and its default at this version. */
  readonly enableFlag: string;
  readonly enabledByDefault: boolean;
  /** The first (or only) init container; null when the language injects none (Go). */
  readonly initContainer: InjectedContainerFact | null;
  /** Further init containers, in injection order (Java extensions, the Apache/Nginx config clone). */
  readonly extraInitContainers: readonly InjectedContainerFact[];
  /** Containers appended to spec.containers (Go's eBPF agent). */
  readonly sidecars: readonly InjectedContainerFact[];
  /** Pod volumes added. */
  readonly volumes: readonly VolumeFact[];
  /** Mounts added to each instrumented app container. */
  readonly appContainerVolumeMounts: readonly VolumeMountFact[];
  /** Language-specific env added to each instrumented app container (the common OTEL_* env comes on top). */
  readonly appContainerEnv: readonly EnvFact[];
  /** Whether the common SDK env (OTEL_INJECTION.commonEnv) goes to the app container or to the sidecar. */
  readonly commonEnvTarget: "app container" | "sidecar";
  /** Pod-level fields the mutator sets. */
  readonly podSpecChanges?: { readonly shareProcessNamespace?: true };
  readonly crFields: InstrumentationCrFields;
  /** Source files of the injection at the operator tag. */
  readonly files: readonly string[];
  readonly note?: string;
}

export interface OtelInjectionFacts {
  /** Operator version the facts describe (the appVersion of the chart the facts were read from). */
  readonly operatorVersion: string;
  readonly provenance: MutationProvenance;
  /** The Helm chart whose values decide the operator's flags (the image defaults are not overridden there). */
  readonly chartProvenance: MutationProvenance;
  /** The pod webhook that mutates. */
  readonly webhook: { readonly name: string; readonly failurePolicy: "Ignore" | "Fail"; readonly note: string };
  /** Env the operator adds to every instrumented container (to the sidecar for Go), in order. */
  readonly commonEnv: readonly EnvFact[];
  /** How a language's init container security context is chosen when several containers are instrumented. */
  readonly securityContextSelection: string;
  readonly instrumentationCr: {
    readonly apiVersion: "opentelemetry.io/v1alpha1";
    readonly kind: "Instrumentation";
    /** True: spec.<lang>.image overrides the image, so Fawkes can pin it in the CR it renders. */
    readonly imageOverridable: true;
    /** Field for one security context for all init containers; null when this version has none. */
    readonly initContainerSecurityContextField: string | null;
    readonly imagePullPolicyField: string;
    readonly note: string;
  };
  /** Chart values that set the operator-wide default images (flag --auto-instrumentation-<lang>-image). */
  readonly chartImageValues: Readonly<Record<OtelLanguage, string>>;
  readonly languages: Readonly<Record<OtelLanguage, OtelLanguageInjection>>;
  /** What changes at the newest operator version that could be read (the newest chart's appVersion). */
  readonly newerVersion: {
    readonly operatorVersion: string;
    readonly chartVersion: string;
    readonly provenance: MutationProvenance;
    readonly chartProvenance: MutationProvenance;
    readonly images: Readonly<Record<OtelLanguage, string>>;
    readonly changes: readonly string[];
  };
}

export interface AnnotationFact {
  readonly name: string;
  /** Value the injector assumes when the annotation is absent (after its own defaulting). */
  readonly default: string;
  readonly effect: string;
}

export interface VaultAgentInjectionFacts {
  /** Vault chart version whose injector is described. */
  readonly chartVersion: string;
  /** hashicorp/vault-k8s version the chart runs as the injector. */
  readonly injectorVersion: string;
  readonly provenance: MutationProvenance;
  readonly chartProvenance: MutationProvenance;
  readonly images: {
    /** The injector Deployment's image (injector.image). */
    readonly injector: string;
    /** The Vault Agent image injected into pods (injector.agentImage → AGENT_INJECT_VAULT_IMAGE). */
    readonly agent: string;
    /** The injector binary's own default when AGENT_INJECT_VAULT_IMAGE is unset. */
    readonly agentDefaultInCode: string;
    readonly implicitRegistry: true;
    /** Pod annotation that overrides the agent image per pod. */
    readonly perPodOverride: string;
  };
  readonly initContainer: InjectedContainerFact;
  readonly sidecar: InjectedContainerFact;
  /** The security context both containers get, and what changes it. */
  readonly securityContext: {
    readonly default: SecurityContextFact;
    readonly setWhen: string;
    readonly runAsNonRootRule: string;
    readonly seccompProfile: string;
  };
  readonly resources: ResourcesFact;
  readonly volumes: readonly VolumeFact[];
  /** Mounts added to the app containers named in agent-inject-containers (default: all). */
  readonly appContainerVolumeMounts: readonly VolumeMountFact[];
  readonly annotations: readonly AnnotationFact[];
  readonly serviceAccountToken: {
    /** The pod must have a service-account token mounted in one of its containers (or name a projected one). */
    readonly automountServiceAccountTokenRequired: boolean;
    readonly detail: string;
  };
  readonly webhook: { readonly name: string; readonly failurePolicy: "Ignore" | "Fail"; readonly note: string };
}

// ---------------------------------------------------------------------------------------------------------------
// OpenTelemetry Operator 0.127.0
// ---------------------------------------------------------------------------------------------------------------

const OTEL_REPO = "https://github.com/open-telemetry/opentelemetry-operator";
const I = "pkg/instrumentation";
const GHCR_OPERATOR = "ghcr.io/open-telemetry/opentelemetry-operator";

/** The init containers' security context at operator 0.127.0 (all languages but Go). */
const COPIED: InjectedSecurityContext = {
  rule: "copied-from-app-container",
  detail:
    "sdk.go setInitContainerSecurityContext: after injecting into an app container, the init container's securityContext is set to that container's securityContext (nil when it has none). Without a <lang>-container-names annotation only the first container (spec.containers[0]) is instrumented, so it is the first app container's.",
};

function otelResources(requestCpu: string, requestMemory: string, crField: string): ResourcesFact {
  return {
    requests: { cpu: requestCpu, memory: requestMemory },
    limits: { cpu: "500m", memory: "256Mi" },
    source: `Defaulted into the Instrumentation CR by the operator's defaulting webhook (apis/v1alpha1/instrumentation_webhook.go) when ${crField} limits/requests are empty; the init container (or Go sidecar) gets ${crField} as is.`,
  };
}

function emptyDir200(name: string, crPrefix: string): VolumeFact {
  return {
    name,
    source: "emptyDir",
    sizeLimit: "200Mi",
    note: `helper.go instrVolume: emptyDir with ${crPrefix}.volumeLimitSize or 200Mi; an ephemeral volume instead when ${crPrefix}.volumeClaimTemplate is set.`,
  };
}

function crFields(
  key: string,
  resourcesField: "resources" | "resourceRequirements",
  volume = true,
): InstrumentationCrFields {
  return {
    image: `spec.${key}.image`,
    resources: `spec.${key}.${resourcesField}`,
    ...(volume
      ? { volumeSizeLimit: `spec.${key}.volumeLimitSize`, volumeClaimTemplate: `spec.${key}.volumeClaimTemplate` }
      : {}),
    env: `spec.${key}.env`,
  };
}

const OTEL_CHART_T = "charts/opentelemetry-operator";

export const OTEL_INJECTION: OtelInjectionFacts = {
  operatorVersion: "0.127.0",
  provenance: {
    repository: OTEL_REPO,
    ref: "v0.127.0",
    commit: "290139bd14659c92591c695bd6f74e0755fccd15",
    files: [
      "versions.txt",
      "Makefile",
      "main.go",
      "apis/v1alpha1/instrumentation_types.go",
      "apis/v1alpha1/instrumentation_webhook.go",
      "pkg/constants/env.go",
      `${I}/annotation.go`,
      `${I}/podmutator.go`,
      `${I}/sdk.go`,
      `${I}/helper.go`,
      `${I}/exporter.go`,
      `${I}/javaagent.go`,
      `${I}/nodejs.go`,
      `${I}/python.go`,
      `${I}/dotnet.go`,
      `${I}/golang.go`,
      `${I}/apachehttpd.go`,
      `${I}/nginx.go`,
      `${I}/upgrade/upgrade.go`,
    ],
    verified: true,
    versionRead: "0.127.0",
    note: "Read at operator tag v0.127.0, the appVersion of chart opentelemetry-operator-0.91.0, which the catalog pins and from which OPENTELEMETRY_OPERATOR_FACTS were read. Default image tags are the versions.txt values the Makefile links into the operator binary at this tag.",
  },
  chartProvenance: {
    repository: "https://github.com/open-telemetry/opentelemetry-helm-charts",
    ref: "opentelemetry-operator-0.91.0",
    commit: "89dd32cf930b3e05a415e21bc0d90dce264c3f69",
    files: [`${OTEL_CHART_T}/Chart.yaml`, `${OTEL_CHART_T}/values.yaml`, `${OTEL_CHART_T}/templates/deployment.yaml`],
    verified: true,
    versionRead: "0.91.0",
    note: "Chart 0.91.0 (appVersion 0.127.0), as in OPENTELEMETRY_OPERATOR_FACTS. Its manager.autoInstrumentationImage.* values are empty and manager.featureGates/extraArgs unset, so the operator's own flag defaults apply.",
  },
  webhook: {
    name: "mpod.kb.io",
    failurePolicy: "Ignore",
    note: "Pod CREATE webhook of the operator (chart value admissionWebhooks.pods.failurePolicy, default Ignore): when the operator is unreachable the pod is admitted unmutated. A language whose enable flag is off is not injected (the operator records an InstrumentationRequestRejected event). An already-instrumented pod (known init container names, the Go sidecar, or OTEL_RESOURCE_ATTRIBUTES_NODE_NAME in a container) is left alone.",
  },
  commonEnv: [
    { name: "OTEL_NODE_IP", fieldRef: "status.hostIP", condition: "when absent (prepended)" },
    { name: "OTEL_POD_IP", fieldRef: "status.podIP", condition: "when absent (prepended)" },
    { name: "<spec.env of the Instrumentation>", condition: "each variable when absent" },
    {
      name: "OTEL_SERVICE_NAME",
      value:
        "<resource.opentelemetry.io/service.name annotation, else the owning Deployment/ReplicaSet/StatefulSet/DaemonSet/CronJob/Job/pod name, else the container name>",
      condition: "when absent",
    },
    {
      name: "OTEL_EXPORTER_OTLP_ENDPOINT",
      value: "<spec.exporter.endpoint>",
      condition: "when spec.exporter.endpoint is set and the variable is absent",
    },
    { name: "OTEL_RESOURCE_ATTRIBUTES_POD_NAME", fieldRef: "metadata.name" },
    {
      name: "OTEL_RESOURCE_ATTRIBUTES_POD_UID",
      fieldRef: "metadata.uid",
      condition: "when spec.resource.addK8sUIDAttributes and the pod UID is not known at admission",
    },
    {
      name: "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME",
      fieldRef: "spec.nodeName",
      condition: "when the node name is not known at admission",
    },
    {
      name: "OTEL_PROPAGATORS",
      value: "<spec.propagators joined by ','>",
      condition: "when spec.propagators is non-empty and the variable is absent",
    },
    {
      name: "OTEL_TRACES_SAMPLER",
      value: "<spec.sampler.type>",
      condition: "when spec.sampler.type is set and neither sampler variable is present",
    },
    {
      name: "OTEL_TRACES_SAMPLER_ARG",
      value: "<spec.sampler.argument>",
      condition: "with OTEL_TRACES_SAMPLER when spec.sampler.argument is set",
    },
    {
      name: "OTEL_RESOURCE_ATTRIBUTES",
      value: "<k8s.* and service.* attributes, comma-separated>",
      condition: "set, or appended to; moved to the end of the env list",
    },
  ],
  securityContextSelection:
    "The init container gets the securityContext of the app container last injected for that language: without a container-names annotation only spec.containers[0], so the first app container's. Java extension init containers get none at this version. Go's sidecar has a fixed privileged context.",
  instrumentationCr: {
    apiVersion: "opentelemetry.io/v1alpha1",
    kind: "Instrumentation",
    imageOverridable: true,
    initContainerSecurityContextField: null,
    imagePullPolicyField: "spec.imagePullPolicy",
    note: "spec.<lang>.image (java, nodejs, python, dotnet, go, apacheHttpd, nginx) overrides the image; when empty the defaulting webhook writes the operator's default into the CR at admission and records it in annotation instrumentation.opentelemetry.io/default-auto-instrumentation-<lang>-image. On operator upgrade, upgrade.go replaces spec.<lang>.image only when it still equals that recorded default, so a pinned image that differs from the default (e.g. a mirror or digest) is kept. Operator-wide defaults: flags --auto-instrumentation-<lang>-image (env RELATED_IMAGE_AUTO_INSTRUMENTATION_<LANG>).",
  },
  chartImageValues: {
    java: "manager.autoInstrumentationImage.java.{repository,tag}",
    nodejs: "manager.autoInstrumentationImage.nodejs.{repository,tag}",
    python: "manager.autoInstrumentationImage.python.{repository,tag}",
    dotnet: "manager.autoInstrumentationImage.dotnet.{repository,tag}",
    go: "manager.autoInstrumentationImage.go.{repository,tag}",
    "apache-httpd": "manager.autoInstrumentationImage.apacheHttpd.{repository,tag}",
    nginx: "no chart value: manager.extraArgs --auto-instrumentation-nginx-image=<image>",
  },
  languages: {
    java: {
      language: "java",
      annotation: "instrumentation.opentelemetry.io/inject-java",
      enableFlag: "--enable-java-instrumentation",
      enabledByDefault: true,
      initContainer: {
        name: "opentelemetry-auto-instrumentation-java",
        image: `${GHCR_OPERATOR}/autoinstrumentation-java:1.33.6`,
        imageSource:
          "Flag --auto-instrumentation-java-image, default from versions.txt autoinstrumentation-java=1.33.6; overridden by spec.java.image.",
        securityContext: COPIED,
        resources: otelResources("50m", "64Mi", "spec.java.resources"),
        volumeMounts: [
          { volume: "opentelemetry-auto-instrumentation-java", mountPath: "/otel-auto-instrumentation-java" },
        ],
      },
      extraInitContainers: [
        {
          name: "opentelemetry-auto-instrumentation-extension-<i>",
          image: { configuredIn: "spec.java.extensions[i].image" },
          imageSource: "spec.java.extensions[i].image (no default; none unless extensions are configured).",
          securityContext: {
            rule: "none",
            detail:
              "At 0.127.0 the extension init containers get no securityContext (only the main Java init container's is set).",
          },
          resources: {
            ...otelResources("50m", "64Mi", "spec.java.resources"),
            source: "Same as the Java init container (spec.java.resources).",
          },
          volumeMounts: [
            { volume: "opentelemetry-auto-instrumentation-java", mountPath: "/otel-auto-instrumentation-java" },
          ],
          condition: "one per spec.java.extensions entry",
        },
      ],
      sidecars: [],
      volumes: [emptyDir200("opentelemetry-auto-instrumentation-java", "spec.java")],
      appContainerVolumeMounts: [
        {
          volume: "opentelemetry-auto-instrumentation-java",
          mountPath: "/otel-auto-instrumentation-java-<container name>",
        },
      ],
      appContainerEnv: [
        { name: "<spec.java.env>", condition: "each variable when absent" },
        {
          name: "JAVA_TOOL_OPTIONS",
          value: " -javaagent:/otel-auto-instrumentation-java-<container name>/javaagent.jar",
          condition: "appended to an existing value; plus -Dotel.javaagent.extensions=… when extensions are set",
        },
      ],
      commonEnvTarget: "app container",
      crFields: crFields("java", "resources"),
      files: [`${I}/javaagent.go`, `${I}/sdk.go`, `${I}/helper.go`],
      note: "Skipped (pod left uninstrumented for Java) when JAVA_TOOL_OPTIONS in the container comes from valueFrom.",
    },
    nodejs: {
      language: "nodejs",
      annotation: "instrumentation.opentelemetry.io/inject-nodejs",
      enableFlag: "--enable-nodejs-instrumentation",
      enabledByDefault: true,
      initContainer: {
        name: "opentelemetry-auto-instrumentation-nodejs",
        image: `${GHCR_OPERATOR}/autoinstrumentation-nodejs:0.58.1`,
        imageSource:
          "Flag --auto-instrumentation-nodejs-image, default from versions.txt autoinstrumentation-nodejs=0.58.1; overridden by spec.nodejs.image.",
        securityContext: COPIED,
        resources: otelResources("50m", "128Mi", "spec.nodejs.resourceRequirements"),
        volumeMounts: [
          { volume: "opentelemetry-auto-instrumentation-nodejs", mountPath: "/otel-auto-instrumentation-nodejs" },
        ],
      },
      extraInitContainers: [],
      sidecars: [],
      volumes: [emptyDir200("opentelemetry-auto-instrumentation-nodejs", "spec.nodejs")],
      appContainerVolumeMounts: [
        { volume: "opentelemetry-auto-instrumentation-nodejs", mountPath: "/otel-auto-instrumentation-nodejs" },
      ],
      appContainerEnv: [
        { name: "<spec.nodejs.env>", condition: "each variable when absent" },
        {
          name: "NODE_OPTIONS",
          value: " --require /otel-auto-instrumentation-nodejs/autoinstrumentation.js",
          condition: "appended to an existing value",
        },
      ],
      commonEnvTarget: "app container",
      crFields: crFields("nodejs", "resourceRequirements"),
      files: [`${I}/nodejs.go`, `${I}/sdk.go`, `${I}/helper.go`],
      note: "Skipped for a container whose NODE_OPTIONS comes from valueFrom.",
    },
    python: {
      language: "python",
      annotation: "instrumentation.opentelemetry.io/inject-python",
      enableFlag: "--enable-python-instrumentation",
      enabledByDefault: true,
      initContainer: {
        name: "opentelemetry-auto-instrumentation-python",
        image: `${GHCR_OPERATOR}/autoinstrumentation-python:0.54b1`,
        imageSource:
          "Flag --auto-instrumentation-python-image, default from versions.txt autoinstrumentation-python=0.54b1; overridden by spec.python.image.",
        securityContext: COPIED,
        resources: otelResources("50m", "64Mi", "spec.python.resourceRequirements"),
        volumeMounts: [
          { volume: "opentelemetry-auto-instrumentation-python", mountPath: "/otel-auto-instrumentation-python" },
        ],
      },
      extraInitContainers: [],
      sidecars: [],
      volumes: [emptyDir200("opentelemetry-auto-instrumentation-python", "spec.python")],
      appContainerVolumeMounts: [
        { volume: "opentelemetry-auto-instrumentation-python", mountPath: "/otel-auto-instrumentation-python" },
      ],
      appContainerEnv: [
        { name: "<spec.python.env>", condition: "each variable when absent" },
        {
          name: "PYTHONPATH",
          value:
            "/otel-auto-instrumentation-python/opentelemetry/instrumentation/auto_instrumentation:/otel-auto-instrumentation-python",
          condition: "an existing value is placed between the two paths",
        },
        { name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "http/protobuf", condition: "when absent" },
        { name: "OTEL_TRACES_EXPORTER", value: "otlp", condition: "when absent" },
        { name: "OTEL_METRICS_EXPORTER", value: "otlp", condition: "when absent" },
        { name: "OTEL_LOGS_EXPORTER", value: "otlp", condition: "when absent" },
      ],
      commonEnvTarget: "app container",
      crFields: crFields("python", "resourceRequirements"),
      files: [`${I}/python.go`, `${I}/sdk.go`, `${I}/helper.go`],
      note: "Annotation instrumentation.opentelemetry.io/otel-python-platform (glibc default, or musl) picks the directory copied from the image. Skipped for a container whose PYTHONPATH comes from valueFrom.",
    },
    dotnet: {
      language: "dotnet",
      annotation: "instrumentation.opentelemetry.io/inject-dotnet",
      enableFlag: "--enable-dotnet-instrumentation",
      enabledByDefault: true,
      initContainer: {
        name: "opentelemetry-auto-instrumentation-dotnet",
        image: `${GHCR_OPERATOR}/autoinstrumentation-dotnet:1.2.0`,
        imageSource:
          "Flag --auto-instrumentation-dotnet-image, default from versions.txt autoinstrumentation-dotnet=1.2.0; overridden by spec.dotnet.image.",
        securityContext: COPIED,
        resources: otelResources("50m", "128Mi", "spec.dotnet.resourceRequirements"),
        volumeMounts: [
          { volume: "opentelemetry-auto-instrumentation-dotnet", mountPath: "/otel-auto-instrumentation-dotnet" },
        ],
      },
      extraInitContainers: [],
      sidecars: [],
      volumes: [emptyDir200("opentelemetry-auto-instrumentation-dotnet", "spec.dotnet")],
      appContainerVolumeMounts: [
        { volume: "opentelemetry-auto-instrumentation-dotnet", mountPath: "/otel-auto-instrumentation-dotnet" },
      ],
      appContainerEnv: [
        { name: "<spec.dotnet.env>", condition: "each variable when absent" },
        { name: "CORECLR_ENABLE_PROFILING", value: "1", condition: "when absent" },
        { name: "CORECLR_PROFILER", value: "{918728DD-259F-4A6A-AC2B-B85E1B658318}", condition: "when absent" },
        {
          name: "CORECLR_PROFILER_PATH",
          value: "/otel-auto-instrumentation-dotnet/linux-x64/OpenTelemetry.AutoInstrumentation.Native.so",
          condition: "when absent; linux-musl-x64 with annotation otel-dotnet-auto-runtime=linux-musl-x64",
        },
        {
          name: "DOTNET_STARTUP_HOOKS",
          value: "/otel-auto-instrumentation-dotnet/net/OpenTelemetry.AutoInstrumentation.StartupHook.dll",
          condition: "appended with ':' to an existing value",
        },
        {
          name: "DOTNET_ADDITIONAL_DEPS",
          value: "/otel-auto-instrumentation-dotnet/AdditionalDeps",
          condition: "appended with ':' to an existing value",
        },
        {
          name: "OTEL_DOTNET_AUTO_HOME",
          value: "/otel-auto-instrumentation-dotnet",
          condition: "injection is skipped when already set",
        },
        {
          name: "DOTNET_SHARED_STORE",
          value: "/otel-auto-instrumentation-dotnet/store",
          condition: "appended with ':' to an existing value",
        },
      ],
      commonEnvTarget: "app container",
      crFields: crFields("dotnet", "resourceRequirements"),
      files: [`${I}/dotnet.go`, `${I}/sdk.go`, `${I}/helper.go`],
    },
    go: {
      language: "go",
      annotation: "instrumentation.opentelemetry.io/inject-go",
      enableFlag: "--enable-go-instrumentation",
      enabledByDefault: false,
      initContainer: null,
      extraInitContainers: [],
      sidecars: [
        {
          name: "opentelemetry-auto-instrumentation",
          image: "ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.21.0",
          imageSource:
            "Flag --auto-instrumentation-go-image, default from versions.txt autoinstrumentation-go=v0.21.0; overridden by spec.go.image.",
          securityContext: {
            rule: "explicit",
            securityContext: { privileged: true, runAsUser: 0 },
            detail: "golang.go: fixed; no field overrides it at 0.127.0. Fails Pod Security baseline and restricted.",
          },
          resources: otelResources("50m", "64Mi", "spec.go.resourceRequirements"),
          volumeMounts: [{ volume: "kernel-debug", mountPath: "/sys/kernel/debug" }],
          env: [
            {
              name: "OTEL_GO_AUTO_TARGET_EXE",
              value: "<annotation instrumentation.opentelemetry.io/otel-go-auto-target-exe>",
              condition: "from the annotation, else spec.go.env; without it the Go injection is dropped",
            },
            { name: "<spec.go.env>", condition: "each variable when absent" },
          ],
          appendedToContainers: true,
        },
      ],
      volumes: [
        {
          name: "kernel-debug",
          source: "hostPath",
          hostPath: "/sys/kernel/debug",
          note: "hostPath volume: forbidden by Pod Security baseline and restricted.",
        },
      ],
      appContainerVolumeMounts: [],
      appContainerEnv: [],
      commonEnvTarget: "sidecar",
      podSpecChanges: { shareProcessNamespace: true },
      crFields: { image: "spec.go.image", resources: "spec.go.resourceRequirements", env: "spec.go.env" },
      files: [`${I}/golang.go`, `${I}/sdk.go`],
      note: "Not injected when the pod sets shareProcessNamespace: false or names more than one container for Go. Disabled by default (flag default false; chart 0.91.0 does not enable it). spec.go.volumeLimitSize/volumeClaimTemplate exist in the CR but are unused.",
    },
    "apache-httpd": {
      language: "apache-httpd",
      annotation: "instrumentation.opentelemetry.io/inject-apache-httpd",
      enableFlag: "--enable-apache-httpd-instrumentation",
      enabledByDefault: true,
      initContainer: {
        name: "otel-agent-source-container-clone",
        image: { copiedFrom: "instrumented app container" },
        imageSource:
          "A deep copy of the instrumented app container (its image, env and mounts), with command /bin/sh -c copying the Apache config; probes and lifecycle removed.",
        securityContext: {
          rule: "copied-from-app-container",
          detail: "Deep copy of the app container, then set again to the app container's securityContext (sdk.go).",
        },
        resources: {
          requests: { cpu: "1m", memory: "128Mi" },
          limits: { cpu: "500m", memory: "256Mi" },
          source:
            "The app's resources are replaced by spec.apacheHttpd.resourceRequirements, defaulted by the Instrumentation webhook (requests 1m/128Mi, limits 500m/256Mi).",
        },
        volumeMounts: [
          { volume: "<the app container's mounts>", mountPath: "<as in the app container>" },
          { volume: "otel-apache-conf-dir", mountPath: "/opt/opentelemetry-webserver/source-conf" },
        ],
      },
      extraInitContainers: [
        {
          name: "otel-agent-attach-apache",
          image: `${GHCR_OPERATOR}/autoinstrumentation-apache-httpd:1.0.4`,
          imageSource:
            "Flag --auto-instrumentation-apache-httpd-image, default from versions.txt autoinstrumentation-apache-httpd=1.0.4; overridden by spec.apacheHttpd.image.",
          securityContext: COPIED,
          resources: {
            requests: { cpu: "1m", memory: "128Mi" },
            limits: { cpu: "500m", memory: "256Mi" },
            source: "spec.apacheHttpd.resourceRequirements, defaulted by the Instrumentation webhook.",
          },
          volumeMounts: [
            { volume: "otel-apache-agent", mountPath: "/opt/opentelemetry-webserver/agent" },
            { volume: "otel-apache-conf-dir", mountPath: "/opt/opentelemetry-webserver/source-conf" },
          ],
          env: [
            { name: "OTEL_APACHE_AGENT_CONF", value: "<generated module configuration>" },
            { name: "APACHE_SERVICE_INSTANCE_ID", fieldRef: "metadata.name" },
          ],
        },
      ],
      sidecars: [],
      volumes: [
        {
          name: "otel-apache-conf-dir",
          source: "emptyDir",
          sizeLimit: "200Mi",
          note: "spec.apacheHttpd.volumeLimitSize or 200Mi.",
        },
        emptyDir200("otel-apache-agent", "spec.apacheHttpd"),
      ],
      appContainerVolumeMounts: [
        { volume: "otel-apache-agent", mountPath: "/opt/opentelemetry-webserver/agent" },
        { volume: "otel-apache-conf-dir", mountPath: "<spec.apacheHttpd.configPath, default /usr/local/apache2/conf>" },
      ],
      appContainerEnv: [{ name: "<spec.apacheHttpd.env>", condition: "each variable when absent" }],
      commonEnvTarget: "app container",
      crFields: crFields("apacheHttpd", "resourceRequirements"),
      files: [`${I}/apachehttpd.go`, `${I}/sdk.go`, `${I}/helper.go`],
      note: "The app container's existing mount of the config directory is removed. The clone init container runs the app's image, so the image allow-list sees no new image there.",
    },
    nginx: {
      language: "nginx",
      annotation: "instrumentation.opentelemetry.io/inject-nginx",
      enableFlag: "--enable-nginx-instrumentation",
      enabledByDefault: false,
      initContainer: {
        name: "otel-agent-source-container-clone",
        image: { copiedFrom: "instrumented app container" },
        imageSource:
          "A deep copy of the instrumented app container, with command /bin/sh -c copying the Nginx config and recording `nginx -v`; probes and lifecycle removed.",
        securityContext: {
          rule: "copied-from-app-container",
          detail: "Deep copy of the app container keeps its securityContext (the Nginx path does not reset it).",
        },
        resources: {
          requests: { cpu: "1m", memory: "128Mi" },
          limits: { cpu: "500m", memory: "256Mi" },
          source:
            "The app's resources are replaced by spec.nginx.resourceRequirements, defaulted by the Instrumentation webhook (requests 1m/128Mi, limits 500m/256Mi).",
        },
        volumeMounts: [
          { volume: "<the app container's mounts>", mountPath: "<as in the app container>" },
          { volume: "otel-nginx-conf-dir", mountPath: "/opt/opentelemetry-webserver/source-conf" },
        ],
      },
      extraInitContainers: [
        {
          name: "otel-agent-attach-nginx",
          image: `${GHCR_OPERATOR}/autoinstrumentation-apache-httpd:1.0.4`,
          imageSource:
            "Flag --auto-instrumentation-nginx-image, whose default at 0.127.0 is the apache-httpd image with versions.txt autoinstrumentation-nginx=1.0.4; overridden by spec.nginx.image.",
          securityContext: {
            rule: "copied-from-app-container",
            detail: "nginx.go sets the app container's securityContext inline when building the init container.",
          },
          resources: {
            requests: { cpu: "1m", memory: "128Mi" },
            limits: { cpu: "500m", memory: "256Mi" },
            source: "spec.nginx.resourceRequirements, defaulted by the Instrumentation webhook.",
          },
          volumeMounts: [
            { volume: "otel-nginx-agent", mountPath: "/opt/opentelemetry-webserver/agent" },
            { volume: "otel-nginx-conf-dir", mountPath: "/opt/opentelemetry-webserver/source-conf" },
          ],
          env: [
            { name: "OTEL_NGINX_AGENT_CONF", value: "<generated module configuration>" },
            { name: "OTEL_NGINX_I13N_SCRIPT", value: "<generated shell script>" },
            { name: "OTEL_NGINX_SERVICE_INSTANCE_ID", fieldRef: "metadata.name" },
          ],
        },
      ],
      sidecars: [],
      volumes: [
        {
          name: "otel-nginx-conf-dir",
          source: "emptyDir",
          note: "No size limit (spec.nginx.volumeLimitSize is not applied to it).",
        },
        { name: "otel-nginx-agent", source: "emptyDir", note: "No size limit at 0.127.0." },
      ],
      appContainerVolumeMounts: [
        { volume: "otel-nginx-agent", mountPath: "/opt/opentelemetry-webserver/agent" },
        { volume: "otel-nginx-conf-dir", mountPath: "<directory of spec.nginx.configFile, default /etc/nginx>" },
      ],
      appContainerEnv: [
        { name: "<spec.nginx.env>", condition: "each variable when absent" },
        {
          name: "LD_LIBRARY_PATH",
          value: "/opt/opentelemetry-webserver/agent/sdk_lib/lib",
          condition: "appended with ':' to an existing value",
        },
      ],
      commonEnvTarget: "app container",
      crFields: crFields("nginx", "resourceRequirements"),
      files: [`${I}/nginx.go`, `${I}/sdk.go`],
      note: "Disabled by default (flag default false; chart 0.91.0 does not enable it). The app container's existing mount of the config directory is removed.",
    },
  },
  newerVersion: {
    operatorVersion: "0.158.0",
    chartVersion: "0.122.0",
    provenance: {
      repository: OTEL_REPO,
      ref: "v0.158.0",
      commit: "7fb513848c6d4ea79b277352fc13ce11eb734b1a",
      files: [
        "versions.txt",
        "internal/config/config.go",
        "apis/v1alpha1/instrumentation_types.go",
        "internal/webhook/instrumentation_webhook.go",
        "internal/instrumentation/sdk.go",
        "internal/instrumentation/helper.go",
        "internal/instrumentation/javaagent.go",
        "internal/instrumentation/golang.go",
        "internal/instrumentation/nginx.go",
        "internal/instrumentation/apachehttpd.go",
      ],
      verified: false,
      versionRead: "0.158.0",
      note: "Newest operator tag in the snapshot and appVersion of the newest chart (0.122.0); read only for the differences listed in changes. Neither is what the catalog pin names.",
    },
    chartProvenance: {
      repository: "https://github.com/open-telemetry/opentelemetry-helm-charts",
      ref: "opentelemetry-operator-0.122.0",
      commit: "b9a6b0597a2a79131a8a065c4e7accc3b232c99a",
      files: [`${OTEL_CHART_T}/Chart.yaml`],
      verified: false,
      versionRead: "0.122.0",
      note: "Chart.yaml at this tag: version 0.122.0, appVersion 0.158.0.",
    },
    images: {
      java: `${GHCR_OPERATOR}/autoinstrumentation-java:2.30.0`,
      nodejs: `${GHCR_OPERATOR}/autoinstrumentation-nodejs:0.78.0`,
      python: `${GHCR_OPERATOR}/autoinstrumentation-python:0.64b0`,
      dotnet: `${GHCR_OPERATOR}/autoinstrumentation-dotnet:1.16.0`,
      go: "ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.24.0",
      "apache-httpd": `${GHCR_OPERATOR}/autoinstrumentation-apache-httpd:1.0.4`,
      nginx: `${GHCR_OPERATOR}/autoinstrumentation-apache-httpd:1.0.4`,
    },
    changes: [
      "Instrumentation CR gains spec.initContainerSecurityContext (first in v0.150.0): when set it is the securityContext of every init container (Java and its extensions, NodeJS, Python, .NET, Apache HTTPD, Nginx); when unset they still copy the first instrumented app container's.",
      "Instrumentation CR gains spec.go.securityContext (first in v0.150.0): replaces the Go sidecar's default { privileged: true, runAsUser: 0 }.",
      "Java extension init containers get the same securityContext as the Java init container.",
      "The Nginx config-clone init container is built from the app's image and pull policy with the resolved securityContext (no longer a deep copy); Apache's clone is still a deep copy.",
      "Injection code moved from pkg/instrumentation to internal/instrumentation and the CR defaulting webhook to internal/webhook; default resources, volume names, mount paths, init container names and the 200Mi emptyDir default are unchanged. Go and Nginx remain disabled by default.",
      "Default images: Java 2.30.0 (major version 2), NodeJS 0.78.0, Python 0.64b0, .NET 1.16.0, Go v0.24.0; Apache/Nginx unchanged at 1.0.4.",
    ],
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Vault Agent injector (hashicorp/vault-k8s 1.7.6, vault chart 0.34.1)
// ---------------------------------------------------------------------------------------------------------------

const VAULT_AGENT_IMAGE = "docker.io/hashicorp/vault:2.0.4";

const VAULT_AGENT_SECURITY_CONTEXT: SecurityContextFact = {
  runAsUser: 100,
  runAsGroup: 1000,
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
};

const VAULT_AGENT_RESOURCES: ResourcesFact = {
  requests: { cpu: "250m", memory: "64Mi" },
  limits: { cpu: "500m", memory: "128Mi" },
  source:
    "vault chart 0.34.1 injector.agentDefaults (cpuRequest 250m, memRequest 64Mi, cpuLimit 500m, memLimit 128Mi) → AGENT_INJECT_CPU_/MEM_ env of the injector; equal to vault-k8s's own defaults. No ephemeral-storage request/limit unless agentDefaults.ephemeralRequest/Limit. Per pod: annotations agent-requests-cpu/-mem/-ephemeral and agent-limits-cpu/-mem/-ephemeral.",
};

const VAULT_SA_MOUNT: VolumeMountFact = {
  volume: "<the pod's service-account token volume, e.g. kube-api-access-xxxxx>",
  mountPath: "<its mount path in the app container, e.g. /var/run/secrets/kubernetes.io/serviceaccount>",
  readOnly: true,
};

const VAULT_SECRETS_MOUNT: VolumeMountFact = {
  volume: "vault-secrets",
  mountPath: "/vault/secrets",
  condition: "path from annotation vault.hashicorp.com/secret-volume-path (default /vault/secrets)",
};

const VAULT_SC_RULE: InjectedSecurityContext = {
  rule: "explicit",
  securityContext: VAULT_AGENT_SECURITY_CONTEXT,
  detail:
    'container_sidecar.go securityContext(): set unless vault.hashicorp.com/agent-set-security-context is "false"; runAsUser/runAsGroup from agent-run-as-user/-group (or agent-run-as-same-user); no seccompProfile.',
};

const K = "agent-inject";

export const VAULT_AGENT_INJECTION: VaultAgentInjectionFacts = {
  chartVersion: "0.34.1",
  injectorVersion: "1.7.6",
  provenance: {
    repository: "https://github.com/hashicorp/vault-k8s",
    ref: "v1.7.6",
    commit: "fbc5b1f0cd4d1c7dd5a8830e32c8ed636d7318d7",
    files: [
      `${K}/handler.go`,
      `${K}/agent/agent.go`,
      `${K}/agent/annotations.go`,
      `${K}/agent/container_init_sidecar.go`,
      `${K}/agent/container_sidecar.go`,
      `${K}/agent/container_volume.go`,
      `${K}/agent/container_env.go`,
      "subcommand/injector/flags.go",
      "subcommand/injector/command.go",
    ],
    verified: true,
    note: "v1.7.6 is injector.image.tag in vault-helm v0.34.1 values.yaml.",
  },
  chartProvenance: {
    repository: "https://github.com/hashicorp/vault-helm",
    ref: "v0.34.1",
    commit: "aa1c92e4adddbce9660e536dfe5222a88eda6d52",
    files: ["values.yaml", "templates/injector-deployment.yaml", "templates/injector-mutating-webhook.yaml"],
    verified: true,
  },
  images: {
    injector: "docker.io/hashicorp/vault-k8s:1.7.6",
    agent: VAULT_AGENT_IMAGE,
    agentDefaultInCode: "docker.io/hashicorp/vault:2.0.4",
    implicitRegistry: true,
    perPodOverride: "vault.hashicorp.com/agent-image",
  },
  initContainer: {
    name: "vault-agent-init",
    image: VAULT_AGENT_IMAGE,
    implicitRegistry: true,
    imageSource:
      "injector.agentImage (hashicorp/vault:2.0.4) → AGENT_INJECT_VAULT_IMAGE → pod annotation vault.hashicorp.com/agent-image (set when absent).",
    securityContext: VAULT_SC_RULE,
    resources: VAULT_AGENT_RESOURCES,
    volumeMounts: [
      { volume: "home-init", mountPath: "/home/vault" },
      VAULT_SA_MOUNT,
      VAULT_SECRETS_MOUNT,
      {
        volume: "vault-secrets-custom-<i>",
        mountPath: "<custom secret mount path>",
        condition: "per distinct agent-inject-secret path outside the secret volume path",
      },
    ],
    env: [
      { name: "NAMESPACE", fieldRef: "metadata.namespace" },
      { name: "HOST_IP", fieldRef: "status.hostIP" },
      { name: "POD_IP", fieldRef: "status.podIP" },
      { name: "VAULT_LOG_LEVEL", value: "info" },
      { name: "VAULT_LOG_FORMAT", value: "standard" },
      { name: "VAULT_CONFIG", value: "<base64 agent configuration>", condition: "unless agent-configmap is set" },
    ],
    condition:
      'vault.hashicorp.com/agent-pre-populate is not "false" (default true); first init container only with agent-init-first=true, otherwise appended after the pod\'s init containers',
  },
  sidecar: {
    name: "vault-agent",
    image: VAULT_AGENT_IMAGE,
    implicitRegistry: true,
    imageSource: "Same as vault-agent-init.",
    securityContext: VAULT_SC_RULE,
    resources: VAULT_AGENT_RESOURCES,
    volumeMounts: [
      VAULT_SA_MOUNT,
      { volume: "home-sidecar", mountPath: "/home/vault" },
      VAULT_SECRETS_MOUNT,
      {
        volume: "vault-secrets-custom-<i>",
        mountPath: "<custom secret mount path>",
        condition: "per distinct agent-inject-secret path outside the secret volume path",
      },
    ],
    env: [
      { name: "NAMESPACE", fieldRef: "metadata.namespace" },
      { name: "HOST_IP", fieldRef: "status.hostIP" },
      { name: "POD_IP", fieldRef: "status.podIP" },
      { name: "VAULT_LOG_LEVEL", value: "info" },
      { name: "VAULT_LOG_FORMAT", value: "standard" },
      { name: "VAULT_CONFIG", value: "<base64 agent configuration>", condition: "unless agent-configmap is set" },
    ],
    condition: 'vault.hashicorp.com/agent-pre-populate-only is not "true" (default false)',
    appendedToContainers: true,
  },
  securityContext: {
    default: VAULT_AGENT_SECURITY_CONTEXT,
    setWhen:
      'Both containers, when the pod annotation vault.hashicorp.com/agent-set-security-context is true; the injector sets it to AGENT_INJECT_SET_SECURITY_CONTEXT (flag default true; vault chart 0.34.1 sets it "false" only with global.openshift) when absent, and forces true when agent-run-as-user/-group/-same-user is annotated.',
    runAsNonRootRule:
      "runAsNonRoot is false when runAsUser or runAsGroup is 0, true otherwise. agent-run-as-same-user=true takes runAsUser from spec.containers[0].securityContext.runAsUser (rejected if unset or 0).",
    seccompProfile:
      "Not set on the containers: Pod Security restricted needs it from the pod-level securityContext (Fawkes' pod template sets RuntimeDefault there).",
  },
  resources: VAULT_AGENT_RESOURCES,
  volumes: [
    { name: "home-init", source: "emptyDir", medium: "Memory", condition: "with vault-agent-init" },
    { name: "home-sidecar", source: "emptyDir", medium: "Memory", condition: "with vault-agent" },
    { name: "vault-secrets", source: "emptyDir", medium: "Memory" },
    {
      name: "vault-secrets-custom-<i>",
      source: "emptyDir",
      medium: "Memory",
      condition: "per distinct custom secret mount path",
    },
    { name: "vault-config", source: "configMap", condition: "vault.hashicorp.com/agent-configmap" },
    { name: "extra-secrets", source: "secret", condition: "vault.hashicorp.com/agent-extra-secret" },
    { name: "vault-tls-secrets", source: "secret", condition: "vault.hashicorp.com/tls-secret" },
    {
      name: "vault-agent-cache",
      source: "emptyDir",
      medium: "Memory",
      condition: "agent-cache-enable=true with both the init container and the sidecar",
    },
  ],
  appContainerVolumeMounts: [
    VAULT_SECRETS_MOUNT,
    {
      volume: "vault-secrets-custom-<i>",
      mountPath: "<custom secret mount path>",
      condition: "per distinct custom path",
    },
  ],
  annotations: [
    {
      name: "vault.hashicorp.com/agent-inject",
      default: "(absent: no injection)",
      effect:
        '"true" injects; only on CREATE while the pod is Pending, and not when agent-inject-status is "injected".',
    },
    {
      name: "vault.hashicorp.com/role",
      default: "(none)",
      effect: "Kubernetes auth role; required with auth-type kubernetes (the pod is rejected without it).",
    },
    {
      name: "vault.hashicorp.com/agent-inject-secret-<name>",
      default: "(none)",
      effect: "Secret path rendered to /vault/secrets/<name>.",
    },
    {
      name: "vault.hashicorp.com/agent-inject-template-<name>",
      default: "(default template: map)",
      effect: "Consul-template for the file.",
    },
    {
      name: "vault.hashicorp.com/agent-pre-populate",
      default: "true",
      effect: '"false" drops vault-agent-init (and home-init).',
    },
    {
      name: "vault.hashicorp.com/agent-pre-populate-only",
      default: "false",
      effect: '"true" drops the vault-agent sidecar (and home-sidecar): init container only.',
    },
    {
      name: "vault.hashicorp.com/agent-init-first",
      default: "false",
      effect: '"true" puts vault-agent-init before the pod\'s other init containers.',
    },
    {
      name: "vault.hashicorp.com/agent-inject-containers",
      default: "<all containers of the pod>",
      effect: "Containers that get the /vault/secrets mount.",
    },
    {
      name: "vault.hashicorp.com/agent-image",
      default: "hashicorp/vault:2.0.4 (AGENT_INJECT_VAULT_IMAGE)",
      effect: "Image of both injected containers.",
    },
    {
      name: "vault.hashicorp.com/agent-set-security-context",
      default: "true",
      effect: '"false" leaves both containers without a securityContext.',
    },
    { name: "vault.hashicorp.com/agent-run-as-user", default: "100", effect: "runAsUser of both containers." },
    { name: "vault.hashicorp.com/agent-run-as-group", default: "1000", effect: "runAsGroup of both containers." },
    {
      name: "vault.hashicorp.com/agent-run-as-same-user",
      default: "false",
      effect: '"true" copies spec.containers[0]\'s runAsUser (must be set and non-zero).',
    },
    {
      name: "vault.hashicorp.com/agent-share-process-namespace",
      default: "(unset)",
      effect: "Sets spec.shareProcessNamespace, only together with the init container.",
    },
    {
      name: "vault.hashicorp.com/agent-requests-cpu",
      default: "250m",
      effect:
        "CPU request of both containers (likewise -requests-mem 64Mi, -limits-cpu 500m, -limits-mem 128Mi, -requests/-limits-ephemeral unset).",
    },
    {
      name: "vault.hashicorp.com/agent-service-account-token-volume-name",
      default: '""',
      effect: "Names a projected service-account token volume to use instead of the automounted token.",
    },
    {
      name: "vault.hashicorp.com/secret-volume-path",
      default: "/vault/secrets",
      effect: "Mount path of vault-secrets.",
    },
    {
      name: "vault.hashicorp.com/agent-json-patch",
      default: "(none)",
      effect:
        "JSON patch applied to the vault-agent container (agent-init-json-patch for vault-agent-init); can change any field, including the securityContext.",
    },
    {
      name: "vault.hashicorp.com/agent-inject-status",
      default: "(absent)",
      effect: 'Set to "injected" by the injector.',
    },
  ],
  serviceAccountToken: {
    automountServiceAccountTokenRequired: true,
    detail:
      'agent.go serviceaccount(): the injector looks in spec.containers for a volume mount whose path contains "serviceaccount" (the token the ServiceAccount admission plugin mounts, i.e. automountServiceAccountToken not false) or, with agent-service-account-token-volume-name, for a named projected volume with a serviceAccountToken source. Without either the webhook answers with an error and the pod is rejected (a webhook response, so failurePolicy Ignore does not apply).',
  },
  webhook: {
    name: "vault.hashicorp.com",
    failurePolicy: "Ignore",
    note: "Chart 0.34.1 MutatingWebhookConfiguration vault-agent-injector-cfg, pods CREATE, objectSelector excluding the injector's own pods. Ignore applies only when the injector is unreachable (the pod is then admitted without the agent); kube-system and kube-public are refused by the injector.",
  },
};
