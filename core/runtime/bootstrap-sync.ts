// What ArgoCD syncs, as nodes of the bootstrap graph, and what each needs: the projects, every installed
// component (and the Gateway API CRDs, the DevWorkspace Operator), the cluster configuration groups, the team
// namespaces and the services. Edges come from facts: the CRD groups each chart installs and needs and the
// Secrets it reads (schema/chart-facts/), the catalog (volumes, placement), the kinds each group emits.
import { CHART_FACTS, DEVWORKSPACE_OPERATOR_FACTS, type ChartFacts } from "../../schema/chart-facts/index.ts";
import {
  COMPONENT_CATALOG,
  COMPONENT_KEYS,
  GATEWAY_API_CRDS,
  type ComponentDefinition,
  type ComponentKey,
} from "../../schema/component-catalog.ts";
import {
  centralHosts,
  clusterConfigAppName,
  componentAppName,
  namespacesAppName,
  serviceAppName,
  teamServicesAppSetName,
} from "../names.ts";
import { SECRET_READERS } from "../render/platform-secret.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";
import { ids, type GraphBuilder, type InstallerKey } from "./bootstrap-model.ts";
import type { ConfigGroup } from "./config-groups.ts";
import { carrierNamespace } from "./placement.ts";
import { MESHED_COMPONENTS, customNamespaceOwner, namespaceOwner } from "./platform-flows.ts";

const GATEWAY_API_SLUG = "gateway-api";
const DEVWORKSPACE_SLUG = "devworkspace-operator";

export function installerFacts(key: InstallerKey): ChartFacts | undefined {
  if (key === "gatewayApi") return undefined;
  return key === "devworkspaceOperator" ? DEVWORKSPACE_OPERATOR_FACTS : CHART_FACTS[key];
}

export function installerTitle(key: InstallerKey): string {
  if (key === "gatewayApi") return GATEWAY_API_CRDS.title;
  return key === "devworkspaceOperator" ? "DevWorkspace Operator" : COMPONENT_CATALOG[key].title;
}

/** Which installer brings each CRD group, from the chart facts (and the Gateway API's own repository). */
export const CRD_INSTALLERS: ReadonlyMap<string, InstallerKey> = new Map<string, InstallerKey>([
  ...GATEWAY_API_CRDS.groups.map((g) => [g, "gatewayApi"] as const),
  ...(DEVWORKSPACE_OPERATOR_FACTS.crds?.groups ?? []).map((g) => [g, "devworkspaceOperator"] as const),
  ...COMPONENT_KEYS.flatMap((key) => (CHART_FACTS[key].crds?.groups ?? []).map((g) => [g, key] as const)),
]);

/** The Application name of an installer in an environment. */
export function installerAppName(key: InstallerKey, environment: string): string {
  const slug =
    key === "gatewayApi"
      ? GATEWAY_API_SLUG
      : key === "devworkspaceOperator"
        ? DEVWORKSPACE_SLUG
        : COMPONENT_CATALOG[key].slug;
  return componentAppName(slug, environment);
}

/** Installers in an environment: the components there, and what they bring along. */
export function installersIn(model: ResolvedConfig, env: ResolvedEnvironment): InstallerKey[] {
  const here = model.components.filter((c) => c.environments.includes(env)).map((c) => c.key);
  return [
    ...(env.features.certManager || env.features.gateway?.controller === "nginx-gateway-fabric"
      ? (["gatewayApi"] as const)
      : []),
    ...here,
    ...(here.includes("che") ? (["devworkspaceOperator"] as const) : []),
  ];
}

