// Merges what the generators return into one file tree: validates every object, serializes, adds headers,
// and refuses two generators claiming one path or a path outside the output roots.
import { toFileTree, type FileTree, type KeepRendered, type OutputFile, type RenderedFile } from "./file-tree.ts";
import { generatedNotice, headerLine, normalizeText, withHeader } from "./header.ts";
import { isInsideRoots, isSafeRelativePath } from "./output-roots.ts";
import { problem, type Problem } from "./problems.ts";
import { renderJson, renderYamlDocument, renderYamlDocuments } from "./render-yaml.ts";
import { objectData } from "./custom-object.ts";
import { sourceList, type FileSources } from "./provenance.ts";

export interface ComposeResult {
  readonly tree: FileTree;
  readonly problems: readonly Problem[];
}

function describeObject(object: unknown): string {
  const o = object as { kind?: string; metadata?: { name?: string; namespace?: string } };
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : "";
  return `${o.kind ?? "object"} ${ns}${o.metadata?.name ?? "(unnamed)"}`;
}

function render(file: OutputFile, problems: Problem[], notice: string): string | undefined {
  switch (file.type) {
    case "objects": {
      const documents: unknown[] = [];
      for (const object of file.objects) {
        try {
          object.validate();
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          problems.push(
            problem(
              "invalid-output",
              file.origin,
              `${describeObject(object)} in ${file.path} is invalid: ${detail}`,
              "this is the config value that produced it",
            ),
          );
        }
        documents.push(objectData(object));
      }
      return renderYamlDocuments(documents, headerLine("#", notice));
    }
    case "data": {
      const checked = file.schema?.safeParse(file.data);
      if (checked && !checked.success) {
        const issue = checked.error?.issues[0];
        problems.push(
          problem(
            "invalid-output",
            file.origin,
            `${file.path} is invalid: ${issue ? `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}` : "schema mismatch"}`,
            "this is the config value that produced it",
          ),
        );
      }
      if (file.format === "json") return renderJson(file.data);
      if (file.format === "jsonc") return withHeader(renderJson(file.data), "//", notice);
      return renderYamlDocument(file.data, file.keepKeyOrder, headerLine("#", notice));
    }
    case "text":
      return withHeader(normalizeText(file.content), file.comment, notice);
  }
}

/**
 * `configFile`: the config the headers name, repository-relative. `files` is read once, in order, and no file
 * is kept once it is rendered (only its path and sources), so a caller can let each go as it is taken. `keep`:
 * what the tree holds of each rendered file (core/file-tree.ts).
 */
export function composeFiles(
  files: Iterable<OutputFile>,
  configFile?: string,
  keep: KeepRendered = (file) => file,
): ComposeResult {
  const notice = generatedNotice(configFile);
  const problems: Problem[] = [];
  const byPath = new Map<string, RenderedFile>();
  const claimedBy = new Map<string, FileSources>();
  for (const file of files) {
    if (!isSafeRelativePath(file.path) || !isInsideRoots(file.path)) {
      problems.push(
        problem(
          "output-outside-roots",
          file.origin,
          `generated path "${file.path}" is outside the output folders`,
          "a generator bug: report it",
        ),
      );
      continue;
    }
    const earlier = claimedBy.get(file.path);
    if (earlier) {
      problems.push(
        problem(
          "output-collision",
          file.origin,
          `two generators write ${file.path}`,
          `it is also produced from ${sourceList(earlier).join(", ") || "another entry"}: rename one of them`,
        ),
      );
      continue;
    }
    claimedBy.set(file.path, file.sources);
    const content = render(file, problems, notice);
    if (content !== undefined)
      byPath.set(file.path, keep({ path: file.path, content, sources: file.sources, origin: file.origin }));
  }
  return { tree: toFileTree(byPath.values()), problems };
}
