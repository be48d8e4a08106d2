// The last manual hop of the golden path: the service request Backstage's template puts in the platform
// repository is applied by `fawkes apply-requests` — into a TypeScript or a YAML config — and `fawkes check`
// passes on the result; a bad request changes nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nunjucks from "nunjucks";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { addService } from "../core/config-edit.ts";
import { REQUESTS_DIR } from "../core/names.ts";
import { exampleYaml, writeForm } from "./helpers/config-forms.ts";
import { EXAMPLE_CONFIG, REPO, cli } from "./helpers/repo.ts";
import { generatedRepo, inRepo, snapshot } from "./helpers/scratch.ts";

const test = suite("apply-requests");

const scaffolder = new nunjucks.Environment(null, {
  autoescape: false,
  tags: { variableStart: "${{", variableEnd: "}}" },
});

/** The node-web Template's request, rendered as the scaffolder renders it for these answers. */
function request(values: Record<string, string>): string {
  const template = readFileSync(join(REPO, "out/catalog/templates/node-web/platform/service-request.yaml.njk"), "utf8");
  return scaffolder.renderString(template, { values });
}

const LEDGER = {
  name: "ledger-api",
  team: "payments",
  description: "Double-entry ledger",
  commit: "0123456789abcdef0123456789abcdef01234567",
};

function putRequest(dir: string, values: Record<string, string>): void {
  mkdirSync(join(dir, REQUESTS_DIR), { recursive: true });
  writeFileSync(join(dir, REQUESTS_DIR, `${values.name}.yaml`), request(values));
}

test("a TypeScript config: the request becomes services.ledger-api and its first release; check passes", async () => {
  const dir = await generatedRepo();
  putRequest(dir, LEDGER);
  const run = await inRepo(dir, ["apply-requests"]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /applied 1 service request: ledger-api/);
  const config = readFileSync(join(dir, "fawkes.config.ts"), "utf8");
  assert.match(config, /\n {4}"ledger-api": \{\n {6}team: "payments",\n {6}description: "Double-entry ledger",/);
  assert.ok(config.startsWith(EXAMPLE_CONFIG.slice(0, EXAMPLE_CONFIG.indexOf("  services: {"))), "the rest untouched");
  assert.match(readFileSync(join(dir, "releases.yaml"), "utf8"), /\nledger-api:\n {2}dev: 0123456789abcdef/);
  assert.not.ok(existsSync(join(dir, REQUESTS_DIR, "ledger-api.yaml")), "the request is consumed");
  assert.ok(existsSync(join(dir, "out/platform/services/dev/ledger-api/manifests.yaml")));
  assert.is((await inRepo(dir, ["check"])).code, 0);
});

test("a YAML config gets the same service", async () => {
  const dir = writeForm({ "fawkes.config.yaml": await exampleYaml() });
  assert.is((await cli(["generate", "-C", dir])).code, 0);
  putRequest(dir, LEDGER);
  const run = await cli(["apply-requests", "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  const config = readFileSync(join(dir, "fawkes.config.yaml"), "utf8");
  assert.match(config, /\n {2}ledger-api:\n {4}team: payments\n/);
  assert.match(config, /^# yaml-language-server/, "comments kept");
  assert.is((await cli(["check", "-C", dir])).code, 0);
});

test("a request for an unknown team: exit 1, every file as it was, the request kept", async () => {
  const dir = await generatedRepo();
  putRequest(dir, { ...LEDGER, team: "ledgers" });
  const before = snapshot(dir);
  const run = await inRepo(dir, ["apply-requests"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /services\.ledger-api\.team: unknown team "ledgers"/);
  assert.match(run.stderr, /were restored; the requests are still in \.fawkes\/requests\//);
  assert.equal(snapshot(dir), before);
});

test("refusals: an existing service, a request file misnamed, a config that builds its services in code", async () => {
  const dir = await generatedRepo();
  putRequest(dir, { ...LEDGER, name: "checkout-api" });
  const existing = await inRepo(dir, ["apply-requests"]);
  assert.is(existing.code, 1);
  assert.match(existing.stderr, /services\.checkout-api is already declared/);
  writeFileSync(join(dir, REQUESTS_DIR, "checkout-api.yaml"), request(LEDGER));
  const misnamed = await inRepo(dir, ["apply-requests"]);
  assert.match(misnamed.stderr, /requests service "ledger-api" but is named checkout-api\.yaml/);
  const built = addService("fawkes.config.ts", "export default defineConfig({ services: make() });\n", "x", {});
  assert.equal(built.ok, false);
  assert.match(!built.ok ? built.message : "", /not an object literal/);
});

test("no requests: nothing to do", async () => {
  const dir = await generatedRepo();
  const run = await inRepo(dir, ["apply-requests"]);
  assert.is(run.code, 0);
  assert.match(run.stdout, /no service requests in \.fawkes\/requests\//);
});

test.run();
