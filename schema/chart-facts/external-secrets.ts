// External Secrets Operator chart 2.9.0: the controller, the validating webhook and the cert controller that
// keeps the webhook's certificate.
import type { ChartFacts, PodFact, SecurityContextFact } from "./types.ts";

const T = "deploy/charts/external-secrets/templates";
const IMAGE = "ghcr.io/external-secrets/external-secrets:v2.9.0";
const HARDENED: SecurityContextFact = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 1000,
  seccompProfile: "RuntimeDefault",
};

function pod(
  name: string,
  key: string,
  template: string,
  ports: PodFact["containers"][number]["ports"],
  extra: Partial<PodFact> = {},
): PodFact {
  const prefix = key === "" ? "" : `${key}.`;
  return {
    name,
    workloadKind: "Deployment",
    namespace: "release",
    selectorLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": "external-secrets" },
    serviceAccount: name,
    // podSecurityContext.enabled=true with no fields: an empty pod context; the container context is complete.
    podSecurityContext: {},
    containers: [
      {
        name: key === "" ? "external-secrets" : name.replace("external-secrets-", ""),
        image: IMAGE,
        securityContext: HARDENED,
        ports,
        securityContextKey: `${prefix}securityContext`,
        imageKey: `${prefix}image`,
      },
    ],
    initContainers: [],
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    hostPaths: [],
    hostPorts: [],
    valuesKeys: {
      podSecurityContext: `${prefix}podSecurityContext`,
      containerSecurityContext: `${prefix}securityContext`,
      podLabels: `${prefix}podLabels`,
      commonLabels: "commonLabels",
      image: `${prefix}image`,
    },
    provenance: `${T}/${template}`,
    note: `hostNetwork is rendered from ${prefix}hostNetwork (default false). Pod labels also carry the chart's common labels.`,
    ...extra,
  };
}

export const EXTERNAL_SECRETS_FACTS: ChartFacts = {
  component: "externalSecrets",
  chart: "external-secrets",
  version: "2.9.0",
  appVersion: "v2.9.0",
  releaseName: "external-secrets",
  provenance: {
    repository: "https://github.com/external-secrets/external-secrets",
    ref: "helm-chart-2.9.0",
    commit: "cc5bfbc2234ace9cb0caff4ea89c435cf517b27b",
    chartPath: "deploy/charts/external-secrets",
    files: [
      "deploy/charts/external-secrets/Chart.yaml",
      "deploy/charts/external-secrets/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/deployment.yaml`,
      `${T}/webhook-deployment.yaml`,
      `${T}/cert-controller-deployment.yaml`,
      `${T}/validatingwebhook.yaml`,
      `${T}/webhook-secret.yaml`,
    ],
    verified: true,
  },
  valuesAssumed: [
    "installCRDs=true",
    "replicaCount",
    "serviceAccount IRSA annotation on AWS",
    "webhook.create=true, certController.create=true, webhook.certManager.enabled=false (chart defaults)",
  ],
  pods: [
    pod("external-secrets", "", "deployment.yaml", [
      { name: "metrics", containerPort: 8080 },
      { name: "live", containerPort: 8082 },
    ]),
    pod(
      "external-secrets-webhook",
      "webhook",
      "webhook-deployment.yaml",
      [
        { name: "metrics", containerPort: 8080 },
        { name: "webhook", containerPort: 10250 },
        { name: "ready", containerPort: 8081 },
      ],
      { condition: "webhook.create" },
    ),
    pod(
      "external-secrets-cert-controller",
      "certController",
      "cert-controller-deployment.yaml",
      [
        { name: "metrics", containerPort: 8080 },
        { name: "ready", containerPort: 8081 },
      ],
      { condition: "certController.create and not webhook.certManager.enabled" },
    ),
  ],
  services: [
    {
      name: "external-secrets-webhook",
      ports: [{ name: "webhook", port: 443, targetPort: 10250 }],
      selects: "external-secrets-webhook",
      provenance: `${T}/webhook-service.yaml`,
    },
  ],
  webhooks: [
    {
      configuration: "secretstore-validate",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["validate.secretstore.external-secrets.io", "validate.clustersecretstore.external-secrets.io"],
      service: "external-secrets-webhook:443",
      failurePolicy: "Fail",
      provenance: `${T}/validatingwebhook.yaml`,
    },
    {
      configuration: "externalsecret-validate",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["validate.externalsecret.external-secrets.io"],
      service: "external-secrets-webhook:443",
      failurePolicy: "Fail",
      provenance: `${T}/validatingwebhook.yaml`,
    },
  ],
  crds: { groups: ["external-secrets.io", "generators.external-secrets.io"], enabledBy: "installCRDs" },
  secretsRead: [
    {
      name: "external-secrets-webhook",
      readBy: "external-secrets-webhook",
      createdByChart: true,
      note: "TLS for the webhook; the chart creates it empty and the cert controller fills it and the webhooks' caBundle",
    },
  ],
  configMapsRead: [],
  createsSecrets: ["external-secrets-webhook"],
};
