// Objects of CRDs that have no kubernetes-models package (OpenTelemetry, Kyverno): a zod schema in
// schema/outputs/ stands in for the model, so they are validated before writing like every other object.
import type * as z from "zod";
import type { KubernetesObject } from "./file-tree.ts";

export class CustomObject<T extends { apiVersion: string; kind: string }> implements KubernetesObject {
  readonly #data: T;
  readonly #schema: z.ZodType<T>;

  constructor(schema: z.ZodType<T>, data: T) {
    this.#schema = schema;
    this.#data = data;
  }

  toJSON(): T {
    return this.#data;
  }

  /** The same kind of object with other data (a patched copy), validated by the same schema. */
  withData(data: unknown): CustomObject<T> {
    return new CustomObject(this.#schema, data as T);
  }

  validate(): void {
    const result = this.#schema.safeParse(this.#data);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new Error(`${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
  }
}

/**
 * An object's data, without a copy: a kubernetes-models instance holds its data as its own properties, `undefined`
 * already left out (its `toJSON` copies them once more); a CustomObject returns its data. Read it, never change it.
 */
export function objectData(object: KubernetesObject): unknown {
  return object instanceof CustomObject ? object.toJSON() : object;
}

/** Whether the object is the core API group's (`apiVersion: v1`) `kind`: not a custom resource of that name. */
export function isCoreKind(object: KubernetesObject, kind: string): boolean {
  const o = object as { apiVersion?: unknown; kind?: unknown };
  return o.kind === kind && o.apiVersion === "v1";
}
