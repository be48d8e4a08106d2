// The Markdown pages formatted without prettier (core/fast-markdown.ts) are prettier's pages, byte for byte:
// every page the generators write for the example, the golden cases and a synthetic platform, and random pages
// built from everything a page may hold. A page the fast path is not sure of is left to prettier.
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { format } from "prettier";
import { loadSources } from "../cli/load-sources.ts";
import { composeFiles } from "../core/compose.ts";
import { fastMarkdown } from "../core/fast-markdown.ts";
import { isMarkdownPath, PRETTIER_MAX_BYTES } from "../core/format-markdown.ts";
import { validateSources } from "../core/pipeline.ts";
import { buildSecretsPage } from "../core/secrets-page.ts";
import { GENERATORS } from "../generators/index.ts";
import { releasesText, syntheticPlatform } from "../bench/synthetic-config.ts";
import { MARKDOWN } from "./helpers/pipeline.ts";
import { REPO, writeCase } from "./helpers/repo.ts";
import { random } from "./helpers/random.ts";

const test = suite("fast Markdown");

const prettier = (text: string) => format(text, { parser: "markdown", proseWrap: "preserve", endOfLine: "lf" });

/** Every Markdown page a config's tree holds, as composed and before it is formatted, by path. */
async function rawPages(dir: string): Promise<Map<string, string>> {
  const validated = await validateSources({ ...(await loadSources({ cwd: dir })), markdownCache: MARKDOWN });
  if (!validated.ok) throw new Error(`${dir} does not validate`);
  const { model } = validated;
  const files = GENERATORS.flatMap((generate) => generate(model));
  const pages = [...files, buildSecretsPage(model, files)].filter((file) => isMarkdownPath(file.path));
  const { tree } = composeFiles(pages, model.configFile);
  return new Map([...tree].map(([path, file]) => [path, file.content]));
}

/** The pages the fast path formats must be prettier's; returns how many it formatted, of how many. */
async function compareAll(pages: ReadonlyMap<string, string>): Promise<{ fast: number; all: number }> {
  let fast = 0;
  for (const [path, text] of pages) {
    if (text.length > PRETTIER_MAX_BYTES) continue;
    const formatted = fastMarkdown(text);
    if (formatted === undefined) continue;
    fast++;
    assert.fixture(formatted, await prettier(text), path);
  }
  return { fast, all: [...pages.values()].filter((text) => text.length <= PRETTIER_MAX_BYTES).length };
}

test("every page of the example is formatted directly, as prettier formats it", async () => {
  const { fast, all } = await compareAll(await rawPages(REPO));
  assert.ok(all >= 8, `${all} pages`);
  assert.is(fast, all, "every page of the example is plain: none loads prettier");
});

test("the golden cases' pages and a synthetic platform's: the same as prettier's", async () => {
  for (const name of ["minimal", "overrides", "shapes"])
    await compareAll(await rawPages(join(REPO, "test/golden", name)));
  const { config, releases } = syntheticPlatform(60);
  const dir = writeCase(`export default ${JSON.stringify(config, null, 2)};\n`, releasesText(releases));
  const { fast, all } = await compareAll(await rawPages(dir));
  assert.ok(fast >= all - 1, `${fast} of ${all} pages formatted directly`);
});

/**
 * What inline text is made of: words, the inline forms and common punctuation, and (one piece in twelve)
 * everything prettier escapes, changes or reads as something else.
 */
const COMMON = [
  ...["api", "Vault", "prod", "x1", "a", "CRDs", "team's", "cluster_name", "snake_case_name", "1.30.3", "é", "→"],
  ...[" ", " ", " ", " ", ".", ",", ";", ":", "?", "'", '"', "(", ")", "/", "=", "+", "-", "%", "@", "#", "—"],
  ...["$", "^", "{", "}", ">", "[", "]", "&", "!", "`code`", "`a_b`", "**strong**", "**x.**", "[link](https://x.io/a)"],
  ...["<team>", "<env>", "https://a.io/b", "www.x.io", "a@b.io", "labels['k8s-app']"],
  // Every character besides ASCII the fast path takes as one column wide.
  ..."–—…→←−’‘“”×·éèàçüöäñ",
];
const RARE = [
  ...["  ", "<", "&amp;", "*", "_", "_x", "x_", "\\", "`", "~", "~~x~~", "|", "\\|", "\t", "`a|b`", "` x `"],
  ...["**(x)**", "*em*", "_em_", "[ref][x]", "[x]:", "<b>", "![i](x.png)", "中", "😀", "\u00a0", "1. ", "- ", "# "],
];

