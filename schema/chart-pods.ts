// The pods a chart renders, as a service deploying a chart Fawkes has no facts for declares them
// (`services.<name>.chart.pods`): the same facts Fawkes ships for known charts (schema/chart-facts/), read by
// the user from the chart's templates and values at the pinned version.
import * as z from "zod";
import { port } from "./common.ts";

const valuesKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, { message: "must be a dotted values key such as podSecurityContext" });

const seccomp = z.enum(["RuntimeDefault", "Localhost", "Unconfined"]);
const uid = z.number().int().min(0);

const k8s = (field: string) => `The Kubernetes security context's \`${field}\`, as rendered.`;

const containerContext = z
  .object({
    runAsNonRoot: z.boolean().optional().describe(k8s("runAsNonRoot")),
    runAsUser: uid.optional().describe(k8s("runAsUser")),
    runAsGroup: uid.optional().describe(k8s("runAsGroup")),
    readOnlyRootFilesystem: z.boolean().optional().describe(k8s("readOnlyRootFilesystem")),
    allowPrivilegeEscalation: z.boolean().optional().describe(k8s("allowPrivilegeEscalation")),
    privileged: z.boolean().optional().describe(k8s("privileged")),
    seccompProfile: seccomp.optional().describe("The seccomp profile's type."),
    appArmorProfile: seccomp.optional().describe("The AppArmor profile's type."),
    capabilities: z
      .object({
        add: z.array(z.string()).optional().describe("Capabilities added."),
        drop: z.array(z.string()).optional().describe("Capabilities dropped (`ALL` for all)."),
      })
      .strict()
      .optional()
      .describe(k8s("capabilities")),
  })
  .strict();

const podContext = z
  .object({
    runAsNonRoot: z.boolean().optional().describe(k8s("runAsNonRoot")),
    runAsUser: uid.optional().describe(k8s("runAsUser")),
    runAsGroup: uid.optional().describe(k8s("runAsGroup")),
    fsGroup: uid.optional().describe(k8s("fsGroup")),
    supplementalGroups: z.array(uid).optional().describe(k8s("supplementalGroups")),
    seccompProfile: seccomp.optional().describe("The seccomp profile's type."),
  })
  .strict();

const containerSchema = z
  .object({
    name: z.string().min(1).describe("Container name as the chart renders it."),
    image: z
      .string()
      .min(1)
      .describe(
        "Image as the chart renders it by default, with its tag, such as docker.io/grafana/grafana:12.1.0. Admitted as written unless the values at `imageKey` change it.",
      ),
    imageKey: valuesKey
      .optional()
      .describe(
        "Values key of the image: a map with `repository` and `tag` (and `registry`, see `imageRegistryDefault`), or a string. The policy preflight reads the image from the merged values there.",
      ),
    imageRegistryDefault: z
      .string()
      .optional()
      .describe("When the image map has a separate `registry` field: its default, which `image` starts with."),
    securityContext: containerContext
      .nullable()
      .default(null)
      .describe("The container's security context as the chart renders it by default; omit when it sets none."),
    securityContextKey: valuesKey
      .optional()
      .describe(
        "Values key rendered as the container's security context: Fawkes makes it restricted there, and the preflight reads it.",
      ),
    ports: z
      .array(
        z
          .object({
            containerPort: port.describe("Port the container listens on."),
            hostPort: port.optional().describe("Set when the chart binds the port on the node."),
          })
          .strict(),
      )
      .default([])
      .describe("Ports the chart declares on the container."),
    probes: z
      .array(z.enum(["liveness", "readiness", "startup"]))
      .default([])
      .describe("Probes the chart renders on the container by default (the require-probes policy reads them)."),
    resourcesKey: valuesKey
      .optional()
      .describe(
        "Values key rendered as the container's resources; without one (or a value there) the namespace's LimitRange defaults apply.",
      ),
  })
  .strict();

export const chartPodSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .describe(
        "The workload's name as rendered (Fawkes names the release after the service and sets fullnameOverride).",
      ),
    workloadKind: z
      .enum(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"])
      .default("Deployment")
      .describe("The controller the chart renders for the pod (`Pod`: an operator creates the pod itself)."),
    labels: z
      .record(z.string(), z.string())
      .refine((l) => Object.keys(l).length > 0, { message: "must name at least one label" })
      .describe(
        "Labels the chart itself puts on the pod template (not those Fawkes adds through `valuesKeys.podLabels`), such as `app.kubernetes.io/instance: <service>`.",
      ),
    podSecurityContext: podContext
      .nullable()
      .default(null)
      .describe("The pod's security context as the chart renders it by default; omit when it sets none."),
    containers: z.array(containerSchema).min(1).describe("The pod's containers, as the chart renders them by default."),
    initContainers: z.array(containerSchema).default([]).describe("The pod's init containers."),
    hostNetwork: z.boolean().default(false).describe("The chart runs the pod in the node's network namespace."),
    hostPID: z.boolean().default(false).describe("The chart runs the pod in the node's PID namespace."),
    hostIPC: z.boolean().default(false).describe("The chart runs the pod in the node's IPC namespace."),
    hostPaths: z
      .array(
        z
          .object({
            volume: z.string().min(1).describe("Volume name."),
            path: z.string().startsWith("/").describe("Path on the node."),
          })
          .strict(),
      )
      .default([])
      .describe("hostPath volumes the chart mounts."),
    valuesKeys: z
      .object({
        podSecurityContext: valuesKey.optional().describe("Values key rendered as the pod's security context."),
        podLabels: valuesKey
          .optional()
          .describe(
            "Values key whose map the chart adds to the pod's labels: Fawkes puts the team, environment and platform labels there (without one the pod lacks them and the policies that require them deny it).",
          ),
      })
      .strict()
      .default({})
      .describe("Values keys through which Fawkes hardens and labels the pod."),
    nonRootUser: uid
      .min(1)
      .optional()
      .describe(
        "A non-root uid the image works under when its own user is root: hardening sets it as runAsUser (runAsNonRoot alone makes the kubelet refuse such an image).",
      ),
    source: z
      .string()
      .min(1)
      .optional()
      .describe("Where these facts were read, such as the template file at the chart's version (shown with denials)."),
  })
  .strict();

export type ChartPodConfig = z.output<typeof chartPodSchema>;
