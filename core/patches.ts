// The escape hatch: `patches` change generated Kubernetes objects where the config has no field, before
// anything checks them, so a patched object is validated, admitted by the policy preflight and verified like
// any other. A patch is a JSON Merge Patch (RFC 7396, json-merge-patch) or a JSON Patch (RFC 6902,
// fast-json-patch). Each patched object says so in an annotation (`fawkes.dev/patched-by`), which `plan` tags
// and reviewers see in the cluster; the patch's config entry becomes a source of the file, so `explain`
// names it. A patch that matches no object, or whose operations fail, is an error at its entry.
import jsonPatch from "fast-json-patch";
import mergePatch from "json-merge-patch";
import { CustomObject } from "./custom-object.ts";
import { mayHold, type KubernetesObject, type OutputFile } from "./file-tree.ts";
import { PATCHED_BY_ANNOTATION } from "./names.ts";
import { problem, type Problem } from "./problems.ts";
import type { ResolvedConfig, ResolvedPatch } from "./resolved.ts";
import { withSource } from "./provenance.ts";

interface Identity {
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
}

function matches(patch: ResolvedPatch, file: OutputFile, object: Identity): boolean {
  const { kind, name, namespace } = patch.target;
  if (patch.environments && (file.environment === undefined || !patch.environments.includes(file.environment)))
    return false;
  return (
    object.kind === kind &&
    object.metadata?.name === name &&
    (namespace === undefined || object.metadata?.namespace === namespace)
  );
}

/** The patched data: a merge patch, or JSON Patch operations (validated, the original left unchanged). */
function patched(patch: ResolvedPatch, data: unknown): unknown {
  if (patch.merge) return mergePatch.apply(structuredClone(data), structuredClone(patch.merge));
  const operations = structuredClone(patch.json ?? []) as jsonPatch.Operation[];
  return jsonPatch.applyPatch(structuredClone(data), operations, true, true).newDocument;
}

/** An object of the same model class with other data. */
function rebuild(object: KubernetesObject, data: unknown): KubernetesObject {
  if (object instanceof CustomObject) return object.withData(data);
  const Model = object.constructor as new (data: unknown) => KubernetesObject;
  return new Model(data);
}

function annotate(data: unknown, index: number): unknown {
  const object = data as Identity;
  const annotations = { ...object.metadata?.annotations };
  const earlier = annotations[PATCHED_BY_ANNOTATION];
  annotations[PATCHED_BY_ANNOTATION] = earlier ? `${earlier},patches[${index}]` : `patches[${index}]`;
  return { ...object, metadata: { ...object.metadata, annotations } };
}

export interface Patcher {
  /** The file with every patch that matches its objects applied, in the config's order. */
  apply(file: OutputFile): OutputFile;
  /** What failed, and every patch that matched nothing in the files given so far. */
  problems(): Problem[];
}

/** Patches applied file by file: a build that streams its files patches each as it comes. */
export function createPatcher(model: ResolvedConfig): Patcher {
  const matched = model.patches.map(() => 0);
  const failed: Problem[] = [];
  const applyOne = (patch: ResolvedPatch, i: number, file: OutputFile & { type: "objects" }): OutputFile => {
    if (!mayHold(file, patch.target.kind)) return file;
    let touched = false;
    const objects = file.objects.map((object) => {
      const data = object.toJSON() as Identity;
      if (!matches(patch, file, data)) return object;
      matched[i]! += 1;
      try {
        const result = patched(patch, data) as Identity;
        if (result?.kind !== data.kind || result?.metadata?.name !== data.metadata?.name)
          throw new Error("a patch may not change the object's kind or name");
        touched = true;
        return rebuild(object, annotate(result, patch.index));
      } catch (error) {
        const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
        failed.push(
          problem(
            "patch-failed",
            ["patches", patch.index],
            `patch of ${patch.target.kind} ${patch.target.name} in ${file.path} failed: ${detail}`,
            "check each operation's path against the generated object (fawkes explain shows the file)",
          ),
        );
        return object;
      }
    });
    return touched ? { ...file, objects, sources: withSource(file.sources, patch.source) } : file;
  };
  return {
    apply: (file) =>
      file.type !== "objects"
        ? file
        : model.patches.reduce<OutputFile>((current, patch, i) => applyOne(patch, i, current as typeof file), file),
    problems: () => [
      ...failed,
      ...model.patches.flatMap((patch, i) =>
        matched[i]! > 0
          ? []
          : [
              problem(
                "patch-matches-nothing",
                ["patches", patch.index],
                `patch matches no generated object: no ${patch.target.kind} named ${patch.target.name}${patch.target.namespace ? ` in namespace ${patch.target.namespace}` : ""}${patch.environments ? ` in ${patch.environments.join(", ")}` : ""}`,
                "check the kind, name and namespace against the generated files (a renamed service or environment leaves a patch behind)",
              ),
            ],
      ),
    ],
  };
}

export function applyPatches(
  model: ResolvedConfig,
  files: readonly OutputFile[],
): { files: OutputFile[]; problems: Problem[] } {
  const patcher = createPatcher(model);
  const patchedFiles = files.map((file) => patcher.apply(file));
  return { files: patchedFiles, problems: patcher.problems() };
}
