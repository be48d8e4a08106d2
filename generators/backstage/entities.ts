// The Backstage catalog: a Group per team (and the platform team), a System per team or as declared, a
// Component per service, an API where declared, a Resource per cluster. Annotations connect the plugins.
import { PLATFORM_PROJECT, devlakeDoraUrl } from "../../core/names.ts";
import type { ResolvedClaim, ResolvedConfig, ResolvedService } from "../../core/resolved.ts";
import type { CatalogEntity } from "../../schema/outputs/backstage.ts";

export const PLATFORM_GROUP = PLATFORM_PROJECT;
export const PLATFORM_SYSTEM = "platform";

const ENTITY = "backstage.io/v1alpha1" as const;
const COMPONENT_TYPE = { web: "service", worker: "worker", cronjob: "job" } as const;

export function systemOf(service: ResolvedService): string {
  return service.system;
}

export function apiName(service: string): string {
  return `${service}-api`;
}

/** `acme/checkout-api` from a GitHub URL, for the GitHub plugins. */
function githubSlug(url: string): string | undefined {
  const match = /^https:\/\/github\.com\/([^/]+\/[^/.]+)/.exec(url);
  return match?.[1];
}

export function groupEntities(model: ResolvedConfig): CatalogEntity[] {
  return [
    {
      apiVersion: ENTITY,
      kind: "Group",
      metadata: {
        name: PLATFORM_GROUP,
        title: "Platform team",
        annotations: { "github.com/team-slug": model.platform.githubTeam },
      },
      spec: { type: "team", children: [] },
    },
    ...model.teams.map((team): CatalogEntity => ({
      apiVersion: ENTITY,
      kind: "Group",
      metadata: {
        name: team.name,
        title: team.displayName,
        annotations: { "github.com/team-slug": team.githubTeam },
        // The team's DORA metrics: its DevLake project on DevLake's DORA dashboard.
        ...(model.installed("devlake")
          ? {
              links: [
                { url: devlakeDoraUrl(model.platform.domain, team.name), title: "DORA metrics", icon: "dashboard" },
              ],
            }
          : {}),
      },
      spec: { type: "team", profile: { displayName: team.displayName, email: team.contact }, children: [] },
    })),
  ];
}

export function systemEntities(model: ResolvedConfig): CatalogEntity[] {
  const systems = new Map<string, string>([[PLATFORM_SYSTEM, PLATFORM_GROUP]]);
  for (const team of model.teams)
    if (model.services.some((s) => systemOf(s) === team.name)) systems.set(team.name, team.name);
  for (const service of model.services)
    if (!systems.has(systemOf(service))) systems.set(systemOf(service), service.team.name);
  return [...systems].map(([name, owner]): CatalogEntity => ({
    apiVersion: ENTITY,
    kind: "System",
    metadata: {
      name,
      ...(name === PLATFORM_SYSTEM
        ? { description: "The internal developer platform: clusters and platform components." }
        : {}),
    },
    spec: { owner: `group:default/${owner}` },
  }));
}

export function componentEntity(model: ResolvedConfig, service: ResolvedService): CatalogEntity {
  const repo = service.build?.repo;
  const slug = repo ? githubSlug(repo) : undefined;
  const annotations: Record<string, string> = {
    "backstage.io/kubernetes-id": service.name,
    "backstage.io/kubernetes-namespace": service.namespace,
    "argocd/app-selector": `app.kubernetes.io/name=${service.name}`,
    ...(repo ? { "backstage.io/source-location": `url:${repo}`, "backstage.io/techdocs-ref": `url:${repo}` } : {}),
    ...(slug ? { "github.com/project-slug": slug } : {}),
    ...(service.build ? { "jenkins.io/job-full-name": `${service.team.name}/${service.name}` } : {}),
  };
  const links = service.deployments
    .filter((d) => d.host)
    .map((d) => ({ url: `https://${d.host}`, title: `${d.environment.name}`, icon: "web" }));
  if (service.build && !service.chart) {
    const devfile = `${model.platform.repoURL.replace(/\.git$/, "")}/blob/${model.platform.revision}/out/dev/${service.name}/devfile.yaml`;
    annotations["fawkes.dev/devfile"] = devfile;
    if (model.installed("che"))
      links.push({
        url: `https://che.${model.platform.domain}/#${service.build.repo}`,
        title: "Open in Eclipse Che",
        icon: "code",
      });
    if (slug) links.push({ url: `https://codespaces.new/${slug}`, title: "Open in GitHub Codespaces", icon: "code" });
  }
  return {
    apiVersion: ENTITY,
    kind: "Component",
    metadata: {
      name: service.name,
      description: service.description,
      annotations,
      tags: [service.type, ...(service.build ? [service.build.type] : []), ...(service.chart ? ["helm"] : [])],
      ...(links.length > 0 ? { links } : {}),
    },
    spec: {
      type: COMPONENT_TYPE[service.type],
      lifecycle: service.lifecycle,
      owner: `group:default/${service.team.name}`,
      system: `system:default/${systemOf(service)}`,
      dependsOn: [
        ...service.dependsOnAnywhere.map((d) => `component:default/${d.name}`),
        ...service.deployments.map((d) => `resource:default/${d.environment.clusterName}`),
        ...claimedResources(service).map((r) => `resource:default/${r.name}`),
      ],
      ...(service.api ? { providesApis: [`api:default/${apiName(service.name)}`] } : {}),
    },
  };
}

