import * as z from "zod";
import { CronExpressionParser } from "cron-parser";
import {
  IMAGE_REPOSITORY_PATTERN,
  dnsName,
  extraLabels,
  labelKey,
  labelValue,
  exactVersion,
  name,
  port,
  quantity,
  repoPath,
  url,
  urlPath,
} from "./common.ts";
import { chartPodSchema } from "./chart-pods.ts";
import { patchOf, perEnvironment, type MergePatch } from "./merge-patch.ts";

/** A cron expression the Kubernetes CronJob controller accepts: five fields in range, or a macro. */
function validCron(expression: string): boolean {
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}

/** The IANA time zones this runtime knows (canonical names), plus UTC under both of its names. */
export function timeZones(): readonly string[] {
  return [...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"];
}

/**
 * An IANA time zone: a canonical name, or an alias of one (`Asia/Kolkata`, `US/Eastern`) written as the
 * database spells it (Kubernetes reads the Go time zone database, which is case-sensitive). Offsets such as
 * `+01:00` are not zones.
 */
function isTimeZone(zone: string): boolean {
  if (timeZones().includes(zone)) return true;
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(zone)) return false;
  try {
    const canonical = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    return timeZones().includes(canonical);
  } catch {
    return false;
  }
}

export const BUILD_TYPES = ["node", "maven", "gradle", "python", "go"] as const;

/** Bucket boundaries (ms) of the OpenTelemetry SDKs' default HTTP server duration histogram (semantic conventions). */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000] as const;

const percent = z.number().gt(0).lt(100);

const probeSchema = z
  .union([
    z
      .object({
        path: z.string().startsWith("/").describe("HTTP path probed with GET."),
        port: port.optional().describe("Port probed; defaults to the service port."),
      })
      .strict(),
    z
      .object({ command: z.array(z.string()).min(1).describe("Command run in the container; exit 0 is healthy.") })
      .strict(),
  ])
  .describe("An HTTP GET `{ path }` on the service port (or `port`), or an exec `{ command }`.");

const resourcesSchema = z
  .object({
    cpu: quantity.default("100m").describe("CPU request."),
    memory: quantity.default("128Mi").describe("Memory request."),
    cpuLimit: quantity.optional().describe("CPU limit; none by default (throttling hurts more than it helps)."),
    memoryLimit: quantity.optional().describe("Memory limit; defaults to twice the request."),
  })
  .strict();

const secretRefSchema = z
  .object({
    path: z
      .string()
      .regex(/^[a-z0-9][-a-z0-9_/]*[a-z0-9]$/, { message: "must be a Vault KV path such as payments/checkout-api/db" })
      .describe(
        "The secret's path, starting with the owning team's name (`payments/checkout-api/db`); each environment reads its own copy, at `kv/<environment>/teams/<path>` of the KV v2 mount.",
      ),
    key: z.string().min(1).describe("Key within the Vault secret."),
    shared: z
      .boolean()
      .default(false)
      .describe(
        "One value for every environment, at `kv/shared/teams/<path>`, instead of one per environment at `kv/<environment>/teams/<path>`: every environment's identity of the team can read it, the non-production ones included. Only for values that are not production data (a license key, a public client id).",
      ),
  })
  .strict();

const chartSchema = z
  .object({
    repoURL: url.describe("Helm repository URL (or `oci://` registry) of the chart."),
    chart: z.string().min(1).describe("Chart name."),
    version: exactVersion.describe("Exact chart version."),
    values: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        "Helm values merged over the generated ones (names, pod labels, restricted security contexts): a value set here wins, and the policy preflight admits the pods as these merged values render them.",
      ),
    pods: z
      .array(chartPodSchema)
      .min(1)
      .optional()
      .describe(
        "The pods the chart renders, read from its templates at `version`, for a chart or version Fawkes ships no facts for (see schema/chart-facts/): their images, security contexts, labels and the values keys that set them. Fawkes hardens and labels them through those keys and admits them like every other pod. Declared pods replace the shipped facts.",
      ),
  })
  .strict();

