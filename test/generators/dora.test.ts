// DORA: ArgoCD's notifications reach the routes DevLake v1.0.3-beta10 serves, with its API key, and the
// setup Job declares DevLake's connections, scopes, projects and blueprints from the config.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DEVLAKE_API_KEY_VAULT, DEVLAKE_SECRETS } from "../../core/names.ts";
import { buildDora, generateDora, githubRepository, setupConfig } from "../../generators/dora/index.ts";
import { SETUP_SCRIPT } from "../../generators/dora/setup-script.ts";
import { doraNotifications } from "../../generators/helm-values/central-components.ts";
import { buildSecretStore } from "../../generators/cluster-config/secret-store.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";
import { testUnless } from "../helpers/skip.ts";
import { which } from "../helpers/tools.ts";

type Obj = Record<string, any>;
const test = suite("dora");

const CONFIG = {
  ...SMALL,
  services: {
    api: { team: "web", description: "api", build: { type: "node" as const, repo: "https://github.com/m/api" } },
    ui: { team: "web", description: "ui", build: { type: "go" as const, repo: "https://github.com/m/ui.git" } },
  },
  components: { ...SMALL.components, devlake: { enabled: true } },
};
const RELEASES = { api: { dev: "1", prod: "1" }, ui: { dev: "1", prod: "1" } };

test("notifications use the /rest routes with the API key, never the config UI's /api prefix", () => {
  const n = doraNotifications(["prod"]) as Obj;
  assert.match(n.notifiers["service.webhook.devlake"], /url: http:\/\/devlake-lake\.devlake\.svc:8080\n/);
  assert.match(n.notifiers["service.webhook.devlake"], /name: Authorization\n {4}value: Bearer \$devlake-api-key\n/);
  assert.is(n.secret.create, false, "the Secret comes from Vault");
  for (const [name, template] of Object.entries(n.templates as Record<string, string>)) {
    assert.match(
      template,
      /path: \/rest\/plugins\/webhook\/connections\/by-name\/\{\{\(index \.app\.metadata\.labels "fawkes\.dev\/team"\)\}\}\//,
      name,
    );
    assert.not.match(template, /\/api\//, name);
  }
});

test("deployments carry the dates DevLake requires; incidents open on Degraded and close on Healthy, in production", () => {
  const n = doraNotifications(["prod"]) as Obj;
  const deployment = JSON.parse(
    n.templates["template.devlake-deployment"].split("body: |\n")[1].replace(/\{\{[^}]*\}\}/g, "x"),
  );
  for (const key of ["id", "startedDate", "finishedDate"]) assert.ok(deployment[key], key);
  for (const key of ["repoUrl", "commitSha", "startedDate", "finishedDate"])
    assert.ok(deployment.deploymentCommits[0][key], key);
  const incident = JSON.parse(
    n.templates["template.devlake-incident"].split("body: |\n")[1].replace(/\{\{[^}]*\}\}/g, "x"),
  );
  for (const key of ["issueKey", "title", "originalStatus", "createdDate"]) assert.ok(incident[key], key);
  assert.is(incident.type, "INCIDENT");
  assert.match(n.templates["template.devlake-incident-resolved"], /\/issue\/\{\{\.app\.metadata\.name\}\}-.*\/close\n/);
  assert.match(
    n.triggers["trigger.on-health-degraded"],
    /Degraded' and \(app\.metadata\.labels\['fawkes\.dev\/environment'\] == 'prod'\)/,
  );
  assert.match(
    n.triggers["trigger.on-health-recovered"],
    /Healthy'.*\n {2}send: \[devlake-incident-resolved, devlake-incident-resolved-previous\]/,
  );
});

