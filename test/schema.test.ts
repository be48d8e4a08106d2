// The DSL: defaults, descriptions on every field, and the JSON Schema export.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { COMPONENT_CATALOG } from "../schema/component-catalog.ts";
import { fawkesConfigSchema } from "../schema/config.ts";
import { defineConfig } from "../schema/index.ts";
import { configJsonSchema } from "../schema/json-schema.ts";

const MINIMAL = defineConfig({
  platform: {
    name: "m",
    domain: "m.example",
    git: { repoURL: "https://github.com/m/p" },
    registry: "ghcr.io/m",
    managementEnvironment: "prod",
  },
  clouds: {
    aws: {
      provider: "aws",
      region: "us-east-1",
      accountId: "111122223333",
      cidr: "10.0.0.0/16",
      state: { bucket: "m-state" },
    },
  },
  environments: {
    prod: { cloud: "aws", kubernetesVersion: "1.34", nodePools: { default: { instanceType: "m7i.large" } } },
  },
  teams: { web: { displayName: "Web", githubTeam: "m/web", contact: "web@m.example" } },
  services: { site: { team: "web", description: "Site" } },
});

const test = suite("schema");

test("defaults fill in what users leave out", () => {
  const config = fawkesConfigSchema.parse(MINIMAL);
  assert.is(config.platform.argocdNamespace, "argocd");
  assert.is(config.platform.git.revision, "main");
  assert.is(config.policies.mode, "Enforce");
  assert.is(config.policies.podSecurity, "restricted");
  assert.is(config.teams.web!.quota.cpu, "8");
  assert.is(config.services.site!.type, "web");
  assert.equal(config.services.site!.resources, { cpu: "100m", memory: "128Mi" });
  assert.is(config.components.kyverno.version, COMPONENT_CATALOG.kyverno.version);
  assert.is(config.components.gateway.enabled, true);
  assert.is(config.components.ingressNginx.enabled, false, "ingress-nginx is retired: off unless chosen");
  assert.is(config.releases, "releases.yaml");
});

test("defineConfig returns its argument", () => {
  assert.is(defineConfig(MINIMAL), MINIMAL);
});

test("every field of the JSON Schema has a description", () => {
  const missing: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (node === null || typeof node !== "object") return;
    const schema = node as Record<string, unknown>;
    const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [key, child] of Object.entries(properties ?? {})) {
      const described = (s: Record<string, unknown>): boolean =>
        typeof s.description === "string" ||
        (Array.isArray(s.anyOf) && (s.anyOf as Record<string, unknown>[]).every(described));
      if (!described(child)) missing.push(`${path}.${key}`);
      visit(child, `${path}.${key}`);
    }
    for (const key of ["additionalProperties", "items"]) if (schema[key]) visit(schema[key], `${path}.*`);
    for (const key of ["anyOf", "oneOf"]) for (const s of (schema[key] as unknown[] | undefined) ?? []) visit(s, path);
  };
  visit(configJsonSchema(), "config");
  assert.equal(missing, []);
});

test("the JSON Schema is for the input form: defaulted fields are optional", () => {
  const schema = configJsonSchema() as { required: string[]; properties: Record<string, { required?: string[] }> };
  assert.equal([...schema.required].sort(), ["clouds", "environments", "platform", "teams"]);
  assert.not.ok(schema.properties.platform!.required?.includes("argocdNamespace"));
});

test.run();
