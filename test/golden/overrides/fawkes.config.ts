// Golden case: what differs per environment (overrides), two teams' services on one host with a path each,
// the config's own labels, a CronJob's time zone and node pool, and a service in a monorepo.
import { defineConfig } from "fawkes";

export default defineConfig({
  platform: {
    name: "ovr",
    domain: "ovr.example",
    git: { repoURL: "https://github.com/ovr/platform.git", libraryVersion: "v1.0.0" },
    registry: "ghcr.io/ovr",
    managementEnvironment: "prod",
    labels: { "ovr.example/owner": "platform" },
  },
  clouds: {
    aws: {
      provider: "aws",
      region: "eu-central-1",
      accountId: "777788889999",
      cidr: "10.12.0.0/16",
      state: { bucket: "ovr-tfstate" },
    },
  },
  environments: {
    dev: {
      cloud: "aws",
      kubernetesVersion: "1.34",
      size: "small",
      nodePools: { default: { instanceType: "m7i.large", min: 1, max: 3 } },
    },
    prod: {
      cloud: "aws",
      kubernetesVersion: "1.34",
      protected: true,
      nodePools: {
        default: { instanceType: "m7i.xlarge", min: 2, max: 6 },
        batch: {
          instanceType: "c7i.2xlarge",
          min: 0,
          max: 4,
          labels: { "ovr.example/pool": "batch" },
          taints: [{ key: "ovr.example/batch", value: "true", effect: "NoSchedule" }],
        },
      },
    },
  },
  teams: {
    shop: {
      displayName: "Shop",
      githubTeam: "ovr/shop",
      contact: "shop@ovr.example",
      labels: { "ovr.example/cost-center": "cc-10" },
    },
    checkout: {
      displayName: "Checkout",
      githubTeam: "ovr/checkout",
      contact: "checkout@ovr.example",
      labels: { "ovr.example/cost-center": "cc-20" },
    },
  },
  services: {
    web: {
      team: "shop",
      description: "The storefront, at the root of www in prod.",
      expose: { host: { prod: "www.ovr.example" } },
      replicas: 1,
      resources: { cpu: "200m", memory: "256Mi" },
      env: { LOG_LEVEL: "debug", FEATURE_REVIEWS: "enabled" },
      dependsOn: ["cart"],
      build: { type: "node", repo: "https://github.com/ovr/web" },
      overrides: {
        // Production: autoscaled, larger, quieter, reviews still off.
        prod: {
          autoscale: { min: 3, max: 10 },
          resources: { cpu: "500m", memory: "512Mi" },
          env: { LOG_LEVEL: "warn", FEATURE_REVIEWS: null },
        },
      },
    },
    cart: {
      team: "checkout",
      description: "The cart API, under /cart on www in prod; built from the checkout monorepo.",
      port: 8081,
      expose: { host: { prod: "www.ovr.example" }, path: "/cart" },
      replicas: 2,
      labels: { "ovr.example/tier": "critical" },
      secrets: { DB_URL: { path: "checkout/cart/db", key: "url" } },
      build: { type: "go", repo: "https://github.com/ovr/checkout", path: "services/cart" },
      overrides: {
        // Only production reads the payment provider's key.
        prod: { secrets: { PSP_KEY: { path: "checkout/cart/psp", key: "key" } } },
      },
    },
    report: {
      team: "shop",
      type: "cronjob",
      description: "Nightly sales report, Berlin time; on the batch pool in prod.",
      schedule: "0 2 * * *",
      timeZone: "Europe/Berlin",
      build: { type: "python", repo: "https://github.com/ovr/report" },
      overrides: {
        prod: {
          schedule: "30 1 * * *",
          nodeSelector: { "ovr.example/pool": "batch" },
          tolerations: [{ key: "ovr.example/batch", value: "true", effect: "NoSchedule" }],
        },
      },
    },
  },
  policies: { requiredLabels: ["app.kubernetes.io/name", "ovr.example/cost-center"] },
  components: { certManager: { acmeEmail: "ops@ovr.example" } },
});
