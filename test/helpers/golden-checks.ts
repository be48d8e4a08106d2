// Checks of golden files by something other than their own regeneration: a parser, a schema, the library
// or tool that consumes the file. Each check says which files it reads, so the golden test can prove that
// every golden file is read by at least one of them.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse as parseHcl } from "@cdktn/hcl2json";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import ts from "typescript";
import { TEMPLATE_DEPENDENCIES } from "../../core/backstage-image/facts.ts";
import type { FileTree } from "../../core/file-tree.ts";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { parseObjects, revalidateObjects, validateAgainstReference, validateDevEnvironments } from "./output-checks.ts";
import { NO_REFERENCE, REPO } from "./repo.ts";
import { javaHome, which } from "./tools.ts";
import { vaultAccess, vaultProblems } from "./vault-access.ts";

export interface GoldenCheck {
  readonly name: string;
  /** Why the check cannot run on this machine, or undefined when it can. */
  readonly unavailable?: string;
  /** Whether the check reads this file (checks that only add to another one's coverage say false). */
  covers(path: string): boolean;
  /** Failures among `files` (paths of `tree`); the check may read the rest of the tree for context. */
  run(tree: FileTree, files: readonly string[]): Promise<string[]> | string[];
}

const isYaml = (path: string): boolean => path.endsWith(".yaml") || path.endsWith(".yml");
const isValues = (path: string): boolean =>
  /^out\/platform\/(values\/|services\/[^/]+\/[^/]+\/values\.yaml$)/.test(path);
const subtree = (tree: FileTree, files: readonly string[]): FileTree =>
  new Map(files.map((path) => [path, tree.get(path)!]));
const text = (tree: FileTree, path: string): string => tree.get(path)!.content;

