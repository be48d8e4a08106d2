// DORA: ArgoCD's notifications reach the routes DevLake v1.0.3-beta10 serves, with its API key, and the
// setup Job declares DevLake's connections, scopes, projects and blueprints from the config.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { CENTRAL_ROUTES, DEVLAKE_API_KEY_VAULT, DEVLAKE_SECRETS, centralHosts } from "../../core/names.ts";
import { groupEntities } from "../../generators/backstage/entities.ts";
import { devlakeValues } from "../../generators/helm-values/central-components.ts";
import { DEVLAKE_DORA_DASHBOARD, DEVLAKE_FACTS } from "../../schema/chart-facts/devlake.ts";
import { buildDora, generateDora, githubRepository, setupConfig } from "../../generators/dora/index.ts";
import { SETUP_SCRIPT } from "../../generators/dora/setup-script.ts";
import {
  DEGRADED_TRIGGER,
  NOTIFIED_ANNOTATION,
  degradedRecordPrefix,
  doraNotifications,
} from "../../generators/helm-values/dora-notifications.ts";
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

/** The webhook body of a notification template: the YAML block under `body: |`, unindented. */
const bodyOf = (template: string): string =>
  (parse(template) as { webhook: { devlake: { body: string } } }).webhook.devlake.body;

/**
 * A body rendered for its shape, the way ArgoCD renders it with sample values: statements (`{{- … -}}`, which
 * print nothing) dropped, the first branch of each inline if kept, each value action replaced by a sample of its
 * kind (a date for times, else a word).
 */
function renderSample(body: string): unknown {
  const text = body
    .replace(/\{\{-[^}]*-\}\}\n?/g, "")
    .replace(/\{\{if [^}]*\}\}(.*?)\{\{else\}\}.*?\{\{end\}\}/g, "$1")
    .replace(/\{\{([^}]*)\}\}/g, (_, action: string) =>
      /(lastTransitionTime|startedAt|finishedAt|deployedAt|dateInZone)/.test(action) ? "2024-05-01T10:00:00Z" : "x",
    );
  return JSON.parse(text);
}

/** What DevLake v1.0.3-beta10 requires of an issue (backend/plugins/webhook/api/issues.go, WebhookIssueRequest). */
function assertIssue(issue: Obj, what: string): void {
  for (const key of ["issueKey", "title", "originalStatus", "createdDate"]) assert.ok(issue[key], `${what}: ${key}`);
  assert.ok(["TODO", "DONE", "IN_PROGRESS"].includes(issue.status), `${what}: status`);
  assert.is(issue.type, "INCIDENT", what);
  for (const key of Object.keys(issue).filter((k) => k.endsWith("Date")))
    assert.ok(!Number.isNaN(Date.parse(issue[key])), `${what}: ${key} is a date`);
}

