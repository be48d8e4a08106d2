// What a committed tree says about its environments, read from the generated ArgoCD Applications rather than
// from the config: an environment whose Applications never prune by themselves is protected, and the one
// whose Applications target the hub's own cluster is the management environment. The prune guard and the
// plan read both from what is committed, so removing or renaming a protected environment (or dropping its
// `protected` flag in the same change) cannot take it out of the guard.
import { parseAllDocuments } from "yaml";
import { OUTPUT_PATHS } from "./names.ts";

export interface TreeEnvironments {
  /** Environments whose Applications do not prune automatically (`syncPolicy.automated.prune: false`). */
  readonly protected: ReadonlySet<string>;
  /** The environment whose Applications deploy to ArgoCD's own cluster, if the tree has one. */
  readonly management: string | undefined;
}

type Obj = Record<string, any>;

const ENVIRONMENT_LABEL = "fawkes.dev/environment";
/** ArgoCD's name for the cluster it runs in. */
const IN_CLUSTER = "in-cluster";

interface FileEnvironments {
  readonly protected: readonly string[];
  readonly management: readonly string[];
}

/**
 * What one file says, by its text: the tree on disk and the one committed at HEAD are mostly the same files,
 * so each text is parsed once (bounded, so a long-lived process stays small).
 */
const byText = new Map<string, FileEnvironments>();
const MEMO_MAX_FILES = 20_000;

function environmentsOfFile(content: string): FileEnvironments {
  const known = byText.get(content);
  if (known) return known;
  const found = { protected: [] as string[], management: [] as string[] };
  for (const doc of parseAllDocuments(content)) {
    const object = doc.toJS() as Obj | null;
    if (object?.kind !== "Application" && object?.kind !== "ApplicationSet") continue;
    const environment = object.metadata?.labels?.[ENVIRONMENT_LABEL];
    if (typeof environment !== "string") continue;
    const spec: Obj = object.kind === "ApplicationSet" ? (object.spec?.template?.spec ?? {}) : (object.spec ?? {});
    if (spec.syncPolicy?.automated?.prune === false) found.protected.push(environment);
    if (spec.destination?.name === IN_CLUSTER) found.management.push(environment);
  }
  if (byText.size >= MEMO_MAX_FILES) byText.clear();
  byText.set(content, found);
  return found;
}

/** The protected and management environments of a generated tree (path → text), from its Applications. */
export function environmentsOfTree(files: ReadonlyMap<string, string>): TreeEnvironments {
  const protectedEnvs = new Set<string>();
  const management = new Set<string>();
  for (const [path, content] of files) {
    if (!isApplicationFile(path)) continue;
    const found = environmentsOfFile(content);
    for (const environment of found.protected) protectedEnvs.add(environment);
    for (const environment of found.management) management.add(environment);
  }
  return { protected: protectedEnvs, management: management.size === 1 ? [...management][0] : undefined };
}

/** Only the files `environmentsOfTree` reads, so callers can fetch no more than that. */
export function isApplicationFile(path: string): boolean {
  return path.startsWith(`${OUTPUT_PATHS.apps}/`) && path.endsWith(".yaml");
}