function inline(next: () => number): string {
  const count = 1 + Math.floor(next() * 8);
  const piece = () => {
    const from = next() < 1 / 12 ? RARE : COMMON;
    return from[Math.floor(next() * from.length)]!;
  };
  return Array.from({ length: count }, piece).join("");
}

function block(next: () => number): string {
  const pick = Math.floor(next() * 7);
  const lines = (n: number, line: () => string) => Array.from({ length: 1 + Math.floor(next() * n) }, line);
  switch (pick) {
    case 0:
      return `${"#".repeat(1 + Math.floor(next() * 3))} ${inline(next)}`;
    case 1:
      return lines(3, () => inline(next)).join("\n");
    case 2:
      return lines(4, () => (next() < 0.2 ? `  ${inline(next)}` : `- ${inline(next)}`)).join("\n");
    case 3: {
      const columns = 1 + Math.floor(next() * 4);
      const row = () => `| ${Array.from({ length: columns }, () => (next() < 0.1 ? "" : inline(next))).join(" | ")} |`;
      const rule = Array.from({ length: columns }, () => ["---", "-", ":--", "--:", ":-:"][Math.floor(next() * 5)]);
      return [row(), `| ${rule.join(" | ")} |`, ...lines(4, row)].join("\n");
    }
    case 4:
      return ["```sh", ...lines(2, () => inline(next)), "```"].join("\n");
    case 5:
      return `<!-- ${inline(next).replace(/[<>-]/g, "")}x -->`;
    default:
      return `| ${inline(next)} |`;
  }
}

test("random pages: what the fast path formats is what prettier formats", async () => {
  const next = random(20261129);
  let formatted = 0;
  const PAGES = 1500;
  for (let page = 0; page < PAGES; page++) {
    const blocks = Array.from({ length: 1 + Math.floor(next() * 5) }, () => block(next));
    const text = `${blocks.map((b, i) => (i === 0 ? b : `${["\n\n", "\n\n", "\n", "\n\n\n"][Math.floor(next() * 4)]}${b}`)).join("")}\n`;
    const fast = fastMarkdown(text);
    if (fast === undefined) continue;
    formatted++;
    assert.fixture(fast, await prettier(text), `page ${page}:\n${text}`);
  }
  // Enough of them are formatted directly for the comparison to mean something.
  assert.ok(formatted >= PAGES / 10, `${formatted} of ${PAGES} pages formatted directly`);
});

test("what a review found the fast path got wrong: now left to prettier, or the same as prettier's", async () => {
  for (const text of [
    // prettier's own comments leave what follows as it is
    "<!-- prettier-ignore -->\n\n| a | b |\n| - | - |\n| c | d |\n",
    "<!-- prettier-ignore -->\n# Title\n",
    // task items
    "- [X] done\n",
    "- [ ] a\n  b\n",
    // what a line starts with, whatever follows it
    "a\n+`x`\n",
    "a\n-`x`\n",
    "a\n=[a](b)\n",
    "a\n10.`x`\n",
    // a one-column table without pipes
    "a\n-:\n",
    "- a\n  -:\n",
    // math, front matter
    "a\n$$\n",
    "$$\n",
    "+++\na = 1\n+++\nb\n",
    // fences prettier lengthens or opens up
    "```sh\necho ```x```\n```\n",
    "```sh\n    ```\n```\n",
    "```\n```\n",
    // widths of code spans in tables
    "| `中` | b |\n| - | - |\n| x | y |\n",
    "| `e\u0301` |\n| - |\n| x |\n",
    "| `a\tb` |\n| - |\n| x |\n",
    // a URL that swallows the code span after it
    "https://x.io/`a\tb`\n",
    "https://x.io/`a b``c``d`\n",
  ]) {
    const fast = fastMarkdown(text);
    if (fast !== undefined) assert.fixture(fast, await prettier(text), JSON.stringify(text));
  }
});

test("pages the fast path leaves to prettier", () => {
  for (const text of [
    "*emphasis*\n",
    "- a\n\n- b\n",
    "- a\n\n  b\n",
    "Text\n- a list right after it\n",
    "| a |\n| - |\n| b |\ntext that GFM reads as a row\n",
    "```yaml\na:   1\n```\n",
    "| a | b |\n| - |\n",
    "a  b\n",
    "[x]: https://example.com\n",
    "1. one\n",
    "Setext\n===\n",
  ])
    assert.is(fastMarkdown(text), undefined, JSON.stringify(text));
});

test.run();
