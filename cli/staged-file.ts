// Generated files whose text is on disk, not in memory (cli/staging.ts): staged by generate as it was composed,
// or already there, byte for byte. The tree keeps their path, sources and hash, and reads their text back only
// when something asks for it.
import { readFileSync } from "node:fs";
import type { RenderedFile } from "../core/file-tree.ts";
import type { ConfigPath } from "../core/problems.ts";

/** A generated file whose text waits on disk, staged. */
export class StagedFile implements RenderedFile {
  readonly path: string;
  readonly sources: readonly string[];
  readonly origin: ConfigPath | undefined;
  readonly #staged: string;
  readonly #target: string;

  constructor(file: RenderedFile, staged: string, target: string) {
    this.path = file.path;
    this.sources = file.sources;
    this.origin = file.origin;
    this.#staged = staged;
    this.#target = target;
  }

  /** Read from the staged file; once the write moved it into place, from there. */
  get content(): string {
    try {
      return readFileSync(this.#staged, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      return readFileSync(this.#target, "utf8");
    }
  }
}

/** A generated file the disk holds already, byte for byte (as the early read hashed it). */
export class UnchangedFile implements RenderedFile {
  readonly path: string;
  readonly sources: readonly string[];
  readonly origin: ConfigPath | undefined;
  readonly #target: string;

  constructor(file: RenderedFile, target: string) {
    this.path = file.path;
    this.sources = file.sources;
    this.origin = file.origin;
    this.#target = target;
  }

  get content(): string {
    return readFileSync(this.#target, "utf8");
  }
}

/** Whether `file` is staged already: its text is on disk, and reading it costs a read. */
export function isStaged(file: RenderedFile): boolean {
  return file instanceof StagedFile;
}

/** Whether `file` is known to be on disk as generated. */
export function isUnchanged(file: RenderedFile): boolean {
  return file instanceof UnchangedFile;
}
