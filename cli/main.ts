// The `fawkes` command line. Exit codes: 0 success, 1 a problem for the user to fix, 2 usage or a bug, 3 `check`
// could not compare (invalid config or repository), so CI tells that apart from drift (1).
import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { FawkesError } from "../core/problems.ts";
import type { CheckFormat } from "./commands/check.ts";
import type { PlanFormat } from "./commands/plan.ts";
import { CONFIG_FILE_NAMES } from "../core/config-text.ts";
import { RISKS, type Risk } from "../core/plan-risks.ts";
import { CHECK_INVALID_INPUT } from "./commands/check-exit.ts";
import { toDiskProblem } from "./errors.ts";
import { DEFAULT_CONFIG_TIMEOUT_SECONDS, forgetConfigAhead } from "./load-config.ts";
import { loadSourcesAhead } from "./load-sources-ahead.ts";
import { hashDiskAhead, stopDiskReads } from "./disk-hash-thread.ts";
import { printProblems, processIo, type Io } from "./output.ts";

// Commands load on demand, so each run imports only what its command needs (start-up stays fast).
const commands = {
  check: () => import("./commands/check.ts"),
  explain: () => import("./commands/explain.ts"),
  generate: () => import("./commands/generate.ts"),
  init: () => import("./commands/init.ts"),
  plan: () => import("./commands/plan.ts"),
  release: () => import("./commands/release.ts"),
  applyRequests: () => import("./commands/apply-requests.ts"),
  schema: () => import("./commands/schema.ts"),
  validate: () => import("./commands/validate.ts"),
  verify: () => import("./commands/verify.ts"),
};
import { VERSION } from "./version.ts";
import { takeTimings, type PhaseTiming } from "../core/timings.ts";
import { startProgress } from "./progress.ts";

/** The commands whose first step is loading the working tree's config as given on the command line. */
const LOAD_CONFIG_AHEAD = new Set(["validate", "generate", "check", "plan", "explain"]);
/** The commands that compare the committed files with the tree they build (cli/disk-hash-thread.ts). */
const HASH_DISK_AHEAD = new Set(["generate", "check"]);

interface GlobalOptions {
  config?: string;
  cwd: string;
  configTimeout: number;
  debug?: boolean;
  timings?: boolean;
  progress?: boolean;
}

/** One line per phase, in the order they started; nested phases are indented under the one holding them. */
function printTimings(io: Io, timings: readonly PhaseTiming[]): void {
  const open: PhaseTiming[] = [];
  const lines = timings.map((t) => {
    // A phase is nested in the one before when it runs inside it: not when it starts as that one ends (a phase
    // with nothing to do takes no measurable time).
    const ends = (p: PhaseTiming) => p.startMs + p.durationMs;
    while (open.length > 0 && (ends(open.at(-1)!) <= t.startMs || ends(open.at(-1)!) < ends(t))) open.pop();
    const line = `${"  ".repeat(open.length)}${t.phase}`;
    open.push(t);
    return { line, ms: t.durationMs, detail: t.detail };
  });
  const width = Math.max(0, ...lines.map((l) => l.line.length));
  const row = (l: (typeof lines)[number]) =>
    `  ${l.line.padEnd(width)}  ${l.ms.toFixed(0).padStart(6)} ms${l.detail ? `  ${l.detail}` : ""}`;
  io.err(`timings:\n${lines.map(row).join("\n")}`);
}

const EXIT_CODES = `
Exit codes:
  0  success (check: in sync)
  1  a problem for you to fix: an invalid config, a file in the way, a link, a full disk, a plan change with a --fail-on tag (check: drift)
  2  a usage error or a bug in Fawkes (stack trace with --debug)
  3  check only: the config, the releases file or the repository could not be checked (not drift)`;

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError("give a number of seconds greater than 0");
  return seconds;
}

function parseLabel(value: string): string {
  if (!/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(value))
    throw new InvalidArgumentError("give a lowercase name of letters, digits and dashes (a DNS label), e.g. acme");
  return value;
}

function parseRisks(value: string): Risk[] {
  const risks = value
    .split(",")
    .map((r) => r.trim())
    .filter((r) => r !== "");
  const unknown = risks.filter((r) => !(RISKS as readonly string[]).includes(r));
  if (unknown.length > 0 || risks.length === 0)
    throw new InvalidArgumentError(
      `give tags from ${RISKS.join(", ")}, separated by commas${unknown.length > 0 ? ` (unknown: ${unknown.join(", ")})` : ""}`,
    );
  return risks as Risk[];
}