export function apiEntity(service: ResolvedService): CatalogEntity | undefined {
  const api = service.api;
  if (!api) return undefined;
  const repo = service.build?.repo;
  return {
    apiVersion: ENTITY,
    kind: "API",
    metadata: { name: apiName(service.name), description: `API of ${service.name}.` },
    spec: {
      type: api.type,
      lifecycle: service.lifecycle,
      owner: `group:default/${service.team.name}`,
      system: `system:default/${systemOf(service)}`,
      definition: repo ? { $text: `${repo.replace(/\.git$/, "")}/blob/HEAD/${api.definition}` } : api.definition,
    },
  };
}

/** What a service claims from custom components (`claims`), once per resource whatever its environments. */
function claimedResources(service: ResolvedService): { name: string; claim: ResolvedClaim; environments: string[] }[] {
  const byResource = new Map<string, { name: string; claim: ResolvedClaim; environments: string[] }>();
  for (const d of service.deployments)
    for (const claim of d.claims) {
      const entry = byResource.get(claim.resource) ?? {
        name: `${service.name}-${claim.resource}`,
        claim,
        environments: [],
      };
      entry.environments.push(d.environment.name);
      byResource.set(claim.resource, entry);
    }
  return [...byResource.values()];
}

/** A Resource per service's claimed resource (a database), owned by its team, in its system. */
export function claimEntities(service: ResolvedService): CatalogEntity[] {
  return claimedResources(service).map(({ name, claim, environments }) => ({
    apiVersion: ENTITY,
    kind: "Resource",
    metadata: {
      name,
      description: `${claim.kind} (${claim.apiVersion}) from ${claim.component.name} in ${environments.join(", ")}: ${claim.definition.description}`,
      tags: [claim.definition.name, claim.component.name],
    },
    spec: {
      type: claim.definition.name,
      owner: `group:default/${service.team.name}`,
      system: `system:default/${systemOf(service)}`,
    },
  }));
}

export function resourceEntities(model: ResolvedConfig): CatalogEntity[] {
  return model.environments.map((env): CatalogEntity => ({
    apiVersion: ENTITY,
    kind: "Resource",
    metadata: {
      name: env.clusterName,
      title: `${env.name} cluster`,
      description: `Kubernetes ${env.kubernetesVersion} on ${env.cloud.provider === "aws" ? "EKS" : "AKS"} (${env.cloud.name}).`,
      annotations: { "backstage.io/kubernetes-cluster": env.name },
      tags: [env.cloud.provider, ...(env.protected ? ["protected"] : [])],
    },
    spec: {
      type: "kubernetes-cluster",
      owner: `group:default/${PLATFORM_GROUP}`,
      system: `system:default/${PLATFORM_SYSTEM}`,
    },
  }));
}

/** The platform's own docs site (mkdocs.yml at the root of the platform repository), read by TechDocs. */
export function docsEntity(model: ResolvedConfig): CatalogEntity {
  const repo = model.platform.repoURL.replace(/\.git$/, "");
  return {
    apiVersion: ENTITY,
    kind: "Component",
    metadata: {
      name: `${PLATFORM_SYSTEM}-docs`,
      title: `${model.platform.name} platform docs`,
      description:
        "How the platform works and how to use it; the generated reference of services, teams, environments and policies.",
      annotations: {
        "backstage.io/techdocs-ref": `url:${repo}/tree/${model.platform.revision}`,
        "backstage.io/source-location": `url:${repo}/tree/${model.platform.revision}/docs`,
      },
      tags: ["docs"],
    },
    spec: {
      type: "documentation",
      lifecycle: "production",
      owner: `group:default/${PLATFORM_GROUP}`,
      system: `system:default/${PLATFORM_SYSTEM}`,
    },
  };
}
