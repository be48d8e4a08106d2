// ArgoCD referential integrity, checked the way ArgoCD would resolve it: ApplicationSets are expanded
// (list generators, go templates with missingkey=error), then every Application's project, source repos,
// paths, `$values` files, destinations, names and chart versions are checked against the tree.
import { parseAllDocuments } from "yaml";
import { OUTPUT_PATHS } from "./names.ts";

const APPS_DIR = OUTPUT_PATHS.apps;

export interface VerifyFinding {
  /** The file that holds the object. */
  readonly file: string;
  /** `Application checkout-api-prod` */
  readonly object: string;
  readonly message: string;
}

interface Source {
  repoURL?: string;
  path?: string;
  directory?: { recurse?: boolean; include?: string };
  chart?: string;
  targetRevision?: string;
  ref?: string;
  helm?: { valueFiles?: string[] };
}

interface AppSpec {
  project?: string;
  source?: Source;
  sources?: Source[];
  destination?: { name?: string; server?: string; namespace?: string };
}

interface ArgoObject {
  kind?: string;
  metadata?: { name?: string };
  spec?: AppSpec & {
    sourceRepos?: string[];
    destinations?: { name?: string; server?: string; namespace?: string }[];
    generators?: Record<string, unknown>[];
    template?: { metadata?: { name?: string }; spec?: AppSpec };
    goTemplate?: boolean;
    goTemplateOptions?: string[];
  };
}

/** The files ArgoCD reads as objects (the rest it syncs): the ones `verifyArgocd` parses. */
export function isArgocdFile(path: string): boolean {
  return path.startsWith(`${APPS_DIR}/`) && path.endsWith(".yaml");
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Project patterns compiled once: a project lists a destination per namespace, read for every Application. */
const globs = new Map<string, RegExp>();

/** ArgoCD's glob matching for project patterns (`*` within a segment, the whole string otherwise literal). */
function globMatch(pattern: string, value: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === value;
  let regex = globs.get(pattern);
  if (!regex) {
    const escaped = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    globs.set(pattern, (regex = new RegExp(`^${escaped.join(".*")}$`)));
  }
  return regex.test(value);
}

/** Whether a directory source's `include` (a glob, or `{a,b}` alternatives) takes a file; none takes every manifest. */
function included(include: string | undefined, relative: string): boolean {
  if (include === undefined) return /\.(ya?ml|json)$/.test(relative);
  const alternatives = /^\{(.*)\}$/.exec(include)?.[1]?.split(",") ?? [include];
  return alternatives.some((pattern) => globMatch(pattern, relative));
}

/** The files of the tree a local directory source syncs (`children`: the files directly in each folder). */
function syncedBy(
  source: Source,
  paths: readonly string[],
  children: ReadonlyMap<string, readonly string[]>,
): string[] {
  const dir = (source.path ?? "").replace(/\/$/, "");
  const candidates =
    source.directory?.recurse === true ? paths.filter((p) => p.startsWith(`${dir}/`)) : (children.get(dir) ?? []);
  return candidates.filter((p) => included(source.directory?.include, p.slice(dir.length + 1)));
}

/** Renders `{{.key}}` placeholders; a missing key is an error, as with missingkey=error. */
function renderTemplate(value: unknown, params: Record<string, unknown>, missing: Set<string>): unknown {
  if (typeof value === "string") {
    return value.replace(/\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}/g, (_, key: string) => {
      if (!(key in params)) {
        missing.add(key);
        return "";
      }
      return String(params[key]);
    });
  }
  if (Array.isArray(value)) return value.map((v) => renderTemplate(v, params, missing));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderTemplate(v, params, missing)]));
  }
  return value;
}

interface Located<T> {
  readonly file: string;
  readonly object: T;
}

/** Applications an ApplicationSet generates, or findings for what cannot be expanded. */
function expand(set: Located<ArgoObject>, findings: VerifyFinding[]): Located<ArgoObject>[] {
  const name = `ApplicationSet ${set.object.metadata?.name}`;
  const spec = set.object.spec ?? {};
  if (spec.goTemplate !== true || !(spec.goTemplateOptions ?? []).includes("missingkey=error")) {
    findings.push({
      file: set.file,
      object: name,
      message: "must use goTemplate with missingkey=error, so a missing parameter fails instead of rendering empty",
    });
  }
  const apps: Located<ArgoObject>[] = [];
  for (const generator of spec.generators ?? []) {
    const [type] = Object.keys(generator);
    if (type !== "list") {
      findings.push({ file: set.file, object: name, message: `generator "${type}" cannot be expanded offline` });
      continue;
    }
    const elements = (generator.list as { elements?: Record<string, unknown>[] }).elements ?? [];
    for (const element of elements) {
      const missing = new Set<string>();
      const template = renderTemplate(spec.template ?? {}, element, missing) as ArgoObject;
      if (missing.size > 0)
        findings.push({
          file: set.file,
          object: name,
          message: `template uses ${[...missing].map((k) => `.${k}`).join(", ")}, which element ${JSON.stringify(element)} does not have`,
        });
      apps.push({
        file: set.file,
        object: { kind: "Application", metadata: template.metadata ?? {}, spec: template.spec ?? {} },
      });
    }
  }
  return apps;
}