const serviceFields = {
  team: name("team").describe("Owning team."),
  description: z.string().min(1).describe("What the service does (Backstage, docs)."),
  type: z
    .enum(["web", "worker", "cronjob"])
    .default("web")
    .describe(
      "`web`: serves HTTP on `port` (Deployment + Service); `worker`: a Deployment without a Service; `cronjob`: runs on `schedule`.",
    ),
  image: z
    .string()
    .regex(IMAGE_REPOSITORY_PATTERN, {
      message:
        "must be an image repository without a tag, such as ghcr.io/acme/checkout-api (tags come from the releases file)",
    })
    .optional()
    .describe("Image repository without tag; defaults to `<registry>/<service>`. Tags come from the releases file."),
  port: port
    .optional()
    .describe(
      "Container port for `web` services (default 8080); for a `chart` service, the port of its Service, needed to expose it or to depend on it.",
    ),
  schedule: z
    .string()
    // Kubernetes refuses a time zone in the schedule; spec.timeZone is the stable way (1.27).
    .refine((schedule) => !/^\s*(CRON_)?TZ=/.test(schedule), {
      message: "may not name a time zone (Kubernetes refuses CRON_TZ= and TZ= in a schedule): set `timeZone`",
      abort: true,
    })
    .regex(/^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/, {
      message: "must be a cron expression such as '*/15 * * * *'",
    })
    .refine(validCron, {
      message: "is not a valid cron expression: minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7",
    })
    .optional()
    .describe("Cron schedule, required for `cronjob` services."),
  timeZone: z
    .string()
    .refine(isTimeZone, {
      message: "is not an IANA time zone such as Europe/Berlin or Etc/UTC",
      params: { choices: "timeZone" },
    })
    .optional()
    .describe(
      "IANA time zone the `schedule` of a `cronjob` runs in (CronJob `spec.timeZone`), such as `Europe/Berlin`; `Etc/UTC` by default.",
    ),
  expose: z
    .union([
      z.boolean(),
      z
        .object({
          host: perEnvironment(dnsName)
            .optional()
            .describe("Host name, or a map environment → host; defaults to `<service>.<environment>.<domain>`."),
          path: urlPath.default("/").describe("Path prefix routed to the service."),
        })
        .strict(),
    ])
    .default(false)
    .describe("Expose the service through the environment's gateway (HTTPS)."),
  replicas: perEnvironment(z.number().int().min(0))
    .default(2)
    .describe("Replica count, or a map environment → count. Ignored when `autoscale` is set."),
  autoscale: z
    .object({
      min: z.number().int().min(1).describe("Minimum replicas."),
      max: z.number().int().min(1).describe("Maximum replicas."),
      cpuUtilization: z.number().int().min(1).max(100).default(75).describe("Target average CPU utilisation (%)."),
    })
    .strict()
    .optional()
    .describe("Horizontal pod autoscaling on CPU."),
  resources: resourcesSchema.prefault({}).describe("Container resources."),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "must be an environment variable name" }),
      z.string(),
    )
    .default({})
    .describe("Plain environment variables. Never secrets: use `secrets`."),
  secrets: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "must be an environment variable name" }),
      secretRefSchema,
    )
    .default({})
    .describe("Environment variables filled from Vault at run time: variable → `{ path, key }`. Never values."),
  secretDelivery: z
    .enum(["external-secrets", "vault-agent"])
    .default("external-secrets")
    .describe(
      "How secrets reach the pod: an ExternalSecret (a Kubernetes Secret), or files rendered by the Vault Agent injector.",
    ),
  dependsOn: z
    .array(name("service"))
    .default([])
    .describe("Services this one calls: allowed by network and mesh policy."),
  egress: z
    .array(
      z
        .object({
          cidr: z.string().describe("Destination network."),
          port: port.describe("Destination TCP port."),
        })
        .strict(),
    )
    .default([])
    .describe("External destinations this service may reach."),
  claims: z
    .record(
      name("resource"),
      z
        .object({
          claim: z
            .string()
            .regex(/^[a-z][-a-z0-9]*\.[a-z][-a-z0-9]*$/, {
              message: "must be <custom component>.<claim>, such as cloudnative-pg.postgres",
            })
            .describe("The claim, as `<custom component>.<claim>` (`components.custom.<component>.claims.<claim>`)."),
          params: z
            .record(
              z.string(),
              z.union([
                z.string(),
                z.number(),
                z.boolean(),
                z.record(name("environment"), z.union([z.string(), z.number(), z.boolean()])),
              ]),
            )
            .default({})
            .describe("Values of the claim's params, each one value or a map environment → value."),
        })
        .strict(),
    )
    .default({})
    .describe(
      "Platform resources the service requests from a custom component's claims (a database, a bucket): per environment it runs in, the object in its namespace, the Secret the operator makes as `<RESOURCE>_<KEY>` variables, and network policies to the claim's pods.",
    ),
  labels: extraLabels("Labels on the service's objects and pods, over its team's and `platform.labels`."),
  nodeSelector: z
    .record(labelKey, labelValue)
    .default({})
    .describe(
      'Node labels the pods must run on (pod `nodeSelector`), such as a node pool\'s `{ "acme.dev/pool": "batch" }`: some node pool of each environment must carry them.',
    ),
  tolerations: z
    .array(
      z
        .object({
          key: z.string().min(1).describe("Taint key tolerated."),
          operator: z
            .enum(["Equal", "Exists"])
            .default("Equal")
            .describe("`Equal`: the taint's value must be `value`; `Exists`: any value."),
          value: z.string().optional().describe("Taint value tolerated (with `Equal`)."),
          effect: z
            .enum(["NoSchedule", "PreferNoSchedule", "NoExecute"])
            .optional()
            .describe("Taint effect tolerated; every effect when unset."),
        })
        .strict(),
    )
    .default([])
    .describe(
      "Taints of node pools the pods tolerate (pod `tolerations`), to run on a tainted pool such as batch or GPU nodes.",
    ),
  probes: z
    .object({
      liveness: probeSchema.optional(),
      readiness: probeSchema.optional(),
      startup: probeSchema.optional(),
    })
    .strict()
    .optional()
    .describe("Health probes. `web` services default to GET /healthz (liveness) and /readyz (readiness)."),
  metrics: z
    .union([
      z.literal(false),
      z
        .object({
          path: z.string().startsWith("/").default("/metrics").describe("HTTP path of the metrics endpoint."),
          port: port.optional().describe("Port of the metrics endpoint; defaults to the service port."),
        })
        .strict(),
    ])
    .optional()
    .describe(
      "Prometheus metrics endpoint, scraped through a ServiceMonitor (a PodMonitor for workers, which need a `port`). Web services are scraped on their port at /metrics unless `metrics: false`; workers and cronjobs only when declared.",
    ),
  slo: z
    .object({
      availability: percent
        .optional()
        .describe("Percentage of requests answered without a server error (5xx) over 30 days, e.g. 99.9."),
      latency: z
        .object({
          thresholdMs: z
            .number()
            .refine((ms) => (LATENCY_BUCKETS_MS as readonly number[]).includes(ms), {
              message: `must be a bucket boundary of the OpenTelemetry HTTP duration histogram: ${LATENCY_BUCKETS_MS.join(", ")}`,
            })
            .describe(
              "Requests faster than this count as good; a bucket boundary of the OpenTelemetry HTTP server duration histogram.",
            ),
          target: percent.describe("Percentage of requests faster than the threshold over 30 days, e.g. 99."),
        })
        .strict()
        .optional()
        .describe("Latency objective: the share of requests faster than a threshold."),
    })
    .strict()
    .optional()
    .describe(
      "Service level objectives over 30 days, compiled to multi-window burn-rate alerts routed to the team. Needs metrics.",
    ),
  cloudAccess: z
    .object({
      awsPolicyArns: z
        .array(z.string().startsWith("arn:"))
        .default([])
        .describe(
          "IAM policies for the service's role (IRSA): each in the AWS account of every cloud the service runs in, or AWS-managed (`arn:aws:iam::aws:policy/…`).",
        ),
      azureRoles: z
        .array(
          z
            .object({
              role: z.string().min(1).describe("Azure role definition name, e.g. `Storage Blob Data Reader`."),
              scope: z.string().startsWith("/").describe("Resource id the role is assigned on."),
            })
            .strict(),
        )
        .default([])
        .describe("Azure role assignments for the service's managed identity (workload identity)."),
      azureClientId: perEnvironment(z.uuid({ message: "must be a client id (a UUID)" }))
        .optional()
        .describe(
          "Client id of the service's managed identity on Azure (a Terraform output), or a map environment → client id.",
        ),
    })
    .strict()
    .optional()
    .describe("Cloud API access through workload identity; the service account gets the role or client id."),
  security: z
    .object({
      runAsRoot: z
        .boolean()
        .default(false)
        .describe("Run as root (legacy images only). The restricted policy denies it unless an exception is declared."),
      addCapabilities: z
        .array(z.string().regex(/^[A-Z_]+$/, { message: "must be a capability name such as NET_BIND_SERVICE" }))
        .default([])
        .describe("Linux capabilities added to the container (all others are dropped)."),
    })
    .strict()
    .prefault({})
    .describe("Exceptions to the restricted security defaults; the generated policies must allow them."),
  environments: z
    .array(name("environment"))
    .optional()
    .describe("Environments the service is deployed to; all by default."),
  build: z
    .object({
      type: z
        .enum(BUILD_TYPES)
        .describe("Build toolchain: drives the Jenkins pipeline, CDE image and OpenTelemetry language."),
      repo: url.describe("Source repository of the service."),
      path: repoPath
        .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
          message: "must be a folder such as services/checkout: letters, digits, '.', '_', '-' and '/'",
        })
        .optional()
        .describe(
          "Folder of the service in its repository, for a monorepo (`services/checkout`): the pipeline builds, tests and builds the image there (its Dockerfile and Jenkinsfile live there), and the development environments open it. The repository's root by default.",
        ),
    })
    .strict()
    .optional()
    .describe("How the service is built. Optional for services deployed from an upstream chart."),
  api: z
    .object({
      type: z.enum(["openapi", "grpc", "asyncapi", "graphql"]).describe("API definition type."),
      definition: repoPath.describe("Path of the definition in the service repository."),
    })
    .strict()
    .optional()
    .describe("An API the service provides (Backstage API entity)."),
  lifecycle: z
    .enum(["experimental", "production", "deprecated"])
    .default("production")
    .describe("Backstage lifecycle."),
  system: name("system").optional().describe("Backstage system; defaults to the team's system."),
  chart: chartSchema
    .optional()
    .describe("Deploy an upstream Helm chart with generated values instead of the golden path."),
};

