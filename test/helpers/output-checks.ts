// Checks of a generated tree that do not trust the generator: YAML re-parses, every object re-validates
// from its parsed form, and, where ../shared/reference exists, matches the upstream CRD schemas.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { Ajv2019 } from "ajv/dist/2019.js";
import { parse } from "yaml";
import { compiledSchema } from "./compiled-schema.ts";
import { yamlDocuments } from "./yaml-documents.ts";
import type { FileTree } from "../../core/file-tree.ts";
import { collectorSchema, instrumentationSchema } from "../../schema/outputs/opentelemetry.ts";
import { policyExceptionSchema, validatingPolicySchema } from "../../schema/outputs/kyverno.ts";
import { catalogEntitySchema } from "../../schema/outputs/backstage.ts";
import { templateEntitySchema } from "../../schema/outputs/scaffolder.ts";
import { REFERENCE, REPO } from "./repo.ts";

/** Which package holds the models of an API group. */
const MODEL_PACKAGES: Record<string, string> = {
  "": "kubernetes-models",
  "argoproj.io": "@kubernetes-models/argo-cd",
  "external-secrets.io": "@kubernetes-models/external-secrets",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "security.istio.io": "@kubernetes-models/istio",
};

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/** CRDs without a model package: their zod schemas in schema/outputs stand in. */
const CUSTOM_SCHEMAS: Record<string, { safeParse(data: unknown): { success: boolean; error?: { message: string } } }> =
  {
    "opentelemetry.io/v1beta1 OpenTelemetryCollector": collectorSchema,
    "opentelemetry.io/v1alpha1 Instrumentation": instrumentationSchema,
    "policies.kyverno.io/v1 ValidatingPolicy": validatingPolicySchema,
    "policies.kyverno.io/v1 PolicyException": policyExceptionSchema,
    ...Object.fromEntries(
      ["Group", "System", "Component", "API", "Resource", "Location"].map((k) => [
        `backstage.io/v1alpha1 ${k}`,
        catalogEntitySchema,
      ]),
    ),
    "scaffolder.backstage.io/v1beta3 Template": templateEntitySchema,
    "postgresql.cnpg.io/v1 Cluster": crdSchema("cnpg/cluster.v1.schema.json"),
  };

/**
 * A claimed object's CRD schema, from test/fixtures (read at the chart version that installs the CRD; the
 * fixture names its source), as a stand-in for a model package.
 */
function crdSchema(file: string): { safeParse(data: unknown): { success: boolean; error?: { message: string } } } {
  const checker = new Ajv({ strict: false, allErrors: true });
  for (const format of ["int32", "int64", "byte", "double", "float", "date-time"]) checker.addFormat(format, true);
  const validate = checker.compile(JSON.parse(readFileSync(join(REPO, "test", "fixtures", file), "utf8")) as object);
  return {
    safeParse: (data) =>
      validate(data) ? { success: true } : { success: false, error: { message: checker.errorsText(validate.errors) } },
  };
}

