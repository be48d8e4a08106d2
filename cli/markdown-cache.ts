// The formatted Markdown pages of earlier runs, on disk under node_modules/.cache/fawkes/markdown (where
// prettier and eslint keep theirs), one file per page named by the hash of what formatting depends on: the
// page's text, the options and the prettier version. A page found there is not formatted again, so a run
// whose docs did not change never loads prettier. A missing or unwritable cache only costs time; an entry is
// used only when its recorded text matches the page exactly, so a hash collision or a damaged file cannot
// change the output.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { MARKDOWN_FORMAT, type MarkdownCache } from "../core/format-markdown.ts";
import { writeCacheFile } from "./cache-file.ts";

const SEPARATOR = "\n\u0000fawkes-formatted\u0000\n";

function prettierVersion(): string {
  try {
    return (createRequire(import.meta.url)("prettier/package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

export function markdownCache(root: string): MarkdownCache {
  const dir = join(root, "node_modules/.cache/fawkes/markdown");
  const version = prettierVersion();
  const fileOf = (text: string) =>
    join(dir, `${createHash("sha256").update(`${version}\n${MARKDOWN_FORMAT}\n${text}`).digest("hex")}.md`);
  return {
    async get(text) {
      try {
        const entry = await readFile(fileOf(text), "utf8");
        const at = entry.indexOf(SEPARATOR);
        return at >= 0 && entry.slice(0, at) === text ? entry.slice(at + SEPARATOR.length) : undefined;
      } catch {
        return undefined;
      }
    },
    set: (text, formatted) => writeCacheFile(fileOf(text), `${text}${SEPARATOR}${formatted}`),
  };
}
