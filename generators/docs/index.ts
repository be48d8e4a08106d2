// Reference pages generated from the config: components and chart versions, environments, teams, services.
import type { OutputFile } from "../../core/file-tree.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { COMPONENT_CATALOG, COMPONENT_KEYS } from "../../schema/component-catalog.ts";
import type { Generator } from "../generator.ts";
import { renderMarkdown } from "./render.ts";
import { CONFIG_PAGE, configContext } from "./config-reference.ts";
import { COMPONENTS_PAGE, ENVIRONMENTS_PAGE, POLICIES_PAGE, SERVICES_PAGE, TEAMS_PAGE, ZERO_TRUST_PAGE } from "./templates.ts";
import { PLATFORM_NAMES, meshPrincipal } from "../../core/names.ts";
import { EXCEPTIONS_NAMESPACE, activePolicies, buildExceptions } from "../kyverno/policies.ts";
import { RULES } from "../kyverno/rules.ts";

export const REFERENCE_DIR = "docs/reference";

function componentsContext(model: ResolvedConfig) {
  const enabled = new Set(model.components.map((c) => c.key));
  return {
    components: model.components
      .map((c) => ({ ...c.definition, version: c.version, environments: c.environments.map((e) => e.name) }))
      .sort((a, b) => a.syncWave - b.syncWave || (a.slug < b.slug ? -1 : 1)),
    disabled: COMPONENT_KEYS.filter((k) => !enabled.has(k)).map((k) => COMPONENT_CATALOG[k].title),
  };
}

function environmentsContext(model: ResolvedConfig) {
  return {
    management: model.platform.managementEnvironment,
    environments: model.environments.map((e) => ({
      ...e,
      provider: e.cloud.provider,
      cloud: e.cloud.name,
      region: e.cloud.provider === "aws" ? e.cloud.region : e.cloud.location,
      pools: Object.entries(e.nodePools).map(([name, p]) => ({ name, ...p })),
    })),
  };
}

function teamsContext(model: ResolvedConfig) {
  return { teams: model.teams.map((t) => ({ ...t, services: model.services.filter((s) => s.team === t).map((s) => s.name) })) };
}

function servicesContext(model: ResolvedConfig) {
  return {
    services: model.services.map((s) => ({
      name: s.name,
      description: s.config.description,
      team: s.team.name,
      type: s.config.type,
      chart: s.config.chart ? `${s.config.chart.chart}@${s.config.chart.version}` : undefined,
      dependsOn: s.config.dependsOn,
      calledBy: model.services.filter((o) => o.config.dependsOn.includes(s.name)).map((o) => o.name),
      secretDelivery: s.config.secretDelivery,
      secrets: Object.values(s.config.secrets).map((r) => `${r.path}#${r.key}`),
      deployments: s.deployments.map((d) => ({ environment: d.environment.name, image: d.image ?? "(chart)", replicas: s.config.autoscale ? `${s.config.autoscale.min}–${s.config.autoscale.max} (CPU ${s.config.autoscale.cpuUtilization}%)` : d.replicas, host: d.host ?? "" })),
    })),
  };
}

