// Certificates within Let's Encrypt's rate limits (core/checks/certificates.ts): counted per registered domain
// over every environment, an error over 50 new certificates a week, a warning over 40; the example stays within.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { certificatesPerDomain, checkCertificateBudget, registeredDomain } from "../core/checks/certificates.ts";
import { formatProblem } from "../core/problems.ts";
import { generateExample, pipelineIn } from "./helpers/pipeline.ts";
import { REPO, writeCase } from "./helpers/repo.ts";

test("a host's registered domain is its last two labels", () => {
  const cases: [string, string][] = [
    ["checkout-api.dev.acme.dev", "acme.dev"],
    ["grafana.acme.dev", "acme.dev"],
    ["acme.dev", "acme.dev"],
  ];
  for (const [host, want] of cases) assert.is(registeredDomain(host), want, host);
});

test("the example stays within the budget, counting every environment's hosts", async () => {
  const { model, warnings } = await generateExample();
  const counts = certificatesPerDomain(model);
  const hosts = [...model.gateways.values()].flatMap((p) => p.gateways.flatMap((g) => g.hosts));
  assert.equal([...counts.keys()], ["acme.dev"]);
  assert.is(counts.get("acme.dev")!.hosts.length, hosts.length);
  assert.ok(hosts.length > 10 && hosts.length <= 40, `${hosts.length} hosts`);
  assert.equal(checkCertificateBudget(model), []);
  assert.not.ok(warnings.some((w) => w.code === "certificate-rate-limit"));
});

const MINIMAL = readFileSync(join(REPO, "test", "golden", "minimal", "fawkes.config.ts"), "utf8");
const RELEASES = readFileSync(join(REPO, "test", "golden", "minimal", "releases.yaml"), "utf8");

/** The minimal golden config with `count` more exposed services. */
function manyServices(count: number, budget?: number): string {
  const services = Array.from(
    { length: count },
    (_, i) =>
      `    "svc-${i}": { team: "web", description: "Service ${i}.", port: 8080, replicas: 1, expose: true, build: { type: "node", repo: "https://github.com/mini/svc-${i}" } },`,
  ).join("\n");
  const config = MINIMAL.replace("  services: {\n", `  services: {\n${services}\n`);
  return budget === undefined
    ? config
    : config.replace('acmeEmail: "ops@mini.example"', `acmeEmail: "ops@mini.example", certificatesPerWeek: ${budget}`);
}

/** Each service released to dev and prod (a service without a release is not deployed). */
const releases = (count: number): string =>
  RELEASES + Array.from({ length: count }, (_, i) => `svc-${i}:\n  dev: 1.0.0\n  prod: 1.0.0\n`).join("");

async function run(count: number, budget?: number) {
  const dir = writeCase(manyServices(count, budget), releases(count));
  return pipelineIn(dir, "fawkes.config.ts");
}

test("many exposed services over Let's Encrypt's weekly budget fail generation at components.certManager", async () => {
  const result = await run(22);
  assert.is(result.ok, false);
  const problems = result.ok ? [] : result.problems.filter((p) => p.code === "certificate-rate-limit");
  assert.is(problems.length, 1, problems.map(formatProblem).join("\n"));
  const [p] = problems;
  assert.equal(p!.path, ["components", "certManager"]);
  assert.is(p!.severity, undefined);
  // 23 services (the golden's site and 22 more) in dev and prod, plus the management cluster's 9 own hosts.
  assert.match(p!.message, /^55 certificates for hosts under mini\.example \(one per host, in dev, prod\): over/);
  assert.match(p!.hint!, /own registered domain .* raise components\.certManager\.certificatesPerWeek/);
  const line = MINIMAL.split("\n").findIndex((l) => l.includes("certManager: {")) + 1;
  assert.is(p!.position.line, line + 22, "located at components.certManager in the config");
});

test("close to the budget is a warning, and generation goes on", async () => {
  const result = await run(19);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  const warnings = result.warnings.filter((w) => w.code === "certificate-rate-limit");
  assert.is(warnings.length, 1);
  assert.is(warnings[0]!.severity, "warning");
  assert.match(
    warnings[0]!.message,
    /close to the 50 new certificates per registered domain per week the ACME server allows \(Let's Encrypt's limit\)/,
  );
});

test("a raised limit (an approved rate-limit adjustment) lets the same platform generate", async () => {
  const result = await run(22, 100);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  assert.not.ok(result.warnings.some((w) => w.code === "certificate-rate-limit"));
});

test.run();
