// Generated files that are byte for byte as committed at a plan's base (cli/commands/plan.ts): the tree keeps
// their path, sources and git object id, and git gives their text back if something asks for it. A plan then
// holds the text of the files its change touches, not of the whole tree twice.
import { createHash } from "node:crypto";
import type { KeepRendered, RenderedFile } from "../core/file-tree.ts";
import type { ConfigPath } from "../core/problems.ts";
import type { FileSources } from "../core/provenance.ts";
import { blobText } from "./git.ts";

/** The object id git gives `content` as a blob: SHA-1, or SHA-256 in a repository of that object format. */
export function blobId(content: string, format: "sha1" | "sha256"): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash(format).update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A generated file as committed at the base: the blob `id`, in the repository at `cwd`. */
class CommittedFile implements RenderedFile {
  readonly path: string;
  readonly sources: FileSources;
  readonly origin: ConfigPath | undefined;
  readonly #cwd: string;
  readonly #id: string;

  constructor(file: RenderedFile, cwd: string, id: string) {
    this.path = file.path;
    this.sources = file.sources;
    this.origin = file.origin;
    this.#cwd = cwd;
    this.#id = id;
  }

  get content(): string {
    return blobText(this.#cwd, this.#id);
  }
}

/** Whether `file` is known to be as committed at the base. */
export function isCommitted(file: RenderedFile | undefined): boolean {
  return file instanceof CommittedFile;
}

/** What the tree keeps of a file: its object id alone when `blobs` (path → object id) has the file as generated. */
export function keepCommitted(cwd: string, blobs: ReadonlyMap<string, string>): KeepRendered {
  return (file) => {
    const id = blobs.get(file.path);
    if (id === undefined) return file;
    return blobId(file.content, id.length === 64 ? "sha256" : "sha1") === id ? new CommittedFile(file, cwd, id) : file;
  };
}