function policiesContext(model: ResolvedConfig) {
  const active = activePolicies(model);
  const activeNames = new Set(active.map((p) => p.rule.name));
  const byName = new Map<string, { name: string; policies: string[]; where: string; owner: string; reason: string; environments: string[] }>();
  for (const env of model.environments) {
    for (const spec of buildExceptions(model, env, activeNames)) {
      const e = spec.exception;
      const entry = byName.get(e.metadata.name) ?? {
        name: e.metadata.name,
        policies: e.spec.policyRefs.map((r) => r.name),
        where: e.spec.matchConditions.map((c) => c.expression.replace(/has\(object\.metadata\.labels\) && '[^']+' in object\.metadata\.labels && /g, "")).join(" and "),
        owner: spec.owner,
        reason: spec.reason,
        environments: [],
      };
      entry.environments.push(env.name);
      byName.set(e.metadata.name, entry);
    }
  }
  return {
    podSecurity: model.policies.podSecurity,
    exceptionsNamespace: EXCEPTIONS_NAMESPACE,
    policies: RULES.map((rule) => {
      const found = active.find((p) => p.rule === rule);
      return { name: rule.name, checks: rule.checks, mode: found ? found.mode : "Disabled", scope: rule.scope === "teams" ? "team namespaces" : "all but system namespaces", controllers: rule.controllers };
    }),
    exceptions: [...byName.values()],
  };
}

function zeroTrustContext(model: ResolvedConfig) {
  const withPort = model.services.filter((s) => s.port !== undefined);
  return {
    mesh: model.environments.some((e) => e.features.mesh),
    kv: PLATFORM_NAMES.vaultKvMount,
    services: withPort.map((s) => ({
      name: s.name,
      identity: meshPrincipal(s.namespace, s.name),
      callers: [...model.services.filter((c) => c.config.dependsOn.includes(s.name)).map((c) => c.name), ...(s.config.expose !== false ? ["the gateway"] : [])],
      port: s.port,
    })),
    secrets: model.services.filter((s) => Object.keys(s.config.secrets).length > 0).map((s) => ({
      name: s.name,
      paths: [...new Set(Object.values(s.config.secrets).map((r) => `\`${PLATFORM_NAMES.vaultKvMount}/${r.path}\``))],
      delivery: s.config.secretDelivery === "vault-agent" ? "Vault Agent files" : "ExternalSecret (env vars)",
    })),
  };
}

const PAGES: readonly { name: string; template: string; context: (m: ResolvedConfig) => object; sources: string[] }[] = [
  { name: "components", template: COMPONENTS_PAGE, context: componentsContext, sources: ["components", "environments"] },
  { name: "environments", template: ENVIRONMENTS_PAGE, context: environmentsContext, sources: ["environments", "clouds"] },
  { name: "teams", template: TEAMS_PAGE, context: teamsContext, sources: ["teams", "services"] },
  { name: "services", template: SERVICES_PAGE, context: servicesContext, sources: ["services", "environments"] },
  { name: "policies", template: POLICIES_PAGE, context: policiesContext, sources: ["policies", "components"] },
  { name: "zero-trust", template: ZERO_TRUST_PAGE, context: zeroTrustContext, sources: ["services", "components"] },
  { name: "config", template: CONFIG_PAGE, context: configContext, sources: [] },
];

/** Guides written by hand, in reading order; the nav of the site. */
export const GUIDES: readonly [string, string][] = [
  ["Home", "index.md"],
  ["Getting started", "getting-started.md"],
  ["Architecture", "architecture.md"],
  ["How-to", "how-to.md"],
  ["What a service gets", "services.md"],
  ["Platform plane and bootstrap", "platform.md"],
  ["Infrastructure", "infrastructure.md"],
  ["Development environments", "cde.md"],
  ["Benchmarks", "benchmarks.md"],
];

export function mkdocsConfig(model: ResolvedConfig): Record<string, unknown> {
  return {
    site_name: `${model.platform.name} platform`,
    site_description: "The Internal Developer Platform, generated by Fawkes from fawkes.config.ts.",
    repo_url: model.platform.repoURL.replace(/\.git$/, ""),
    edit_uri: "",
    docs_dir: "docs",
    theme: { name: "material", features: ["navigation.sections", "content.code.copy"] },
    markdown_extensions: ["admonition", "tables", "toc"],
    nav: [
      ...GUIDES.map(([title, file]) => ({ [title]: file })),
      { Reference: PAGES.map((p) => ({ [p.name[0]!.toUpperCase() + p.name.slice(1)]: `reference/${p.name}.md` })) },
    ],
  };
}

export const generateDocs: Generator = (model) => [
  { type: "data", format: "yaml", keepKeyOrder: true, path: "mkdocs.yml", origin: ["platform"], sources: ["platform"], data: mkdocsConfig(model) },
  ...PAGES.map((page): OutputFile => ({
    type: "text",
    comment: "html",
    path: `${REFERENCE_DIR}/${page.name}.md`,
    origin: [page.sources[0]!],
    sources: page.sources,
    content: renderMarkdown(page.template, page.context(model)),
  })),
];
