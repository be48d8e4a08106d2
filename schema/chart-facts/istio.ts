// Istio 1.30.3 charts for the ambient mesh: base (CRDs and the default-revision validator, no pods), istiod,
// cni (node agent DaemonSet) and ztunnel (node proxy DaemonSet). All four charts live in istio/istio under
// manifests/charts and are released together at the 1.30.3 tag.
import type { ChartFacts, ChartProvenance } from "./types.ts";

const REPO = "https://github.com/istio/istio";
const COMMIT = "56df41f63e513f834c9a3af33d8aed82d1d961f2";
const M = "manifests/charts";
const HUB_NOTE =
  "In git the charts' hub and tag are development defaults (registry.istio.io/testing, latest); the release tooling stamps docker.io/istio and 1.30.3 into the published charts, which is what the images record.";

function provenance(chartPath: string, files: string[]): ChartProvenance {
  return {
    repository: REPO,
    ref: "1.30.3",
    commit: COMMIT,
    chartPath,
    files: [`${chartPath}/Chart.yaml`, `${chartPath}/values.yaml`, ...files.map((f) => `${chartPath}/templates/${f}`)],
    verified: true,
    note: HUB_NOTE,
  };
}

export const ISTIO_BASE_FACTS: ChartFacts = {
  component: "istioBase",
  chart: "base",
  version: "1.30.3",
  appVersion: "1.30.3",
  releaseName: "istio-base",
  provenance: provenance(`${M}/base`, [
    "crds.yaml",
    "defaultrevision-validatingwebhookconfiguration.yaml",
    "reader-serviceaccount.yaml",
  ]),
  valuesAssumed: ["chart defaults"],
  pods: [],
  services: [],
  webhooks: [
    {
      configuration: "istiod-default-validator",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["validation.istio.io"],
      service: "istiod:443",
      failurePolicy: "Ignore",
      registeredAtRuntime: true,
      provenance: `${M}/base/templates/defaultrevision-validatingwebhookconfiguration.yaml`,
    },
  ],
  // The validators start with failurePolicy Ignore on install; istiod patches in its caBundle and Fail when ready.
  crds: {
    groups: ["networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io"],
    enabledBy: "always (templates/crds.yaml)",
  },
  secretsRead: [],
  configMapsRead: [],
  createsSecrets: [],
};

