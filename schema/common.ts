// Building blocks shared by the sections of the DSL. Every field carries a description: it feeds the JSON
// Schema, editor hovers and the generated config reference.
import * as z from "zod";

/** An RFC 1035 label: a DNS-1123 label that starts with a letter (so it is never an integer-like key). */
export const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const name = (what: string): z.ZodString =>
  z
    .string()
    .regex(NAME_PATTERN, {
      message: `is not a valid ${what} name: use lower-case letters, digits and '-', starting with a letter, at most 63 characters (DNS-1123)`,
    })
    .describe(`Name of the ${what} (DNS-1123 label, starts with a letter).`);

export const dnsName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/, {
    message: "must be a lower-case DNS name such as example.com",
  });

/** A Kubernetes resource quantity, e.g. `500m`, `2`, `512Mi`, `10Gi`. */
export const QUANTITY_PATTERN = /^([+]?[0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

export const quantity = z.string().regex(QUANTITY_PATTERN, {
  message: "must be a Kubernetes quantity such as 250m, 1, 512Mi or 2Gi",
});

/** An exact semantic version, optionally with a leading `v` (cert-manager's charts carry one). */
export const exactVersion = z.string().regex(/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/, {
  message: "must be an exact version such as 1.2.3 (no ranges, no 'latest')",
});

export const cidr = z.string().describe("An IPv4 CIDR block such as 10.10.0.0/16.");

export const email = z.email({ message: "must be an e-mail address" });

export const url = z.url({ message: "must be an absolute URL such as https://github.com/acme/platform" });

export const labels = z.record(z.string(), z.string()).describe("Kubernetes labels (key → value).");

/** A Kubernetes label key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    { message: "must be a Kubernetes label key such as acme.dev/cost-center" },
  )
  .refine((key) => !key.includes("/") || key.indexOf("/") <= 253, {
    message: "has a prefix longer than 253 characters",
  });

/** A Kubernetes label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, alphanumeric at both ends. */
export const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, {
  message: "must be a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends",
});

/** An image repository (no tag): a registry host, then path components as the OCI distribution spec has them. */
export const IMAGE_REPOSITORY_PATTERN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)+$/;

/** An absolute URL path without `.`/`..` segments, empty segments or a query. */
export const urlPath = z
  .string()
  .regex(/^\/([A-Za-z0-9._~!$&'()*+,;=:@%-]+(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*\/?)?$/, {
    message: "must be an absolute path such as /api (no query, no empty segments)",
  })
  .refine((path) => path.split("/").every((segment) => segment !== "." && segment !== ".."), {
    message: "must not contain . or .. segments",
  });

/** A relative path inside a repository: no leading slash, no `..`, no backslash. */
export const repoPath = z
  .string()
  .min(1)
  .refine(
    (path) =>
      !path.startsWith("/") &&
      !path.includes("\\") &&
      path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
    {
      message:
        "must be a relative path inside the repository, such as api/openapi.yaml (no leading /, no . or .. segments)",
    },
  );

/** A port number a container may listen on. */
export const port = z.number().int().min(1).max(65535);

/** Extra labels (key → value) the config adds to what Fawkes labels. */
export const extraLabels = (what: string) => z.record(labelKey, labelValue).default({}).describe(what);