function buildProgram(io: Io, setExit: (code: number) => void, setInputError: (code: number) => void): Command {
  const program = new Command("fawkes")
    .description(
      "Compile fawkes.config.ts (or its YAML or JSON form) into the platform's GitOps tree: Kubernetes manifests, ArgoCD apps, policies, Terraform, docs.",
    )
    .version(VERSION)
    .option(
      "-c, --config <file>",
      `config file, relative to --cwd (default: whichever of ${CONFIG_FILE_NAMES.join(", ")} exists)`,
    )
    .option("-C, --cwd <dir>", "repository root", ".")
    .option(
      "--config-timeout <seconds>",
      "how long loading the config may take",
      parseSeconds,
      DEFAULT_CONFIG_TIMEOUT_SECONDS,
    )
    .option("--debug", "print stack traces of internal errors")
    .option("--timings", "print how long each phase took (on standard error)")
    .option("--progress", "show each phase as it ends, also outside a terminal (on standard error)")
    .addHelpText("after", EXIT_CODES)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const globals = (command: Command): GlobalOptions => command.optsWithGlobals() as GlobalOptions;
  // The commands that build from the working tree's config start its load now, beside their own modules' load.
  program.hook("preAction", (_, action) => {
    if (LOAD_CONFIG_AHEAD.has(action.name())) loadSourcesAhead(globals(action));
    if (HASH_DISK_AHEAD.has(action.name())) hashDiskAhead(globals(action).cwd);
  });

  program
    .command("init")
    .description(
      "start a platform repository in an empty folder (--cwd): a minimal valid config, releases file, README, and the generated tree",
    )
    .addOption(new Option("--cloud <cloud>", "the cloud of both environments").choices(["aws", "azure"]).default("aws"))
    .option(
      "--org <name>",
      "GitHub organisation: registry ghcr.io/<org>, teams <org>/<team> (default: the folder's name)",
      parseLabel,
    )
    .option("--domain <domain>", "base DNS domain of the platform (default: <org>.example)")
    .addOption(
      new Option("--format <format>", "config form: fawkes.config.ts or fawkes.config.yaml")
        .choices(["ts", "yaml"])
        .default("ts"),
    )
    .action(
      async (
        options: { cloud: "aws" | "azure"; org?: string; domain?: string; format: "ts" | "yaml" },
        command: Command,
      ) => setExit(await (await commands.init()).initCommand({ ...options, cwd: globals(command).cwd }, io)),
    );

  program
    .command("validate")
    .description("load and validate the config (exit 0 valid, 1 invalid)")
    .action(async (_: unknown, command: Command) =>
      setExit(await (await commands.validate()).validateCommand(globals(command), io)),
    );

  program
    .command("generate")
    .description("write the output tree, delete stale files Fawkes owns, print a summary")
    .option(
      "--allow-prune",
      "allow removing live objects of protected environments (ArgoCD would prune them) and destroying or replacing their Terraform resources",
    )
    .action(async (options: { allowPrune?: boolean }, command: Command) =>
      setExit(
        await (
          await commands.generate()
        ).generateCommand({ ...globals(command), allowPrune: options.allowPrune === true }, io),
      ),
    );

  program
    .command("explain <target>")
    .description("which config entries produce a generated file (path) or object (kind/namespace/name or kind/name)")
    .action(async (target: string, _: unknown, command: Command) =>
      setExit(await (await commands.explain()).explainCommand({ ...globals(command), target }, io)),
    );

  program
    .command("check")
    .description(
      "regenerate in memory and compare with the committed tree; never writes (exit 0 in sync, 1 drift, 3 cannot check)",
    )
    .addOption(new Option("--format <format>", "output format").choices(["text", "github"]).default("text"))
    .action(async (options: { format: CheckFormat }, command: Command) => {
      // A config or repository that cannot be checked is not drift: it exits 3 however it fails.
      setInputError(CHECK_INVALID_INPUT);
      setExit(await (await commands.check()).checkCommand({ ...globals(command), format: options.format }, io));
    });

  program
    .command("plan")
    .description(
      "what the working config changes in the platform, against the output committed at a git ref: resources added, changed, removed, with risks (exit 1 with --fail-on when a change carries one of its tags)",
    )
    .option("--base <ref>", "git ref to compare with (default: the merge base with the default branch, or HEAD)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option(
      "--fail-on <tags>",
      `exit 1 when a change carries one of these tags (comma-separated: ${RISKS.join(", ")})`,
      parseRisks,
    )
    .action(async (options: { base?: string; format: PlanFormat; failOn?: Risk[] }, command: Command) =>
      setExit(
        await (
          await commands.plan()
        ).planCommand(
          {
            ...globals(command),
            ...(options.base ? { base: options.base } : {}),
            format: options.format,
            ...(options.failOn ? { failOn: options.failOn } : {}),
          },
          io,
        ),
      ),
    );

  program
    .command("release <service>")
    .description(
      "record an image tag for a service in one environment, a new service's first release included (edits releases.yaml, then regenerates)",
    )
    .requiredOption("--env <environment>", "environment to release to")
    .requiredOption("--image-tag <tag>", "immutable image tag or sha256 digest")
    .option("--force", "replace the image of a protected environment")
    .action(async (service: string, options: { env: string; imageTag: string; force?: boolean }, command: Command) =>
      setExit(
        await (
          await commands.release()
        ).releaseCommand(
          { ...globals(command), service, env: options.env, imageTag: options.imageTag, force: options.force === true },
          io,
        ),
      ),
    );

  program
    .command("apply-requests")
    .description(
      "add the service requests in .fawkes/requests/ (from the golden path's Backstage template) to the config and the releases file, remove them, then regenerate",
    )
    .action(async (_: unknown, command: Command) =>
      setExit(await (await commands.applyRequests()).applyRequestsCommand(globals(command), io)),
    );

  program
    .command("promote <service>")
    .description("copy a service's image from one environment to the next in promotion order (never rebuilds)")
    .requiredOption("--from <environment>", "environment whose image is promoted")
    .requiredOption("--to <environment>", "the next environment")
    .option("--force", "replace the image of a protected environment")
    .action(async (service: string, options: { from: string; to: string; force?: boolean }, command: Command) =>
      setExit(
        await (
          await commands.release()
        ).promoteCommand(
          { ...globals(command), service, from: options.from, to: options.to, force: options.force === true },
          io,
        ),
      ),
    );

  program
    .command("verify")
    .description(
      "check ArgoCD referential integrity of the committed tree: projects, paths, values files, destinations, pinned charts",
    )
    .action(async (_: unknown, command: Command) =>
      setExit(await (await commands.verify()).verifyCommand({ cwd: globals(command).cwd }, io)),
    );

  program
    .command("schema")
    .description("write the JSON Schema of the config to schema/fawkes.config.schema.json")
    .option("--stdout", "print it instead of writing it")
    .action(async (options: { stdout?: boolean }, command: Command) =>
      setExit(
        await (
          await commands.schema()
        ).schemaCommand({ cwd: globals(command).cwd, stdout: options.stdout === true }, io),
      ),
    );

  return program;
}