async function modelFor(apiVersion: string, kind: string): Promise<ModelClass> {
  const custom = CUSTOM_SCHEMAS[`${apiVersion} ${kind}`];
  if (custom) {
    return class {
      readonly #data: unknown;
      constructor(data: unknown) {
        this.#data = data;
      }
      validate(): void {
        const result = custom.safeParse(this.#data);
        if (!result.success) throw new Error(result.error?.message);
      }
    };
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const builtIn = !group!.includes(".") || (group!.endsWith(".k8s.io") && !MODEL_PACKAGES[group!]);
  const pkg = builtIn ? "kubernetes-models" : MODEL_PACKAGES[group!];
  if (!pkg) throw new Error(`no model package for ${apiVersion}`);
  const path =
    pkg === "kubernetes-models"
      ? group
        ? `${pkg}/${group}/${version}/${kind}`
        : `${pkg}/${version}/${kind}`
      : `${pkg}/${group}/${version}/${kind}`;
  const module = (await import(path)) as Record<string, ModelClass>;
  const model = module[kind];
  if (!model) throw new Error(`${path} has no ${kind}`);
  return model;
}

export interface ParsedObject {
  readonly path: string;
  readonly object: {
    apiVersion: string;
    kind: string;
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
  } & Record<string, unknown>;
}

/** Every YAML document of the tree, parsed; throws on a YAML error. */
export function parseObjects(tree: FileTree): ParsedObject[] {
  const out: ParsedObject[] = [];
  for (const file of tree.values()) {
    if (!file.path.endsWith(".yaml") || !file.path.startsWith("out/")) continue;
    for (const document of yamlDocuments(file.content, file.path)) {
      const object = document as ParsedObject["object"] | null;
      if (object && typeof object === "object" && "kind" in object) out.push({ path: file.path, object });
    }
  }
  return out;
}

/** Re-validates every parsed object with its kubernetes-models class; returns the failures. */
export async function revalidateObjects(objects: readonly ParsedObject[]): Promise<string[]> {
  const failures: string[] = [];
  for (const { path, object } of objects) {
    try {
      const Model = await modelFor(object.apiVersion, object.kind);
      new Model(object).validate();
    } catch (error) {
      failures.push(`${path} ${object.kind}/${object.metadata?.name}: ${(error as Error).message}`);
    }
  }
  return failures;
}

/** Upstream schemas by `apiVersion kind`, from ../shared/reference when present. */
const REFERENCE_SCHEMAS: Record<string, string> = {
  "argoproj.io/v1alpha1 Application": "argocd/application.schema.json",
  "argoproj.io/v1alpha1 ApplicationSet": "argocd/applicationset.schema.json",
  "argoproj.io/v1alpha1 AppProject": "argocd/appproject.schema.json",
  "policies.kyverno.io/v1 ValidatingPolicy": "kyverno/validatingpolicy.schema.json",
};

export const hasReference = existsSync(REFERENCE);

const compiled = new Map<string, ValidateFunction<unknown>>();
const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
(addFormatsPlugin as unknown as (ajv: Ajv) => void)(ajv);
for (const format of ["int32", "int64", "byte", "double", "float"]) ajv.addFormat(format, true);

/** Validates objects against the upstream schemas; returns failures, and how many objects were checked. */
export function validateAgainstReference(objects: readonly ParsedObject[]): { failures: string[]; checked: number } {
  const failures: string[] = [];
  let checked = 0;
  for (const { path, object } of objects) {
    const file = REFERENCE_SCHEMAS[`${object.apiVersion} ${object.kind}`];
    if (!file) continue;
    let validate = compiled.get(file);
    if (!validate) {
      validate = compiledSchema(ajv, readFileSync(join(REFERENCE, file), "utf8"));
      compiled.set(file, validate);
    }
    checked++;
    const { kind, metadata } = object;
    if (!validate(object)) failures.push(`${path} ${kind}/${metadata.name}: ${ajv.errorsText(validate.errors)}`);
  }
  return { failures, checked };
}
let devSchemas: { devfile: ValidateFunction<unknown>; devcontainer: ValidateFunction<unknown> } | undefined;

/**
 * Validates every devfile.yaml and .devcontainer/devcontainer.json of the tree against the upstream schemas
 * (devfile 2.3.0, devcontainer base); returns failures, and how many files were checked.
 */
export function validateDevEnvironments(tree: FileTree): { failures: string[]; checked: number } {
  const schemas = devEnvironmentSchemas();
  const failures: string[] = [];
  let checked = 0;
  for (const { path, content } of tree.values()) {
    let validate: ValidateFunction<unknown>;
    let value: unknown;
    if (/^out\/dev\/[^/]+\/devfile\.yaml$/.test(path)) {
      validate = schemas.devfile;
      value = parse(content);
    } else if (/^out\/dev\/[^/]+\/\.devcontainer\/devcontainer\.json$/.test(path)) {
      validate = schemas.devcontainer;
      value = JSON.parse(content.replace(/^\/\/.*\n/, "")); // the generated-file header is a JSONC comment
    } else continue;
    checked++;
    if (!validate(value)) failures.push(`${path}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  return { failures, checked };
}

/** The upstream devfile 2.3.0 and devcontainer base schemas, compiled once (with their string formats). */
export function devEnvironmentSchemas(): NonNullable<typeof devSchemas> {
  if (devSchemas) return devSchemas;
  const ajv2019 = new Ajv2019({ strict: false, allErrors: true });
  (addFormatsPlugin as unknown as (ajv: Ajv2019) => void)(ajv2019);
  devSchemas = {
    devfile: new Ajv({ strict: false, unicodeRegExp: false, allErrors: true }).compile<unknown>(
      JSON.parse(readFileSync(join(REFERENCE, "devfile/devfile-2.3.0.schema.json"), "utf8")) as object,
    ),
    devcontainer: ajv2019.compile<unknown>(
      JSON.parse(readFileSync(join(REFERENCE, "devcontainer/devContainer.base.schema.json"), "utf8")) as object,
    ),
  };
  return devSchemas;
}