/** Runs `tool` on `files` written into a scratch folder; returns its result and removes the folder. */
function inScratch<T>(tree: FileTree, files: readonly string[], use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-golden-"));
  try {
    for (const path of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text(tree, path));
    }
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const yamlParses: GoldenCheck = {
  name: "YAML re-parses; every object validates with its kubernetes-models class or output schema",
  covers: isYaml,
  async run(tree, files) {
    const failures: string[] = [];
    for (const path of files.filter(isYaml)) {
      for (const doc of parseAllDocuments(text(tree, path))) {
        if ("errors" in doc) failures.push(...doc.errors.map((e) => `${path}: ${e.message}`));
      }
    }
    return [...failures, ...(await revalidateObjects(parseObjects(subtree(tree, files.filter(isYaml)))))];
  },
};

const upstreamCrds: GoldenCheck = {
  name: "ArgoCD and Kyverno objects match the upstream CRD schemas",
  unavailable: NO_REFERENCE,
  covers: () => false,
  run: (tree, files) => validateAgainstReference(parseObjects(subtree(tree, files.filter(isYaml)))).failures,
};

const helmValues: GoldenCheck = {
  name: "Helm values are a mapping and an ArgoCD Application reads them",
  covers: isValues,
  run(tree, files) {
    const read = new Set<string>();
    for (const file of tree.values()) {
      for (const match of file.content.matchAll(/^\s*- \$values\/(\S+)$/gm)) read.add(match[1]!);
    }
    const failures: string[] = [];
    for (const path of files.filter(isValues)) {
      const values = parseYaml(text(tree, path)) as unknown;
      if (values !== null && (typeof values !== "object" || Array.isArray(values)))
        failures.push(`${path}: not a mapping`);
      if (!read.has(path)) failures.push(`${path}: no Application lists it in valueFiles`);
    }
    return failures;
  },
};

const hclParses: GoldenCheck = {
  name: "Terraform parses as HCL (hcl2json)",
  covers: (path) => path.endsWith(".tf"),
  async run(tree, files) {
    const failures: string[] = [];
    for (const path of files.filter((p) => p.endsWith(".tf"))) {
      try {
        await parseHcl(path, text(tree, path));
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
    return failures;
  },
};

const terraform = which("terraform");
const terraformFmt: GoldenCheck = {
  name: "terraform fmt -check accepts the Terraform",
  unavailable: terraform ? undefined : "terraform is not installed",
  covers: (path) => path.endsWith(".tf"),
  run(tree, files) {
    const tf = files.filter((p) => p.endsWith(".tf"));
    return inScratch(tree, tf, (dir) => {
      const result = spawnSync(terraform!, ["fmt", "-check", "-recursive", "-list=true", dir], { encoding: "utf8" });
      return result.status === 0 ? [] : [`terraform fmt (${result.status}): ${result.stdout}${result.stderr}`];
    });
  },
};

const isDevFile = (path: string): boolean =>
  /^out\/dev\/[^/]+\/(devfile\.yaml|\.devcontainer\/devcontainer\.json)$/.test(path);
const devEnvironments: GoldenCheck = {
  name: "devfiles and devcontainer.json files match the upstream schemas",
  unavailable: NO_REFERENCE,
  covers: isDevFile,
  run: (tree, files) => validateDevEnvironments(subtree(tree, files.filter(isDevFile))).failures,
};

const LIBRARY = join(REPO, "jenkins-shared-library");
const isJenkinsfile = (path: string): boolean => path.endsWith("/Jenkinsfile");
const jenkinsfileArguments: GoldenCheck = {
  name: "Jenkinsfiles call fawkesPipeline with arguments the shared library reads and a build type it knows",
  covers: isJenkinsfile,
  run(tree, files) {
    const pipeline = readFileSync(join(LIBRARY, "vars/fawkesPipeline.groovy"), "utf8");
    const required = [...pipeline.matchAll(/required\(config, '(\w+)'\)/g)].map((m) => m[1]!);
    const known = new Set([...required, ...[...pipeline.matchAll(/config\.(\w+)/g)].map((m) => m[1]!)]);
    const tools = readFileSync(join(LIBRARY, "src/dev/fawkes/BuildTool.groovy"), "utf8");
    const buildTypes = new Set([...tools.matchAll(/^ {4}(\w+)\s*: \[image:/gm)].map((m) => m[1]!));
    const failures: string[] = [];
    for (const path of files.filter(isJenkinsfile)) {
      const source = text(tree, path);
      if (!/^@Library\('fawkes'\) _$/m.test(source)) failures.push(`${path}: does not load the fawkes library`);
      const call = /^fawkesPipeline\((.*)\)$/m.exec(source);
      if (!call) {
        failures.push(`${path}: no fawkesPipeline(...) call`);
        continue;
      }
      const args = Object.fromEntries([...call[1]!.matchAll(/(\w+): '([^']*)'/g)].map((m) => [m[1]!, m[2]!]));
      for (const name of Object.keys(args))
        if (!known.has(name)) failures.push(`${path}: the library does not read ${name}`);
      for (const name of required) if (!(name in args)) failures.push(`${path}: misses required ${name}`);
      if (!buildTypes.has(args.buildType ?? "")) failures.push(`${path}: unknown build type ${args.buildType}`);
    }
    return failures;
  },
};

const groovyc = which("groovyc");
const jenkinsfilesCompile: GoldenCheck = {
  name: "Jenkinsfiles compile with groovyc",
  unavailable: groovyc && javaHome() ? undefined : "groovyc (Debian package groovy) or java is not installed",
  covers: () => false,
  run(tree, files) {
    const jenkinsfiles = files.filter(isJenkinsfile);
    if (jenkinsfiles.length === 0) return [];
    return inScratch(tree, [], (dir) => {
      // A stand-in for Jenkins' @Library annotation; the call itself is checked against the library above.
      writeFileSync(join(dir, "Library.groovy"), "@interface Library { String[] value() }\n");
      const sources = jenkinsfiles.map((path, i) => {
        const file = join(dir, `Jenkinsfile${i}.groovy`);
        writeFileSync(file, text(tree, path));
        return file;
      });
      const args = ["-d", join(dir, "classes"), join(dir, "Library.groovy"), ...sources];
      const result = spawnSync(groovyc!, args, { encoding: "utf8", env: { ...process.env, JAVA_HOME: javaHome() } });
      return result.status === 0 ? [] : [`groovyc: ${result.stderr}${result.stdout}`];
    });
  },
};

const isDocs = (path: string): boolean => path.startsWith("docs/") || path === "mkdocs.yml";
const mkdocs = which("mkdocs");
const mkdocsBuild: GoldenCheck = {
  name: "mkdocs build --strict builds the site with these pages",
  unavailable: mkdocs ? undefined : "mkdocs (Debian packages mkdocs, mkdocs-material) is not installed",
  covers: isDocs,
  run(tree) {
    // The case's generated pages and mkdocs.yml over the repository's hand-written pages.
    return inScratch(tree, [...tree.keys()].filter(isDocs), (dir) => {
      cpSync(join(REPO, "docs"), join(dir, "docs"), { recursive: true, force: false, errorOnExist: false });
      const result = spawnSync(mkdocs!, ["build", "--strict", "--site-dir", join(dir, "site")], {
        cwd: dir,
        encoding: "utf8",
      });
      return result.status === 0 ? [] : [`mkdocs: ${result.stderr}${result.stdout}`];
    });
  },
};

const codeowners: GoldenCheck = {
  name: "CODEOWNERS: every owner is an @org/team, every pattern matches a file of the repository",
  covers: (path) => path === ".github/CODEOWNERS",
  run(tree, files) {
    if (!files.includes(".github/CODEOWNERS")) return [];
    const failures: string[] = [];
    const paths = [...tree.keys(), "fawkes.config.ts", "releases.yaml"];
    for (const [i, line] of text(tree, ".github/CODEOWNERS").split("\n").entries()) {
      if (line === "" || line.startsWith("#")) continue;
      const [pattern, ...owners] = line.split(/\s+/);
      if (owners.length === 0) failures.push(`CODEOWNERS:${i + 1}: no owner`);
      for (const owner of owners)
        if (!/^@[\w-]+\/[\w-]+$/.test(owner)) failures.push(`CODEOWNERS:${i + 1}: ${owner} is not @org/team`);
      if (pattern === "*") continue;
      const regex = new RegExp(
        `^${pattern!.slice(1).replace(/\./g, "\\.").replace(/\*/g, "[^/]+")}${pattern!.endsWith("/") ? "" : "$"}`,
      );
      if (!paths.some((p) => regex.test(p))) failures.push(`CODEOWNERS:${i + 1}: ${pattern} matches no file`);
    }
    return failures;
  },
};

interface Workflow {
  on?: unknown;
  jobs?: Record<string, { "runs-on"?: string; steps?: { uses?: string; run?: string; name?: string }[] }>;
}
const workflows: GoldenCheck = {
  name: "GitHub workflows: each job has a runner, each step runs a command or uses an action pinned to a commit",
  covers: (path) => path.startsWith(".github/workflows/"),
  run(tree, files) {
    const failures: string[] = [];
    for (const path of files.filter((p) => p.startsWith(".github/workflows/"))) {
      const workflow = parseYaml(text(tree, path)) as Workflow;
      if (!workflow.on || !workflow.jobs) failures.push(`${path}: no on or no jobs`);
      for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
        if (!job["runs-on"]) failures.push(`${path}: job ${id} has no runs-on`);
        for (const [i, step] of (job.steps ?? []).entries()) {
          if (Boolean(step.uses) === Boolean(step.run))
            failures.push(`${path}: ${id} step ${i + 1}: needs exactly one of uses and run`);
          if (step.uses && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(step.uses))
            failures.push(`${path}: ${id} step ${i + 1}: ${step.uses} is not pinned to a commit`);
        }
      }
    }
    return failures;
  },
};

const RECIPE = `${OUTPUT_PATHS.backstageImage}/`;
const isRecipeSource = (path: string): boolean => path.startsWith(RECIPE) && /\.tsx?$/.test(path);
const backstageImage: GoldenCheck = {
  name: "Backstage image recipe: sources parse and import only what the template has or the Dockerfile adds; the Dockerfile copies files the recipe has; values and workflow name one tag",
  covers: (path) => path.startsWith(RECIPE),
  run(tree, files) {
    const failures: string[] = [];
    const dockerfile = tree.get(`${RECIPE}Dockerfile`)?.content;
    if (files.some((p) => p.startsWith(RECIPE)) && !dockerfile) return [`${RECIPE}: no Dockerfile`];
    if (!dockerfile) return [];
    const joined = dockerfile.replace(/\\\n/g, " ");
    const added = new Map<string, Set<string>>();
    for (const [, workspace, specs] of joined.matchAll(/yarn workspace (\w+) add --exact ([^&\n]+)/g))
      for (const spec of specs!.trim().split(/\s+/))
        added.set(workspace!, (added.get(workspace!) ?? new Set()).add(spec.slice(0, spec.lastIndexOf("@"))));
    for (const path of files.filter(isRecipeSource)) {
      const workspace = path.startsWith(`${RECIPE}packages/backend/`) ? "backend" : "app";
      const has = new Set([...Object.keys(TEMPLATE_DEPENDENCIES[workspace]), ...(added.get(workspace) ?? [])]);
      const { diagnostics = [], outputText } = ts.transpileModule(text(tree, path), {
        fileName: path,
        reportDiagnostics: true,
        compilerOptions: { jsx: ts.JsxEmit.Preserve, module: ts.ModuleKind.ESNext },
      });
      for (const d of diagnostics) failures.push(`${path}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      for (const [, specifier] of outputText.matchAll(/(?:from |import\()'([^']+)'/g)) {
        if (specifier!.startsWith(".")) continue;
        const name = specifier!
          .split("/")
          .slice(0, specifier!.startsWith("@") ? 2 : 1)
          .join("/");
        if (!has.has(name)) failures.push(`${path}: imports ${specifier}, which ${workspace} does not have`);
      }
    }
    for (const [, source] of joined.matchAll(/^COPY (?:--chown=\S+ )(?!--from)(\S+) /gm))
      if (!tree.has(`${RECIPE}${source}`)) failures.push(`${RECIPE}Dockerfile: copies ${source}, not in the recipe`);
    for (const [, image] of joined.matchAll(/^FROM (\S+)/gm))
      if (!/:\d+\.\d+\.\d+/.test(image!)) failures.push(`${RECIPE}Dockerfile: ${image} is not an exact tag`);
    const workflow = tree.get(OUTPUT_PATHS.backstageImageWorkflow)?.content;
    const values = [...tree.keys()].find((p) => /^out\/platform\/values\/[^/]+\/backstage\.yaml$/.test(p));
    if (workflow && values) {
      const image = (parseYaml(text(tree, values)) as { backstage: { image: Record<string, string> } }).backstage.image;
      const pushed = (parseYaml(workflow) as { jobs: { push: { env: { IMAGE: string } } } }).jobs.push.env.IMAGE;
      if (pushed !== `${image.registry}/${image.repository}:${image.tag}`)
        failures.push(`${OUTPUT_PATHS.backstageImageWorkflow}: pushes ${pushed}, ${values} runs another image`);
    }
    return failures;
  },
};

const VAULT_ROOT = "out/infra/vault/main.tf";
const vaultIsolation: GoldenCheck = {
  name: "Vault: every path read is granted to exactly its readers, every grant is read, no cross-environment grant",
  covers: (path) => path === VAULT_ROOT,
  async run(tree, files) {
    if (!files.includes(VAULT_ROOT)) return [];
    const contents = new Map([...tree].map(([path, f]) => [path, f.content]));
    const environments = [...tree.keys()].flatMap((p) => /^out\/infra\/([^/]+)\/versions\.tf$/.exec(p)?.[1] ?? []);
    return vaultProblems(
      await vaultAccess(contents),
      environments.filter((e) => e !== "vault"),
    );
  },
};

export const GOLDEN_CHECKS: readonly GoldenCheck[] = [
  yamlParses,
  upstreamCrds,
  helmValues,
  hclParses,
  terraformFmt,
  devEnvironments,
  jenkinsfileArguments,
  jenkinsfilesCompile,
  mkdocsBuild,
  codeowners,
  workflows,
  backstageImage,
  vaultIsolation,
];