test("deployments carry the dates DevLake requires; incidents open on Degraded, in production", () => {
  const n = doraNotifications(["prod"]) as Obj;
  const deployment = renderSample(bodyOf(n.templates["template.devlake-deployment"])) as Obj;
  for (const key of ["id", "startedDate", "finishedDate"]) assert.ok(deployment[key], key);
  for (const key of ["repoUrl", "commitSha", "startedDate", "finishedDate"])
    assert.ok(deployment.deploymentCommits[0][key], key);
  const incident = renderSample(bodyOf(n.templates["template.devlake-incident"])) as Obj;
  assertIssue(incident, "incident");
  assert.is(incident.status, "TODO");
  const [degraded] = parse(n.triggers[`trigger.${DEGRADED_TRIGGER}`]) as Obj[];
  assert.match(degraded!.when, /Degraded' and \(app\.metadata\.labels\['fawkes\.dev\/environment'\] == 'prod'\)/);
  assert.equal(degraded!.send, ["devlake-incident"]);
});

test("a recovery resolves the incident with the dates time to restore needs, not DevLake's close (which sets none)", () => {
  const n = doraNotifications(["prod"]) as Obj;
  const resolved = n.templates["template.devlake-incident-resolved"] as string;
  // issue/:issueKey/close sets status DONE only (issues.go, closeIssue): resolution_date would stay empty.
  assert.not.match(resolved, /\/close/);
  assert.match(parse(resolved).webhook.devlake.path, /\/issues$/);
  const issue = renderSample(bodyOf(resolved)) as Obj;
  assertIssue(issue, "resolution");
  assert.is(issue.status, "DONE");
  assert.ok(issue.resolutionDate, "resolutionDate: DevLake's queries filter incidents on it");
  // Posting an issue replaces it: the resolution carries the same key as the incident it resolves.
  const incident = renderSample(bodyOf(n.templates["template.devlake-incident"])) as Obj;
  assert.is(issue.issueKey, incident.issueKey);
  const [recovered] = parse(n.triggers["trigger.on-health-recovered"]) as Obj[];
  assert.match(recovered!.when, /Healthy' and \(app\.metadata\.labels\['fawkes\.dev\/environment'\] == 'prod'\)/);
  assert.ok(recovered!.oncePer, "once per incident");
  assert.equal(recovered!.send, ["devlake-incident-resolved"]);
});

test("the recovery finds the incident and its opening date in ArgoCD's record of the degraded notification", () => {
  const n = doraNotifications(["prod"]) as Obj;
  const body = bodyOf(n.templates["template.devlake-incident-resolved"]);
  const goString = (s: string) => JSON.parse(`"${s}"`) as string;
  const [, containsFormat] = /contains \(printf "((?:[^"\\]|\\.)*)" \$entry\.revision\)/.exec(body) ?? [];
  const [, sinceFormat] =
    /\$since := regexFind \(printf "((?:[^"\\]|\\.)*)" \(regexQuoteMeta \$revision\)\)/.exec(body) ?? [];
  assert.ok(containsFormat && sinceFormat, "the template looks the record up");
  // The record as notifications-engine writes it (pkg/controller/state.go: "<oncePer>:<trigger>:<condition>:
  // <service>:<recipient>" → Unix seconds), for a revision degraded at 2024-05-01T10:00:00Z.
  const opened = Date.parse("2024-05-01T10:00:00Z") / 1000;
  const state = JSON.stringify({
    "abc123:on-deployed:[0].k1:devlake:": opened - 600,
    [`abc123:${DEGRADED_TRIGGER}:[0].k2:devlake:`]: opened,
    "def456:on-deployed:[0].k1:devlake:": opened + 600,
  });
  const holds = (revision: string) => state.includes(goString(containsFormat!).replace("%s", revision));
  assert.ok(holds("abc123"));
  assert.not.ok(holds("def456"), "the fix's revision has no incident: the previous one is resolved");
  const quote = (r: string) => r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const found = new RegExp(goString(sinceFormat!).replace("%s", quote("abc123"))).exec(state)?.[0];
  const since = /[0-9]+$/.exec(found ?? "")?.[0];
  assert.is(new Date(Number(since) * 1000).toISOString(), "2024-05-01T10:00:00.000Z");
  // The trigger looks for the same record: its prefix, for a revision, is the one the template looks for.
  const [recovered] = parse(n.triggers["trigger.on-health-recovered"]) as Obj[];
  const [degraded] = parse(n.triggers[`trigger.${DEGRADED_TRIGGER}`]) as Obj[];
  const exprNeedles = [...recovered!.when.matchAll(/contains \('"' \+ (.+?) \+ '(:[\w-]+:)'\)/g)];
  assert.is(exprNeedles.length, 2, "the last revision and the one before");
  for (const [, revision, rest] of exprNeedles) {
    assert.is(`"abc123${rest}`, goString(containsFormat!).replace("%s", "abc123"));
    assert.ok(revision!.endsWith(".revision"), revision);
  }
  assert.is(exprNeedles[0]![1], degraded!.oncePer, "the record is keyed by the revision the recovery looks for");
  assert.is(degradedRecordPrefix("abc123"), goString(containsFormat!).replace("%s", "abc123"));
  assert.ok(body.includes(`"${NOTIFIED_ANNOTATION}"`), "the template reads the record");
  assert.ok(recovered!.when.includes(`'${NOTIFIED_ANNOTATION}'`), "the trigger reads the record");
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

/** Why the tests that run the setup program skip, if they do. */
const NO_PYTHON = which("python3") ? undefined : "python3 is not installed here";

