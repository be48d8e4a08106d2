// A property test of the CLI: mutations of the example config (hostile values named in the issue, then random
// edits from a fixed seed). Whatever the input, `fawkes generate` exits 0 or 1, never 2 (a bug); exit 1 comes
// with a located message (file:line:col) and leaves the tree byte-identical. The CLI runs in this process.
// FAWKES_FUZZ_RUNS sets the number of random edits (CI runs more than a developer's `npm test`).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { EXAMPLE_CONFIG, EXAMPLE_RELEASES } from "./helpers/repo.ts";
import { generatedTemplate, inRepo, snapshot } from "./helpers/scratch.ts";
import { random } from "./helpers/random.ts";

const test = suite("fuzzing the CLI");

const SEED = 20260522;
const RANDOM_RUNS = Number(process.env.FAWKES_FUZZ_RUNS ?? 8);

interface Case {
  readonly name: string;
  readonly config: string;
  readonly releases: string;
}

const edit = (from: string | RegExp, to: string, source = EXAMPLE_CONFIG): string => {
  const result = source.replace(from, to);
  if (result === source) throw new Error(`mutation does not apply: ${String(from)}`);
  return result;
};
const CHECKOUT = '    "checkout-api": {\n';
const LONG = "s".repeat(63);

/** The hostile inputs the issue names, each once. */
const NAMED: Case[] = [
  {
    name: "image with ..",
    config: edit(CHECKOUT, `${CHECKOUT}      image: "ghcr.io/acme/../evil/nginx",\n`),
    releases: EXAMPLE_RELEASES,
  },
  { name: "cron 99 99 * * *", config: edit("*/15 * * * *", "99 99 * * *"), releases: EXAMPLE_RELEASES },
  {
    name: "replicas 1e9",
    config: edit("replicas: { dev: 1, staging: 2, prod: 3 }", "replicas: 1e9"),
    releases: EXAMPLE_RELEASES,
  },
  {
    name: "a secret-looking value",
    config: edit(
      'LOG_LEVEL: "info"',
      `LOG_LEVEL: "info", GITHUB_TOKEN: "ghp_${"aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5"}"`,
    ),
    releases: EXAMPLE_RELEASES,
  },
  {
    name: "a secret-looking release",
    config: EXAMPLE_CONFIG,
    releases: EXAMPLE_RELEASES.replace("dev: 4f9c2e1", "dev: AKIAZ7QWERTYUIOPASDF"),
  },
  {
    name: "duplicate keys",
    config: edit('      team: "payments",\n', '      team: "payments",\n      team: "storefront",\n'),
    releases: EXAMPLE_RELEASES,
  },
  {
    name: "duplicate keys in releases",
    config: EXAMPLE_CONFIG,
    releases: EXAMPLE_RELEASES.replace("  dev: 4f9c2e1\n", "  dev: 4f9c2e1\n  dev: 5f9c2e1\n"),
  },
  {
    name: "api.definition ../../etc/passwd",
    config: edit('definition: "api/openapi.yaml"', 'definition: "../../etc/passwd"'),
    releases: EXAMPLE_RELEASES,
  },
  {
    name: "expose.path /../admin",
    config: edit("      expose: true,\n", '      expose: { path: "/../admin" },\n'),
    releases: EXAMPLE_RELEASES,
  },
  {
    name: "a 63-character service name",
    config: edit(/"shipping-api"/g, `"${LONG}"`),
    releases: EXAMPLE_RELEASES.replace("shipping-api:", `${LONG}:`),
  },
  {
    name: "an environment named vault",
    config: edit(/\bstaging\b/g, "vault"),
    releases: EXAMPLE_RELEASES.replace(/\bstaging\b/g, "vault"),
  },
  { name: "a team named platform", config: edit(/\blogistics\b/g, "platform"), releases: EXAMPLE_RELEASES },
];

const WEIRD = [
  "",
  " ",
  "..",
  "../..",
  "/",
  "-",
  "a".repeat(300),
  "ünïcode",
  "${process.exit(3)}",
  "\\u0000",
  "1e9",
  "-1",
  "0",
  "NaN",
  "null",
  "*",
  "latest",
  "prod",
  "platform",
  "vault",
  "kube-system",
  "x".repeat(64),
];

/** A random edit of one line of the config: a string, a number or a key changed, a line dropped or doubled. */
function randomCase(next: () => number, index: number): Case {
  const lines = EXAMPLE_CONFIG.split("\n");
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const candidates = lines
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => /^\s+\S/.test(line) && !line.trim().startsWith("//"));
  const { line, i } = pick(candidates);
  const kind = pick(["string", "number", "drop", "double", "key"] as const);
  let mutated: string;
  if (kind === "string" && /"[^"]*"/.test(line)) mutated = line.replace(/"[^"]*"/, JSON.stringify(pick(WEIRD)));
  else if (kind === "number" && /\b\d+\b/.test(line))
    mutated = line.replace(/\b\d+\b/, pick(["0", "-1", "1e9", "65536", "2.5", "NaN"]));
  else if (kind === "key" && /^\s+"?[\w-]+"?:/.test(line))
    mutated = line.replace(/^(\s+)"?[\w-]+"?:/, `$1${JSON.stringify(pick(WEIRD))}:`);
  else if (kind === "drop") mutated = "";
  else mutated = `${line}\n${line}`;
  lines[i] = mutated;
  return { name: `random #${index} (${kind} at line ${i + 1})`, config: lines.join("\n"), releases: EXAMPLE_RELEASES };
}

async function exercise(c: Case): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-fuzz-"));
  try {
    cpSync(await generatedTemplate(), dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(dir, "fawkes.config.ts"), c.config);
    writeFileSync(join(dir, "releases.yaml"), c.releases);
    const before = snapshot(dir);
    const result = await inRepo(dir, ["generate"]);
    const where = `${c.name}: exit ${result.code}\n${result.stderr.slice(0, 2000)}`;
    if (result.code !== 0 && result.code !== 1) return where;
    if (result.code === 1) {
      if (!/^[^\s:]+:\d+:\d+ /m.test(result.stderr)) return `${where}\n(no file:line:col message)`;
      const after = snapshot(dir);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
      if (changed.length > 0) return `${where}\n(exit 1 changed ${changed.slice(0, 5).join(", ")})`;
    }
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test(`${NAMED.length} hostile inputs and ${RANDOM_RUNS} random edits (seed ${SEED}): exit 0 or 1, located, nothing changed on 1`, async () => {
  const next = random(SEED);
  const cases = [...NAMED, ...Array.from({ length: RANDOM_RUNS }, (_, i) => randomCase(next, i + 1))];
  const failures: string[] = [];
  for (const c of cases) {
    const failure = await exercise(c);
    if (failure) failures.push(failure);
  }
  assert.equal(failures, [], failures.join("\n\n"));
});

test.run();
