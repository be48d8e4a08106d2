// The skeleton of a service repository: what `fetch:template` renders into the new repository. The devfile,
// devcontainer and Jenkinsfile come from the same builders as every declared service's (out/dev/), built
// with sentinel values and validated, then the sentinels become the scaffolder's `${{ values.* }}`
// expressions; strings the user types are rendered through `dump` (JSON, which is valid YAML).
import { stringify } from "yaml";
import {
  buildDevcontainer,
  buildDevfile,
  buildJenkinsfile,
  type DevEnvironmentInput,
} from "../../core/render/dev-environment.ts";
import type { BuildType, ServiceType } from "../../core/golden-path.ts";
import { TOOLCHAINS } from "../../core/render/toolchains.ts";
import { catalogEntitySchema, type CatalogEntity } from "../../schema/outputs/backstage.ts";
import { devcontainerSchema, devfileSchema } from "../../schema/outputs/devfile.ts";
import { SKELETON_PORT, dockerfile, sourceFiles } from "./sources.ts";

/** Sentinels: valid wherever the real value goes (a DNS label, free text), and found nowhere else. */
const SENTINEL = {
  name: "fawkes-sentinel-name",
  team: "fawkes-sentinel-team",
  description: "fawkes-sentinel-description",
} as const;
const EXPRESSION = {
  name: "${{ values.name }}",
  team: "${{ values.team }}",
  description: "${{ values.description | dump }}",
} as const;

/** Replaces every sentinel; the free-text one only where it is a whole YAML or JSON scalar. */
function templated(text: string): string {
  const out = text
    .replace(new RegExp(`"${SENTINEL.description}"|(?<=: )${SENTINEL.description}$`, "gm"), EXPRESSION.description)
    .replaceAll(SENTINEL.name, EXPRESSION.name)
    .replaceAll(SENTINEL.team, EXPRESSION.team);
  if (out.includes("fawkes-sentinel")) throw new Error(`a sentinel is left in a skeleton file:\n${out}`);
  return out;
}

function checked<T>(
  schema: { safeParse(data: unknown): { success: boolean; error?: { message: string } } },
  data: T,
  what: string,
): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(`the ${what} of a skeleton is invalid: ${result.error?.message}`);
  return data;
}

const yaml = (data: unknown): string => stringify(data, { lineWidth: 0 });

export interface SkeletonContext {
  readonly build: BuildType;
  readonly type: ServiceType;
  /** GitHub organisation of the new repository. */
  readonly org: string;
  /** The platform's config file, repository-relative. */
  readonly configFile: string;
}

export function repoUrlOf(org: string, name: string): string {
  return `https://github.com/${org}/${name}`;
}

const COMPONENT_TYPE = { web: "service", worker: "worker", cronjob: "job" } as const;

/** The Component of the new service, as the repository describes itself. */
function catalogInfo(ctx: SkeletonContext): CatalogEntity {
  const repo = repoUrlOf(ctx.org, SENTINEL.name);
  return checked(
    catalogEntitySchema,
    {
      apiVersion: "backstage.io/v1alpha1",
      kind: "Component",
      metadata: {
        name: SENTINEL.name,
        description: SENTINEL.description,
        annotations: {
          "backstage.io/source-location": `url:${repo}`,
          "backstage.io/techdocs-ref": "dir:.",
          "github.com/project-slug": `${ctx.org}/${SENTINEL.name}`,
          "backstage.io/kubernetes-id": SENTINEL.name,
          "jenkins.io/job-full-name": `${SENTINEL.team}/${SENTINEL.name}`,
        },
        tags: [ctx.type, ctx.build],
      },
      spec: {
        type: COMPONENT_TYPE[ctx.type],
        lifecycle: "experimental",
        owner: `group:default/${SENTINEL.team}`,
        system: `system:default/${SENTINEL.team}`,
      },
    },
    "catalog-info.yaml",
  );
}

function docsIndex(ctx: SkeletonContext): string {
  const tool = TOOLCHAINS[ctx.build];
  return `# \${{ values.name }}

\${{ values.description }}

Owned by the \`\${{ values.team }}\` team. A ${ctx.type} service built with ${ctx.build} (${tool.language}), created from the
platform's golden path.

## Develop

Open the repository in Eclipse Che (\`devfile.yaml\`) or in a dev container (\`.devcontainer/devcontainer.json\`):
both use \`${tool.image}\`.

| Task | Command |
| --- | --- |
| build | \`${tool.build}\` |
| test | \`${tool.test}\` |
| run | \`${tool.run}\` |

## Ship

Every push to \`main\` runs the golden-path pipeline (\`Jenkinsfile\`): build, test, an image tagged with the commit
SHA, a release to the first environment in the platform repository, and a deployment report for DORA.
Promotion to the next environments is \`fawkes promote\` in the platform repository.
`;
}

/** Skeletons by build, type, organisation and config file name: they depend on nothing else, so each is built once per process. */
const skeletons = new Map<string, Readonly<Record<string, string>>>();

/** Every file of the skeleton, by path relative to the skeleton folder (each rendered, so `.njk`). */
export function skeletonFiles(ctx: SkeletonContext): Readonly<Record<string, string>> {
  const key = JSON.stringify([ctx.build, ctx.type, ctx.org, ctx.configFile]);
  let files = skeletons.get(key);
  if (!files) skeletons.set(key, (files = buildSkeleton(ctx)));
  return files;
}

function buildSkeleton(ctx: SkeletonContext): Record<string, string> {
  const dev: DevEnvironmentInput = {
    name: SENTINEL.name,
    team: SENTINEL.team,
    description: SENTINEL.description,
    repo: repoUrlOf(ctx.org, SENTINEL.name),
    buildType: ctx.build,
    port: ctx.type === "web" ? SKELETON_PORT : undefined,
    env: {},
  };
  const devfile = checked(devfileSchema, buildDevfile(dev), "devfile");
  const devcontainer = checked(devcontainerSchema, buildDevcontainer(dev), "devcontainer");
  const mkdocs = {
    site_name: SENTINEL.name,
    site_description: SENTINEL.description,
    nav: [{ Home: "index.md" }],
    plugins: ["techdocs-core"],
  };
  const files: Record<string, string> = {
    "catalog-info.yaml": `# The platform's catalog registers this component from ${ctx.configFile}; this file describes it for tools\n# that read the repository. Do not register it too: the two would conflict.\n${yaml(catalogInfo(ctx))}`,
    "mkdocs.yml": yaml(mkdocs),
    "docs/index.md": docsIndex(ctx),
    "devfile.yaml": yaml(devfile),
    ".devcontainer/devcontainer.json": `${JSON.stringify(devcontainer, null, 2)}\n`,
    Jenkinsfile: buildJenkinsfile(dev),
    Dockerfile: dockerfile(ctx.build, ctx.type),
    ...sourceFiles(ctx.build, ctx.type, ctx.org),
  };
  return Object.fromEntries(Object.entries(files).map(([path, content]) => [`${path}.njk`, templated(content)]));
}
