// One hash of a file's bytes, the same whether they are read from disk or about to be written from a string.
import { createHash } from "node:crypto";

/** The sha256 of the bytes (a string counts as its UTF-8 encoding), base64. */
export function contentHash(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("base64");
}