export const ISTIOD_FACTS: ChartFacts = {
  component: "istiod",
  chart: "istiod",
  version: "1.30.3",
  appVersion: "1.30.3",
  releaseName: "istiod",
  provenance: provenance(`${M}/istio-control/istio-discovery`, [
    "deployment.yaml",
    "mutatingwebhook.yaml",
    "validatingwebhookconfiguration.yaml",
    "service.yaml",
    "configmap.yaml",
  ]),
  valuesAssumed: ["profile=ambient"],
  pods: [
    {
      name: "istiod",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: { app: "istiod", "istio.io/rev": "default", istio: "pilot" },
      serviceAccount: "istiod",
      podSecurityContext: null,
      containers: [
        {
          name: "discovery",
          image: "docker.io/istio/pilot:1.30.3",
          // seccompProfile is rendered only when the seccompProfile value is set (default {}).
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
          },
          ports: [
            { containerPort: 8080 },
            { containerPort: 15010 },
            { containerPort: 15012 },
            { containerPort: 15017 },
            { containerPort: 15014 },
          ],
          securityContextKey: "seccompProfile (only the seccomp part is configurable)",
          imageKey: "hub / tag / image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: { containerSecurityContext: "seccompProfile", podLabels: "podLabels", image: "hub, tag" },
      provenance: `${M}/istio-control/istio-discovery/templates/deployment.yaml`,
      note: "Pod labels also carry sidecar.istio.io/inject=false, operator.istio.io/component=Pilot and install.operator.istio.io/owning-resource.",
    },
  ],
  services: [
    {
      name: "istiod",
      ports: [
        { name: "grpc-xds", port: 15010, targetPort: 15010 },
        { name: "https-dns", port: 15012, targetPort: 15012 },
        { name: "https-webhook", port: 443, targetPort: 15017 },
        { name: "http-monitoring", port: 15014, targetPort: 15014 },
      ],
      selects: "istiod",
      provenance: `${M}/istio-control/istio-discovery/templates/service.yaml`,
    },
  ],
  webhooks: [
    {
      configuration: "istio-sidecar-injector",
      kind: "MutatingWebhookConfiguration",
      webhooks: [
        "rev.namespace.sidecar-injector.istio.io",
        "rev.object.sidecar-injector.istio.io",
        "namespace.sidecar-injector.istio.io",
        "object.sidecar-injector.istio.io",
      ],
      service: "istiod:443",
      failurePolicy: "Fail",
      provenance: `${M}/istio-control/istio-discovery/templates/mutatingwebhook.yaml`,
    },
    // The injector's webhook names are built from prefixes in the template (rev.namespace., rev.object., namespace., object.).
    {
      configuration: "istio-validator-istio-system",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["rev.validation.istio.io"],
      service: "istiod:443",
      failurePolicy: "Ignore",
      provenance: `${M}/istio-control/istio-discovery/templates/validatingwebhookconfiguration.yaml`,
    },
  ],
  needsCrds: [
    {
      groups: ["networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io"],
      why: "istiod watches Istio's configuration resources: the chart's README asks for the CRDs from the base chart first",
      provenance: `${M}/istio-control/istio-discovery/README.md`,
    },
  ],
  secretsRead: [
    {
      name: "cacerts",
      readBy: "istiod",
      createdByChart: false,
      optional: true,
      note: "a plugged-in CA; absent means istiod's self-signed CA",
    },
    { name: "istio-kubeconfig", readBy: "istiod", createdByChart: false, optional: true },
    { name: "istiod-tls", readBy: "istiod", createdByChart: false, optional: true },
  ],
  configMapsRead: [
    { name: "istio", readBy: "istiod", createdByChart: true },
    { name: "istio-sidecar-injector", readBy: "istiod", createdByChart: true },
    {
      name: "istio-ca-root-cert",
      readBy: "istiod",
      createdByChart: false,
      note: "written by istiod into every namespace",
    },
  ],
  createsSecrets: ["istio-ca-secret (runtime, self-signed CA)"],
};

export const ISTIO_CNI_FACTS: ChartFacts = {
  component: "istioCni",
  chart: "cni",
  version: "1.30.3",
  appVersion: "1.30.3",
  releaseName: "istio-cni",
  provenance: provenance(`${M}/istio-cni`, ["_helpers.tpl", "daemonset.yaml", "configmap-cni.yaml"]),
  valuesAssumed: ["profile=ambient (ambient.enabled=true)", "ambient.shareHostNetworkNamespace=false (default)"],
  pods: [
    {
      name: "istio-cni-node",
      workloadKind: "DaemonSet",
      namespace: "release",
      selectorLabels: { "k8s-app": "istio-cni-node" },
      serviceAccount: "istio-cni",
      podSecurityContext: null,
      containers: [
        {
          name: "install-cni",
          image: "docker.io/istio/install-cni:1.30.3",
          securityContext: {
            privileged: false,
            runAsGroup: 0,
            runAsUser: 0,
            runAsNonRoot: false,
            capabilities: { drop: ["ALL"], add: ["NET_ADMIN", "NET_RAW", "SYS_PTRACE", "SYS_ADMIN", "DAC_OVERRIDE"] },
          },
          ports: [{ name: "metrics", containerPort: 15014 }],
          securityContextKey: "seccompProfile, seLinuxOptions (the rest is fixed)",
          imageKey: "hub / tag / image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [
        { volume: "cni-bin-dir", path: "/opt/cni/bin" },
        { volume: "cni-host-procfs", path: "/proc", readOnly: true },
        { volume: "cni-ztunnel-sock-dir", path: "/var/run/ztunnel" },
        { volume: "cni-net-dir", path: "/etc/cni/net.d" },
        { volume: "cni-socket-dir", path: "/var/run/istio-cni" },
        { volume: "cni-netns-dir", path: "/var/run/netns" },
      ],
      hostPorts: [],
      valuesKeys: { containerSecurityContext: "seccompProfile", podLabels: "podLabels", image: "hub, tag" },
      provenance: `${M}/istio-cni/templates/daemonset.yaml`,
      note: "Root with NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_ADMIN, DAC_OVERRIDE and six host paths; AppArmor unconfined through the pod annotation (useAppArmorAnnotation default true); priorityClassName system-node-critical. hostNetwork only with ambient.shareHostNetworkNamespace.",
    },
  ],
  services: [],
  webhooks: [],
  secretsRead: [],
  configMapsRead: [{ name: "istio-cni-config", readBy: "istio-cni-node", createdByChart: true }],
  createsSecrets: [],
};

export const ZTUNNEL_FACTS: ChartFacts = {
  component: "ztunnel",
  chart: "ztunnel",
  version: "1.30.3",
  appVersion: "1.30.3",
  releaseName: "ztunnel",
  provenance: provenance(`${M}/ztunnel`, ["daemonset.yaml", "_helpers.tpl"]),
  valuesAssumed: ["chart defaults (ambient is ztunnel's only mode)"],
  pods: [
    {
      name: "ztunnel",
      workloadKind: "DaemonSet",
      namespace: "release",
      selectorLabels: { app: "ztunnel" },
      serviceAccount: "ztunnel",
      podSecurityContext: null,
      containers: [
        {
          name: "istio-proxy",
          image: "docker.io/istio/ztunnel:1.30.3",
          securityContext: {
            privileged: false,
            capabilities: { drop: ["ALL"], add: ["NET_ADMIN", "SYS_ADMIN", "NET_RAW"] },
            readOnlyRootFilesystem: true,
            runAsGroup: 1337,
            runAsNonRoot: false,
            runAsUser: 0,
          },
          ports: [{ name: "ztunnel-stats", containerPort: 15020 }],
          securityContextKey: "seLinuxOptions (the rest is fixed)",
          imageKey: "hub / tag / image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [{ volume: "cni-ztunnel-sock-dir", path: "/var/run/ztunnel" }],
      hostPorts: [],
      valuesKeys: { podLabels: "podLabels", image: "hub, tag" },
      provenance: `${M}/ztunnel/templates/daemonset.yaml`,
      note: "Pod labels also carry app.kubernetes.io/name=ztunnel, sidecar.istio.io/inject=false and istio.io/dataplane-mode=none. Runs as root with NET_ADMIN, SYS_ADMIN, NET_RAW and the host path /var/run/ztunnel (shared with istio-cni).",
    },
  ],
  services: [],
  webhooks: [],
  secretsRead: [],
  configMapsRead: [
    {
      name: "istio-ca-root-cert",
      readBy: "ztunnel",
      createdByChart: false,
      providedBy: "istiod",
      note: "written by istiod; ztunnel also gets its workload certificates and configuration (xDS) from istiod",
    },
  ],
  createsSecrets: [],
};
