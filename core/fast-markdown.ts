// Markdown pages as prettier formats them (proseWrap "preserve"), for the plain pages the docs templates write:
// an HTML comment, ATX headings, paragraphs, tight "-" lists, "sh" code fences and tables, their text made of
// plain words, `code`, **strong** and [links](url). prettier takes tens of milliseconds a page and a hundred more
// to load, a third of a generate of the example; for these pages all it does is one blank line between blocks
// and the tables' columns padded to one width, which this does directly. A page holding anything it is not sure
// about is left to prettier whole (undefined). Tests compare both on every generated page and on random pages,
// against the installed prettier: an upgrade that formats these pages otherwise fails them.

/** Characters besides printable ASCII whose width prettier counts as one (getStringWidth). */
const WIDE_OK = "–—…→←−’‘“”×·éèàçüöäñ";
/**
 * Plain text: ASCII letters, digits and the punctuation that reads as itself in the middle of a line, and WIDE_OK.
 * Not `$` (math), `{` `}` (templates), `^` (footnotes), `*` `_` `~` (emphasis), `` ` `` `\` `|` `<`: prettier's
 * Markdown reads all of them.
 */
const PLAIN = new RegExp(`^[A-Za-z0-9 .,;:!?'"()/=+\\-%@#>[\\]&_${WIDE_OK}]$`);
/**
 * Inline text, token by token: code spans (of printable ASCII and WIDE_OK, so that a table's widths hold), strong
 * emphasis, links, tags, plain characters.
 */
