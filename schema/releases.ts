import * as z from "zod";
import { name } from "./common.ts";

/** An immutable image reference: a tag (never `latest`), a `sha256:` digest, or a tag pinned to its digest (`<tag>@sha256:…`, what CI records). */
export const imageTag = z
  .string()
  .regex(/^(sha256:[a-f0-9]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?)$/, {
    message:
      "must be an image tag such as 1.4.2 or 3f2c1a9, a sha256: digest, or a tag with its digest (3f2c1a9@sha256:…)",
  })
  .refine((tag) => tag.split("@")[0] !== "latest", { message: "'latest' is not an immutable tag" });

export const releasesSchema = z
  .record(name("service"), z.record(name("environment"), imageTag))
  .default({})
  .describe("Image tag per service and environment (machine-edited by `fawkes release` / `fawkes promote`).");

export type ReleasesConfig = z.input<typeof releasesSchema>;