/**
 * The fields that can differ per environment, through `overrides.<environment>` (a merge patch, see
 * schema/merge-patch.ts). What a service is (its team, type, port, image, build, chart) is the same everywhere.
 */
export const OVERRIDABLE_FIELDS = [
  "replicas",
  "autoscale",
  "resources",
  "env",
  "secrets",
  "dependsOn",
  "egress",
  "labels",
  "nodeSelector",
  "tolerations",
  "expose",
  "probes",
  "schedule",
  "timeZone",
  "cloudAccess",
] as const satisfies readonly (keyof typeof serviceFields)[];
export type OverridableField = (typeof OVERRIDABLE_FIELDS)[number];

const OVERRIDABLE_NOTE = "Can differ per environment (`overrides`).";

type ServiceFieldsInput = z.input<z.ZodObject<typeof serviceFields>>;
/** What an override may set: each overridable field as a merge patch; per-environment maps as one value. */
/** A field in one environment: a value that may be a map environment → value (a host, a client id) is one value. */
type InOneEnvironment<T> = T extends object ? { [K in keyof T]: Exclude<T[K], Readonly<Record<string, string>>> } : T;
export type ServiceOverrideInput = MergePatch<
  Omit<Pick<ServiceFieldsInput, OverridableField>, "replicas" | "expose" | "cloudAccess">