/** Adds the nodes ArgoCD syncs. */
export function addSyncNodes(
  b: GraphBuilder,
  model: ResolvedConfig,
  groups: ReadonlyMap<string, readonly ConfigGroup[]>,
): void {
  // 1. Projects.
  for (const name of ["platform", ...model.teams.map((t) => t.name)])
    b.add({ id: ids.project(name), kind: "sync", title: `AppProject ${name}`, argo: { kind: "AppProject", name } });
  for (const env of model.environments) {
    const e = env.name;
    // 2. Installers: components, the Gateway API CRDs, the DevWorkspace Operator.
    for (const key of installersIn(model, env))
      b.add({
        id: ids.installer(e, key),
        kind: "sync",
        environment: e,
        title: installerTitle(key),
        installer: key,
        argo: { kind: "Application", name: installerAppName(key, e) },
      });
    // 2b. Components the catalog does not know.
    for (const c of model.customComponents.filter((c) => c.environments.includes(env)))
      b.add({
        id: ids.custom(e, c.name),
        kind: "sync",
        environment: e,
        title: `${c.name} (chart ${c.chart})`,
        argo: { kind: "Application", name: componentAppName(c.name, e) },
      });
    // 3. Cluster configuration: with the component that creates its namespace, or on its own.
    for (const group of groups.get(e) ?? []) {
      const carried = carrierNamespace(model, env, group.namespace);
      const owner = carried === undefined ? undefined : namespaceOwner(model, env, carried);
      const custom = carried === undefined ? undefined : customNamespaceOwner(model, env, carried);
      b.add({
        id: ids.group(e, group.key),
        kind: "sync",
        environment: e,
        title: group.title,
        group: {
          key: group.key,
          file: group.file,
          ...(carried ? { carrier: carried } : {}),
          ...(group.secrets ? { secrets: group.secrets } : {}),
        },
        argo: {
          kind: "Application",
          // On its own to begin with; bootstrap-graph.ts moves it into the shared Application when it can.
          name: owner
            ? installerAppName(owner, e)
            : custom
              ? componentAppName(custom.name, e)
              : clusterConfigAppName(e, group.file.replace(/\.yaml$/, "")),
        },
      });
    }
    // 4. Team namespaces, then services.
    b.add({
      id: ids.namespaces(e),
      kind: "sync",
      environment: e,
      title: "Team namespaces (quotas, network policies, RBAC, SecretStores)",
      argo: { kind: "Application", name: namespacesAppName(e) },
    });
    for (const team of model.teams) {
      const deployed = team.services.filter((s) => s.deployments.some((d) => d.environment === env));
      if (deployed.some((s) => !s.chart))
        b.add({
          id: ids.services(e, team.name),
          kind: "sync",
          environment: e,
          title: `Services of ${team.name}`,
          argo: { kind: "ApplicationSet", name: teamServicesAppSetName(team.name, e) },
        });
      for (const s of deployed.filter((s) => s.chart))
        b.add({
          id: ids.chartService(e, s.name),
          kind: "sync",
          environment: e,
          title: `Service ${s.name} (chart ${s.chart!.chart})`,
          argo: { kind: "Application", name: serviceAppName(s.name, e) },
        });
    }
  }
}

/** `from` emits objects of `kinds` (`group/Kind`): it needs whatever installs their CRDs in its cluster. */
function needCrds(b: GraphBuilder, from: string, env: ResolvedEnvironment, kinds: readonly string[]): void {
  const byGroup = new Map<string, string[]>();
  for (const kind of kinds) {
    const [group, name] = kind.split("/") as [string, string];
    if (CRD_INSTALLERS.has(group)) byGroup.set(group, [...(byGroup.get(group) ?? []), name]);
  }
  for (const [group, names] of byGroup) {
    const installer = CRD_INSTALLERS.get(group)!;
    const title = installerTitle(installer);
    const fail = installerFacts(installer)?.webhooks.some((w) => w.failurePolicy === "Fail");
    b.require(
      from,
      ids.installer(env.name, installer),
      `${names.join(", ")}: CRD${names.length > 1 ? "s" : ""} of ${title}${fail ? ", whose admission webhook (failurePolicy Fail) must answer" : ""}`,
      installer === "gatewayApi" || installer === "devworkspaceOperator" ? ["components"] : ["components", installer],
      `${names.join(", ")} needs the ${group} CRDs, which nothing installs in ${env.name}`,
      `enable ${title} in ${env.name}, or what emits ${names.join(", ")} there`,
    );
  }
}