/** Runs the CLI and returns its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code = 0;
  let inputError = 1;
  takeTimings();
  // Progress is for the long commands, on a terminal (or when asked).
  const long = ["generate", "check", "plan", "release", "promote", "apply-requests"].find((c) => argv.includes(c));
  const progress = long ? startProgress(long, argv.includes("--progress"), io, io === processIo) : undefined;
  const program = buildProgram(
    progress?.io ?? io,
    (c) => (code = c),
    (c) => (inputError = c),
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
    if ((program.opts() as Partial<GlobalOptions>).timings) printTimings(io, takeTimings());
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      return benign ? 0 : 2;
    }
    if (error instanceof FawkesError) {
      printProblems(
        io,
        error.problems.map((p) =>
          "position" in p ? p : { ...p, file: p.file ?? "fawkes.config.ts", position: p.at ?? { line: 1, column: 1 } },
        ),
      );
      return inputError;
    }
    const disk = toDiskProblem(error, resolve((program.opts() as Partial<GlobalOptions>).cwd ?? "."));
    if (disk) {
      io.err(`fawkes: ${disk.message}`);
      return inputError;
    }
    const debug = argv.includes("--debug");
    io.err(`fawkes: internal error: ${error instanceof Error ? error.message : String(error)}`);
    io.err(
      debug && error instanceof Error && error.stack
        ? error.stack
        : "This is a bug in Fawkes. Run again with --debug for the stack trace.",
    );
    return 2;
  } finally {
    progress?.stop();
    forgetConfigAhead();
    stopDiskReads();
  }
}
