// Checks that need a real tool: the Groovy library compiles (groovyc), the docs site builds strictly
// (mkdocs). Each skips with a reason when its tool is absent; .ci/run installs both.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { REPO } from "./helpers/repo.ts";
import { testUnless } from "./helpers/skip.ts";
import { javaHome, which } from "./helpers/tools.ts";

const test = suite("real tools");

const groovyc = which("groovyc");
const noGroovy = groovyc && javaHome() ? undefined : "groovyc (Debian package groovy) or java is not installed";
testUnless(test, noGroovy, "the Jenkins shared library compiles", () => {
  const out = mkdtempSync(join(tmpdir(), "fawkes-groovy-"));
  try {
    const library = join(REPO, "jenkins-shared-library");
    const sources = [
      "src/dev/fawkes/BuildTool.groovy",
      "src/dev/fawkes/DevLake.groovy",
      "vars/fawkesPipeline.groovy",
    ].map((f) => join(library, f));
    const result = spawnSync(groovyc!, ["-d", out, ...sources], {
      encoding: "utf8",
      env: { ...process.env, JAVA_HOME: javaHome() },
    });
    assert.is(result.status, 0, result.stderr + result.stdout);
    assert.ok(existsSync(join(out, "dev/fawkes/BuildTool.class")));
    assert.ok(existsSync(join(out, "fawkesPipeline.class")));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

const mkdocs = which("mkdocs");
const noMkdocs = mkdocs ? undefined : "mkdocs (Debian packages mkdocs, mkdocs-material) is not installed";
testUnless(test, noMkdocs, "mkdocs build --strict passes", () => {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-docs-"));
  try {
    cpSync(join(REPO, "mkdocs.yml"), join(dir, "mkdocs.yml"));
    symlinkSync(join(REPO, "docs"), join(dir, "docs"));
    const result = spawnSync(mkdocs!, ["build", "--strict", "--site-dir", join(dir, "site")], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.is(result.status, 0, result.stderr + result.stdout);
    assert.ok(existsSync(join(dir, "site/index.html")));
    assert.ok(existsSync(join(dir, "site/reference/config/index.html")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