const CODE = new RegExp(`^\`[!-_a-~${WIDE_OK}](?:[ !-_a-~${WIDE_OK}]*[!-_a-~${WIDE_OK}])?\``);
/** Strong emphasis, which Markdown opens after a space or an opening parenthesis (see isPlainInline). */
const STRONG = /^\*\*[A-Za-z0-9](?:[A-Za-z0-9.,;:'"()/=+\-%# ]*[A-Za-z0-9.,;:'")])?\*\*/;
const LINK = /^\[[A-Za-z0-9 .,;:'"()/=+\-%#]+\]\([A-Za-z0-9./:#?=&%_~+-]+\)/;
/** A placeholder such as `<team>`: to Markdown an HTML tag, which prettier writes as it is. */
const TAG = /^<[a-z][a-z0-9-]*>/;

/**
 * Whether prettier prints `text` as it is, inside a paragraph, heading, list item or table cell: each token
 * one of the above, no double spaces (prettier joins words with one), nothing that could be an entity, an
 * image, a reference link or an HTML tag.
 */
function isPlainInline(text: string): boolean {
  if (text === "" || text !== text.trim() || text.includes("  ")) return false;
  let rest = text;
  let previous = " ";
  /** The plain characters since the last space: a URL there (GFM's autolinks) would swallow a following token. */
  let word = "";
  while (rest !== "") {
    const token = CODE.exec(rest) ?? STRONG.exec(rest) ?? LINK.exec(rest) ?? TAG.exec(rest);
    if (token) {
      if (/:\/\/|www\./i.test(word)) return false;
      rest = rest.slice(token[0].length);
      // Strong emphasis only where Markdown opens and closes it: after a space or "(", before a space or punctuation.
      if (token[0].startsWith("**") && (!/[ (]/.test(previous) || !/^([ .,;:)]|$)/.test(rest))) return false;
      previous = token[0].at(-1)!;
      continue;
    }
    const c = rest[0]!;
    if (!PLAIN.test(c)) return false;
    // `&name;` is an entity, `![` an image, `[a][b]` or `[a](` a link this does not parse, `]:` a definition.
    if (c === "&" && /^&[A-Za-z#]/.test(rest)) return false;
    if ((c === "[" || c === "]") && /^[[\]][[(:]/.test(rest)) return false;
    if (c === "!" && rest[1] === "[") return false;
    // An underscore inside a word is text; at a word's edge prettier escapes it (or it is emphasis).
    if (c === "_" && !(/[A-Za-z0-9]/.test(previous) && /^_[A-Za-z0-9]/.test(rest))) return false;
    word = c === " " ? "" : word + c;
    previous = c;
    rest = rest.slice(1);
  }
  return true;
}

/**
 * A line of a paragraph or list item: plain inline text that does not start another block, nor begin with what
 * prettier escapes or joins at a line's start (`+`, `-`, `=`, `1.`, `2)`, whatever follows them).
 */
function isPlainLine(line: string): boolean {
  // `* `, `|` and `[x]:` start blocks too, but are no plain inline text to begin with.
  return isPlainInline(line) && !/^(#|>|[-+=]|\d+[.)]|<)/.test(line);
}

type Block = string[];

/** A table's rows, padded as prettier pads them (printTable): each column as wide as its widest cell, three at least. */
function formatTable(lines: readonly string[]): Block | undefined {
  const rows = lines.map((line) =>
    line
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim()),
  );
  const header = rows[0]!;
  const delimiter = rows[1]!;
  if (!rows.every((row) => row.length === header.length)) return undefined;
  const align = delimiter.map((cell) => /^(:?)-+(:?)$/.exec(cell));
  if (align.some((a) => a === null)) return undefined;
  const body = [header, ...rows.slice(2)];
  if (!body.every((row) => row.every((cell) => cell === "" || isPlainInline(cell)))) return undefined;
  const widths = header.map((_, i) => body.reduce((width, row) => Math.max(width, row[i]!.length), 3));
  const pad = (cell: string, i: number) => {
    const spaces = widths[i]! - cell.length;
    const [, left, right] = align[i]!;
    const before = right && left ? Math.floor(spaces / 2) : right ? spaces : 0;
    return `${" ".repeat(before)}${cell}${" ".repeat(spaces - before)}`;
  };
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = widths.map((width, i) => {
    const [, left, right] = align[i]!;
    return `${left ? ":" : "-"}${"-".repeat(width - 2)}${right ? ":" : "-"}`;
  });
  return [line(header.map(pad)), line(rule), ...rows.slice(2).map((row) => line(row.map(pad)))];
}

/** Code fences prettier leaves as they are: no language it formats embedded code of. */
const FENCE = /^```(sh|bash|console|text)?$/;

/**
 * The page as prettier would format it, or undefined when it holds anything but the blocks above. `text` ends
 * in one newline (core/header.ts normalizeText).
 */
export function fastMarkdown(text: string): string | undefined {
  const lines = text.split("\n");
  if (lines.pop() !== "") return undefined;
  const blocks: { kind: string; lines: Block }[] = [];
  let i = 0;
  const take = (test: (line: string) => boolean): string[] => {
    const taken: string[] = [];
    while (i < lines.length && lines[i] !== "" && test(lines[i]!)) taken.push(lines[i++]!);
    return taken;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (line === "") {
      i++;
      continue;
    }
    let block: { kind: string; lines: Block } | undefined;
    // A comment, but not one of prettier's own (`prettier-ignore`, which leaves what follows as it is).
    if (/^<!-- [^<>]*[^<>-] -->$/.test(line) && !line.slice(4, -3).includes("--") && !/prettier/i.test(line)) {
      block = { kind: "html", lines: [line] };
      i++;
      // Followed by a blank line, or by a heading (the generated notice above the title): prettier keeps other
      // lines right after a comment where they are.
      if (!/^(#{1,6} |$)/.test(lines[i] ?? "")) return undefined;
    } else if (/^#{1,6} /.test(line)) {
      const title = line.replace(/^#+ /, "");
      if (!isPlainInline(title) || title.endsWith("#")) return undefined;
      block = { kind: "heading", lines: [line] };
      i++;
    } else if (FENCE.test(line)) {
      const end = lines.indexOf("```", i + 1);
      if (end < 0) return undefined;
      const code = lines.slice(i + 1, end);
      // prettier lengthens the fence around three backticks anywhere inside, and opens an empty block up.
      if (code.length === 0 || code.some((l) => /`{3}|^ {0,3}~{3}|[ \t]$/.test(l))) return undefined;
      block = { kind: "code", lines: lines.slice(i, end + 1) };
      i = end + 1;
    } else if (line.startsWith("|")) {
      const rows = take((l) => /^\|.*\|$/.test(l) && !l.includes("\\"));
      const table = rows.length >= 2 ? formatTable(rows) : undefined;
      if (!table) return undefined;
      block = { kind: "table", lines: table };
    } else if (line.startsWith("- ")) {
      // Items of one line each, or continued on lines indented by two spaces (as prettier indents them); not
      // task items (`- [ ]`, `- [x]`), whose continuations prettier indents further.
      const items = take(
        (l) => (l.startsWith("- ") || l.startsWith("  ")) && isPlainLine(l.slice(2)) && !l.startsWith("- ["),
      );
      // Two lists in a row are one loose list to Markdown, or alternate their markers in prettier.
      if (items.length === 0 || blocks.at(-1)?.kind === "list") return undefined;
      block = { kind: "list", lines: items };
    } else {
      const paragraph = take(isPlainLine);
      if (paragraph.length === 0) return undefined;
      block = { kind: "paragraph", lines: paragraph };
    }
    // A block must end where the next begins: at a blank line, or after a one-line block.
    if (block.kind !== "html" && block.kind !== "heading" && block.kind !== "code" && (lines[i] ?? "") !== "")
      return undefined;
    blocks.push(block);
  }
  if (blocks.length === 0) return undefined;
  return `${blocks.map((b) => b.lines.join("\n")).join("\n\n")}\n`;
}
