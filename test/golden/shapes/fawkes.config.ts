// Golden case: one service of each shape in one environment.
import { defineConfig } from "fawkes";

export default defineConfig({
  platform: {
    name: "shapes",
    domain: "shapes.example",
    git: { repoURL: "https://github.com/shapes/platform.git" },
    registry: "ghcr.io/shapes",
    managementEnvironment: "prod",
  },
  clouds: {
    aws: {
      provider: "aws",
      region: "eu-west-1",
      accountId: "444455556666",
      cidr: "10.8.0.0/16",
      state: { bucket: "shapes-tfstate" },
    },
  },
  environments: {
    prod: {
      cloud: "aws",
      kubernetesVersion: "1.34",
      protected: true,
      nodePools: { default: { instanceType: "m7i.large", min: 2, max: 5 } },
    },
  },
  teams: {
    shop: { displayName: "Shop", githubTeam: "shapes/shop", contact: "shop@shapes.example" },
  },
  services: {
    api: {
      team: "shop",
      description: "Public API with autoscaling, secrets from External Secrets (one shared) and metrics.",
      expose: true,
      autoscale: { min: 2, max: 6 },
      secrets: {
        DB_URL: { path: "shop/api/db", key: "url" },
        MAPS_KEY: { path: "shop/api/maps", key: "key", shared: true },
      },
      metrics: { path: "/metrics", port: 9090 },
      cloudAccess: { awsPolicyArns: ["arn:aws:iam::444455556666:policy/shapes-api"] },
      build: { type: "node", repo: "https://github.com/shapes/api" },
    },
    worker: {
      team: "shop",
      type: "worker",
      description: "Queue worker with secrets from the Vault Agent.",
      replicas: 1,
      dependsOn: ["api"],
      secretDelivery: "vault-agent",
      secrets: { QUEUE_TOKEN: { path: "shop/worker/queue", key: "token" } },
      // Its container and probe come from a Score file (the expected files are those of the TypeScript form).
      score: "services/worker/score.yaml",
      build: { type: "python", repo: "https://github.com/shapes/worker" },
    },
    nightly: {
      team: "shop",
      type: "cronjob",
      description: "Nightly job.",
      schedule: "0 2 * * *",
      egress: [{ cidr: "203.0.113.0/24", port: 443 }],
      build: { type: "go", repo: "https://github.com/shapes/nightly" },
    },
    wiki: {
      team: "shop",
      description: "An upstream chart.",
      chart: {
        repoURL: "https://charts.example.org",
        chart: "wiki",
        version: "3.1.4",
        values: { persistence: { enabled: true } },
        // A chart Fawkes ships no facts for: its pods, as read from its templates at 3.1.4.
        pods: [
          {
            name: "wiki",
            labels: { "app.kubernetes.io/name": "wiki", "app.kubernetes.io/instance": "wiki" },
            podSecurityContext: { fsGroup: 1000 },
            containers: [
              {
                name: "wiki",
                image: "ghcr.io/shapes/mirror/wiki:3.1.4",
                imageKey: "image",
                securityContextKey: "securityContext",
                probes: ["liveness", "readiness"],
                resourcesKey: "resources",
              },
            ],
            valuesKeys: { podSecurityContext: "podSecurityContext", podLabels: "podLabels" },
            source: "charts/wiki/templates/deployment.yaml",
          },
        ],
      },
    },
  },
  components: { certManager: { acmeEmail: "ops@shapes.example" } },
});
