// ingress-nginx chart 4.15.1 (controller v1.15.1; retired, legacy only): the controller and the admission
// webhook's certificate Jobs.
import type { ChartFacts, SecurityContextFact } from "./types.ts";

const T = "charts/ingress-nginx/templates";
const CERTGEN: SecurityContextFact = {
  runAsNonRoot: true,
  runAsUser: 65532,
  runAsGroup: 65532,
  allowPrivilegeEscalation: false,
  seccompProfile: "RuntimeDefault",
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
};
const CERTGEN_IMAGE =
  "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9@sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd";
const NO_HOST = { hostNetwork: false, hostPID: false, hostIPC: false, hostPaths: [], hostPorts: [] } as const;

export const INGRESS_NGINX_FACTS: ChartFacts = {
  component: "ingressNginx",
  chart: "ingress-nginx",
  version: "4.15.1",
  appVersion: "1.15.1",
  releaseName: "ingress-nginx",
  provenance: {
    repository: "https://github.com/kubernetes/ingress-nginx",
    ref: "helm-chart-4.15.1",
    commit: "0a5901f3c64f11e92e487799b8da3f00cca37515",
    chartPath: "charts/ingress-nginx",
    files: [
      "charts/ingress-nginx/Chart.yaml",
      "charts/ingress-nginx/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/controller-deployment.yaml`,
      `${T}/admission-webhooks/job-patch/job-createSecret.yaml`,
      `${T}/admission-webhooks/job-patch/job-patchWebhook.yaml`,
      `${T}/admission-webhooks/validating-webhook.yaml`,
    ],
    verified: true,
  },
  valuesAssumed: [
    "controller.replicaCount, ingressClassResource nginx (default class)",
    "controller.service annotations (cloud load balancer)",
    "controller.kind=Deployment, hostNetwork=false, hostPort.enabled=false, admissionWebhooks.enabled=true (chart defaults)",
  ],
  pods: [
    {
      name: "ingress-nginx-controller",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/instance": "ingress-nginx",
        "app.kubernetes.io/component": "controller",
      },
      serviceAccount: "ingress-nginx",
      podSecurityContext: null,
      containers: [
        {
          name: "controller",
          image:
            "registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1",
          // Built by the helper ingress-nginx.controller.containerSecurityContext from controller.image.*.
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 101,
            runAsGroup: 82,
            allowPrivilegeEscalation: false,
            seccompProfile: "RuntimeDefault",
            capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
            readOnlyRootFilesystem: false,
          },
          ports: [
            { name: "http", containerPort: 80 },
            { name: "https", containerPort: 443 },
            { name: "webhook", containerPort: 8443 },
          ],
          securityContextKey: "controller.containerSecurityContext (replaces the helper's context entirely)",
          imageKey: "controller.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {
        podSecurityContext: "controller.podSecurityContext",
        containerSecurityContext: "controller.containerSecurityContext",
        podLabels: "controller.podLabels",
        commonLabels: "commonLabels",
        image: "controller.image",
      },
      provenance: `${T}/controller-deployment.yaml`,
      note: "NET_BIND_SERVICE is the one capability restricted PSA allows to add. hostNetwork and host ports 80/443 only with controller.hostNetwork / controller.hostPort.enabled.",
    },
    {
      name: "ingress-nginx-admission-create",
      workloadKind: "Job",
      namespace: "release",
      helmHook: "pre-install,pre-upgrade",
      selectorLabels: {
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/instance": "ingress-nginx",
        "app.kubernetes.io/component": "admission-webhook",
      },
      serviceAccount: "ingress-nginx-admission",
      podSecurityContext: null,
      containers: [
        {
          name: "create",
          image: CERTGEN_IMAGE,
          securityContext: CERTGEN,
          ports: [],
          securityContextKey: "controller.admissionWebhooks.createSecretJob.securityContext",
          imageKey: "controller.admissionWebhooks.patch.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {
        podSecurityContext: "controller.admissionWebhooks.patch.securityContext",
        containerSecurityContext: "controller.admissionWebhooks.createSecretJob.securityContext",
        podLabels: "controller.admissionWebhooks.patch.labels",
      },
      provenance: `${T}/admission-webhooks/job-patch/job-createSecret.yaml`,
    },
    {
      name: "ingress-nginx-admission-patch",
      workloadKind: "Job",
      namespace: "release",
      helmHook: "post-install,post-upgrade",
      selectorLabels: {
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/instance": "ingress-nginx",
        "app.kubernetes.io/component": "admission-webhook",
      },
      serviceAccount: "ingress-nginx-admission",
      podSecurityContext: null,
      containers: [
        {
          name: "patch",
          image: CERTGEN_IMAGE,
          securityContext: CERTGEN,
          ports: [],
          securityContextKey: "controller.admissionWebhooks.patchWebhookJob.securityContext",
          imageKey: "controller.admissionWebhooks.patch.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {
        podSecurityContext: "controller.admissionWebhooks.patch.securityContext",
        containerSecurityContext: "controller.admissionWebhooks.patchWebhookJob.securityContext",
        podLabels: "controller.admissionWebhooks.patch.labels",
      },
      provenance: `${T}/admission-webhooks/job-patch/job-patchWebhook.yaml`,
    },
  ],
  services: [
    {
      name: "ingress-nginx-controller",
      type: "LoadBalancer",
      ports: [
        { name: "http", port: 80, targetPort: "http" },
        { name: "https", port: 443, targetPort: "https" },
      ],
      selects: "ingress-nginx-controller",
      provenance: `${T}/controller-service.yaml`,
    },
    {
      name: "ingress-nginx-controller-admission",
      ports: [{ name: "https-webhook", port: 443, targetPort: "webhook" }],
      selects: "ingress-nginx-controller",
      provenance: `${T}/controller-service-webhook.yaml`,
    },
  ],
  webhooks: [
    {
      configuration: "ingress-nginx-admission",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["validate.nginx.ingress.kubernetes.io"],
      service: "ingress-nginx-controller-admission:443",
      failurePolicy: "Fail",
      provenance: `${T}/admission-webhooks/validating-webhook.yaml`,
    },
  ],
  secretsRead: [
    {
      name: "ingress-nginx-admission",
      readBy: "ingress-nginx-controller",
      createdByChart: false,
      note: "created by the admission-create hook Job",
    },
  ],
  configMapsRead: [{ name: "ingress-nginx-controller", readBy: "ingress-nginx-controller", createdByChart: true }],
  createsSecrets: ["ingress-nginx-admission (hook Job)"],
};
