// Components the catalog does not know (`components.custom.<name>`): an upstream chart pinned to an exact
// version, with its values, namespace, placement, dependencies, the secrets it reads and the pods it renders,
// declared the way chart services declare them (schema/chart-pods.ts), so they are hardened and admitted like
// every other pod.
import * as z from "zod";
import { exactVersion, name, port } from "./common.ts";
import { chartPodSchema } from "./chart-pods.ts";

const helmValues = z.record(z.string(), z.unknown());

const secretKey = z.string().regex(/^[-._a-zA-Z0-9]+$/, { message: "must be a Secret key such as password" });

const customSecretSchema = z
  .object({
    name: name("Secret").describe("Name of the Kubernetes Secret the chart reads, in the component's namespace."),
    vaultPath: z
      .string()
      .regex(/^[a-z0-9][-a-z0-9_/]*[a-z0-9]$/, { message: "must be a Vault path such as cloudnative-pg/backup" })
      .describe(
        "Path under the environment's platform secrets (`kv/<environment>/platform/<vaultPath>`), seeded like the platform's own secrets.",
      ),
    keys: z.array(secretKey).min(1).describe("Keys of the Vault secret copied into the Secret, under the same names."),
  })
  .strict();

/** The placeholders a claim's templates may use (core/resolve-claims.ts substitutes them). */
export const CLAIM_PLACEHOLDERS = {
  service: "the requesting service's name",
  resource: "the key the service requests it under (`services.<name>.claims.<resource>`)",
  team: "the service's team",
  namespace: "the service's namespace, where the object is created",
  environment: "the environment it is created in",
  name: "the object's name (`name` below, resolved); not in `name` itself",
} as const;

const PLACEHOLDER_NOTE = `Strings may use the placeholders ${Object.keys(CLAIM_PLACEHOLDERS)
  .map((p) => `\`{${p}}\``)
  .join(", ")} and \`{params.<param>}\` (a string that is only a param's placeholder takes the param's typed value).`;

const paramValue = z.union([z.string(), z.number(), z.boolean()]);

const claimParamSchema = z
  .object({
    type: z.enum(["string", "integer", "boolean"]).describe("The param's type: a service's value must have it."),
    default: paramValue.optional().describe("Value when the service sets none; without one the param is required."),
    description: z.string().min(1).describe("What the param sets, for the reference page."),
  })
  .strict();

const claimSchema = z
  .object({
    description: z.string().min(1).describe("What a service gets, for the component reference page."),
    apiVersion: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/v[0-9]+((alpha|beta)[0-9]+)?$/, {
        message: "must be a CRD's group/version such as postgresql.cnpg.io/v1",
      })
      .describe("API version of the custom resource, served by a CRD the component's chart installs."),
    kind: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]*$/, { message: "must be a kind such as Cluster" })
      .describe("Kind of the custom resource."),
    name: z
      .string()
      .min(1)
      .default("{service}-{resource}")
      .describe("Name of the object in the service's namespace (a DNS-1123 label once resolved)."),
    maxNameLength: z
      .number()
      .int()
      .min(1)
      .max(63)
      .default(63)
      .describe(
        "The longest name the operator accepts for the object, read from its admission webhook (CloudNativePG: 50). A longer resolved name is an error at the request.",
      ),
    spec: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(`The object's \`spec\`, a template. ${PLACEHOLDER_NOTE}`),
    params: z
      .record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: "must be a camelCase param name" }), claimParamSchema)
      .default({})
      .describe(
        "Typed params a service passes (`services.<name>.claims.<resource>.params`), used in `spec` as `{params.<param>}`.",
      ),
    secret: z
      .object({
        name: z
          .string()
          .min(1)
          .describe("Name of the Secret the operator makes in the service's namespace, a template (`{name}-app`)."),
        keys: z
          .array(secretKey)
          .min(1)
          .describe(
            "Its keys the service receives, each as the variable `<RESOURCE>_<KEY>` (upper case, `-` and `.` as `_`).",
          ),
      })
      .strict()
      .describe("The Secret the operator makes for the consumer, read from the operator's code at its version."),
    ports: z.array(port).min(1).describe("Ports the service connects to on the claim's pods."),
    selector: z
      .record(z.string(), z.string())
      .refine((l) => Object.keys(l).length > 0, { message: "must name at least one label" })
      .describe(
        'Labels that select every pod the claim makes the operator create (templates, such as `cnpg.io/cluster: "{name}"`).',
      ),
    operatorPorts: z
      .array(port)
      .default([])
      .describe("Ports the component's own pods (the operator) call on the claim's pods."),
    peerPorts: z.array(port).default([]).describe("Ports the claim's pods call on each other (replication)."),
    replicasKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, { message: "must be a dotted key of the spec such as instances" })
      .optional()
      .describe(
        "Key of the object's `spec` whose integer is how many of each declared pod the operator runs (CloudNativePG: `instances`); 1 when unset. The team's quota is checked with it.",
      ),
    storageKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, {
        message: "must be a dotted key of the spec such as storage.size",
      })
      .optional()
      .describe(
        "Key of the object's `spec` whose quantity is the volume each pod claims (CloudNativePG: `storage.size`), counted against the team's storage quota.",
      ),
    apiServer: z
      .boolean()
      .default(false)
      .describe(
        "The claim's pods call the Kubernetes API (TCP 443, whose address is the control plane's, not a pod's).",
      ),
    pods: z
      .array(chartPodSchema)
      .min(1)
      .describe(
        `The pods the operator creates for one object in the service's namespace, read from the operator's code at its version, in the chart pods' shape: values keys are keys of the object's \`spec\` (Fawkes sets the service's labels at \`valuesKeys.podLabels\` and hardens through the security context keys), and the preflight admits them. ${PLACEHOLDER_NOTE}`,
      ),
    source: z
      .string()
      .min(1)
      .optional()
      .describe("Where these facts were read (repository, tag, files), shown with denials and on the reference page."),
  })
  .strict();