function installerNeeds(b: GraphBuilder, env: ResolvedEnvironment, key: InstallerKey): void {
  const e = env.name;
  const from = ids.installer(e, key);
  const facts = installerFacts(key);
  const configGroups = [...b.nodes.values()].filter((n) => n.environment === e && n.group);
  // 1. CRDs of other charts it renders objects of or needs at start, by the installer that brings them.
  for (const need of facts?.needsCrds ?? []) {
    const byInstaller = new Map<InstallerKey, string[]>();
    for (const group of need.groups) {
      const installer = CRD_INSTALLERS.get(group);
      if (installer !== undefined && installer !== key)
        byInstaller.set(installer, [...(byInstaller.get(installer) ?? []), group]);
    }
    for (const [installer, groups] of byInstaller) {
      const crds = `the ${groups.join(", ")} CRDs`;
      b.require(
        from,
        ids.installer(e, installer),
        `${need.why} (${crds} come with ${installerTitle(installer)})`,
        ["components", installer === "gatewayApi" || installer === "devworkspaceOperator" ? key : installer],
        `needs ${crds}, which nothing installs in ${e}`,
        `enable ${installerTitle(installer)} in ${e}`,
      );
    }
  }
  // 2. Secrets and ConfigMaps its pods read that Fawkes or another component provides.
  for (const read of [...(facts?.secretsRead ?? []), ...(facts?.configMapsRead ?? [])]) {
    if (read.createdByChart || read.optional) continue;
    const maker = configGroups.find((n) => n.group?.secrets?.includes(read.name));
    if (maker) b.need(from, maker.id, `its pods read Secret ${read.name}, which ${maker.title} creates`);
    else if (read.providedBy)
      b.need(
        from,
        ids.installer(e, read.providedBy as ComponentKey),
        `${read.readBy} reads ${read.name}: ${read.note}`,
      );
  }
  if (key === "gatewayApi" || key === "devworkspaceOperator") return;
  // 3. What Fawkes' values give it: volumes of the cluster's storage class, platform secrets, the mesh.
  if ((COMPONENT_CATALOG[key] as ComponentDefinition).persistentVolumes)
    b.need(from, ids.group(e, "storage"), `its volumes use StorageClass ${env.features.storageClass}`);
  if (SECRET_READERS.includes(key) && b.has(ids.group(e, "secret-store"))) {
    b.need(from, ids.group(e, "secret-store"), "reads platform secrets through the ClusterSecretStore vault-platform");
    b.need(from, ids.seed(e), "the platform secrets it reads are seeded");
  }
  if (env.features.mesh && MESHED_COMPONENTS.has(key))
    for (const node of ["istioCni", "ztunnel"] as const)
      b.need(
        from,
        ids.installer(e, node),
        "its namespace joins the ambient mesh: its pods are captured when they start",
      );
}

