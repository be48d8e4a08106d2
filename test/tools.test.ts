// Checks that need a real tool: the Groovy library compiles (groovyc), the docs site builds strictly
// (mkdocs). Each skips with a reason when its tool is absent; .ci/run installs both.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { REPO } from "./helpers/repo.ts";
import { testUnless } from "./helpers/skip.ts";

const test = suite("real tools");

function which(tool: string): string | undefined {
  const result = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** JAVA_HOME for groovyc, from the java on PATH when the environment does not set a usable one. */
function javaHome(): string | undefined {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, "bin/java"))) return process.env.JAVA_HOME;
  const java = which("java");
  return java ? dirname(dirname(realpathSync(java))) : undefined;
}

const groovyc = which("groovyc");
testUnless(
  test,
  !groovyc || !javaHome() ? "groovyc (Debian package groovy) or java is not installed" : undefined,
  "the Jenkins shared library compiles",
  () => {
    if (!groovyc) return;
    const out = mkdtempSync(join(tmpdir(), "fawkes-groovy-"));
    try {
      const library = join(REPO, "jenkins-shared-library");
      const sources = [
        "src/dev/fawkes/BuildTool.groovy",
        "src/dev/fawkes/Release.groovy",
        "vars/fawkesPipeline.groovy",
      ].map((f) => join(library, f));
      const result = spawnSync(groovyc, ["-d", out, ...sources], {
        encoding: "utf8",
        env: { ...process.env, JAVA_HOME: javaHome() },
      });
      assert.is(result.status, 0, result.stderr + result.stdout);
      assert.ok(existsSync(join(out, "dev/fawkes/BuildTool.class")));
      assert.ok(existsSync(join(out, "fawkesPipeline.class")));
      // The release helpers behave: what Jenkins dispatches to the platform repository's release workflow.
      const groovy = which("groovy");
      if (groovy) {
        const script = [
          "import dev.fawkes.Release",
          "assert Release.repositoryOf('https://github.com/acme/platform.git') == 'acme/platform'",
          "def digest = 'sha256:' + 'a' * 64",
          "assert Release.imageTag('3f2c1a9', digest) == '3f2c1a9@' + digest",
          "try { Release.imageTag('3f2c1a9', 'latest'); assert false } catch (IllegalArgumentException ignored) {}",
          "assert new groovy.json.JsonSlurper().parseText(Release.dispatchBody('main', 'api', 'dev', 'x')) == [ref: 'main', inputs: [service: 'api', environment: 'dev', image: 'x']]",
          // A monorepo service's folder: relative and inside the checkout, or the root.
          "import dev.fawkes.BuildTool",
          "assert BuildTool.folder(null) == '.' && BuildTool.folder('') == '.'",
          "assert BuildTool.folder('services/checkout/') == 'services/checkout'",
          "for (p in ['/etc', '../x', 'a/../../b', 'a b', \"a'b\"]) { try { BuildTool.folder(p); assert false : p } catch (IllegalArgumentException ignored) {} }",
        ].join("\n");
        const run = spawnSync(groovy, ["-cp", out, "-e", script], {
          encoding: "utf8",
          env: { ...process.env, JAVA_HOME: javaHome() },
        });
        assert.is(run.status, 0, run.stderr + run.stdout);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
);

const mkdocs = which("mkdocs");
testUnless(
  test,
  !mkdocs ? "mkdocs (Debian packages mkdocs, mkdocs-material) is not installed" : undefined,
  "mkdocs build --strict passes",
  () => {
    if (!mkdocs) return;
    const dir = mkdtempSync(join(tmpdir(), "fawkes-docs-"));
    try {
      cpSync(join(REPO, "mkdocs.yml"), join(dir, "mkdocs.yml"));
      symlinkSync(join(REPO, "docs"), join(dir, "docs"));
      const result = spawnSync(mkdocs, ["build", "--strict", "--site-dir", join(dir, "site")], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.is(result.status, 0, result.stderr + result.stdout);
      assert.ok(existsSync(join(dir, "site/index.html")));
      assert.ok(existsSync(join(dir, "site/reference/config/index.html")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test.run();
