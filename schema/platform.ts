import * as z from "zod";
import { dnsName, extraLabels, name, url } from "./common.ts";

/** Generated repository files a repository may keep as its own (`platform.userFiles`): nothing in out/ reads them. */
export const USER_OWNABLE_FILES = [
  ".github/CODEOWNERS",
  ".github/workflows/ci.yml",
  ".github/workflows/release.yml",
  ".github/workflows/promote.yml",
  ".github/workflows/service-requests.yml",
  ".github/workflows/service-requests-push.yml",
  ".gitattributes",
  "mkdocs.yml",
] as const;

export const platformSchema = z
  .object({
    name: name("platform").describe(
      "Short name of the platform; prefixes cloud resource names and labels (e.g. `acme`).",
    ),
    domain: dnsName.describe(
      "Base DNS domain. Services are exposed at `<service>.<environment>.<domain>` unless a host is set.",
    ),
    git: z
      .object({
        repoURL: url.describe("Clone URL of this platform repository, as ArgoCD reaches it."),
        revision: z.string().min(1).default("main").describe("Branch, tag or commit ArgoCD tracks."),
        libraryVersion: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { message: "must be a tag or a commit of this repository" })
          .optional()
          .describe(
            "Tag or commit of this repository that Jenkins loads the shared library (jenkins-shared-library/) at. Without it the library follows `revision`, so a merge changes every pipeline at once: pin a tag.",
          ),
      })
      .strict()
      .describe("Where ArgoCD finds this repository."),
    registry: z
      .string()
      .regex(/^ghcr\.io\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
        message: "must be a GitHub Container Registry organisation such as ghcr.io/acme",
      })
      .describe("Container registry organisation that service images are pushed to (`ghcr.io/<org>`)."),
    githubTeam: z
      .string()
      .regex(/^[A-Za-z0-9][-A-Za-z0-9]*\/[a-z0-9][-a-z0-9_]*$/, {
        message: "must be an org/team-slug such as acme/platform",
      })
      .optional()
      .describe(
        "GitHub team of the platform team (`org/team-slug`): owns the config, the generator and the platform in CODEOWNERS and Backstage. Defaults to `<registry org>/platform`.",
      ),
    argocdNamespace: name("namespace")
      .default("argocd")
      .describe("Namespace of the one ArgoCD (hub) installation; every Application lives here."),
    managementEnvironment: name("environment").describe(
      "Environment whose cluster hosts the central components (ArgoCD, Vault, Backstage, Jenkins, DevLake, observability backends).",
    ),
    userFiles: z
      .array(z.enum(USER_OWNABLE_FILES))
      .default([])
      .describe(
        "Repository files Fawkes would generate that this repository keeps as its own instead (an existing `.github/workflows/ci.yml`, a hand-written `mkdocs.yml`): Fawkes neither writes nor requires them. Only the files outside `out/` that nothing else in the tree refers to may be listed.",
      ),
    labels: extraLabels(
      'Labels on every service\'s objects and pods and every team namespace, such as `{ "acme.dev/cost-center": "platform" }`; teams and services may add and override. Keys Fawkes sets itself are refused.',
    ),
  })
  .strict()
  .describe("The platform as a whole.");
