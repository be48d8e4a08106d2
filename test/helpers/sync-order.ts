// What ArgoCD would sync, and when, read back from a generated tree's YAML (never from the bootstrap graph):
// every Application, ApplicationSet and AppProject the root Application syncs with its wave, every object each
// Application syncs with its wave inside it, and which Application installs which CRDs (from the charts it
// deploys and the chart facts). Checks on top of it say when an object would sync before what it needs.
import { yamlDocuments } from "./yaml-documents.ts";
import { CHART_FACTS, DEVWORKSPACE_OPERATOR_FACTS } from "../../schema/chart-facts/index.ts";
import {
  COMPONENT_CATALOG,
  COMPONENT_KEYS,
  DEVWORKSPACE_OPERATOR,
  GATEWAY_API_CRDS,
} from "../../schema/component-catalog.ts";

type Obj = Record<string, any>;
const WAVE = "argocd.argoproj.io/sync-wave";
const APPS = "out/platform/apps/";

/** Where something syncs: the root-level object that brings it, that object's wave, the wave inside it. */
export interface Position {
  readonly app: string;
  readonly appWave: number;
  readonly inner: number;
}

export interface App {
  readonly key: string;
  readonly name: string;
  readonly wave: number;
  readonly cluster: string;
  readonly namespace?: string;
  readonly createsNamespace: boolean;
  readonly project: string;
  /** CRD groups it installs: from its chart (the chart facts) or the repository it applies. */
  readonly installs: ReadonlySet<string>;
  readonly chart?: string;
  readonly values: readonly string[];
  readonly files: readonly string[];
}

export interface Synced {
  readonly object: Obj;
  readonly app: App;
  readonly at: Position;
  readonly file: string;
  /** Rendered by a chart from its values (`extraDeploy`), not a file of its own. */
  readonly fromValues: boolean;
}

export interface SyncModel {
  readonly apps: readonly App[];
  readonly projects: ReadonlyMap<string, number>;
  readonly objects: readonly Synced[];
  /** Every object of apps/ (Applications, ApplicationSets, AppProjects) with the file it is in. */
  readonly root: readonly { readonly object: Obj; readonly file: string }[];
  /** The tree it was read from. */
  readonly files: ReadonlyMap<string, string>;
}

const waveOf = (o: Obj): number => Number(o?.metadata?.annotations?.[WAVE] ?? 0);
const docs = (content: string): Obj[] =>
  (yamlDocuments(content) as (Obj | null)[]).filter(
    (o): o is Obj => o !== null && typeof o === "object" && typeof o.kind === "string",
  );

/** A values file: one document, no kind. */
const valuesOf = (content: string | undefined): unknown => (content ? yamlDocuments(content)[0] : undefined);

/** `{{.key}}` of an ApplicationSet's list element. */
function render(value: unknown, element: Record<string, unknown>): unknown {
  if (typeof value === "string") return value.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String(element[k]));
  if (Array.isArray(value)) return value.map((v) => render(v, element));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, element)]));
  return value;
}

