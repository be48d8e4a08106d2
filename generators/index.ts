// Every generator, in no particular order: compose sorts the files and refuses collisions.
import { generateAllocations } from "./allocations/index.ts";
import { generateArgocd } from "./argocd/index.ts";
import { generateCdeOf } from "./cde/index.ts";
import { generateBackstage } from "./backstage/index.ts";
import { generateBackstageImage } from "./backstage-image/index.ts";
import { generateClusterConfig } from "./cluster-config/index.ts";
import { forEveryService, type Generator, type ServiceGenerator } from "./generator.ts";

export { forEveryService };
import { generateDocs } from "./docs/index.ts";
import { generateGit } from "./git/index.ts";
import { generateDora } from "./dora/index.ts";
import { generateGithub } from "./github/index.ts";
import { generateHelmValues } from "./helm-values/index.ts";
import { generateJsonSchema } from "./json-schema/index.ts";
import { generateKyverno } from "./kyverno/index.ts";
import { generateNamespaces } from "./namespaces/index.ts";
import { generateObservability } from "./observability/index.ts";
import { generateScaffolder } from "./scaffolder/index.ts";
import { generateTerraform } from "./terraform/index.ts";
import { generateWorkloads, generateWorkloadsOf } from "./workloads/index.ts";

/** The generators of the platform as a whole. */
export const PLATFORM_GENERATORS: readonly Generator[] = [
  generateAllocations,
  generateJsonSchema,
  generateNamespaces,
  generateArgocd,
  generateClusterConfig,
  generateHelmValues,
  generateKyverno,
  generateTerraform,
  generateBackstage,
  generateBackstageImage,
  generateScaffolder,
  generateGit,
  generateGithub,
  generateDocs,
  generateDora,
  generateObservability,
];

/**
 * The generators of one service's files, which the build runs service by service. No Namespace or LimitRange
 * comes from them: the policy preflight reads those from the platform's files before it admits any service's
 * pods (core/preflight.ts checks it).
 */
export const SERVICE_GENERATORS: readonly ServiceGenerator[] = [generateWorkloadsOf, generateCdeOf];

/** Every generator, each over the whole platform: every file of the platform. */
export const GENERATORS: readonly Generator[] = [...PLATFORM_GENERATORS, ...SERVICE_GENERATORS.map(forEveryService)];

/**
 * What the second thread of a large platform's build generates (core/shard.ts): the services' manifests, and
 * every file the policy preflight reads (Namespaces, LimitRanges, services' workloads). If another generator
 * ever emits one of those, the preflight's reads differ from the whole tree's and the first thread runs the
 * preflight itself.
 */
export const SHARD_GENERATORS: readonly Generator[] = [generateNamespaces, generateWorkloads];
