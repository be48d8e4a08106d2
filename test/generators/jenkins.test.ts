// Jenkins builds and releases by itself: credentials from Vault, GitHub webhook and periodic scan, pull
// request builds, and releases and promotions as reviewed pull requests from generated workflows.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildJenkinsCredentials, JENKINS_CREDENTIALS } from "../../generators/cluster-config/jenkins.ts";
import { buildSecretStore } from "../../generators/cluster-config/secret-store.ts";
import { promoteWorkflow, releaseWorkflow } from "../../generators/github/workflows.ts";
import { buildDevcontainer, buildDevfile, jenkinsfile } from "../../generators/cde/index.ts";
import { jenkinsValues, jobDsl } from "../../generators/helm-values/jenkins.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

type Obj = Record<string, any>;
const test = suite("jenkins");

const CONFIG = {
  ...SMALL,
  services: {
    api: { team: "web", description: "api", build: { type: "node" as const, repo: "https://github.com/m/api.git" } },
  },
  components: { ...SMALL.components, jenkins: { enabled: true } },
};
const model = () => resolveFrom(CONFIG, { api: { dev: "1", prod: "1" } });

test("credentials come from Vault as Secrets the credentials provider reads", () => {
  const m = model();
  const env = m.environments.find((e) => e.isManagement)!;
  const secrets = buildJenkinsCredentials({ model: m, env });
  for (const s of secrets) s.validate();
  const json = secrets.map((s) => s.toJSON() as Obj);
  assert.equal(
    json.map((s) => s.metadata.name),
    Object.keys(JENKINS_CREDENTIALS),
  );
  for (const s of json) {
    assert.is(s.metadata.namespace, "jenkins");
    assert.ok(s.spec.target.template.metadata.labels["jenkins.io/credentials-type"]);
    for (const d of s.spec.data) assert.match(d.remoteRef.key, new RegExp(`^${env.name}/platform/jenkins/`));
  }
  assert.equal(
    json[0]!.spec.data.map((d: Obj) => d.secretKey),
    ["password", "username"],
  );
  assert.ok((buildSecretStore({ model: m, env })!.toJSON() as Obj).spec.conditions[0].namespaces.includes("jenkins"));
  assert.equal(buildJenkinsCredentials({ model: m, env: m.environments[0]! }), [], "central only");
});

test("jobs discover branches and pull requests on GitHub, with webhook and a periodic scan", () => {
  const m = model();
  const dsl = jobDsl({ model: m, env: m.environments[1]!, component: m.installed("jenkins")! });
  assert.match(dsl, /repoOwner\('m'\)\n\s+repository\('api'\)/);
  assert.match(dsl, /credentialsId\('github'\)/);
  assert.match(dsl, /gitHubPullRequestDiscovery/);
  assert.match(dsl, /periodicFolderTrigger \{ interval\('1h'\) \}/);
  const values = jenkinsValues({ model: m, env: m.environments[1]!, component: m.installed("jenkins")! }) as Obj;
  assert.ok(values.controller.additionalPlugins.includes("kubernetes-credentials-provider"));
  assert.is(values.rbac.readSecrets, true);
  assert.match(values.controller.JCasC.configScripts["fawkes-github"], /manageHooks: true/);
  assert.match(
    values.controller.JCasC.configScripts["fawkes-github"],
    /hookUrl: https:\/\/jenkins\.m\.example\/github-webhook\//,
  );
});

test("a service in a monorepo: its job reads the Jenkinsfile in its folder, which passes the folder on", () => {
  const services = {
    api: CONFIG.services.api,
    web: {
      team: "web",
      description: "web",
      build: { type: "node" as const, repo: "https://github.com/m/mono", path: "apps/web" },
    },
  };
  const m = resolveFrom({ ...CONFIG, services }, { api: { dev: "1", prod: "1" }, web: { dev: "1", prod: "1" } });
  const dsl = jobDsl({ model: m, env: m.environments[1]!, component: m.installed("jenkins")! });
  const job = (name: string) => dsl.slice(dsl.indexOf(`multibranchPipelineJob('web/${name}')`)).split(/\n}\n/)[0]!;
  assert.match(job("web"), /factory \{\n\s+workflowBranchProjectFactory \{ scriptPath\('apps\/web\/Jenkinsfile'\) \}/);
  assert.not.match(job("api"), /scriptPath/, "a repository of its own keeps the root Jenkinsfile");
  const web = m.services.find((s) => s.name === "web")!;
  assert.is(
    jenkinsfile(web),
    "@Library('fawkes') _\n\nfawkesPipeline(service: 'web', team: 'web', buildType: 'node', path: 'apps/web')\n",
  );
  assert.is(buildDevfile(web).commands[0]!.exec.workingDir, "${PROJECT_SOURCE}/apps/web");
  assert.is(buildDevcontainer(web).workspaceFolder, "/workspaces/${localWorkspaceFolderBasename}/apps/web");
  const api = m.services.find((s) => s.name === "api")!;
  assert.is(buildDevfile(api).commands[0]!.exec.workingDir, "${PROJECT_SOURCE}");
  assert.is(buildDevcontainer(api).workspaceFolder, undefined);
});

test("release and promote are dispatched workflows that open pull requests; inputs never pasted into scripts", () => {
  const m = model();
  for (const workflow of [releaseWorkflow(m), promoteWorkflow(m)] as Obj[]) {
    assert.ok(workflow.on.workflow_dispatch.inputs.service);
    assert.equal(workflow.permissions, { contents: "read" }, "the release App writes, not GITHUB_TOKEN");
    const steps = (Object.values(workflow.jobs)[0] as Obj).steps as Obj[];
    for (const step of steps)
      if (step.run) assert.not.match(step.run, /\$\{\{\s*inputs\./, `${workflow.name}: ${step.name}`);
    const script = steps.map((s) => s.run ?? "").join("\n");
    assert.match(script, /gh pr create/);
    assert.not.match(script, /git push origin (HEAD:)?main/);
  }
  const promote = promoteWorkflow(m) as Obj;
  assert.equal(
    [promote.on.workflow_dispatch.inputs.from.options, promote.on.workflow_dispatch.inputs.to.options],
    [["dev"], ["prod"]],
  );
});

test.run();
