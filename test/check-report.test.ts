// What `check` prints: annotations GitHub renders, unified diff headers, the right fix for each finding,
// exit 3 for input it cannot check, a named missing manifest, and a quiet end when stdout closes.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { escapeData, escapeProperty, firstDifferingLine } from "../cli/annotations.ts";
import { BIN, generatedRepo, inRepo } from "./helpers/scratch.ts";

const test = suite("check's report");
let dir = "";

test.before.each(async () => {
  dir = await generatedRepo();
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

const PAYMENTS = "out/platform/namespaces/prod/payments.yaml";

function editPayments(): number {
  const text = readFileSync(join(dir, PAYMENTS), "utf8");
  writeFileSync(join(dir, PAYMENTS), text.replace('pods: "80"', 'pods: "800"'));
  return text.slice(0, text.indexOf('pods: "80"')).split("\n").length;
}

test("workflow-command escaping: message data only %, CR, LF; properties also : and ,", () => {
  assert.is(escapeData("a: b, 100%\r\nc"), "a: b, 100%25%0D%0Ac");
  assert.is(escapeProperty("Fawkes drift: a, b"), "Fawkes drift%3A a%2C b");
  assert.is(firstDifferingLine("a\nb\nc\n", "a\nB\nc\n"), 2);
  assert.is(firstDifferingLine("a\r\nb\r\n", "a\nb\nc\n"), 2);
});

test("--format github: a line number, a readable message, an escaped title", async () => {
  const line = editPayments();
  const run = await inRepo(dir, ["check", "--format", "github"]);
  assert.is(run.code, 1);
  const annotation = run.stdout.split("\n").find((l) => l.startsWith("::error"))!;
  assert.is(
    annotation.slice(0, annotation.indexOf("::", 2)),
    `::error file=${PAYMENTS},line=${line},title=Fawkes drift%3A changed`,
  );
  assert.match(
    annotation,
    /::out\/platform\/namespaces\/prod\/payments\.yaml is changed \(differs from what the config generates: .*; from [A-Za-z.-]+(, [A-Za-z.-]+)*\)\.$/,
  );
  assert.not.match(annotation.slice(annotation.indexOf("::", 2)), /%3A|%2C/);
});

test("the diff has unified headers", async () => {
  editPayments();
  const run = await inRepo(dir, ["check"]);
  assert.match(run.stdout, new RegExp(`^--- a/${PAYMENTS}\\n\\+\\+\\+ b/${PAYMENTS}\\n@@ `, "m"));
});

test("a stray file: check says to delete it, not to run generate", async () => {
  writeFileSync(join(dir, "out/platform/apps/extra.yaml"), "kind: ConfigMap\n");
  const run = await inRepo(dir, ["check"]);
  assert.is(run.code, 1);
  assert.match(
    run.stdout,
    /^Fix:\n {2}delete out\/platform\/apps\/extra\.yaml \(Fawkes does not own it, so generate leaves it in place\)$/m,
  );
  assert.not.match(run.stdout, /run `npx fawkes generate`/);
  const github = await inRepo(dir, ["check", "--format", "github"]);
  assert.match(
    github.stdout,
    /^::error file=out\/platform\/apps\/extra\.yaml,line=1,title=Fawkes drift%3A unexpected::.*delete it/m,
  );
});

test("an invalid config exits 3 from check (not 1, which means drift); --help documents it", async () => {
  writeFileSync(
    join(dir, "fawkes.config.ts"),
    readFileSync(join(dir, "fawkes.config.ts"), "utf8").replace('cloud: "azure-eu",', 'cloud: "azure-us",'),
  );
  const run = await inRepo(dir, ["check"]);
  assert.is(run.code, 3, run.stderr);
  assert.match(run.stderr, /unknown cloud "azure-us"/);
  assert.is((await inRepo(dir, ["validate"])).code, 1);
  const help = await inRepo(dir, ["--help"]);
  assert.match(
    help.stdout,
    /Exit codes:\n {2}0 {2}success \(check: in sync\)\n {2}1 .*\(check: drift\)\n {2}2 .*\n {2}3 {2}check only: /,
  );
});

test("a missing manifest is named", async () => {
  rmSync(join(dir, ".fawkes/owned.txt"));
  const check = await inRepo(dir, ["check"]);
  assert.is(check.code, 1);
  assert.match(
    check.stdout,
    /^\.fawkes\/owned\.txt \(the manifest of owned files\) is missing, so Fawkes owns no file here\. Restore it from Git/m,
  );
  editPayments();
  const run = await inRepo(dir, ["generate"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /^out\/platform\/namespaces\/prod\/payments\.yaml: exists and is not owned by Fawkes/m);
  assert.match(run.stderr, /^\.fawkes\/owned\.txt \(the manifest of owned files\) is missing/m);
});

test("check | head: a closed stdout ends quietly", () => {
  writeFileSync(
    join(dir, "fawkes.config.ts"),
    readFileSync(join(dir, "fawkes.config.ts"), "utf8").replace(/domain: "acme\.dev"/, 'domain: "acme.example"'),
  );
  const run = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" check | head -n 1; exit $(( $? ))`], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.match(run.stdout, /^fawkes check: \d+ files out of sync/);
  // Only the config's own warnings may be on stderr: no EPIPE, no stack trace.
  assert.not.match(run.stderr, /EPIPE|Error|internal error|\n\s+at /);
  const piped = spawnSync(
    "sh",
    ["-c", `set -o pipefail 2>/dev/null; "${process.execPath}" "${BIN}" check | head -n 1 >/dev/null; echo "$?" >&2`],
    { cwd: dir, encoding: "utf8" },
  );
  assert.not.match(piped.stderr, /EPIPE|Error|internal error/);
});

test.run();
