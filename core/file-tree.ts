// What generators return and what the edge writes: files as data, never touched on disk here.
import type { ConfigPath } from "./problems.ts";
import type { FileSources } from "./provenance.ts";

/** A Kubernetes object model (kubernetes-models, @kubernetes-models/*) or a schema-checked plain object. */
export interface KubernetesObject {
  toJSON(): unknown;
  validate(): void;
}

interface FileBase {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** The config entry that produced the file: validation errors point here. */
  readonly origin: ConfigPath;
  /** Every config entry the file depends on (`services.checkout-api`, `environments.prod`): recorded, not typed (core/provenance.ts). */
  readonly sources: FileSources;
  /** The cluster whose objects the file holds, for per-cluster outputs. */
  readonly environment?: string;
}

/** Kubernetes objects, validated and serialized as a multi-document YAML file. */
export interface ObjectsFile extends FileBase {
  readonly type: "objects";
  readonly objects: readonly KubernetesObject[];
  /**
   * The kinds of its objects, declared by a file that builds them when read (`builtOnRead`): what looks for
   * other kinds (admission's Namespaces and LimitRanges, a patch of a Deployment) passes it by, unbuilt.
   */
  readonly kinds?: readonly string[];
}

/** Whether `file` may hold objects of `kind`. */
export function mayHold(file: OutputFile, kind: string): file is ObjectsFile {
  return file.type === "objects" && (file.kinds === undefined || file.kinds.includes(kind));
}

/** A schema a data file must satisfy before it is written (zod's safeParse shape). */
export interface DataSchema {
  safeParse(data: unknown): {
    success: boolean;
    error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
  };
}

/** Structured data (Helm values, devfiles, JSON documents), serialized as YAML, JSON or JSON with comments. */
export interface DataFile extends FileBase {
  readonly type: "data";
  readonly data: unknown;
  readonly format: "yaml" | "json" | "jsonc";
  /** Validated before writing, like Kubernetes objects. */
  readonly schema?: DataSchema;
  /** Keep keys in the order they were built (for human-facing files such as workflows); sorted otherwise. */
  readonly keepKeyOrder?: boolean;
}

/** Text rendered from a template (HCL, Markdown, Groovy); `comment` is the format's line comment, if any. */
export interface TextFile extends FileBase {
  readonly type: "text";
  readonly content: string;
  readonly comment?: "#" | "//" | "html" | "nunjucks";
}

export type OutputFile = ObjectsFile | DataFile | TextFile;

/**
 * An objects file whose objects are built when first read, and kept as long as the file is. The build is the
 * file's to repeat: its sources must already be recorded (core/provenance.ts), and its kinds declared, so that
 * what looks for other kinds does not build it early. A large platform's files wait for their turn to be
 * composed; built on read, one page of its dashboards is alive at a time, not all of them.
 */
export function builtOnRead(
  file: Omit<ObjectsFile, "objects" | "kinds"> & { readonly kinds: readonly string[] },
  build: () => readonly KubernetesObject[],
): ObjectsFile {
  let objects: readonly KubernetesObject[] | undefined;
  return {
    ...file,
    get objects() {
      return (objects ??= build());
    },
  };
}

/**
 * The file, its text held as one string. V8 keeps text built piece by piece (templates, Markdown tables) as a
 * tree of its pieces, about 32 bytes a piece, until something reads it by position: 20,000 services' reference
 * pages waited for their turn to be composed as 41 MB, three times their text.
 */
export function withFlatText(file: OutputFile): OutputFile {
  if (file.type === "text") file.content.charCodeAt(0);
  return file;
}

/** Whether a generated file is Fawkes's to write: not one the repository keeps as its own (`platform.userFiles`). */
export function notUserFile(userFiles: readonly string[]): (file: OutputFile) => boolean {
  const kept = new Set(userFiles);
  return (file) => !kept.has(file.path);
}

/** A generated file as bytes, ready to compare or write. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
  /** As the file was generated (core/provenance.ts: `sourceList` lists them). */
  readonly sources: FileSources;
  /** The config entry that produced it, when it came from a generator. */
  readonly origin?: ConfigPath;
}

/**
 * What the tree keeps of each file as it is composed: the file itself, or one whose text the edge has put
 * somewhere (the CLI's generate stages it on disk, so that a large platform's text is not all held at once).
 */
export type KeepRendered = (file: RenderedFile) => RenderedFile;

/** The whole generated output, sorted by path. */
export type FileTree = ReadonlyMap<string, RenderedFile>;

/** A tree of the given files, ordered by path (byte order, independent of locale). */
export function toFileTree(files: Iterable<RenderedFile>): FileTree {
  return new Map([...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => [f.path, f]));
}
