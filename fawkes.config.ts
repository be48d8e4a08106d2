// The one file platform engineers edit. `npx fawkes generate` compiles it into out/, `npx fawkes check`
// fails CI when the committed output differs. Image tags live in releases.yaml (edited by CI).
import { defineConfig } from "fawkes";

export default defineConfig({
  platform: {
    name: "acme",
    domain: "acme.dev",
    git: {
      repoURL: "https://github.com/acme/platform.git",
      revision: "main",
      libraryVersion: "jenkins-library-v1.4.0",
    },
    registry: "ghcr.io/acme",
    argocdNamespace: "argocd",
    managementEnvironment: "prod",
  },

  clouds: {
    "aws-us": {
      provider: "aws",
      region: "us-east-1",
      accountId: "123456789012",
      cidr: "10.20.0.0/16",
      zones: 3,
      state: { bucket: "acme-platform-tfstate" },
      // The Route 53 hosted zone of acme.dev (platform.domain): certificates (DNS-01) and the gateways' records.
      dns: { hostedZoneId: "Z0ACME00000000DEV0001" },
    },
    "azure-eu": {
      provider: "azure",
      location: "westeurope",
      subscriptionId: "8f7c2b1e-4a3d-4e5f-9a8b-1c2d3e4f5a6b",
      tenantId: "2d4e6f80-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
      cidr: "10.30.0.0/16",
      state: { resourceGroup: "acme-tfstate", storageAccount: "acmetfstate", container: "tfstate" },
      // dev's hosts (<service>.dev.acme.dev) live in an Azure DNS zone delegated from acme.dev (NS records there).
      dns: { zone: "dev.acme.dev", resourceGroup: "acme-dns" },
    },
  },

  // Promotion order: dev → staging → prod.
  environments: {
    dev: {
      cloud: "azure-eu",
      kubernetesVersion: "1.34",
      size: "small",
      nodePools: { system: { instanceType: "Standard_D4s_v5", min: 2, max: 4 } },
    },
    staging: {
      cloud: "aws-us",
      kubernetesVersion: "1.34",
      size: "medium",
      nodePools: { general: { instanceType: "m7i.large", min: 2, max: 6 } },
    },
    prod: {
      cloud: "aws-us",
      kubernetesVersion: "1.33",
      size: "large",
      protected: true,
      nodePools: {
        general: { instanceType: "m7i.xlarge", min: 3, max: 12 },
        batch: {
          instanceType: "c7i.2xlarge",
          min: 0,
          max: 6,
          labels: { "acme.dev/pool": "batch" },
          taints: [{ key: "acme.dev/batch", value: "true", effect: "NoSchedule" }],
        },
      },
    },
  },

  teams: {
    payments: {
      displayName: "Payments",
      githubTeam: "acme/payments",
      contact: "payments@acme.dev",
      labels: { "acme.dev/cost-center": "cc-1001" },
      quota: { cpu: "16", memory: "32Gi", pods: 80 },
    },
    storefront: {
      displayName: "Storefront",
      githubTeam: "acme/storefront",
      contact: "storefront@acme.dev",
      labels: { "acme.dev/cost-center": "cc-1002" },
    },
    logistics: {
      displayName: "Logistics",
      githubTeam: "acme/logistics",
      contact: "logistics@acme.dev",
      labels: { "acme.dev/cost-center": "cc-1003" },
      quota: { cpu: "12", memory: "24Gi" },
    },
    data: {
      displayName: "Data & Analytics",
      githubTeam: "acme/data",
      contact: "data@acme.dev",
      labels: { "acme.dev/cost-center": "cc-1004" },
      quota: { cpu: "24", memory: "96Gi", storage: "500Gi" },
    },
  },

  services: {
    "checkout-api": {
      team: "payments",
      description: "Public checkout API: carts, orders and payment intents.",
      port: 8080,
      expose: { host: { prod: "checkout.acme.dev" } },
      autoscale: { min: 3, max: 20, cpuUtilization: 70 },
      resources: { cpu: "250m", memory: "512Mi" },
      env: { LOG_LEVEL: "info", PAYMENTS_URL: "http://payments-core:8080" },
      secrets: {
        DATABASE_URL: { path: "payments/checkout-api/db", key: "url" },
        STRIPE_API_KEY: { path: "payments/checkout-api/stripe", key: "api-key" },
      },
      dependsOn: ["payments-core"],
      slo: { availability: 99.9, latency: { thresholdMs: 250, target: 99 } },
      // Production runs larger pods, never fewer than four, and logs less.
      overrides: {
        prod: { resources: { cpu: "500m", memory: "768Mi" }, autoscale: { min: 4 }, env: { LOG_LEVEL: "warn" } },
      },
      build: { type: "node", repo: "https://github.com/acme/checkout-api" },
      api: { type: "openapi", definition: "openapi.yaml" },
    },
    "payments-core": {
      team: "payments",
      description: "Internal payments ledger and PSP integration.",
      port: 8080,
      replicas: { dev: 1, staging: 2, prod: 3 },
      resources: { cpu: "500m", memory: "1Gi", memoryLimit: "1536Mi" },
      secrets: { PSP_TOKEN: { path: "payments/payments-core/psp", key: "token" } },
      egress: [{ cidr: "198.51.100.0/24", port: 443 }],
      metrics: { path: "/metrics", port: 9090 },
      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-payments-kms"] },
      // Its ledger database: a CloudNativePG cluster in its namespace, read as LEDGER_URI, LEDGER_USERNAME, ….
      claims: { ledger: { claim: "cloudnative-pg.postgres", params: { instances: { prod: 3 }, storage: "20Gi" } } },
      build: { type: "maven", repo: "https://github.com/acme/payments-core" },
      api: { type: "grpc", definition: "proto/ledger.proto" },
    },
    "payment-events": {
      team: "payments",
      type: "worker",
      description: "Consumes payment events and updates order state.",
      replicas: { dev: 1, staging: 1, prod: 2 },
      dependsOn: ["payments-core"],
      probes: { liveness: { command: ["/bin/healthcheck"] } },
      build: { type: "go", repo: "https://github.com/acme/payment-events" },
    },
    "fraud-scoring": {
      team: "payments",
      type: "worker",
      description: "Scores payment events for fraud; on trial in dev, its model key read by the Vault Agent.",
      environments: ["dev"],
      lifecycle: "experimental",
      replicas: 1,
      dependsOn: ["payments-core"],
      secretDelivery: "vault-agent",
      secrets: { MODEL_KEY: { path: "payments/fraud-scoring/model", key: "key" } },
      probes: { liveness: { command: ["/bin/healthcheck"] } },
      build: { type: "python", repo: "https://github.com/acme/fraud-scoring" },
    },
    storefront: {
      team: "storefront",
      description: "Server-rendered web storefront.",
      // Container, variables and port come from the team's Score file.
      score: "services/storefront/score.yaml",
      expose: { host: { prod: "www.acme.dev" } },
      replicas: { dev: 1, staging: 2, prod: 4 },
      dependsOn: ["catalog-api", "checkout-api"],
      build: { type: "node", repo: "https://github.com/acme/storefront" },
    },
    "catalog-api": {
      team: "storefront",
      description: "Product catalog and search API (internal).",
      port: 8080,
      replicas: 2,
      slo: { availability: 99.5 },
      secrets: { SEARCH_API_KEY: { path: "storefront/catalog-api/search", key: "api-key" } },
      build: { type: "python", repo: "https://github.com/acme/catalog-api" },
      api: { type: "openapi", definition: "api/openapi.yaml" },
    },
    "shipping-api": {
      team: "logistics",
      description: "Shipping quotes and label generation.",
      port: 8080,
      expose: true,
      replicas: { dev: 1, staging: 2, prod: 3 },
      dependsOn: ["catalog-api"],
      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-shipping-labels-s3"] },
      build: { type: "gradle", repo: "https://github.com/acme/shipping-api" },
    },
    "inventory-sync": {
      team: "logistics",
      type: "cronjob",
      description: "Reconciles warehouse inventory with the catalog every 15 minutes.",
      schedule: "*/15 * * * *",
      dependsOn: ["catalog-api"],
      secrets: { WMS_TOKEN: { path: "logistics/inventory-sync/wms", key: "token" } },
      build: { type: "python", repo: "https://github.com/acme/inventory-sync" },
    },
    "reporting-etl": {
      team: "data",
      type: "cronjob",
      description: "Nightly export of orders to the analytics warehouse.",
      schedule: "0 3 * * *",
      timeZone: "America/New_York",
      // In prod the export runs on the batch pool (its nodes are tainted for batch work only).
      overrides: {
        prod: {
          nodeSelector: { "acme.dev/pool": "batch" },
          tolerations: [{ key: "acme.dev/batch", value: "true", effect: "NoSchedule" }],
        },
      },
      environments: ["staging", "prod"],
      resources: { cpu: "1", memory: "2Gi" },
      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-analytics-writer"] },
      build: { type: "go", repo: "https://github.com/acme/reporting-etl" },
    },
    metabase: {
      team: "data",
      description: "Metabase BI, deployed from its upstream chart.",
      environments: ["prod"],
      chart: {
        repoURL: "https://pmint93.github.io/helm-charts",
        chart: "metabase",
        version: "2.23.0",
        values: {
          replicaCount: 1,
          // Images come only from ghcr.io/acme (policies.allowedRegistries): a mirror of docker.io/metabase/metabase.
          image: { repository: "ghcr.io/acme/mirror/metabase" },
          resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
        },
      },
    },
  },

  // The escape hatch, for what the config has no field for: patches of generated objects, checked like the rest.
  patches: [
    {
      target: { kind: "Deployment", namespace: "payments", name: "checkout-api" },
      environments: ["prod"],
      json: [{ op: "add", path: "/spec/template/spec/terminationGracePeriodSeconds", value: 90 }],
      reason: "Payments in flight need up to 90 s to drain; services have no shutdown-grace field yet.",
    },
  ],

  policies: {
    mode: "Enforce",
    // Every pod says which cost center pays for it (the teams' labels above).
    requiredLabels: ["app.kubernetes.io/name", "fawkes.dev/team", "acme.dev/cost-center"],
    allowedRegistries: ["ghcr.io/acme"],
    podSecurity: "restricted",
    exceptions: [],
  },

  components: {
    // DNS-01 validates every host, the internal Gateway's too. On Azure, cert-manager and ExternalDNS use the
    // managed identities Terraform created (`terraform -chdir=out/infra/dev output workload_client_ids`).
    certManager: {
      acmeEmail: "platform@acme.dev",
      challenge: "dns01",
      azureClientId: { dev: "3b0c6f1e-7d2a-4c8b-9e5f-1a2b3c4d5e6f" },
    },
    externalDns: { azureClientId: { dev: "5d8e2a4c-1f3b-4e7a-8c9d-6b5a4f3e2d1c" } },
    devlake: { enabled: true },
    // A component the catalog does not know: the CloudNativePG operator, its image mirrored into ghcr.io/acme.
    custom: {
      "cloudnative-pg": {
        description: "CloudNativePG operator: PostgreSQL clusters as Kubernetes objects, for teams' databases.",
        chart: { repoURL: "https://cloudnative-pg.github.io/charts", chart: "cloudnative-pg", version: "0.29.0" },
        namespace: "cnpg-system",
        placement: "per-cluster",
        dependsOn: ["certManager", "kubePrometheusStack"],
        // Its mutating and validating webhooks (failurePolicy Fail) listen on 9443.
        webhookPorts: [9443],
        values: { image: { repository: "ghcr.io/acme/mirror/cloudnative-pg", tag: "1.30.0" } },
        pods: [
          {
            name: "cloudnative-pg",
            labels: { "app.kubernetes.io/name": "cloudnative-pg", "app.kubernetes.io/instance": "cloudnative-pg" },
            podSecurityContext: { runAsNonRoot: true, seccompProfile: "RuntimeDefault" },
            containers: [
              {
                name: "manager",
                image: "ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0",
                imageKey: "image",
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsUser: 10001,
                  runAsGroup: 10001,
                  seccompProfile: "RuntimeDefault",
                  capabilities: { drop: ["ALL"] },
                },
                securityContextKey: "containerSecurityContext",
                ports: [{ containerPort: 8080 }, { containerPort: 9443 }],
                probes: ["liveness", "readiness", "startup"],
                resourcesKey: "resources",
              },
            ],
            valuesKeys: { podSecurityContext: "podSecurityContext", podLabels: "podLabels" },
            source:
              "cloudnative-pg/charts@cloudnative-pg-v0.29.0 (d1b5ad6) charts/cloudnative-pg/templates/deployment.yaml, values.yaml",
          },
        ],
        // What services request from it (`services.<name>.claims`): a PostgreSQL cluster of their own.
        claims: {
          postgres: {
            description:
              "A PostgreSQL cluster in the service's namespace, its application user's credentials as a Secret.",
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "Cluster",
            // Its webhook refuses longer Cluster names (internal/webhook/v1/cluster_webhook.go validateName).
            maxNameLength: 50,
            params: {
              instances: {
                type: "integer",
                default: 1,
                description: "PostgreSQL instances (one primary, the rest replicas)",
              },
              storage: { type: "string", default: "10Gi", description: "Volume size of each instance" },
            },
            spec: {
              instances: "{params.instances}",
              imageName: "ghcr.io/acme/mirror/postgresql:18.4-system-trixie",
              storage: { size: "{params.storage}" },
              resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
            },
            // The application user's Secret, `<cluster>-app` (api/v1/cluster_types.go ApplicationUserSecretSuffix;
            // its keys: pkg/specs/secrets.go CreateSecret).
            secret: { name: "{name}-app", keys: ["username", "password", "host", "port", "dbname", "uri", "jdbc-uri"] },
            ports: [5432],
            selector: { "cnpg.io/cluster": "{name}" },
            // The operator calls each instance manager's status endpoint; replicas stream from the primary, and
            // the primary's liveness isolation check calls the others' status endpoints (on by default:
            // api/v1/cluster_defaults.go, pkg/management/postgres/webserver/probes/pinger.go); the instance
            // manager watches its Cluster through the Kubernetes API.
            operatorPorts: [8000],
            peerPorts: [5432, 8000],
            apiServer: true,
            // One instance pod per `instances`, each with a volume of `storage.size`: counted in the team's quota.
            replicasKey: "instances",
            storageKey: "storage.size",
            pods: [
              {
                name: "{name}-1",
                workloadKind: "Pod",
                labels: {
                  "cnpg.io/cluster": "{name}",
                  "cnpg.io/podRole": "instance",
                  "app.kubernetes.io/name": "postgresql",
                  "app.kubernetes.io/instance": "{name}",
                  "app.kubernetes.io/component": "database",
                  "app.kubernetes.io/managed-by": "cloudnative-pg",
                },
                podSecurityContext: {
                  runAsNonRoot: true,
                  runAsUser: 26,
                  runAsGroup: 26,
                  fsGroup: 26,
                  seccompProfile: "RuntimeDefault",
                },
                containers: [
                  {
                    name: "postgres",
                    image: "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie",
                    imageKey: "imageName",
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      privileged: false,
                      readOnlyRootFilesystem: true,
                      runAsNonRoot: true,
                      seccompProfile: "RuntimeDefault",
                      capabilities: { drop: ["ALL"] },
                    },
                    securityContextKey: "securityContext",
                    ports: [{ containerPort: 5432 }, { containerPort: 9187 }, { containerPort: 8000 }],
                    probes: ["liveness", "readiness", "startup"],
                    resourcesKey: "resources",
                  },
                ],
                initContainers: [
                  {
                    // The operator's own image (OPERATOR_IMAGE_NAME, from the chart's `image` values above).
                    name: "bootstrap-controller",
                    image: "ghcr.io/acme/mirror/cloudnative-pg:1.30.0",
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      privileged: false,
                      readOnlyRootFilesystem: true,
                      runAsNonRoot: true,
                      seccompProfile: "RuntimeDefault",
                      capabilities: { drop: ["ALL"] },
                    },
                    securityContextKey: "securityContext",
                    resourcesKey: "resources",
                  },
                ],
                // The operator copies `inheritedMetadata.labels` onto the pods it creates.
                valuesKeys: { podSecurityContext: "podSecurityContext", podLabels: "inheritedMetadata.labels" },
                source:
                  "cloudnative-pg/cloudnative-pg@v1.30.0 (4b5e244) pkg/specs/pods.go (buildInstance, GetPodSecurityContext), pkg/specs/containers.go, api/v1/cluster_funcs.go (GetFixedInheritedLabels), pkg/versions/versions.go",
              },
            ],
            source:
              "cloudnative-pg/cloudnative-pg@v1.30.0 (4b5e244), the operator cloudnative-pg/charts@cloudnative-pg-v0.29.0 (d1b5ad6) installs with its CRDs (templates/crds/crds.yaml)",
          },
        },
      },
    },
  },
});
