// Real tools on this machine (groovyc, mkdocs, terraform): tests that need one skip with a reason without it.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";

/** The path of `tool` on PATH, or undefined. */
export function which(tool: string): string | undefined {
  const result = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** JAVA_HOME for groovyc, from the java on PATH when the environment does not set a usable one. */
export function javaHome(): string | undefined {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, "bin/java"))) return process.env.JAVA_HOME;
  const java = which("java");
  return java ? dirname(dirname(realpathSync(java))) : undefined;
}
