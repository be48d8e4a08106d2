// Components the catalog does not know (`components.custom.<name>`): an upstream chart pinned to an exact
// version, with its values, namespace, placement, dependencies, the secrets it reads and the pods it renders,
// declared the way chart services declare them (schema/chart-pods.ts), so they are hardened and admitted like
// every other pod.
import { z } from "zod";
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
        "Path under the environment's platform secrets (`kv/<environment>/platform/<vaultPath>`), read through the platform's ClusterSecretStore and seeded like the platform's own secrets.",
      ),
    keys: z.array(secretKey).min(1).describe("Keys of the Vault secret copied into the Secret, under the same names."),
  })
  .strict();

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
        "Kubernetes Secrets the chart reads, each an ExternalSecret from Vault through the platform's ClusterSecretStore, which runs in the management cluster: a component with secrets is placed on the hub.",
      ),
  })
  .strict();

export type CustomComponentConfig = z.output<typeof customComponentSchema>;
