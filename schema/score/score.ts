// A zod mirror of the Score workload schema (score.dev/v1b1, schema/score/score-v1b1.json at tag 0.4.1): the
// runtime has no JSON Schema validator, so Score files are checked with this; test/score.test.ts proves that it
// accepts and refuses what the upstream schema does. It mirrors the whole schema, not only what Fawkes maps, so
// a document that is not Score is reported as such before any feature is refused (core/score.ts).
import * as z from "zod";

const NAME = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;
const TYPE = /^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;
const ANNOTATION =
  /^(([a-z0-9][a-z0-9-]{0,61}[a-z0-9])(\.[a-z0-9][a-z0-9-]{0,61}[a-z0-9])*\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,61}[A-Za-z0-9]$/;

const scoreName = z.string().min(2).max(63).regex(NAME, { message: "must be a lowercase DNS label (score.dev)" });
const annotations = z.record(z.string().min(2).max(316).regex(ANNOTATION), z.string());
const portNumber = z.number().int().min(1).max(65535);
const limits = z
  .object({
    memory: z.string().regex(/^(0\.\d+|[1-9]\d*(\.\d+)?)(K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, {
      message: "must be a memory quantity such as 512Mi",
    }),
    cpu: z.string().regex(/^\d+(?:m|\.\d+)?$/, { message: "must be a CPU quantity such as 250m" }),
  })
  .partial()
  .strict();

const file = z
  .object({
    target: z.string().min(1),
    mode: z.string().regex(/^0?[0-7]{3}$/),
    source: z.string().min(1),
    content: z.string(),
    binaryContent: z.string(),
    noExpand: z.boolean(),
  })
  .partial()
  .strict()
  .refine((f) => [f.content, f.binaryContent, f.source].filter((v) => v !== undefined).length === 1, {
    message: "needs exactly one of content, binaryContent, source",
  });
const volume = z
  .object({ source: z.string(), path: z.string().optional(), target: z.string().optional(), readOnly: z.boolean() })
  .partial({ readOnly: true })
  .strict();
const withoutTarget = <T extends z.ZodType>(item: T) =>
  item.refine((v) => (v as { target?: unknown }).target === undefined, {
    message: "`target` is only allowed in the deprecated list form",
  });

const httpProbe = z
  .object({
    host: z.string().min(1).optional(),
    scheme: z.enum(["HTTP", "HTTPS"]).optional(),
    path: z.string(),
    port: portNumber,
    httpHeaders: z
      .array(z.object({ name: z.string().regex(/^[A-Za-z0-9_-]+$/), value: z.string().min(1) }).strict())
      .optional(),
  })
  .strict();
const probe = z
  .object({
    httpGet: httpProbe.optional(),
    exec: z
      .object({ command: z.array(z.string()) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => p.httpGet !== undefined || p.exec !== undefined, { message: "needs httpGet or exec" });

const container = z
  .object({
    image: z.string().min(1),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    variables: z
      .record(
        z
          .string()
          .min(1)
          .regex(/^[^=]+$/),
        z.string(),
      )
      .optional(),
    files: z.union([z.array(file), z.record(z.string(), withoutTarget(file))]).optional(),
    volumes: z.union([z.array(volume), z.record(z.string(), withoutTarget(volume))]).optional(),
    before: z.record(scoreName, z.object({ ready: z.enum(["started", "healthy", "complete"]) }).strict()).optional(),
    resources: z.object({ limits: limits.optional(), requests: limits.optional() }).strict().optional(),
    livenessProbe: probe.optional(),
    readinessProbe: probe.optional(),
  })
  .strict();

const resource = z
  .object({
    type: z.string().min(2).max(63).regex(TYPE),
    class: z.string().min(2).max(63).regex(TYPE).optional(),
    id: z
      .string()
      .min(2)
      .max(63)
      .regex(/^[a-z0-9]+(?:-+[a-z0-9]+)*(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)*$/)
      .optional(),
    metadata: z.looseObject({ annotations: annotations.optional() }).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const scoreWorkloadSchema = z
  .object({
    apiVersion: z.string().regex(/^score\.dev\/v1b1$/, { message: "must be score.dev/v1b1" }),
    metadata: z.looseObject({ name: scoreName, annotations: annotations.optional() }),
    service: z
      .object({
        ports: z
          .record(
            scoreName,
            z
              .object({
                port: portNumber,
                protocol: z.enum(["TCP", "UDP"]).optional(),
                targetPort: portNumber.optional(),
              })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
    containers: z.record(scoreName, container).refine((c) => Object.keys(c).length >= 1, {
      message: "needs at least one container",
    }),
    resources: z.record(scoreName, resource).optional(),
  })
  .strict();

export type ScoreWorkload = z.infer<typeof scoreWorkloadSchema>;

/** The Score schema this mirror was checked against (schema/score/README.md). */
export const SCORE_SCHEMA_PROVENANCE = {
  repository: "https://github.com/score-spec/spec",
  tag: "0.4.1",
  commit: "f4cc3504cde3e1c664b11dbe635d90cb31a864ac",
  file: "score-v1b1.json",
} as const;
