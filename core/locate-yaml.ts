// Positions of values in a YAML source (the releases file), from the `yaml` package's CST ranges.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import type { ConfigPath, SourcePosition } from "./problems.ts";
import type { SourceLocator } from "./locate-config.ts";

interface Parsed {
  readonly document: Document;
  readonly lineCounter: LineCounter;
}

/**
 * Parsed on first use. `parsed`: the source already parsed with its line counter, so a large file is not parsed
 * twice. `release` lets go of the parse (a large file's is tens of megabytes); a later call parses again.
 */
export function createYamlLocator(source: string, parsed?: Parsed): SourceLocator {
  let held = parsed;
  const parse = (): Parsed => {
    const lineCounter = new LineCounter();
    // Duplicate keys are found elsewhere (config-text.ts): yaml's own check compares every key with every earlier
    // one of its mapping, seconds for a large releases file.
    return {
      document: parseDocument(source, { lineCounter, keepSourceTokens: false, uniqueKeys: false }),
      lineCounter,
    };
  };
  const locate = (path: ConfigPath, target: "key" | "value" = "value"): SourcePosition => {
    const { document, lineCounter } = (held ??= parse());
    const at = (offset: number): SourcePosition => {
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    };
    let node: unknown = document.contents;
    let last: SourcePosition = { line: 1, column: 1 };
    for (const [index, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => String((item.key as { value?: unknown })?.value ?? item.key) === String(segment),
        );
        if (!pair) return last;
        const key = pair.key as YamlNode | null;
        if (key?.range) last = at(key.range[0]);
        if (target === "key" && index === path.length - 1) return last;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment];
      } else {
        return last;
      }
      const range = (node as YamlNode | null)?.range;
      if (range) last = at(range[0]);
    }
    return last;
  };
  return {
    locate,
    duplicateKeys: () => [],
    release: () => {
      held = undefined;
    },
  };
}