export type ClaimConfig = z.output<typeof claimSchema>;

export const customComponentSchema = z
  .object({
    description: z.string().min(1).describe("What the component does, for the component reference page."),
    chart: z
      .object({
        repoURL: z
          .string()
          .regex(/^(https|oci):\/\/\S+$/, { message: "must be an https:// or oci:// URL" })
          .describe("Helm repository URL (https://…) or OCI registry (oci://…) of the chart."),
        chart: z.string().min(1).describe("Chart name in the repository."),
        version: exactVersion.describe("Exact chart version: no ranges, so the pods declared below stay true."),
      })
      .strict()
      .describe("The upstream chart, pinned."),
    namespace: name("namespace").describe(
      "Namespace it is installed in (its Application creates it); no built-in component's or team's.",
    ),
    placement: z
      .enum(["per-cluster", "hub"])
      .default("per-cluster")
      .describe("Where it runs: in every cluster, or only in the management (hub) cluster."),
    environments: z
      .array(name("environment"))
      .optional()
      .describe("Environments it runs in (default: every one its placement allows)."),
    values: helmValues
      .default({})
      .describe(
        "Helm values merged over the hardening values Fawkes derives from `pods`: a value set here wins, and the preflight admits the pods as the merged values render them. Never secrets.",
      ),
    dependsOn: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Components it needs running first: built-in component keys (such as `certManager`) or other custom components' names. Sync waves follow.",
      ),
    pods: z
      .array(chartPodSchema)
      .min(1)
      .describe(
        "The pods the chart renders with these values, read from its templates at `chart.version`: their images, security contexts, labels and the values keys that set them. Required: nothing runs unadmitted.",
      ),
    webhookPorts: z
      .array(port)
      .default([])
      .describe(
        "Container ports of its admission webhooks: the API server calls them, so its namespace's NetworkPolicies admit them from anywhere (everything else is denied but its own pods and Prometheus).",
      ),
    secrets: z
      .array(customSecretSchema)
      .default([])
      .describe(
        "Kubernetes Secrets the chart reads, each an ExternalSecret from Vault: in the management cluster through the platform's ClusterSecretStore; in the other clusters through a SecretStore in its namespace whose Vault role (`component-<name>-<environment>`, on that cluster's Kubernetes auth mount) reads exactly these paths of that environment.",
      ),
    claims: z
      .record(name("claim"), claimSchema)
      .default({})
      .describe(
        "Custom resources a service may request (`services.<name>.claims`), declared once: the object the operator acts on in the service's namespace, the Secret it makes for the service, the ports and pods it adds.",
      ),
  })
  .strict();

export type CustomComponentConfig = z.output<typeof customComponentSchema>;
