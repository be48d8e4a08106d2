#!/usr/bin/env node
// Entry point: the CLI is compiled ahead of time into dist/ (npm run build), so start-up runs plain JavaScript.
// The Node version is checked before anything else loads: older versions cannot strip the config's types.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`Fawkes needs Node >= 22.18, you have ${process.versions.node}.\n`);
  process.exit(1);
}
// V8's code cache on disk (Node's compile cache): later runs skip compiling the CLI's modules. Kept in the
// installation's node_modules/.cache, which only its owner writes: in Node's default, the shared temp folder,
// another user of the machine could plant an entry (a config's stripped TypeScript is kept there as text).
// NODE_COMPILE_CACHE still chooses.
const { enableCompileCache } = await import("node:module");
const { fileURLToPath } = await import("node:url");
enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE
    ? undefined
    : fileURLToPath(new URL("../node_modules/.cache/fawkes/compile", import.meta.url)),
);
// Commands that read a TypeScript config start its worker now, so it warms up beside the CLI's own start-up.
const CONFIG_COMMANDS = ["validate", "generate", "check", "plan", "explain", "release", "apply-requests", "verify"];
if (process.argv.slice(2).some((arg) => CONFIG_COMMANDS.includes(arg)))
  (await import("../dist/bundle/load-config.js")).startConfigWorker();
const { runCli } = await import("../dist/bundle/main.js");
process.exitCode = await runCli(process.argv.slice(2));
