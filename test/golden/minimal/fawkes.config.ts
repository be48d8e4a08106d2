// Golden case: the smallest useful platform (one cloud, two environments, one team).
import { defineConfig } from "fawkes";

export default defineConfig({
  platform: {
    name: "mini",
    domain: "mini.example",
    git: { repoURL: "https://github.com/mini/platform.git" },
    registry: "ghcr.io/mini",
    managementEnvironment: "prod",
  },
  clouds: {
    aws: {
      provider: "aws",
      region: "eu-west-1",
      accountId: "111122223333",
      cidr: "10.0.0.0/16",
      state: { bucket: "mini-tfstate" },
    },
  },
  environments: {
    dev: { cloud: "aws", kubernetesVersion: "1.34", nodePools: { default: { instanceType: "t3.large" } } },
    prod: {
      cloud: "aws",
      kubernetesVersion: "1.34",
      protected: true,
      nodePools: { default: { instanceType: "m7i.large", min: 2, max: 5 } },
    },
  },
  teams: {
    web: { displayName: "Web", githubTeam: "mini/web", contact: "web@mini.example" },
  },
  services: {
    site: {
      team: "web",
      description: "The public web site.",
      port: 8080,
      expose: true,
      // Vault runs in prod; dev runs its injector alone, whose agent reads this from the central Vault.
      secretDelivery: "vault-agent",
      secrets: { SESSION_KEY: { path: "web/site/session", key: "key" } },
      build: { type: "node", repo: "https://github.com/mini/site" },
    },
  },
  policies: { mode: "Audit" },
  components: { certManager: { acmeEmail: "ops@mini.example" } },
});
