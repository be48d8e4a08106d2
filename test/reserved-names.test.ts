// Names the platform reserves (core/names.ts) are refused at validate time, and the list is the one the
// generators use: every name a team's namespace or the ArgoCD namespace holds is in it.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { reservedNames } from "../core/names.ts";
import { formatPath } from "../core/problems.ts";
import { validateConfig } from "../core/validate.ts";
import { generateArgocd } from "../generators/argocd/index.ts";
import { generateNamespaces } from "../generators/namespaces/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";

const test = suite("reserved names");

const service = (extra: object = {}) => ({ team: "web", description: "x", ...extra });

function problemsOf(config: FawkesConfigInput): string[] {
  return validateConfig(config, {}).problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
}

test("a service may not take an object name of its team's namespace", () => {
  const reserved = reservedNames("argocd").services;
  // A team namespace with a SecretStore and the mesh: every fixed name it holds.
  const config: FawkesConfigInput = {
    ...SMALL,
    services: { api: service({ secrets: { DB: { path: "web/api/db", key: "url" } } }) },
  };
  const files = generateNamespaces(resolveFrom(config, { api: { dev: "1.0.0", prod: "1.0.0" } }));
  const names = new Set<string>();
  for (const file of files) {
    if (file.type !== "objects") continue;
    for (const o of file.objects) {
      const json = o.toJSON() as { kind: string; metadata: { name: string; namespace?: string } };
      // Kinds a service also has, named after it.
      if (["ServiceAccount", "NetworkPolicy", "AuthorizationPolicy"].includes(json.kind) && json.metadata.namespace)
        names.add(json.metadata.name);
    }
  }
  assert.ok(names.size >= 4, [...names].join(", "));
  for (const name of names) assert.ok(reserved.has(name), `${name} is not reserved for services`);
  assert.ok(reserved.has("default"), "every namespace's default ServiceAccount");
});

test("a service may not take the subject of a platform Application", () => {
  const reserved = reservedNames("argocd").services;
  const files = generateArgocd(resolveFrom(SMALL));
  for (const file of files) {
    if (file.type !== "objects") continue;
    for (const o of file.objects) {
      const json = o.toJSON() as { kind: string; metadata: { name: string } };
      if (json.kind !== "Application" || json.metadata.name.endsWith("-root")) continue;
      const subject = json.metadata.name.replace(/-(dev|prod)$/, "");
      assert.ok(reserved.has(subject), `Application ${json.metadata.name}: "${subject}" is not reserved`);
    }
  }
});

test("reserved names are refused for teams, environments and services, at the key", () => {
  const config: FawkesConfigInput = {
    ...SMALL,
    environments: { ...SMALL.environments, shared: SMALL.environments.dev! },
    teams: { ...SMALL.teams, "cert-manager": SMALL.teams.web! },
    services: { "vault-secrets": service() },
  };
  const problems = problemsOf(config);
  assert.ok(
    problems.includes(
      'environments.shared: "shared" is reserved: kv/shared/ holds the secrets shared by every environment',
    ),
    problems.join("\n"),
  );
  assert.ok(
    problems.includes('teams.cert-manager: "cert-manager" is reserved: the namespace of the cert-manager component'),
    problems.join("\n"),
  );
  assert.ok(
    problems.includes(
      'services.vault-secrets: "vault-secrets" is reserved: the ServiceAccount of the team\'s SecretStore',
    ),
    problems.join("\n"),
  );
  const located = validateConfig(config, {}).problems.filter((p) => p.code === "reserved-name");
  assert.ok(located.every((p) => p.target === "key"));
});

test("two services whose Applications would share a name (service a in b-c, service a-b in c)", () => {
  const config: FawkesConfigInput = {
    ...SMALL,
    environments: { ...SMALL.environments, "eu-dev": SMALL.environments.dev! },
    services: { api: service({ environments: ["eu-dev"] }), "api-eu": service({ environments: ["dev"] }) },
  };
  const problems = problemsOf(config);
  assert.ok(
    problems.includes(
      'services.api-eu: the Application of "api-eu" in "dev" would be "api-eu-dev", the same as service "api" in "eu-dev"\'s',
    ),
    problems.join("\n"),
  );
  const fine = problemsOf({ ...config, services: { api: service({ environments: ["eu-dev"] }) } });
  assert.not.ok(
    fine.some((p) => p.includes("would be")),
    fine.join("\n"),
  );
});

test.run();
