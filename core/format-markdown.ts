// Generated Markdown is formatted as prettier formats it, so tables line up and the docs read like hand-written
// ones: the plain pages directly (core/fast-markdown.ts), the others by prettier.
import type { FileTree, RenderedFile } from "./file-tree.ts";
import { toFileTree } from "./file-tree.ts";
import { fastMarkdown } from "./fast-markdown.ts";

/**
 * Pages above this size are written as the template renders them (valid Markdown, tables not padded):
 * prettier's table formatting grows faster than linearly and would dominate generation for thousands of
 * services.
 */
export const PRETTIER_MAX_BYTES = 64 * 1024;

/**
 * Formatted pages by their unformatted text: prettier is deterministic, so a page that did not change is not
 * formatted again within a process (tests, `plan`'s two trees). Bounded, so a long-lived process stays small.
 */
const formattedByText = new Map<string, string>();
const MEMO_MAX_PAGES = 4096;

const OPTIONS = { parser: "markdown", proseWrap: "preserve", endOfLine: "lf" } as const;
/** What a formatted page depends on besides its text; a cache keeps it in its keys. */
export const MARKDOWN_FORMAT = JSON.stringify(OPTIONS);

/**
 * Formatted pages kept between runs (the CLI keeps them on disk, keyed by the text, MARKDOWN_FORMAT and the
 * prettier version): a run whose pages did not change loads no prettier at all.
 */
export interface MarkdownCache {
  get(text: string): Promise<string | undefined>;
  set(text: string, formatted: string): Promise<void>;
}

/** A page as prettier formats it, or as the cache kept it from an earlier run (kept there when formatted here). */
async function formatWithPrettier(text: string, cache: MarkdownCache | undefined): Promise<string> {
  let formatted = await cache?.get(text);
  if (formatted === undefined) {
    const prettier = await import("prettier");
    formatted = await prettier.format(text, OPTIONS);
    await cache?.set(text, formatted);
  }
  return formatted;
}

/** The page as prettier formats it: directly where it is plain (core/fast-markdown.ts), else by prettier. */
async function format(text: string, cache: MarkdownCache | undefined): Promise<string> {
  const formatted = formattedByText.get(text) ?? fastMarkdown(text) ?? (await formatWithPrettier(text, cache));
  if (formattedByText.size >= MEMO_MAX_PAGES) formattedByText.clear();
  formattedByText.set(text, formatted);
  return formatted;
}

/** The files `formatMarkdown` may rewrite. */
export function isMarkdownPath(path: string): boolean {
  return path.endsWith(".md");
}

export async function formatMarkdown(tree: FileTree, cache?: MarkdownCache): Promise<FileTree> {
  const markdown = [...tree.values()].filter((f) => isMarkdownPath(f.path) && f.content.length <= PRETTIER_MAX_BYTES);
  if (markdown.length === 0) return tree;
  const formatted = await Promise.all(
    markdown.map(async (file): Promise<RenderedFile> => ({ ...file, content: await format(file.content, cache) })),
  );
  const byPath = new Map([...tree].map(([path, file]) => [path, file]));
  for (const file of formatted) byPath.set(file.path, file);
  return toFileTree(byPath.values());
}
