// `fawkes init`: the smallest useful platform as data (one cloud, dev and prod, one team, one service), and
// the files a new repository starts with, rendered from it. Pure: the CLI validates and writes them.
import { stringify } from "yaml";

export interface StarterOptions {
  readonly cloud: "aws" | "azure";
  /** GitHub organisation: registry `ghcr.io/<org>`, teams `<org>/<team>`, repository `<org>/platform`. */
  readonly org: string;
  readonly domain: string;
  readonly format: "ts" | "yaml";
  /** The installed fawkes version, for a package.json written from nothing. */
  readonly version: string;
}

const SERVICE = "hello";

/** Placeholders a reader spots at once; `fawkes validate` accepts them, a cloud would not. */
function starterCloud(options: StarterOptions): Record<string, unknown> {
  if (options.cloud === "azure")
    return {
      provider: "azure",
      location: "westeurope",
      subscriptionId: "00000000-0000-4000-8000-000000000000",
      tenantId: "00000000-0000-4000-8000-000000000000",
      cidr: "10.0.0.0/16",
      state: {
        resourceGroup: `${options.org}-tfstate`,
        storageAccount: `${options.org.replace(/[^a-z0-9]/g, "").slice(0, 17)}tfstate`,
        container: "tfstate",
      },
    };
  return {
    provider: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    cidr: "10.0.0.0/16",
    state: { bucket: `${options.org}-tfstate` },
  };
}

export function starterConfig(options: StarterOptions): Record<string, unknown> {
  const { org, domain, cloud } = options;
  const instanceType = (size: "small" | "large") =>
    cloud === "azure"
      ? size === "small"
        ? "Standard_D4s_v5"
        : "Standard_D8s_v5"
      : size === "small"
        ? "m7i.large"
        : "m7i.xlarge";
  return {
    platform: {
      name: org,
      domain,
      git: { repoURL: `https://github.com/${org}/platform.git` },
      registry: `ghcr.io/${org}`,
      managementEnvironment: "prod",
    },
    clouds: { [cloud]: starterCloud(options) },
    environments: {
      dev: { cloud, kubernetesVersion: "1.34", nodePools: { default: { instanceType: instanceType("small") } } },
      prod: {
        cloud,
        kubernetesVersion: "1.34",
        protected: true,
        nodePools: { default: { instanceType: instanceType("large"), min: 2, max: 5 } },
      },
    },
    teams: { apps: { displayName: "Applications", githubTeam: `${org}/apps`, contact: `apps@${domain}` } },
    services: {
      [SERVICE]: {
        team: "apps",
        description: "A first service: replace it with yours.",
        port: 8080,
        expose: true,
        build: { type: "node", repo: `https://github.com/${org}/${SERVICE}` },
      },
    },
    policies: { mode: "Audit" },
    components: { certManager: { acmeEmail: `platform@${domain}` } },
  };
}

export function starterReleases(): Record<string, Record<string, string>> {
  return { [SERVICE]: { dev: "0.1.0", prod: "0.1.0" } };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A TypeScript object literal: short objects on one line, the rest one key a line (what prettier keeps). */
function literal(value: unknown, indent: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((v) => literal(v, inner))
    : Object.entries(value).map(([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${literal(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
  const flat = `${open}${entries.join(", ")}${close}`;
  if (entries.length === 0) return Array.isArray(value) ? "[]" : "{}";
  if (flat.length + indent.length <= 100 && !entries.some((e) => e.includes("\n"))) return flat;
  return `${open.trim()}\n${entries.map((e) => `${inner}${e},`).join("\n")}\n${indent}${close.trim()}`;
}

const PREAMBLE = [
  "The platform's one source of truth: `npx fawkes generate` compiles it into out/ and the repository files.",
  "Replace the placeholders (cloud account, state storage, domain) before the first `terraform apply`.",
];

export function renderStarterConfig(config: Record<string, unknown>, format: "ts" | "yaml"): string {
  if (format === "yaml")
    return `${PREAMBLE.map((l) => `# ${l}`).join("\n")}\n# yaml-language-server: $schema=schema/fawkes.config.schema.json\n${stringify(config, { lineWidth: 0 })}`;
  return `${PREAMBLE.map((l) => `// ${l}`).join("\n")}\nimport { defineConfig } from "fawkes";\n\nexport default defineConfig(${literal(config, "")});\n`;
}

export function renderStarterReleases(releases: Record<string, Record<string, string>>): string {
  return `# Image tags per service and environment. \`npx fawkes release\` and \`promote\` edit this file.\n${stringify(releases)}`;
}

export function starterReadme(options: StarterOptions, configFile: string): string {
  return `# ${options.org} platform

## Platform

This repository is the ${options.org} Internal Developer Platform, generated by [Fawkes](https://www.npmjs.com/package/fawkes)
from \`${configFile}\`. Edit that file, never the generated tree (\`out/\`, \`docs/reference/\`, \`.github/workflows/\`, \`mkdocs.yml\`).

\`\`\`sh
npm install                 # installs fawkes from package.json; commit package-lock.json (CI runs npm ci)
npx fawkes validate         # check the config
npx fawkes generate         # write the tree
npx fawkes check            # what CI runs: the committed tree matches the config
npx fawkes plan             # what a change does to the platform
\`\`\`

Before the first deployment, replace the placeholders in \`${configFile}\`: the cloud account, the Terraform
state storage, the domain and the repository URL.
`;
}

/** Written only when the directory has no package.json: CI installs fawkes from it. */
export function starterPackageJson(options: StarterOptions): string {
  return `${JSON.stringify(
    {
      name: `${options.org}-platform`,
      private: true,
      type: "module",
      scripts: { generate: "fawkes generate", check: "fawkes check" },
      devDependencies: { fawkes: `^${options.version}` },
    },
    null,
    2,
  )}\n`;
}

export const STARTER_DOCS_INDEX = `# Platform

The reference pages next to this one are generated from the config by \`npx fawkes generate\`; write your own
guides beside them and they join the site's navigation.
`;