function glob(pattern: string, relative: string): boolean {
  const alternatives = /^\{(.*)\}$/.exec(pattern)?.[1]?.split(",") ?? [pattern];
  return alternatives.some((p) =>
    new RegExp(
      `^${p
        .split("*")
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    ).test(relative),
  );
}

/** CRD groups a source installs, known from the catalog's charts and their facts. */
function installsOf(source: Obj): string[] {
  if (source.repoURL === GATEWAY_API_CRDS.repoURL) return [...GATEWAY_API_CRDS.groups];
  if (source.repoURL === DEVWORKSPACE_OPERATOR.repoURL) return [...(DEVWORKSPACE_OPERATOR_FACTS.crds?.groups ?? [])];
  const key = COMPONENT_KEYS.find((k) => source.chart !== undefined && COMPONENT_CATALOG[k].chart === source.chart);
  return key ? [...(CHART_FACTS[key].crds?.groups ?? [])] : [];
}

/** Objects a values file makes a chart render (`extraDeploy` and the like): any mapping with apiVersion and kind. */
function objectsIn(value: unknown, found: Obj[] = []): Obj[] {
  if (Array.isArray(value)) value.forEach((v) => objectsIn(v, found));
  else if (value && typeof value === "object") {
    const o = value as Obj;
    if (typeof o.apiVersion === "string" && typeof o.kind === "string" && o.metadata) found.push(o);
    else Object.values(o).forEach((v) => objectsIn(v, found));
  }
  return found;
}

export function syncModel(tree: ReadonlyMap<string, string>): SyncModel {
  const paths = [...tree.keys()];
  const root = paths
    .filter((p) => p.startsWith(APPS) && p.endsWith(".yaml"))
    .flatMap((file) => docs(tree.get(file)!).map((object) => ({ object, file })));
  const repo = root.find((r) => r.object.metadata?.name?.endsWith("-root"))?.object.spec.source.repoURL;
  const projects = new Map(
    root.filter((r) => r.object.kind === "AppProject").map((r) => [r.object.metadata.name, waveOf(r.object)]),
  );
  // 1. Applications, those of ApplicationSets expanded; each at the wave of what the root syncs.
  const specs: { key: string; wave: number; meta: Obj; spec: Obj }[] = [];
  for (const { object } of root) {
    if (object.kind === "Application" && !object.metadata.name.endsWith("-root"))
      specs.push({
        key: `Application/${object.metadata.name}`,
        wave: waveOf(object),
        meta: object.metadata,
        spec: object.spec,
      });
    if (object.kind === "ApplicationSet")
      for (const element of object.spec.generators.flatMap((g: Obj) => g.list?.elements ?? [])) {
        const app = render(object.spec.template, element) as Obj;
        specs.push({
          key: `ApplicationSet/${object.metadata.name}`,
          wave: waveOf(object),
          meta: app.metadata,
          spec: app.spec,
        });
      }
  }
  const apps: App[] = specs.map(({ key, wave, meta, spec }) => {
    const sources: Obj[] = spec.sources ?? [spec.source];
    const files = sources.flatMap((s) => {
      if (s.path === undefined || s.repoURL !== repo) return [];
      const dir = `${s.path.replace(/\/$/, "")}/`;
      return paths.filter((p) => {
        if (!p.startsWith(dir)) return false;
        const rel = p.slice(dir.length);
        return (s.directory?.recurse || !rel.includes("/")) && glob(s.directory?.include ?? "*.yaml", rel);
      });
    });
    return {
      key,
      name: meta.name,
      wave,
      cluster: spec.destination.name,
      ...(spec.destination.namespace ? { namespace: spec.destination.namespace } : {}),
      createsNamespace: (spec.syncPolicy?.syncOptions ?? []).includes("CreateNamespace=true"),
      project: spec.project,
      installs: new Set(sources.flatMap(installsOf)),
      ...(sources.find((s) => s.chart) ? { chart: sources.find((s) => s.chart)!.chart } : {}),
      values: sources.flatMap((s) => (s.helm?.valueFiles ?? []).map((v: string) => v.replace(/^\$[^/]+\//, ""))),
      files,
    };
  });
  // 2. What each syncs: its files' objects, and the objects its charts render from Fawkes' values.
  const objects: Synced[] = apps.flatMap((app) => [
    ...app.files.flatMap((file) =>
      docs(tree.get(file)!).map((object) => ({
        object,
        app,
        file,
        fromValues: false,
        at: { app: app.key, appWave: app.wave, inner: waveOf(object) },
      })),
    ),
    ...app.values.flatMap((file) =>
      objectsIn(valuesOf(tree.get(file))).map((object) => ({
        object,
        app,
        file,
        fromValues: true,
        at: { app: app.key, appWave: app.wave, inner: 0 },
      })),
    ),
  ]);
  return { apps, projects, objects, root, files: tree };
}

/** `a` is done before `b` starts: earlier inside one Application, or in an Application of an earlier wave. */
export function before(a: Position, b: Position): boolean {
  return a.app === b.app ? a.inner < b.inner : a.appWave < b.appWave;
}

/** A chart's own objects sync at wave 0 of its Application. */
export const chartOf = (app: App): Position => ({ app: app.key, appWave: app.wave, inner: 0 });

/** Every CRD group the catalog's charts (and the Gateway API, the DevWorkspace Operator) install. */
export const CRD_GROUPS: ReadonlySet<string> = new Set([
  ...GATEWAY_API_CRDS.groups,
  ...(DEVWORKSPACE_OPERATOR_FACTS.crds?.groups ?? []),
  ...COMPONENT_KEYS.flatMap((k) => CHART_FACTS[k].crds?.groups ?? []),
]);

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");
const describe = (s: Synced) =>
  `${s.object.kind} ${s.object.metadata?.namespace ? `${s.object.metadata.namespace}/` : ""}${s.object.metadata?.name} (${s.file}, ${s.at.app} wave ${s.at.appWave}${s.at.inner ? `, inside ${s.at.inner}` : ""})`;

/** Objects of a CRD that sync before the Application that installs the CRD in their cluster (or with none). */
export function crdViolations(model: SyncModel): string[] {
  const out: string[] = [];
  for (const s of model.objects) {
    const group = groupOf(s.object.apiVersion);
    if (!CRD_GROUPS.has(group)) continue;
    const installers = model.apps.filter((a) => a.cluster === s.app.cluster && a.installs.has(group));
    if (installers.length === 0) out.push(`${describe(s)}: nothing installs the ${group} CRDs in ${s.app.cluster}`);
    else if (!installers.some((i) => before(chartOf(i), s.at)))
      out.push(`${describe(s)}: syncs before ${installers.map((i) => i.key).join(", ")}, which installs ${group}`);
  }
  return out;
}

/** Objects that sync before something they need (see the list in the test). */
export function dependencyViolations(model: SyncModel): string[] {
  const out: string[] = [];
  const inCluster = (cluster: string) => model.objects.filter((o) => o.app.cluster === cluster);
  const find = (cluster: string, kind: string, name: string, namespace?: string) =>
    inCluster(cluster).filter(
      (o) =>
        o.object.kind === kind &&
        o.object.metadata?.name === name &&
        (namespace === undefined || o.object.metadata?.namespace === namespace),
    );
  const need = (s: Synced, what: string, providers: readonly Synced[], at: Position = s.at) => {
    if (providers.length === 0) out.push(`${describe(s)}: needs ${what}, which nothing syncs`);
    else if (!providers.some((p) => before(p.at, at)))
      out.push(`${describe(s)}: syncs before ${what} (${providers.map(describe).join(", ")})`);
  };
  // 1. What the root syncs: each Application after its project and after the secret that registers its cluster.
  const clusterSecrets = model.objects.filter(
    (o) =>
      o.object.kind === "ExternalSecret" &&
      o.object.spec?.target?.template?.metadata?.labels?.["argocd.argoproj.io/secret-type"] === "cluster",
  );
  for (const app of model.apps) {
    const project = model.projects.get(app.project);
    if (project === undefined || project >= app.wave)
      out.push(`${app.key}: syncs before its AppProject ${app.project}`);
    if (
      app.cluster !== "in-cluster" &&
      !clusterSecrets.some((c) => c.object.spec.target.template.data.name === app.cluster && c.at.appWave < app.wave)
    )
      out.push(`${app.key}: syncs before the secret that registers cluster ${app.cluster}`);
  }
  // 2. What each object needs in its cluster.
  for (const s of model.objects) {
    const o = s.object;
    const cluster = s.app.cluster;
    const ns: string | undefined = o.metadata?.namespace ?? (s.fromValues ? s.app.namespace : undefined);
    // Its namespace: made by its own Application, by an earlier one, or as an object (ArgoCD applies Namespaces
    // first within a wave: docs/user-guide/sync-waves.md, v3.3.6); ArgoCD's own exists from day 0.
    if (ns !== undefined && ns !== "argocd" && !(s.app.createsNamespace && s.app.namespace === ns)) {
      const makers = model.apps.filter(
        (a) => a.cluster === cluster && a.createsNamespace && a.namespace === ns && a.wave < s.at.appWave,
      );
      const objects = find(cluster, "Namespace", ns);
      const sameWave = objects.some((n) => n.at.app === s.at.app && n.at.inner === s.at.inner);
      if (makers.length === 0 && !sameWave) need(s, `Namespace ${ns}`, objects);
    }
    if (o.kind === "ExternalSecret" || o.kind === "PushSecret")
      for (const ref of o.kind === "PushSecret" ? o.spec.secretStoreRefs : [o.spec.secretStoreRef])
        need(
          s,
          `${ref.kind} ${ref.name}`,
          find(cluster, ref.kind, ref.name, ref.kind === "SecretStore" ? ns : undefined),
        );
    if (o.kind === "HTTPRoute")
      for (const parent of o.spec.parentRefs ?? [])
        need(s, `Gateway ${parent.name}`, find(cluster, "Gateway", parent.name, parent.namespace ?? ns));
    const issuer =
      o.metadata?.annotations?.["cert-manager.io/cluster-issuer"] ??
      o.spec?.networking?.annotations?.["cert-manager.io/cluster-issuer"];
    if (issuer) need(s, `ClusterIssuer ${issuer}`, find(cluster, "ClusterIssuer", issuer));
    if (o.kind === "ValidatingPolicy") {
      const exceptions = inCluster(cluster).filter(
        (e) =>
          e.object.kind === "PolicyException" && e.object.spec.policyRefs.some((r: Obj) => r.name === o.metadata.name),
      );
      for (const e of exceptions)
        if (!before(e.at, s.at)) out.push(`${describe(s)}: enforces before its exception ${describe(e)}`);
    }
    // A workload's pods read Secrets that ExternalSecrets make.
    const pod = o.spec?.jobTemplate?.spec?.template?.spec ?? o.spec?.template?.spec;
    if (pod && /^(Deployment|StatefulSet|DaemonSet|Job|CronJob)$/.test(o.kind)) {
      const names = new Set<string>();
      for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        for (const e of c.env ?? [])
          if (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) names.add(e.valueFrom.secretKeyRef.name);
        for (const e of c.envFrom ?? []) if (e.secretRef) names.add(e.secretRef.name);
      }
      for (const v of pod.volumes ?? []) if (v.secret?.secretName) names.add(v.secret.secretName);
      for (const name of names) {
        const makers = inCluster(cluster).filter(
          (e) =>
            e.object.kind === "ExternalSecret" &&
            e.object.metadata.namespace === ns &&
            e.object.spec.target?.name === name,
        );
        if (makers.length > 0) need(s, `Secret ${name}`, makers);
      }
    }
  }
  // 3. What a chart reads through Fawkes' values: the StorageClass it names, Secrets ExternalSecrets make.
  for (const app of model.apps)
    for (const file of app.values) {
      const strings: [key: string, value: string][] = [];
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === "object")
          for (const [k, v] of Object.entries(value)) {
            if (typeof v === "string") strings.push([k, v]);
            else walk(v);
          }
      };
      walk(valuesOf(model.files.get(file)));
      const chart = {
        object: { kind: "chart", metadata: { name: app.chart } },
        app,
        at: chartOf(app),
        file,
        fromValues: true,
      };
      for (const [key, value] of strings) {
        if (key === "storageClass" || key === "storageClassName") {
          const classes = find(app.cluster, "StorageClass", value);
          if (classes.length > 0) need(chart, `StorageClass ${value}`, classes);
        }
        if (key === "existingSecret" || key === "secretName") {
          const makers = inCluster(app.cluster).filter(
            (e) =>
              e.object.kind === "ExternalSecret" &&
              e.object.metadata.namespace === app.namespace &&
              e.object.spec.target?.name === value,
          );
          if (makers.length > 0) need(chart, `Secret ${value}`, makers);
        }
      }
    }
  return out;
}
