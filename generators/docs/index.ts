// Reference pages generated from the config: components and chart versions, environments, teams, services.
import type { OutputFile } from "../../core/file-tree.ts";
import {
  OUTPUT_PATHS,
  PLATFORM_NAMES,
  componentAppName,
  devlakeDoraUrl,
  meshPrincipal,
  vaultTeamPath,
} from "../../core/names.ts";
import { EXCEPTIONS_NAMESPACE, activePolicies, buildExceptions } from "../../core/policy/admission.ts";
import { RULES } from "../../core/policy/rules.ts";
import { emit } from "../../core/provenance.ts";
import { platformFlows } from "../../core/runtime/platform-flows.ts";
import { renderTemplate } from "../../core/render/templates.ts";
import { GUIDES } from "../../core/repo-facts.ts";
import type { ResolvedClaim, ResolvedComponent, ResolvedConfig, ResolvedCustomComponent } from "../../core/resolved.ts";
import { syncWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import { installerAppName } from "../../core/runtime/bootstrap-sync.ts";
import { COMPONENT_CATALOG, COMPONENT_KEYS } from "../../schema/component-catalog.ts";
import type { Generator } from "../generator.ts";
import { BOOTSTRAP_PAGE, bootstrapContext } from "./bootstrap.ts";
import { CONFIG_PAGE, configContext } from "./config-reference.ts";
import {
  COMPONENTS_PAGE,
  ENVIRONMENTS_PAGE,
  POLICIES_PAGE,
  SERVICES_PAGE,
  TEAMS_PAGE,
  ZERO_TRUST_PAGE,
} from "./templates.ts";

/** A component's sync waves: one number when every environment agrees, else each wave with its environments. */
function wavesOf(
  model: ResolvedConfig,
  component: ResolvedComponent | ResolvedCustomComponent,
): { first: number; text: string } {
  const byWave = new Map<number, string[]>();
  for (const env of component.environments) {
    const app =
      "key" in component ? installerAppName(component.key, env.name) : componentAppName(component.name, env.name);
    const wave = syncWaveOf(model, "Application", app);
    byWave.set(wave, [...(byWave.get(wave) ?? []), env.name]);
  }
  const waves = [...byWave].sort(([a], [b]) => a - b);
  return {
    first: waves[0]![0],
    text: waves.length === 1 ? String(waves[0]![0]) : waves.map(([w, envs]) => `${w} (${envs.join(", ")})`).join(", "),
  };
}

function componentsContext(model: ResolvedConfig) {
  const enabled = new Set(model.components.map((c) => c.key));
  return {
    components: model.components
      .map((c) => {
        const waves = wavesOf(model, c);
        return {
          ...c.definition,
          version: c.version,
          // A central component's environments name the mode it runs in outside the management cluster.
          environments: c.environments.map((e) =>
            c.modes[e.name] === "spoke" && c.definition.spoke ? `${e.name} (${c.definition.spoke.mode})` : e.name,
          ),
          firstWave: waves.first,
          syncWave: waves.text,
        };
      })
      .sort((a, b) => a.firstWave - b.firstWave || (a.slug < b.slug ? -1 : 1)),
    disabled: COMPONENT_KEYS.filter((k) => !enabled.has(k)).map((k) => COMPONENT_CATALOG[k].title),
    custom: model.customComponents.map((c) => ({
      ...c,
      environments: c.environments.map((e) => e.name),
      dependsOn: c.dependsOn.map((d) => (d.kind === "component" ? COMPONENT_CATALOG[d.key].slug : d.name)),
      pods: c.pods.map((p) => p.name),
      secrets: c.secrets.map((s) => s.name),
      syncWave: wavesOf(model, c).text,
    })),
    claims: model.customComponents.flatMap((c) =>
      c.claims.map((k) => ({
        claim: `${c.name}.${k.name}`,
        description: k.description,
        object: `${k.apiVersion} ${k.kind}`,
        params: Object.entries(k.params).map(
          ([name, p]) =>
            `${name} (${p.type}${p.default === undefined ? ", required" : `, default ${String(p.default)}`})`,
        ),
        secret: k.secret.name,
        keys: k.secret.keys,
        ports: k.ports,
        requestedBy: model.services.flatMap((s) => {
          const mine = (r: ResolvedClaim) => r.component.name === c.name && r.definition.name === k.name;
          const envs = s.deployments.filter((d) => d.claims.some(mine));
          const resource = envs[0]?.claims.find(mine)?.resource;
          return envs.length === 0 ? [] : [`${s.name}.${resource} (${envs.map((d) => d.environment.name).join(", ")})`];
        }),
      })),
    ),
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
  const dora = model.installed("devlake") !== undefined;
  return {
    dora,
    teams: model.teams.map((t) => ({
      ...t,
      services: t.services.map((s) => s.name),
      dora: dora ? devlakeDoraUrl(model.platform.domain, t.name) : undefined,
    })),
  };
}

function servicesContext(model: ResolvedConfig) {
  return {
    services: model.services.map((s) => ({
      name: s.name,
      description: s.description,
      team: s.team.name,
      type: s.type,
      chart: s.chart ? `${s.chart.chart}@${s.chart.version}` : undefined,
      dependsOn: s.dependsOnAnywhere.map((d) => d.name),
      calledBy: s.callersAnywhere.map((o) => o.name),
      secretDelivery: s.secretDelivery,
      secrets: s.secretsAnywhere.map((r) => `${r.path}#${r.key}`),
      deployments: s.deployments.map((d) => ({
        environment: d.environment.name,
        image: d.image ?? "(chart)",
        replicas: d.autoscale
          ? `${d.autoscale.min}–${d.autoscale.max} (CPU ${d.autoscale.cpuUtilization}%)`
          : d.replicas,
        host: d.host ?? "",
      })),
    })),
  };
}

function policiesContext(model: ResolvedConfig) {
  const active = activePolicies(model.policies);
  const activeNames = new Set(active.map((p) => p.rule.name));
  const byName = new Map<
    string,
    { name: string; policies: string[]; where: string; owner: string; reason: string; environments: string[] }
  >();
  for (const env of model.environments) {
    for (const spec of buildExceptions(model, env, activeNames)) {
      const e = spec.exception;
      const entry = byName.get(e.metadata.name) ?? {
        name: e.metadata.name,
        policies: e.spec.policyRefs.map((r) => r.name),
        where: e.spec.matchConditions
          .map((c) =>
            c.expression.replace(/has\(object\.metadata\.labels\) && '[^']+' in object\.metadata\.labels && /g, ""),
          )
          .join(" and "),
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
      return {
        name: rule.name,
        checks: rule.checks,
        mode: found ? found.mode : "Disabled",
        scope: rule.scope === "teams" ? "team namespaces" : "all but system namespaces",
        controllers: rule.controllers,
      };
    }),
    exceptions: [...byName.values()],
  };
}

function zeroTrustContext(model: ResolvedConfig) {
  const withPort = model.services.filter((s) => s.port !== undefined);
  const platform = model.environments.flatMap((env) =>
    platformFlows(model, env).map((f) => ({
      environment: env.name,
      to: f.to,
      from: f.from === "any" ? "any" : f.from.join(", "),
      ports: f.ports.length > 0 ? f.ports.join(", ") : "all",
      why: f.why,
    })),
  );
  return {
    mesh: model.environments.some((e) => e.features.mesh),
    platform,
    kv: PLATFORM_NAMES.vaultKvMount,
    services: withPort.map((s) => ({
      name: s.name,
      identity: meshPrincipal(s.namespace, s.name),
      callers: [...s.callersAnywhere.map((c) => c.name), ...(s.exposedAnywhere ? ["the gateway"] : [])],
      port: s.port,
    })),
    secrets: model.services
      .filter((s) => s.secretsAnywhere.length > 0)
      .map((s) => ({
        name: s.name,
        paths: [
          ...new Set(s.secretsAnywhere.map((r) => `\`${PLATFORM_NAMES.vaultKvMount}/${vaultTeamPath("<env>", r)}\``)),
        ],
        delivery: s.secretDelivery === "vault-agent" ? "Vault Agent files" : "ExternalSecret (env vars)",
      })),
  };
}

const PAGES: readonly { name: string; template: string; context: (m: ResolvedConfig) => object; origin: string }[] = [
  { name: "components", template: COMPONENTS_PAGE, context: componentsContext, origin: "components" },
  { name: "environments", template: ENVIRONMENTS_PAGE, context: environmentsContext, origin: "environments" },
  { name: "teams", template: TEAMS_PAGE, context: teamsContext, origin: "teams" },
  { name: "services", template: SERVICES_PAGE, context: servicesContext, origin: "services" },
  { name: "policies", template: POLICIES_PAGE, context: policiesContext, origin: "policies" },
  { name: "zero-trust", template: ZERO_TRUST_PAGE, context: zeroTrustContext, origin: "services" },
  { name: "config", template: CONFIG_PAGE, context: configContext, origin: "" },
];

export function mkdocsConfig(model: ResolvedConfig): Record<string, unknown> {
  const bootstrapNav = { "Bootstrap (day 0)": OUTPUT_PATHS.bootstrapPage.replace(/^docs\//, "") };
  return {
    site_name: `${model.platform.name} platform`,
    site_description: `The Internal Developer Platform, generated by Fawkes from ${model.configFile}.`,
    repo_url: model.platform.repoURL.replace(/\.git$/, ""),
    edit_uri: "",
    docs_dir: "docs",
    theme: { name: "material", features: ["navigation.sections", "content.code.copy"] },
    // md_in_html: Markdown (code blocks) inside HTML, for the side-by-side tables of the guides.
    markdown_extensions: ["admonition", "tables", "toc", "md_in_html"],
    nav: [
      // Guides written by hand are listed when the repository has them: the site never links a missing page.
      // The generated day-0 page follows the platform plane's guide (or the guides, without it).
      ...GUIDES.filter(([, file]) => model.repo.present.has(`docs/${file}`)).flatMap(([title, file]) => [
        { [title]: file },
        ...(file === "platform.md" ? [bootstrapNav] : []),
      ]),
      ...(model.repo.present.has("docs/platform.md") ? [] : [bootstrapNav]),
      {
        Reference: [
          ...PAGES.map((p) => ({ [p.name[0]!.toUpperCase() + p.name.slice(1)]: `reference/${p.name}.md` })),
          { Secrets: OUTPUT_PATHS.secretsPage.replace(/^docs\//, "") },
        ],
      },
    ],
  };
}

export const generateDocs: Generator = (model) => [
  emit(() => ({
    type: "data",
    format: "yaml",
    keepKeyOrder: true,
    path: OUTPUT_PATHS.mkdocs,
    origin: ["platform"],
    data: mkdocsConfig(model),
  })),
  ...PAGES.map((page): OutputFile =>
    emit(() => ({
      type: "text",
      comment: "html",
      path: `${OUTPUT_PATHS.reference}/${page.name}.md`,
      origin: page.origin ? [page.origin] : [],
      content: renderTemplate(page.template, page.context(model)),
    })),
  ),
  emit(() => ({
    type: "text",
    comment: "html",
    path: OUTPUT_PATHS.bootstrapPage,
    origin: [],
    content: renderTemplate(BOOTSTRAP_PAGE, bootstrapContext(model)),
  })),
];