> & {
  readonly replicas?: number | null;
  readonly expose?: MergePatch<InOneEnvironment<ServiceFieldsInput["expose"]>> | null;
  readonly cloudAccess?: MergePatch<InOneEnvironment<ServiceFieldsInput["cloudAccess"]>> | null;
};

export const serviceOverrideSchema = z
  .object(
    Object.fromEntries(
      OVERRIDABLE_FIELDS.map((field) => [
        field,
        patchOf(serviceFields[field])
          .nullable()
          .optional()
          .describe(
            `\`${field}\` in this environment, merged over the service's own: objects and maps merge key by key, \`null\` removes, values and lists replace.`,
          ),
      ]),
    ),
  )
  .strict() as unknown as z.ZodType<Record<string, unknown>, ServiceOverrideInput>;

export const serviceSchema = z
  .object({
    ...serviceFields,
    ...(Object.fromEntries(
      OVERRIDABLE_FIELDS.map((field) => [
        field,
        serviceFields[field].describe(`${serviceFields[field].description} ${OVERRIDABLE_NOTE}`),
      ]),
    ) as Pick<typeof serviceFields, OverridableField>),
    overrides: z
      .record(name("environment"), serviceOverrideSchema)
      .optional()
      .describe(
        'Per environment, what differs from the fields above: a merge patch of the service (RFC 7396: objects and maps such as `env`, `secrets` and `resources` merge key by key, `null` removes a key, lists and values replace). Only the fields marked "Can differ per environment" may be set.',
      ),
    score: repoPath
      .optional()
      .describe(
        "Repository path of a Score workload spec (score.dev/v1b1) such as `services/storefront/score.yaml`, or of a folder of them (the one whose metadata.name is the service's). It sets `image`, `env`, `resources`, `probes`, `port` and `expose`, which this entry must not set (docs: Score).",
      ),
  })
  .strict();

export const servicesSchema = z.record(name("service"), serviceSchema).default({}).describe("Services by name.");