test("the API key travels DevLake → Secret → PushSecret → Vault → ExternalSecret → argocd-notifications-secret", () => {
  const model = resolveFrom(CONFIG, RELEASES);
  const objects = buildDora(
    model,
    model.environments.find((e) => e.isManagement)!,
  ).map((o) => o.toJSON() as Obj);
  const byKind = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const push = byKind("PushSecret", DEVLAKE_SECRETS.apiKey);
  const key = `${model.platform.managementEnvironment}/platform/${DEVLAKE_API_KEY_VAULT.path}`;
  assert.equal(push.spec.data[0].match.remoteRef, { remoteKey: key, property: DEVLAKE_API_KEY_VAULT.property });
  const notifications = byKind("ExternalSecret", "argocd-notifications-secret");
  assert.is(notifications.metadata.namespace, "argocd");
  assert.equal(notifications.spec.data, [{ secretKey: "devlake-api-key", remoteRef: { key, property: "token" } }]);
  const encryption = byKind("ExternalSecret", DEVLAKE_SECRETS.encryption);
  assert.is(encryption.spec.data[0].secretKey, "ENCRYPTION_SECRET");
  const job = byKind("Job", "devlake-setup");
  // A Sync hook: it runs at every sync, in its wave (after DevLake is up, before the PushSecret that needs its Secret).
  assert.is(job.metadata.annotations["argocd.argoproj.io/hook"], "Sync");
  assert.match(job.spec.template.spec.containers[0].image, /:\d+\.\d+\.\d+-alpine\d+\.\d+$/, "an exact tag");
  const role = byKind("Role", "devlake-setup");
  assert.equal(role.rules[0].resourceNames, [DEVLAKE_SECRETS.apiKey]);
  for (const o of objects)
    buildDora(
      model,
      model.environments.find((e) => e.isManagement)!,
    )
      .find((x) => (x.toJSON() as Obj).metadata.name === o.metadata.name && (x.toJSON() as Obj).kind === o.kind)!
      .validate();
  // The platform store serves the namespaces that read platform secrets.
  const store = buildSecretStore({ model, env: model.environments.find((e) => e.isManagement)! })!.toJSON() as Obj;
  assert.ok(store.spec.conditions[0].namespaces.includes("devlake"));
});

test("DORA's setup syncs in the order the key travels, inside DevLake's Application (chart at wave 0)", () => {
  const model = resolveFrom(CONFIG, RELEASES);
  const [file] = generateDora(model);
  assert.ok(file?.type === "objects");
  if (file?.type !== "objects") return;
  const wave = (kind: string, name: string) => {
    const o = file.objects.map((x) => x.toJSON() as Obj).find((x) => x.kind === kind && x.metadata.name === name)!;
    return Number(o.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
  };
  // The chart reads the encryption key at start; the Job calls DevLake's API and creates the key's Secret, which
  // the PushSecret writes to Vault, where the notifications' ExternalSecret reads it.
  assert.ok(wave("ExternalSecret", DEVLAKE_SECRETS.encryption) < 0, "before the chart");
  assert.ok(wave("Job", "devlake-setup") > 0, "after the chart");
  assert.ok(wave("PushSecret", DEVLAKE_SECRETS.apiKey) > wave("Job", "devlake-setup"));
  assert.ok(wave("ExternalSecret", "argocd-notifications-secret") > wave("PushSecret", DEVLAKE_SECRETS.apiKey));
});

test("setup config: one project per team with its GitHub repositories", () => {
  assert.equal(setupConfig(resolveFrom(CONFIG, RELEASES)).teams, [
    { name: "web", description: "Web: DORA metrics of its services.", repos: ["m/api", "m/ui"] },
  ]);
  const CASES: [string, string | undefined][] = [
    ["https://github.com/a/b", "a/b"],
    ["https://github.com/a/b.git", "a/b"],
    ["https://gitlab.com/a/b", undefined],
  ];
  for (const [url, want] of CASES) assert.is(githubRepository(url), want, url);
});

testUnless(
  test,
  which("python3") ? undefined : "python3 is not installed here",
  "the setup program is valid Python",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "fawkes-dora-"));
    try {
      writeFileSync(join(dir, "setup.py"), SETUP_SCRIPT);
      const parse = "import ast,sys; ast.parse(open(sys.argv[1]).read())";
      execFileSync("python3", ["-c", parse, join(dir, "setup.py")], { stdio: "pipe" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test.run();