/** Adds what every synced node needs. */
export function addSyncNeeds(
  b: GraphBuilder,
  model: ResolvedConfig,
  groups: ReadonlyMap<string, readonly ConfigGroup[]>,
): void {
  const hub = model.environments.find((e) => e.isManagement)!;
  const vaultHost = centralHosts(model.platform.domain).vault;
  for (const name of ["platform", ...model.teams.map((t) => t.name)])
    b.need(ids.project(name), ids.argocdRoot, "the root Application syncs it");
  for (const env of model.environments) {
    const e = env.name;
    const f = env.features;
    // 1. Every Application of this cluster: its project, and ArgoCD's access to the cluster.
    for (const node of [...b.nodes.values()].filter((n) => n.environment === e && n.kind === "sync")) {
      if (!node.id.startsWith("services/") && !node.id.startsWith("chart/"))
        b.need(node.id, ids.project("platform"), "its Application is in the platform project");
      if (env.isManagement) continue;
      const registered = ids.group(hub.name, "argocd-clusters");
      b.need(node.id, b.has(registered) ? registered : ids.register(e), `ArgoCD reaches the ${e} cluster`);
    }
    // 2. Installers and configuration groups.
    for (const key of installersIn(model, env)) installerNeeds(b, env, key);
    if (b.has(ids.installer(e, "argocd")))
      b.need(ids.installer(e, "argocd"), ids.argocdInstall, "takes over the release installed by hand");
    for (const group of groups.get(e) ?? []) {
      const id = ids.group(e, group.key);
      needCrds(b, id, env, group.kinds);
      for (const need of group.needs)
        if (need.required)
          b.require(id, need.to, need.reason, need.required.path, need.required.missing, need.required.hint);
        else b.need(id, need.to, need.reason);
    }
    customNeeds(b, model, env);
    // 3. Team namespaces: SecretStores that log in to Vault, the mesh.
    const namespaces = ids.namespaces(e);
    const stores = f.externalSecrets && f.vaultAddress !== undefined;
    needCrds(b, namespaces, env, [
      ...(stores ? ["external-secrets.io/SecretStore"] : []),
      ...(f.mesh ? ["security.istio.io/AuthorizationPolicy"] : []),
    ]);
    if (stores) {
      b.need(namespaces, ids.vaultTerraform, `its SecretStores log in with the Vault roles <team>-${e}`);
      b.need(namespaces, ids.installer(hub.name, "vault"), `its SecretStores read Vault at ${f.vaultAddress}`);
      if (!env.isManagement) b.need(namespaces, ids.dns(hub.name), `its SecretStores reach ${vaultHost}`);
    }
    meshNeeds(b, namespaces, env);
    // 4. Services.
    for (const team of model.teams) {
      const deployed = team.services.filter((s) => s.deployments.some((d) => d.environment === env));
      const rendered = deployed.filter((s) => !s.chart);
      const appSet = ids.services(e, team.name);
      const exposed = (s: (typeof deployed)[number]) =>
        s.port !== undefined && s.deployments.some((d) => d.environment === env && d.host !== undefined);
      const secretsHere = (s: (typeof deployed)[number]) =>
        s.deployments.find((d) => d.environment === env)?.secrets ?? [];
      serviceNeeds(b, env, appSet, team.name, {
        kinds: [
          ...(rendered.some((s) => secretsHere(s).length > 0 && s.secretDelivery === "external-secrets")
            ? ["external-secrets.io/ExternalSecret"]
            : []),
          ...(f.monitoringNamespace && rendered.some((s) => s.metricsPort !== undefined)
            ? ["monitoring.coreos.com/ServiceMonitor"]
            : []),
        ],
        exposed: rendered.some(exposed),
        meshed: rendered.some((s) => s.port !== undefined || s.metricsPort !== undefined),
      });
      if (f.instrumentation && rendered.some((s) => s.language !== undefined))
        b.need(
          appSet,
          ids.group(e, "observability"),
          "the OpenTelemetry Operator injects auto-instrumentation (webhook failurePolicy Ignore) only when the Instrumentation exists as its pods start",
        );
      // Their HorizontalPodAutoscalers read CPU use from the metrics API (generators/workloads/scaling.ts).
      const autoscaled = rendered.some(
        (s) => s.type !== "cronjob" && s.deployments.some((d) => d.environment === env && d.autoscale),
      );
      if (autoscaled && model.installed("metricsServer")?.environments.includes(env))
        b.need(
          appSet,
          ids.installer(e, "metricsServer"),
          "its HorizontalPodAutoscalers read CPU use from metrics-server's metrics.k8s.io API",
        );
      if (rendered.some((s) => s.secretDelivery === "vault-agent" && secretsHere(s).length > 0)) {
        b.need(
          appSet,
          ids.installer(e, "vault"),
          "the Vault Agent injector (webhook failurePolicy Ignore) must run when its pods start, or they start without their secrets",
        );
        b.need(appSet, ids.vaultTerraform, `its Vault Agents log in with the Vault role ${team.name}-${e}`);
      }
      if (deployed.some((s) => secretsHere(s).length > 0))
        b.need(appSet, ids.seed(e), "the Vault paths it reads are seeded");
      // Claimed objects: their CRDs come with the component's chart, whose operator makes their Secrets.
      const claims = rendered.flatMap((s) => s.deployments.find((d) => d.environment === env)?.claims ?? []);
      for (const component of [...new Set(claims.map((c) => c.component.name))].sort()) {
        const kinds = [...new Set(claims.filter((c) => c.component.name === component).map((c) => c.kind))];
        b.need(
          appSet,
          ids.custom(e, component),
          `its ${kinds.join(", ")} objects need the CRDs ${component}'s chart installs, and its operator to make their Secrets`,
        );
      }
      for (const s of deployed.filter((s) => s.chart))
        serviceNeeds(b, env, ids.chartService(e, s.name), team.name, {
          kinds: [],
          exposed: exposed(s),
          meshed: s.port !== undefined || s.metricsPort !== undefined,
        });
    }
  }
}

