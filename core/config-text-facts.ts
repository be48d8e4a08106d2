// What parsing a TypeScript config's text finds, kept for the next run with the same text: its keys written twice,
// and where each config path that a problem named is written. Finding either parses the config with Babel (70-80
// ms for the example, 0.25 s for 1,000 services), which a run needs for nothing else. With the facts kept, a run
// whose config is unchanged, warnings and all, parses nothing. Each fact is a function of the text alone (and of
// this Fawkes, which the CLI's cache keys by): the problems and their positions are the same without the cache.
import type { SourceLocator } from "./locate-config.ts";
import type { ConfigPath, Problem, SourcePosition } from "./problems.ts";

export interface ConfigTextFacts {
  readonly duplicateKeys: readonly Problem[];
  /** Positions found, by `positionKey` of the path and its target. */
  readonly positions: Readonly<Record<string, SourcePosition>>;
}

/** Where the facts of earlier runs are kept (the CLI's, on disk under node_modules/.cache). */
export interface ConfigTextCache {
  get(source: string): Promise<ConfigTextFacts | undefined>;
  set(source: string, facts: ConfigTextFacts): Promise<void>;
}

export function positionKey(path: ConfigPath, target: "key" | "value" = "value"): string {
  return JSON.stringify([target, ...path]);
}

/** A config's locator that answers from the facts known for its text, and keeps what it has to find. */
export interface RememberingLocator extends SourceLocator {
  /** The keys written twice: from the facts kept, else found (and kept). */
  knownDuplicateKeys(): Promise<readonly Problem[]>;
  /** Keeps what the locator found since the last call (one write per batch of problems located). */
  keep(): void;
  /** Settles once everything kept is written (tests; the CLI does not wait for a cache). */
  readonly written: () => Promise<void>;
}

export function rememberingLocator(
  source: string,
  locator: SourceLocator,
  cache: ConfigTextCache | undefined,
): RememberingLocator {
  const positions = new Map<string, SourcePosition>();
  let duplicates: readonly Problem[] | undefined;
  let learned = false;
  let writes = Promise.resolve();
  // Asked at once: the read runs beside validation, which takes longer.
  const known = (async () => {
    const facts = await cache?.get(source);
    if (facts === undefined) return;
    duplicates ??= facts.duplicateKeys;
    for (const [key, at] of Object.entries(facts.positions)) if (!positions.has(key)) positions.set(key, at);
  })();
  const write = () => {
    if (cache === undefined || duplicates === undefined) return;
    const facts: ConfigTextFacts = { duplicateKeys: duplicates, positions: Object.fromEntries(positions) };
    // In order: a later write knows everything an earlier one did. A write that fails only costs the next run time.
    writes = writes.then(() => cache.set(source, facts)).catch(() => undefined);
  };
  return {
    async knownDuplicateKeys() {
      await known;
      if (duplicates === undefined) {
        duplicates = locator.duplicateKeys();
        write();
      }
      return duplicates;
    },
    duplicateKeys: () => [...(duplicates ??= locator.duplicateKeys())],
    locate(path, target) {
      const key = positionKey(path, target);
      const kept = positions.get(key);
      if (kept !== undefined) return kept;
      const at = locator.locate(path, target);
      positions.set(key, at);
      learned = true;
      return at;
    },
    keep() {
      // Until the keys written twice are known there is no entry to write: what was found waits for the next batch.
      if (!learned || cache === undefined || duplicates === undefined) return;
      learned = false;
      write();
    },
    release: () => locator.release?.(),
    written: async () => {
      await known;
      await writes;
    },
  };
}
