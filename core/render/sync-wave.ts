// Puts an object at a sync wave inside its Application (the bootstrap graph's inner waves). Wave 0 is ArgoCD's
// default, so it is left unwritten.
import { objectData } from "../custom-object.ts";
import type { KubernetesObject } from "../file-tree.ts";
import { SYNC_WAVE_ANNOTATION } from "../names.ts";

type Meta = { metadata?: { annotations?: Record<string, string> } };

/** The same objects, each annotated with `wave` unless it is 0. */
export function withSyncWave<T extends KubernetesObject>(objects: readonly T[], wave: number): T[] {
  if (wave === 0) return [...objects];
  for (const object of objects) {
    // A model keeps its fields on itself; a CustomObject's JSON is its data.
    const target = objectData(object) as Meta;
    const metadata = (target.metadata ??= {});
    metadata.annotations = { ...metadata.annotations, [SYNC_WAVE_ANNOTATION]: String(wave) };
  }
  return [...objects];
}
