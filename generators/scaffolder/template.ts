// A golden-path Template (scaffolder.backstage.io/v1beta3): it renders the skeleton into a new repository
// in the platform's GitHub organisation, then opens a pull request against the platform repository with a
// service request: the service's config entry and its first release (the image the pipeline builds from the
// repository's first commit). The scaffolder cannot edit TypeScript, so the request is applied to
// fawkes.config.ts and releases.yaml on the pull request's branch, then `fawkes generate` regenerates the
// rest and the pull request's `fawkes check` proves it. Actions and their inputs are those of
// the Backstage release the chart image pins (fetch:template, fetch:template:file, publish:github,
// publish:github:pull-request).
import { stringify } from "yaml";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { githubRepoOf, type BuildType, type ServiceType } from "../../core/golden-path.ts";
import { OUTPUT_PATHS, REQUESTS_DIR } from "../../core/names.ts";
import { TOOLCHAINS } from "../../core/render/toolchains.ts";
import type { TemplateEntity } from "../../schema/outputs/scaffolder.ts";
import { SKELETON_PORT } from "./sources.ts";
import { repoUrlOf } from "./skeleton.ts";

const DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
const TYPE_TITLE: Record<ServiceType, string> = { web: "web service", worker: "worker", cronjob: "scheduled job" };

/** The request the pull request adds: the service's config entry and its first release, as YAML text. */
export function serviceRequest(model: ResolvedConfig, build: BuildType, type: ServiceType, org: string): string {
  const first = model.environments[0]!.name;
  const config: Record<string, unknown> = {
    team: "${{ values.team }}",
    description: "fawkes-sentinel-description",
    type,
    ...(type === "web" ? { port: SKELETON_PORT } : {}),
    ...(type === "cronjob" ? { schedule: "fawkes-sentinel-schedule" } : {}),
    environments: [first],
    build: { type: build, repo: repoUrlOf(org, "${{ values.name }}") },
    lifecycle: "experimental",
  };
  const request = { service: "${{ values.name }}", config, releases: { [first]: "${{ values.commit }}" } };
  const text = stringify(request, { lineWidth: 0 })
    .replace("fawkes-sentinel-description", "${{ values.description | dump }}")
    .replace("fawkes-sentinel-schedule", "${{ values.schedule | dump }}");
  return [
    "# A service requested through the golden path in Backstage. To apply it on this pull request's branch, run",
    `# \`npx fawkes apply-requests\` (it adds \`config\` as \`services.<service>\` to ${model.configFile} and \`releases\``,
    "# to releases.yaml, deletes this file and regenerates), then commit. `fawkes check` then passes.",
    text,
  ].join("\n");
}

export function buildTemplate(model: ResolvedConfig, build: BuildType, type: ServiceType, org: string): TemplateEntity {
  const platform = githubRepoOf(model.platform.repoURL)!;
  const tool = TOOLCHAINS[build];
  const teams = model.teams.map((t) => t.name);
  const githubTeams = Object.fromEntries(model.teams.map((t) => [t.name, t.githubTeam]));
  const values = {
    name: "${{ parameters.name }}",
    description: "${{ parameters.description }}",
    team: "${{ parameters.team }}",
    ...(type === "cronjob" ? { schedule: "${{ parameters.schedule }}" } : {}),
  };
  return {
    apiVersion: "scaffolder.backstage.io/v1beta3",
    kind: "Template",
    metadata: {
      name: `${build}-${type}`,
      title: `${tool.language} ${TYPE_TITLE[type]} (${build})`,
      description: `A new ${TYPE_TITLE[type]} built with ${build}: a repository with source, Dockerfile, Jenkinsfile, devfile, dev container and TechDocs, and a pull request that adds it to the platform.`,
      tags: ["golden-path", build, type],
    },
    spec: {
      owner: "group:default/platform",
      type: "service",
      parameters: [
        {
          title: "The service",
          required: ["name", "description", "team", ...(type === "cronjob" ? ["schedule"] : [])],
          properties: {
            name: {
              title: "Name",
              type: "string",
              description:
                "DNS label: the repository, the image, the Kubernetes objects and the catalog entity take it.",
              pattern: DNS_LABEL,
              maxLength: 40,
              "ui:autofocus": true,
            },
            description: {
              title: "Description",
              type: "string",
              minLength: 1,
              description: "What the service does (catalog, docs).",
            },
            team: {
              title: "Owning team",
              type: "string",
              enum: teams,
              enumNames: model.teams.map((t) => t.displayName),
            },
            ...(type === "cronjob"
              ? {
                  schedule: {
                    title: "Schedule",
                    type: "string",
                    description: "Cron schedule (UTC).",
                    default: "0 * * * *",
                  },
                }
              : {}),
          },
        },
      ],
      steps: [
        {
          id: "skeleton",
          name: "Render the repository",
          action: "fetch:template",
          input: { url: "./skeleton", targetPath: "./service", templateFileExtension: true, values },
        },
        {
          id: "publish",
          name: "Create the repository",
          action: "publish:github",
          input: {
            repoUrl: `github.com?owner=${org}&repo=\${{ parameters.name }}`,
            description: "${{ parameters.description }}",
            defaultBranch: "main",
            repoVisibility: "private",
            sourcePath: "./service",
            access: `\${{ ${JSON.stringify(githubTeams)}[parameters.team] }}`,
          },
        },
        {
          id: "request",
          name: "Write the service request",
          action: "fetch:template:file",
          input: {
            url: "./platform/service-request.yaml.njk",
            targetPath: "./platform/${{ parameters.name }}.yaml",
            values: { ...values, commit: "${{ steps['publish'].output.commitHash }}" },
          },
        },
        {
          id: "pull-request",
          name: "Propose it to the platform",
          action: "publish:github:pull-request",
          input: {
            repoUrl: `github.com?owner=${platform.owner}&repo=${platform.repo}`,
            branchName: "golden-path/${{ parameters.name }}",
            targetBranchName: model.platform.revision,
            title: "Add service ${{ parameters.name }}",
            description: requestDescription(model),
            sourcePath: "./platform",
            targetPath: REQUESTS_DIR,
            teamReviewers: [model.platform.githubTeam.split("/")[1]!],
          },
        },
      ],
      output: {
        links: [
          { title: "Repository", url: "${{ steps['publish'].output.remoteUrl }}" },
          { title: "Platform pull request", url: "${{ steps['pull-request'].output.remoteUrl }}" },
        ],
      },
    },
  };
}

/** The pull request's text: who applies the request (the generated workflow, or whoever keeps the workflow file). */
function requestDescription(model: ResolvedConfig): string {
  const applied = `it adds the request in \`${REQUESTS_DIR}/\` to \`${model.configFile}\` and \`releases.yaml\` and regenerates`;
  const who = model.platform.userFiles.includes(OUTPUT_PATHS.serviceRequestsWorkflow)
    ? `on this branch run \`npx fawkes apply-requests\` (${applied}) and commit`
    : `the service-requests workflow runs \`npx fawkes apply-requests\` on this branch (${applied}) and pushes the result here`;
  return `Requests \`\${{ parameters.name }}\` (\${{ parameters.team }}), created from the golden path: ${who}; \`fawkes check\` and the plan then cover everything it adds.`;
}