/**
 * Verifies ArgoCD's references in a tree (path → text). `parsed` gives the objects of files already in hand
 * as objects (the generator's, before serialization), so they are not parsed back from their text; any other
 * ArgoCD file is parsed.
 */
export function verifyArgocd(
  files: ReadonlyMap<string, string | { readonly content: string }>,
  parsed: ReadonlyMap<string, readonly unknown[]> = new Map(),
): VerifyFinding[] {
  const findings: VerifyFinding[] = [];
  const paths = [...files.keys()];
  const directories = new Set(
    paths.flatMap((p) =>
      p
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );

  const children = new Map<string, string[]>();
  for (const path of paths) {
    const dir = path.slice(0, path.lastIndexOf("/"));
    const list = children.get(dir);
    if (list) list.push(path);
    else children.set(dir, [path]);
  }

  // 1. Parse what ArgoCD reads.
  const objects: Located<ArgoObject>[] = [];
  for (const [file, entry] of files) {
    if (!isArgocdFile(file)) continue;
    // A generated file's text is read only when it is parsed.
    const inFile =
      parsed.get(file) ??
      parseAllDocuments(typeof entry === "string" ? entry : entry.content).map((doc) => doc.toJS() as unknown);
    for (const object of inFile as (ArgoObject | null)[]) if (object?.kind) objects.push({ file, object });
  }
  const projects = new Map(
    objects.filter((o) => o.object.kind === "AppProject").map((o) => [o.object.metadata?.name ?? "", o.object]),
  );

  // 2. Expand ApplicationSets into the Applications they generate.
  const apps = [
    ...objects.filter((o) => o.object.kind === "Application"),
    ...objects.filter((o) => o.object.kind === "ApplicationSet").flatMap((set) => expand(set, findings)),
  ];

  // 3. Check every Application. Paths are checked in this repository (the root app's source) only: a
  //    source in another repository (the DevWorkspace Operator's manifests) lives in that repository.
  const root = apps.find((a) => (a.object.spec?.source?.path ?? "").replace(/\/$/, "") === APPS_DIR);
  const thisRepo = root?.object.spec?.source?.repoURL;
  const seen = new Map<string, string>();
  const read = new Set<string>();
  for (const { file, object } of apps) {
    const name = object.metadata?.name ?? "";
    const label = `Application ${name}`;
    const report = (message: string) => findings.push({ file, object: label, message });
    const earlier = seen.get(name);
    if (earlier !== undefined) report(`name is also used in ${earlier}`);
    seen.set(name, file);

    const spec = object.spec ?? {};
    const projectName = spec.project ?? "";
    const project = projects.get(projectName);
    if (!project && projectName !== "default") report(`project "${projectName}" does not exist in ${APPS_DIR}/`);
    const sources = spec.sources ?? (spec.source ? [spec.source] : []);
    if (sources.length === 0) report("has no source");
    const refs = new Set(sources.map((s) => s.ref).filter((r): r is string => r !== undefined));
    for (const source of sources) {
      if (project && source.repoURL && !(project.spec?.sourceRepos ?? []).some((p) => globMatch(p, source.repoURL!))) {
        report(`source repo ${source.repoURL} is not allowed by project "${projectName}"`);
      }
      const local = thisRepo === undefined || source.repoURL === undefined || source.repoURL === thisRepo;
      if (source.path !== undefined && local && !directories.has(source.path.replace(/\/$/, "")))
        report(`path ${source.path} does not exist in the tree`);
      else if (source.path !== undefined && local) {
        const synced = syncedBy(source, paths, children);
        if (synced.length === 0)
          report(`path ${source.path} has no file that include ${source.directory?.include} takes`);
        for (const path of synced) read.add(path);
      }
      if (source.chart !== undefined && !EXACT_VERSION.test(source.targetRevision ?? ""))
        report(`chart ${source.chart} is not pinned to an exact version (${source.targetRevision ?? "none"})`);
      for (const valueFile of source.helm?.valueFiles ?? []) {
        const match = /^\$([^/]+)\/(.+)$/.exec(valueFile);
        if (!match) continue;
        if (!refs.has(match[1]!))
          report(`values file ${valueFile} names source ref "${match[1]}", which no source declares`);
        else if (!files.has(match[2]!)) report(`values file ${match[2]} does not exist in the tree`);
        else read.add(match[2]!);
      }
    }
    const dest = spec.destination ?? {};
    if (
      project &&
      !(project.spec?.destinations ?? []).some(
        (d) =>
          (d.name === undefined || dest.name === undefined || globMatch(d.name, dest.name)) &&
          (d.server === undefined || dest.server === undefined || globMatch(d.server, dest.server)) &&
          (dest.namespace === undefined || d.namespace === undefined || globMatch(d.namespace, dest.namespace)),
      )
    ) {
      report(
        `destination ${dest.name ?? dest.server}/${dest.namespace ?? ""} is not allowed by project "${projectName}"`,
      );
    }
  }
  // 4. Nothing under out/platform/ is left unsynced: every manifest is in some Application's source, every
  //    values file in some Application's valueFiles.
  if (root)
    for (const path of paths)
      if (path.startsWith("out/platform/") && !read.has(path))
        findings.push({ file: path, object: "(file)", message: "no Application syncs it or reads it as values" });
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : 1));
}

export function formatFinding(f: VerifyFinding): string {
  return `${f.file}: ${f.object}: ${f.message}`;
}
