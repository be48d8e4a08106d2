// `.gitattributes`: every generated path is text with LF endings on every machine (core.autocrlf=true would
// otherwise turn the whole tree into drift) and marked linguist-generated, so that GitHub collapses it in
// pull requests. Derived from the output roots, so a new root is covered without anyone remembering.
import { OUTPUT_PATHS } from "../../core/names.ts";
import { MANIFEST_PATH, OUTPUT_ROOTS } from "../../core/output-roots.ts";
import { NO_SOURCES } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";

export function gitattributes(): string {
  const pattern = (root: string) => (root.endsWith("/") ? `${root}**` : root);
  // The list of owned files merges as a union: two pull requests that each add files keep both additions
  // (generate sorts the list again), instead of stopping on lines that happen to be neighbours.
  const merge = (root: string) => (root === MANIFEST_PATH ? " merge=union" : "");
  return [...OUTPUT_ROOTS, MANIFEST_PATH]
    .map((root) => `${pattern(root)} text eol=lf linguist-generated${merge(root)}`)
    .join("\n");
}

export const generateGit: Generator = () => [
  {
    type: "text",
    comment: "#",
    path: OUTPUT_PATHS.gitattributes,
    origin: [],
    sources: NO_SOURCES,
    content: gitattributes(),
  },
];
