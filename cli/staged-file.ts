// Generated files whose text is on disk, not in memory (cli/staging.ts): staged by generate as it was composed,
// or already there, byte for byte. The tree keeps their path, sources and hash, and reads their text back only
// when something asks for it.
import { readFileSync } from "node:fs";
import type { RenderedFile } from "../core/file-tree.ts";
import { join } from "node:path";
import { stagedName } from "../core/output-roots.ts";
import type { ConfigPath } from "../core/problems.ts";
import type { FileSources } from "../core/provenance.ts";

/** A generated file whose text is on disk: paths are made when needed, so that each file holds only its own. */
abstract class OnDisk implements RenderedFile {
  readonly path: string;
  readonly sources: FileSources;
  readonly origin: ConfigPath | undefined;
  /** The repository root (one string for every file). */
  readonly #root: string;

  constructor(file: RenderedFile, root: string) {
    this.path = file.path;
    this.sources = file.sources;
    this.origin = file.origin;
    this.#root = root;
  }

  /** The file's absolute path. */
  get target(): string {
    return join(this.#root, this.path);
  }

  abstract readonly content: string;
}

/**
 * A generated file whose text waits on disk, staged under the journal's name (`stagedName`) by this process. One
 * the staging thread writes (cli/staging-thread.ts) holds its text until the thread has staged it, and keeps it
 * if the thread could not.
 */
export class StagedFile extends OnDisk {
  #text: string | undefined;
  #onDisk = true;

  constructor(file: RenderedFile, root: string, pendingText?: string) {
    super(file, root);
    this.#text = pendingText;
  }

  get staged(): string {
    return stagedName(this.target, process.pid);
  }

  /** Staged: the text is on disk now. */
  release(): void {
    this.#text = undefined;
  }

  /** Not staged after all: the text stays in memory, and the write writes it. */
  unstage(): void {
    this.#onDisk = false;
  }

  /** Whether the text is on disk, staged (or to be, by the staging thread). */
  get onDisk(): boolean {
    return this.#onDisk;
  }

  /** Read from the staged file; once the write moved it into place, from there. */
  get content(): string {
    if (this.#text !== undefined) return this.#text;
    try {
      return readFileSync(this.staged, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      return readFileSync(this.target, "utf8");
    }
  }
}

/** A generated file the disk holds already, byte for byte (as the early read hashed it). */
export class UnchangedFile extends OnDisk {
  get content(): string {
    return readFileSync(this.target, "utf8");
  }
}

/** Whether `file` is staged already: its text is on disk, and reading it costs a read. */
export function isStaged(file: RenderedFile): boolean {
  return file instanceof StagedFile && file.onDisk;
}

/** Whether `file` is known to be on disk as generated. */
export function isUnchanged(file: RenderedFile): boolean {
  return file instanceof UnchangedFile;
}