testUnless(test, NO_PYTHON, "the setup program is valid Python", () => {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-dora-"));
  try {
    writeFileSync(join(dir, "setup.py"), SETUP_SCRIPT);
    const parse = "import ast,sys; ast.parse(open(sys.argv[1]).read())";
    execFileSync("python3", ["-c", parse, join(dir, "setup.py")], { stdio: "pipe" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Runs `body` (Python) with the setup program imported as `setup`, `lake` and `call` replaced by fakes of
 * DevLake and GitHub that record each request; answers what `body` prints as JSON.
 */
function runSetup(body: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-dora-"));
  try {
    writeFileSync(join(dir, "setup.py"), SETUP_SCRIPT);
    const harness = [
      "import importlib.util, io, json, os, sys, contextlib",
      `spec = importlib.util.spec_from_file_location("setup", ${JSON.stringify(join(dir, "setup.py"))})`,
      "setup = importlib.util.module_from_spec(spec); spec.loader.exec_module(setup)",
      "os.environ['GITHUB_TOKEN'] = 't'",
      // A local fake is reached directly, whatever proxy the machine sets.
      "[os.environ.pop(k) for k in list(os.environ) if k.lower().endswith('_proxy')]",
      "requests = []",
      body,
    ].join("\n");
    return JSON.parse(execFileSync("python3", ["-c", harness], { encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

testUnless(
  test,
  NO_PYTHON,
  "the setup program looks up on GitHub only repositories DevLake does not know, and stops at its rate limit",
  () => {
    const result = runSetup(`
setup.SCOPE_PAGE = 2
known_rows = [{"scope": {"githubId": 1, "fullName": "m/a"}}, {"scope": {"githubId": 2, "fullName": "m/B"}}, {"scope": {"githubId": 5, "fullName": "m/e"}}]
listing = {"status": 200}
def call(method, url, body=None, headers=None, context=None):
    requests.append([method, url.split("/plugins/")[1], None])
    if listing["status"] != 200:
        return listing["status"], None
    page = int(url.split("page=")[1].split("&")[0])
    return 200, {"count": len(known_rows), "scopes": known_rows[(page - 1) * 2:page * 2]}
def lake(method, path, body=None):
    requests.append([method, path, body])
    return {}
repos = {
    "m/c": (200, {"id": 3, "name": "c", "full_name": "m/c", "html_url": "h", "clone_url": "c"}, False),
    "m/d": (404, None, False),
    "m/s": (403, None, False),
    "m/f": (403, None, True),
}
def github(path, token):
    name = path.split("/repos/")[1]
    requests.append(["GET", name, None])
    return repos[name]
setup.lake, setup.call, setup.github = lake, call, github
out = io.StringIO()
with contextlib.redirect_stdout(out):
    known = setup.known_scopes(7)
    ids = setup.github_scopes(7, ["m/a", "m/b", "m/c", "m/d", "m/s", "m/f", "m/g"], known)
    again = setup.github_scopes(7, ["m/c", "m/e", "m/h"], known)
    listing["status"] = 500
    unlisted = setup.known_scopes(7)
print(json.dumps({"ids": ids, "again": again, "unlisted": unlisted, "requests": requests, "printed": out.getvalue()}))
`) as {
      ids: string[];
      again: string[];
      unlisted: Record<string, number>;
      requests: [string, string, unknown][];
      printed: string;
    };
    assert.equal(result.ids, ["1", "2", "3"], "known ones as they are (GitHub's names ignore case), the new one found");
    assert.equal(result.again, ["3", "5"], "what one team found, the next does not look up");
    assert.equal(
      result.requests.map(([method, path]) => `${method} ${path}`),
      [
        "GET github/connections/7/scopes?page=1&pageSize=2",
        "GET github/connections/7/scopes?page=2&pageSize=2",
        "GET m/c",
        "GET m/d",
        "GET m/s",
        "GET m/f",
        "PUT /plugins/github/connections/7/scopes",
        "GET github/connections/7/scopes?page=1&pageSize=2",
      ],
      "neither m/g nor the next team's m/h is asked for once GitHub refused for its rate limit",
    );
    assert.equal(
      (result.requests[6]![2] as { data: { fullName: string }[] }).data.map((s) => s.fullName),
      ["m/c"],
    );
    assert.match(result.printed, "skipping m/d: GitHub answered HTTP 404");
    assert.match(result.printed, "skipping m/s: GitHub answered HTTP 403", "a 403 for one repository skips it alone");
    assert.match(result.printed, "GitHub answered HTTP 403 (its rate limit): 4 repositories wait for the next run");
    assert.equal(result.unlisted, {}, "DevLake cannot list its scopes: every repository is looked up");
    assert.match(result.printed, "listing the GitHub scopes: HTTP 500");
  },
);

testUnless(
  test,
  NO_PYTHON,
  "the setup program tells GitHub's rate limit from a refusal of one repository by the answer's headers",
  () => {
    const result = runSetup(`
import http.server, threading
ANSWERS = {
    "/repos/m/ok": (200, {}),
    "/repos/m/saml": (403, {}),
    "/repos/m/spent": (403, {"X-RateLimit-Remaining": "0"}),
    "/repos/m/secondary": (403, {"Retry-After": "60"}),
    "/repos/m/many": (429, {}),
}
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status, headers = ANSWERS[self.path]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(b'{"id": 9}' if status == 200 else b'{"message": "no"}')
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
setup.GITHUB_API = "http://127.0.0.1:%d" % server.server_port
print(json.dumps({name: list(setup.github("/repos/m/" + name, "t")) for name in ["ok", "saml", "spent", "secondary", "many"]}))
server.shutdown()
`);
    assert.equal(result, {
      ok: [200, { id: 9 }, false],
      saml: [403, null, false],
      spent: [403, null, true],
      secondary: [403, null, true],
      many: [429, null, true],
    });
  },
);

test("the four metrics on DevLake's own DORA dashboard: on, behind the DevLake host, the UI's credentials, linked per team", () => {
  const model = resolveFrom(CONFIG, RELEASES);
  const env = model.environments.find((e) => e.isManagement)!;
  const values = devlakeValues({ model, env, component: model.installed("devlake")! }) as Obj;
  assert.is(values.grafana.enabled, true);
  // The config UI proxies /grafana/ with basic auth off: Grafana's login, with the same credentials, guards it.
  assert.is(values.grafana.admin.existingSecret, values.ui.basicAuth.secretName);
  assert.is(values.grafana["grafana.ini"]["auth.anonymous"].enabled, false);
  const uiAuth = buildDora(model, env)
    .map((o) => o.toJSON() as Obj)
    .find((o) => o.kind === "ExternalSecret" && o.metadata.name === DEVLAKE_SECRETS.uiAuth)!;
  const keys = uiAuth.spec.data.map((d: Obj) => d.secretKey);
  assert.ok(keys.includes(values.grafana.admin.userKey) && keys.includes(values.grafana.admin.passwordKey), keys);
  assert.ok(
    DEVLAKE_FACTS.secretsRead.some((r) => r.name === DEVLAKE_SECRETS.uiAuth && r.readBy === "devlake-grafana"),
    "the chart facts know Grafana reads it",
  );
  assert.not.ok(DEVLAKE_FACTS.createsSecrets.includes("devlake-grafana"), "no generated admin password");
  // Served where the DevLake UI is: its host, through the config UI's Service, under /grafana.
  const root = new URL(values.grafana["grafana.ini"].server.root_url);
  assert.is(root.host, centralHosts(model.platform.domain).devlake);
  assert.is(root.pathname, "/grafana");
  assert.is(CENTRAL_ROUTES.devlake.service, "devlake-ui");
  // Each team's Group links its DevLake project on the DORA dashboard.
  const projects = (setupConfig(model).teams as { name: string }[]).map((t) => t.name);
  const groups = groupEntities(model).filter((g) => projects.includes(g.metadata.name));
  assert.is(groups.length, projects.length);
  for (const group of groups) {
    const link = new URL((group.metadata.links as { url: string }[])[0]!.url);
    assert.is(`${link.origin}${link.pathname}`, `${root.href}/d/${DEVLAKE_DORA_DASHBOARD.uid}/dora`);
    assert.is(link.searchParams.get(`var-${DEVLAKE_DORA_DASHBOARD.projectVariable}`), group.metadata.name);
  }
  const without = resolveFrom(
    { ...CONFIG, components: { ...CONFIG.components, devlake: { enabled: false } } },
    RELEASES,
  );
  assert.not.ok(
    groupEntities(without).some((g) => g.metadata.links),
    "no link without DevLake",
  );
});

test.run();
