// What the repository around the config holds, where that changes what Fawkes generates: the same generator
// serves its own repository (hand-written guides, its own tests, a Node version file, the Jenkins library
// beside the code) and a user's repository that installed it as a package and has none of that. The CLI reads
// these facts from disk; the pure pipeline only sees the result, so the output stays a function of its inputs.

import type { Problem } from "./problems.ts";
import type { ResolvedConfig } from "./resolved.ts";

/** Hand-written guides the site's navigation lists, in reading order, when they exist under docs/. */
export const GUIDES: readonly (readonly [title: string, file: string])[] = [
  ["Home", "index.md"],
  ["Getting started", "getting-started.md"],
  ["The config in TypeScript, YAML or JSON", "config-formats.md"],
  ["Architecture", "architecture.md"],
  ["How-to", "how-to.md"],
  ["What a service gets", "services.md"],
  ["Score workload specs", "score.md"],
  ["Platform plane", "platform.md"],
  ["Infrastructure", "infrastructure.md"],
  ["Development environments", "cde.md"],
  ["The golden path", "golden-path.md"],
  ["Benchmarks", "benchmarks.md"],
];

/** The Node version CI sets up: this file when the repository has one, else NODE_VERSION. */
export const NODE_VERSION_FILE = ".nvmrc";
export const NODE_VERSION = "24";

/** The Jenkins shared library, loaded by Jenkins from the platform repository at this path. */
export const JENKINS_LIBRARY_PATH = "jenkins-shared-library/";

/** Repository paths whose presence the generators read. */
export const PROBED_PATHS: readonly string[] = [
  NODE_VERSION_FILE,
  JENKINS_LIBRARY_PATH,
  ...GUIDES.map(([, file]) => `docs/${file}`),
];

export interface RepoFacts {
  /** Which of PROBED_PATHS exist (folders with their trailing slash). */
  readonly present: ReadonlySet<string>;
  /** The repository's package.json has a `test` script of its own (not npm's placeholder): CI runs it. */
  readonly testScript: boolean;
}

/** A repository with nothing but the config: what a fresh `fawkes init` starts from. */
export const EMPTY_REPO: RepoFacts = { present: new Set(), testScript: false };

/** Whether a package.json text declares a real `test` script (npm init writes one that only fails). */
export function hasTestScript(packageJson: string | undefined): boolean {
  if (packageJson === undefined) return false;
  try {
    const test = (JSON.parse(packageJson) as { scripts?: { test?: unknown } }).scripts?.test;
    return typeof test === "string" && test.trim() !== "" && !test.includes("no test specified");
  } catch {
    return false;
  }
}

/** Jenkins loads its pipeline library from the platform repository: without the folder every build fails. */
export function checkRepoFacts(model: ResolvedConfig): Problem[] {
  const jenkins = model.installed("jenkins");
  if (jenkins === undefined || model.repo.present.has(JENKINS_LIBRARY_PATH)) return [];
  return [
    {
      code: "missing-jenkins-library",
      path: ["components", "jenkins"],
      message: `Jenkins loads its shared library from ${JENKINS_LIBRARY_PATH} of this repository, which does not exist: every pipeline would fail`,
      hint: `copy ${JENKINS_LIBRARY_PATH} from the installed package (node_modules/fawkes/${JENKINS_LIBRARY_PATH}), or turn Jenkins off with components.jenkins.enabled: false`,
      severity: "warning",
    },
  ];
}
