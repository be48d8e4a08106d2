// Provenance by construction: every model entity is wrapped so that reading any of its fields records the
// config entry it came from. A generator builds each file inside `recordSources`, so a file's sources are
// exactly the entries its generator read while building it (a service's callers included), never a list
// typed by hand. The same idea as a reactive framework's dependency tracking, without the reactivity.
import type { OutputFile } from "./file-tree.ts";
import { compareStrings } from "./problems.ts";
import type { Sourced } from "./resolved.ts";

/**
 * What a file depends on: the config entries read one by one, and the long lists read whole (an entity's
 * `requires`, the bootstrap graph's reads), each list held once however many files read it. Copied into each
 * file, one list alone cost 4,000 entries in each of 12,000 files at 20,000 services: every exposed host
 * decides which Gateway serves a route.
 */
export interface FileSources {
  /** Read one by one: sorted (byte order), each once. */
  readonly entries: readonly string[];
  /** Read whole, shared with every other file that read them. */
  readonly shared: readonly (readonly string[])[];
}

export const NO_SOURCES: FileSources = Object.freeze({ entries: Object.freeze([]), shared: Object.freeze([]) });

/** Sources of the given entries (a file built without a recording). */
export function fileSources(entries: Iterable<string>): FileSources {
  return { entries: [...new Set(entries)].sort(compareStrings), shared: [] };
}

/** Every entry a file depends on, sorted (byte order), each once. */
export function sourceList(sources: FileSources): readonly string[] {
  if (sources.shared.length === 0) return sources.entries;
  const all = new Set(sources.entries);
  for (const list of sources.shared) for (const entry of list) all.add(entry);
  return [...all].sort(compareStrings);
}

/** The sources and one more entry. */
export function withSource(sources: FileSources, entry: string): FileSources {
  return sources.entries.includes(entry)
    ? sources
    : { ...sources, entries: fileSources([...sources.entries, entry]).entries };
}

/** Lists shorter than this are copied into the entries: a shared list costs a pointer, an entry one too. */
const SHARED_FROM = 16;

interface Recording {
  readonly entries: Set<string>;
  readonly shared: Set<readonly string[]>;
  /** The entity whose source and needs this recording noted last: reading it again adds nothing. */
  last?: Sourced;
}

let recording: Recording | undefined;

/**
 * Records a list of entries read whole (an entity's `requires`, what something built once for many files
 * read: the bootstrap graph); `list` must never change.
 */
export function noteReads(list: readonly string[]): void {
  if (!recording) return;
  if (list.length >= SHARED_FROM) recording.shared.add(list);
  else for (const source of list) recording.entries.add(source);
}

/** The entity, reporting its `source` to the recording in progress whenever a field is read. */
export function traced<T extends Sourced>(entity: T): T {
  return new Proxy(entity, {
    get(target, key, receiver) {
      if (recording) {
        if (recording.last !== target) {
          recording.last = target;
          recording.entries.add(target.source);
          if (target.requires) noteReads(target.requires);
        }
        const field = typeof key === "string" ? target.fieldSources?.[key] : undefined;
        if (field) noteReads(field);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/** Records a read of a config entry that has no entity (a component that is off). */
export function noteRead(source: string): void {
  recording?.entries.add(source);
}

/** Runs `build` and returns what it built with the config entries it read. Recordings nest. */
export function recordSources<T>(build: () => T): { readonly value: T; readonly sources: FileSources } {
  const outer = recording;
  const inner: Recording = { entries: new Set(), shared: new Set() };
  recording = inner;
  try {
    const value = build();
    return { value, sources: { entries: [...inner.entries].sort(compareStrings), shared: [...inner.shared] } };
  } finally {
    recording = outer;
    if (outer) {
      for (const source of inner.entries) outer.entries.add(source);
      for (const list of inner.shared) outer.shared.add(list);
    }
  }
}

/**
 * `build`, run once per model: a later call answers the same value, and notes what the first one read, so each
 * caller's file depends on it as if it had built it. The value is shared: callers must not change it.
 */
export function oncePerModel<M extends object, T>(build: (model: M) => T): (model: M) => T {
  const built = new WeakMap<M, { readonly value: T; readonly sources: readonly string[] }>();
  return (model) => {
    let entry = built.get(model);
    if (!entry) {
      const { value, sources } = recordSources(() => build(model));
      entry = { value, sources: sourceList(sources) };
      built.set(model, entry);
    } else noteReads(entry.sources);
    return entry.value;
  };
}

type Unsourced<F> = F extends OutputFile ? Omit<F, "sources"> : never;

/** A generated file whose sources are the entries read while building it. */
export function emit(build: () => Unsourced<OutputFile>): OutputFile {
  const { value, sources } = recordSources(build);
  return { ...value, sources } as OutputFile;
}
