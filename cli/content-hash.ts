// One hash of a file's bytes, the same whether they are read from disk or about to be written from a string.
import { createHash } from "node:crypto";
import type { RenderedFile } from "../core/file-tree.ts";

/** The sha256 of the bytes (a string counts as its UTF-8 encoding), base64. */
export function contentHash(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("base64");
}

/** Each generated file's hash, computed once: the disk read compares with it, the last generate records it. */
const fileHashes = new WeakMap<RenderedFile, string>();

export function fileHash(file: RenderedFile): string {
  let hash = fileHashes.get(file);
  if (hash === undefined) fileHashes.set(file, (hash = contentHash(file.content)));
  return hash;
}

/** The hash of a file whose text is not in memory (cli/staging.ts), taken while it was. */
export function rememberHash(file: RenderedFile, hash: string): void {
  fileHashes.set(file, hash);
}