/** A custom component needs what it declares it depends on, running in its cluster, and the policies that admit its pods. */
function customNeeds(b: GraphBuilder, model: ResolvedConfig, env: ResolvedEnvironment): void {
  const e = env.name;
  for (const c of model.customComponents.filter((c) => c.environments.includes(env))) {
    const from = ids.custom(e, c.name);
    c.dependsOn.forEach((d, i) => {
      const to = d.kind === "component" ? ids.installer(e, d.key) : ids.custom(e, d.name);
      const what = d.kind === "component" ? installerTitle(d.key) : d.name;
      b.require(
        from,
        to,
        "declared dependency",
        ["components", "custom", c.name, "dependsOn", i],
        `depends on ${what}, which does not run in ${e}`,
        `enable ${what} in ${e}, or limit ${c.name}'s environments`,
      );
    });
    b.need(from, ids.group(e, "policies"), "its pods are admitted under the generated policies");
    if (c.secrets.length > 0)
      b.need(
        from,
        ids.group(e, `custom-secrets/${c.namespace}`),
        `its pods read Secret${c.secrets.length > 1 ? "s" : ""} ${c.secrets.map((s) => s.name).join(", ")}`,
      );
  }
}

function meshNeeds(b: GraphBuilder, from: string, env: ResolvedEnvironment): void {
  if (!env.features.mesh) return;
  for (const node of ["istioCni", "ztunnel"] as const)
    b.need(
      from,
      ids.installer(env.name, node),
      "its namespaces join the ambient mesh: pods are captured when they start",
    );
}

function serviceNeeds(
  b: GraphBuilder,
  env: ResolvedEnvironment,
  from: string,
  team: string,
  uses: { kinds: string[]; exposed: boolean; meshed: boolean },
): void {
  const e = env.name;
  const f = env.features;
  b.need(from, ids.project(team), `its Applications are in the ${team} project`);
  b.need(from, ids.namespaces(e), `the ${team} namespace, its quota, network policies and SecretStore`);
  b.need(from, ids.group(e, "policies"), "its pods are admitted under the generated policies");
  const kinds = [...uses.kinds];
  if (uses.exposed && f.gateway?.controller === "nginx-gateway-fabric") {
    kinds.push("gateway.networking.k8s.io/HTTPRoute");
    b.need(from, ids.group(e, "gateway"), "its routes attach to the environment's Gateways");
  }
  if (uses.exposed && f.gateway?.controller === "ingress-nginx")
    b.need(
      from,
      ids.installer(e, "ingressNginx"),
      "its Ingress names IngressClass nginx, and ingress-nginx's admission webhook (failurePolicy Fail) validates it",
    );
  if (f.mesh && uses.meshed) {
    kinds.push("security.istio.io/AuthorizationPolicy");
    b.need(from, ids.group(e, "mesh"), "mutual TLS is STRICT before its pods start");
  }
  needCrds(b, from, env, kinds);
  meshNeeds(b, from, env);
}
