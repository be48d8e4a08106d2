// Provenance by construction: every model entity is wrapped so that reading any of its fields records the
// config entry it came from. A generator builds each file inside `recordSources`, so a file's sources are
// exactly the entries its generator read while building it (a service's callers included), never a list
// typed by hand. The same idea as a reactive framework's dependency tracking, without the reactivity.
import type { OutputFile } from "./file-tree.ts";
import { compareStrings } from "./problems.ts";
import type { Sourced } from "./resolved.ts";

let reads: Set<string> | undefined;

/** The entity, reporting its `source` to the recording in progress whenever a field is read. */
export function traced<T extends Sourced>(entity: T): T {
  return new Proxy(entity, {
    get(target, key, receiver) {
      if (reads) {
        reads.add(target.source);
        if (target.requires) for (const source of target.requires) reads.add(source);
        const field = typeof key === "string" ? target.fieldSources?.[key] : undefined;
        if (field) for (const source of field) reads.add(source);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/** Records a read of a config entry that has no entity (a component that is off). */
export function noteRead(source: string): void {
  reads?.add(source);
}

/** Runs `build` and returns what it built with the sorted config entries it read. Recordings nest. */
export function recordSources<T>(build: () => T): { readonly value: T; readonly sources: string[] } {
  const outer = reads;
  const inner = new Set<string>();
  reads = inner;
  try {
    const value = build();
    return { value, sources: [...inner].sort(compareStrings) };
  } finally {
    reads = outer;
    if (outer) for (const source of inner) outer.add(source);
  }
}

type Unsourced<F> = F extends OutputFile ? Omit<F, "sources"> : never;

/** A generated file whose sources are the entries read while building it. */
export function emit(build: () => Unsourced<OutputFile>): OutputFile {
  const { value, sources } = recordSources(build);
  return { ...value, sources } as OutputFile;
}
