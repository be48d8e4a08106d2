// Jenkins chart 5.9.53: the controller StatefulSet (with the JCasC reload sidecar) and the agent pods the
// Kubernetes plugin creates from the pod template the chart writes into JCasC.
import type { ChartFacts } from "./types.ts";

const T = "charts/jenkins/templates";

export const JENKINS_FACTS: ChartFacts = {
  component: "jenkins",
  chart: "jenkins",
  version: "5.9.53",
  appVersion: "2.568.2",
  releaseName: "jenkins",
  provenance: {
    repository: "https://github.com/jenkinsci/helm-charts",
    ref: "jenkins-5.9.53",
    commit: "22055414e808938d0fc0585c4920d57661acce90",
    chartPath: "charts/jenkins",
    files: [
      "charts/jenkins/Chart.yaml",
      "charts/jenkins/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/jenkins-controller-statefulset.yaml`,
      `${T}/jenkins-controller-svc.yaml`,
      `${T}/jenkins-agent-svc.yaml`,
      `${T}/jcasc-config.yaml`,
      `${T}/secret.yaml`,
      `${T}/config.yaml`,
    ],
    verified: true,
  },
  valuesAssumed: [
    "controller.* (URL, plugins, env, JCasC scripts)",
    "persistence.storageClass",
    "agent.enabled=true (chart default)",
    "controller.sidecars.configAutoReload.enabled=true (chart default)",
  ],
  pods: [
    {
      name: "jenkins",
      workloadKind: "StatefulSet",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/component": "jenkins-controller",
        "app.kubernetes.io/instance": "jenkins",
        "app.kubernetes.io/name": "jenkins",
        "app.kubernetes.io/managed-by": "Helm",
      },
      serviceAccount: "jenkins",
      // controller.usePodSecurityContext=true with the deprecated runAsUser/fsGroup values 1000.
      podSecurityContext: { runAsUser: 1000, fsGroup: 1000, runAsNonRoot: true },
      containers: [
        {
          name: "jenkins",
          image: "docker.io/jenkins/jenkins:2.568.2-jdk21",
          securityContext: {
            runAsUser: 1000,
            runAsGroup: 1000,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
          },
          ports: [
            { name: "http", containerPort: 8080 },
            { name: "agent-listener", containerPort: 50000 },
          ],
          securityContextKey: "controller.containerSecurityContext",
          imageKey: "controller.image",
        },
        {
          name: "config-reload",
          image: "docker.io/kiwigrid/k8s-sidecar:2.10.1",
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
          ports: [],
          securityContextKey: "controller.sidecars.configAutoReload.containerSecurityContext",
          imageKey: "controller.sidecars.configAutoReload.image",
        },
      ],
      initContainers: [
        {
          name: "config-reload-init",
          image: "docker.io/kiwigrid/k8s-sidecar:2.10.1",
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
          ports: [],
          securityContextKey: "controller.sidecars.configAutoReload.containerSecurityContext",
          imageKey: "controller.sidecars.configAutoReload.image",
        },
        {
          name: "init",
          image: "docker.io/jenkins/jenkins:2.568.2-jdk21",
          securityContext: {
            runAsUser: 1000,
            runAsGroup: 1000,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
          },
          ports: [],
          securityContextKey: "controller.containerSecurityContext",
          imageKey: "controller.image",
        },
      ],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "controller.podSecurityContextOverride",
        containerSecurityContext: "controller.containerSecurityContext",
        podLabels: "controller.podLabels",
        commonLabels: "extraLabels",
        image: "controller.image",
      },
      provenance: `${T}/jenkins-controller-statefulset.yaml`,
      note: "No capabilities drop and no seccomp profile anywhere by default. hostNetwork only with controller.hostNetworking. The agent-listener hostPort only with controller.agentListenerHostPort (unset).",
    },
    {
      name: "jenkins-agent",
      workloadKind: "Pod",
      namespace: "release",
      condition: "agent.enabled; created per build by the Kubernetes plugin from the pod template in the JCasC config",
      selectorLabels: { "jenkins/jenkins-jenkins-agent": "true" },
      serviceAccount: "default",
      podSecurityContext: null,
      containers: [
        {
          name: "jnlp",
          image: "docker.io/jenkins/inbound-agent:3385.vf1123fb_515da_-1",
          implicitRegistry: true,
          securityContext: { privileged: false },
          ports: [],
          imageKey: "agent.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podLabels: "agent.podLabels",
        image: "agent.image",
        containerSecurityContext: "agent.yamlTemplate (runAsUser/runAsGroup via agent.runAsUser, agent.runAsGroup)",
      },
      provenance: `${T}/_helpers.tpl`,
      note: "Label key is jenkins/<release>-<agent.componentName>. The pod template sets runAsUser/runAsGroup only when agent.runAsUser/runAsGroup are given (unset); a full security context needs agent.yamlTemplate or pipeline pod YAML. Agents run in the release namespace (agent.namespace unset).",
    },
  ],
  services: [
    {
      name: "jenkins",
      ports: [{ name: "http", port: 8080, targetPort: 8080 }],
      selects: "jenkins",
      provenance: `${T}/jenkins-controller-svc.yaml`,
    },
    {
      name: "jenkins-agent",
      ports: [{ name: "agent-listener", port: 50000, targetPort: 50000 }],
      selects: "jenkins",
      provenance: `${T}/jenkins-agent-svc.yaml`,
    },
  ],
  webhooks: [],
  secretsRead: [
    {
      name: "jenkins",
      readBy: "jenkins",
      createdByChart: true,
      note: "admin user and password (controller.admin.existingSecret unset)",
    },
    { name: "jenkins-additional-secrets", readBy: "jenkins", createdByChart: true, optional: true },
  ],
  configMapsRead: [
    { name: "jenkins", readBy: "jenkins", createdByChart: true },
    {
      name: "jenkins-jenkins-config-*",
      readBy: "jenkins",
      createdByChart: true,
      note: "one ConfigMap per JCasC script, labelled jenkins-jenkins-config=true and watched by the reload sidecar",
    },
  ],
  createsSecrets: ["jenkins"],
};
