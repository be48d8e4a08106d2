// Issue #16: no dangling Secret reference. Walks every generated Kubernetes object and Helm values file for the
// Secret names they reference and proves each is produced in the same cluster and namespace: by an
// ExternalSecret, a Secret, a cert-manager Certificate (or a Gateway's cert-manager annotation), or by the chart
// itself per its facts. Reads the rendered tree (YAML text), not the generators' objects, so it trusts nothing.
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { yamlDocuments } from "./helpers/yaml-documents.ts";
import type { FileTree } from "../core/file-tree.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { renderedFacts } from "../core/runtime/component-modes.ts";
import { CHART_FACTS } from "../schema/chart-facts/index.ts";
import { generateExample, generateIn } from "./helpers/pipeline.ts";
import { REPO } from "./helpers/repo.ts";

type Obj = Record<string, unknown>;

/**
 * Secrets made at runtime by an operator or by Kubernetes itself, which no object in the tree produces. Each with
 * its reason and provenance. Keyed `namespace/name` (any cluster).
 */
const RUNTIME_SECRETS: Readonly<Record<string, string>> = {
  "monitoring/prometheus-kube-prometheus-stack-prometheus":
    "the Prometheus config the Prometheus Operator generates for each Prometheus object and mounts into its pod " +
    "(prometheus-operator v0.93.0, pkg/prometheus/server/operator.go; schema/chart-facts/kube-prometheus-stack.ts)",
  "devlake/devlake-api-key":
    "DevLake's API key, created by Fawkes' devlake-setup Job through DevLake's API and pushed to Vault by a " +
    "PushSecret (generators/dora/setup-script.ts writes the Secret; its Role in generators/dora/index.ts allows it)",
};

interface Reference {
  readonly environment: string;
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  readonly object: string;
  readonly via: string;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const at = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);

/** Where a file's objects sync: from the Applications that point at it (values files, directories). */
interface Destination {
  readonly environment: string;
  readonly namespace: string;
  readonly component?: string;
  readonly chartService?: { repoURL: string; chart: string; version: string; release: string };
}

function documentsOf(tree: FileTree): { path: string; docs: Obj[] }[] {
  const files: { path: string; docs: Obj[] }[] = [];
  for (const [path, file] of tree) {
    if (!path.startsWith("out/platform/") || !path.endsWith(".yaml")) continue;
    const docs = yamlDocuments(file.content);
    files.push({ path, docs: docs.filter(isObj) });
  }
  return files;
}

/** Values files and synced directories by path, with the cluster and namespace their Application gives them. */
function destinations(files: { path: string; docs: Obj[] }[]): Map<string, Destination> {
  const found = new Map<string, Destination>();
  for (const { docs } of files)
    for (const doc of docs) {
      if (doc.kind !== "Application" && doc.kind !== "ApplicationSet") continue;
      const app = doc.kind === "Application" ? doc : (at(doc, "spec", "template") as Obj);
      const labels = (at(app, "metadata", "labels") ?? at(doc, "metadata", "labels") ?? {}) as Record<string, string>;
      const environment = labels["fawkes.dev/environment"];
      const namespace = str(at(app, "spec", "destination", "namespace"));
      if (!environment || !namespace) continue;
      const spec = at(app, "spec") as Obj;
      const sources = [...((spec.sources as Obj[] | undefined) ?? []), ...(spec.source ? [spec.source as Obj] : [])];
      const chartSource = sources.find((s) => s.chart);
      for (const source of sources) {
        for (const file of (at(source, "helm", "valueFiles") as string[] | undefined) ?? []) {
          const component = labels["fawkes.dev/component"];
          const release = str(at(source, "helm", "releaseName")) ?? "";
          found.set(file.replace(/^\$values\//, ""), {
            environment,
            namespace,
            ...(component ? { component } : {}),
            ...(!component && chartSource
              ? {
                  chartService: {
                    repoURL: String(chartSource.repoURL),
                    chart: String(chartSource.chart),
                    version: String(chartSource.targetRevision),
                    release,
                  },
                }
              : {}),
          });
        }
        const path = str(source.path);
        if (path) found.set(`${path.replace("{{.service}}", "*")}/`, { environment, namespace });
      }
    }
  return found;
}

function destinationOf(path: string, all: Map<string, Destination>): Destination | undefined {
  const exact = all.get(path);
  if (exact) return exact;
  for (const [prefix, d] of all) {
    if (!prefix.endsWith("/")) continue;
    const pattern = new RegExp(`^${prefix.replace(/[.]/g, "\\.").replace("*", "[^/]+")}[^/]+$`);
    if (pattern.test(path)) return d;
  }
  return undefined;
}

/** Every Kubernetes object inside a document: itself, or objects a chart deploys from values (`extraDeploy`). */
function objectsIn(value: unknown, found: Obj[] = []): Obj[] {
  if (Array.isArray(value)) value.forEach((v) => objectsIn(v, found));
  else if (isObj(value)) {
    if (typeof value.kind === "string" && typeof value.apiVersion === "string") found.push(value);
    else Object.values(value).forEach((v) => objectsIn(v, found));
  }
  return found;
}

/** Secret names a pod spec (anywhere below `value`) references. */
function podSpecReferences(value: unknown, out: { name: string; via: string }[] = []): { name: string; via: string }[] {
  if (Array.isArray(value)) value.forEach((v) => podSpecReferences(v, out));
  else if (isObj(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "secretKeyRef" && !at(v, "optional")) pushName(out, at(v, "name"), "env secretKeyRef");
      else if (key === "secretRef" && !at(v, "optional")) pushName(out, at(v, "name"), "envFrom secretRef");
      else if (key === "imagePullSecrets" && Array.isArray(v))
        v.forEach((s) => pushName(out, at(s, "name"), "imagePullSecrets"));
      else if (key === "secret" && isObj(v) && ("secretName" in v || "name" in v) && !v.optional)
        pushName(out, v.secretName ?? v.name, "volume secret");
      podSpecReferences(v, out);
    }
  }
  return out;
}

function pushName(out: { name: string; via: string }[], name: unknown, via: string): void {
  const s = str(name);
  if (s && !s.includes("{{")) out.push({ name: s, via });
}

/** Secret names a values file hands its chart: `existingSecret`, `secretName`, `*SecretName`, `*Secrets` lists. */
function valuesReferences(value: unknown, path: string, out: { name: string; via: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => valuesReferences(v, `${path}[${i}]`, out));
  else if (isObj(value)) {
    if (typeof value.kind === "string" && typeof value.apiVersion === "string") return out;
    for (const [key, v] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (/^(existingSecret|secretName|existingSecretName)$|SecretName$/.test(key)) pushName(out, v, here);
      else if (/Secrets$/.test(key) && Array.isArray(v)) v.forEach((s) => pushName(out, s, here));
      else valuesReferences(v, here, out);
    }
  }
  return out;
}

/** Every Secret reference in the tree and every producer, then the references nothing produces. */
export function danglingSecretReferences(model: ResolvedConfig, tree: FileTree): { refs: number; dangling: string[] } {
  const files = documentsOf(tree);
  const dest = destinations(files);
  const produced = new Set<string>();
  const refs: Reference[] = [];
  const key = (e: string, ns: string, name: string) => `${e}/${ns}/${name}`;
  const management = model.environments.find((e) => e.isManagement)!.name;
  // 1. Chart-created Secrets and the ones chart facts say the chart reads, per component and cluster.
  for (const component of model.components)
    for (const env of component.environments) {
      const facts = CHART_FACTS[component.key];
      const ns = component.definition.namespace;
      const pods = new Set(renderedFacts(component, env).pods.map((p) => p.name));
      for (const made of facts.createsSecrets) produced.add(key(env.name, ns, made.split(" ")[0]!));
      for (const read of facts.secretsRead) {
        if (read.createdByChart) produced.add(key(env.name, ns, read.name));
        else if (!read.optional && pods.has(read.readBy))
          refs.push({
            environment: env.name,
            namespace: ns,
            name: read.name,
            file: `schema/chart-facts (${component.key})`,
            object: read.readBy,
            via: "secretsRead",
          });
      }
    }
  // 2. Objects: producers and pod-spec references. A claimed object (a CloudNativePG Cluster) produces the Secret
  // its operator makes, per the claim's declaration — only where the object itself is in the tree.
  const claimSecrets = new Map<string, string>();
  for (const service of model.services)
    for (const d of service.deployments)
      for (const c of d.claims)
        claimSecrets.set(`${c.apiVersion} ${c.kind} ${key(d.environment.name, c.namespace, c.name)}`, c.secret.name);
  for (const { path, docs } of files) {
    const d = destinationOf(path, dest);
    for (const object of docs.flatMap((doc) => objectsIn(doc))) {
      const meta = (object.metadata ?? {}) as Obj;
      const environment = path.startsWith("out/platform/apps/") ? management : (d?.environment ?? path.split("/")[3]!);
      const namespace = str(meta.namespace) ?? d?.namespace ?? "";
      const name = `${String(object.kind)} ${namespace}/${String(meta.name)}`;
      const spec = (object.spec ?? {}) as Obj;
      if (object.kind === "ExternalSecret" || object.kind === "Secret")
        produced.add(key(environment, namespace, str(at(spec, "target", "name")) ?? String(meta.name)));
      if (object.kind === "Certificate") produced.add(key(environment, namespace, String(spec.secretName)));
      const claimed = claimSecrets.get(
        `${String(object.apiVersion)} ${String(object.kind)} ${key(environment, namespace, String(meta.name))}`,
      );
      if (claimed) produced.add(key(environment, namespace, claimed));
      // ArgoCD's cluster Secrets: a Secret labelled secret-type cluster whose `name` key is what destinations name.
      const secretLabels = (at(spec, "target", "template", "metadata", "labels") ?? meta.labels ?? {}) as Obj;
      if (secretLabels["argocd.argoproj.io/secret-type"] === "cluster") {
        const clusterName =
          str(at(spec, "target", "template", "data", "name")) ?? str(at(object, "stringData", "name"));
        if (clusterName) produced.add(key(environment, namespace, `cluster:${clusterName}`));
      }
      const destination = str(
        at(object.kind === "ApplicationSet" ? at(spec, "template") : object, "spec", "destination", "name"),
      );
      if (
        (object.kind === "Application" || object.kind === "ApplicationSet") &&
        destination &&
        destination !== "in-cluster"
      )
        refs.push({
          environment: management,
          namespace,
          name: `cluster:${destination}`,
          file: path,
          object: name,
          via: "ArgoCD destination",
        });
      const annotations = (meta.annotations ?? {}) as Record<string, string>;
      for (const listener of (spec.listeners as Obj[] | undefined) ?? [])
        for (const ref of (at(listener, "tls", "certificateRefs") as Obj[] | undefined) ?? []) {
          const refNs = str(ref.namespace) ?? namespace;
          // cert-manager's gateway-shim makes a Certificate for each listener of an annotated Gateway.
          if (annotations["cert-manager.io/cluster-issuer"] || annotations["cert-manager.io/issuer"])
            produced.add(key(environment, refNs, String(ref.name)));
          else
            refs.push({
              environment,
              namespace: refNs,
              name: String(ref.name),
              file: path,
              object: name,
              via: "certificateRefs",
            });
        }
      if (!d && namespace === "") continue;
      for (const r of podSpecReferences(spec)) refs.push({ environment, namespace, file: path, object: name, ...r });
    }
    // 3. Values files: the names a chart is told to read.
    if (d && (d.component || d.chartService)) {
      for (const doc of docs)
        for (const r of valuesReferences(doc, ""))
          refs.push({ environment: d.environment, namespace: d.namespace, file: path, object: "values", ...r });
    }
  }
  const dangling = refs
    .filter(
      (r) => !produced.has(key(r.environment, r.namespace, r.name)) && !RUNTIME_SECRETS[`${r.namespace}/${r.name}`],
    )
    .map(
      (r) =>
        `${r.file}: ${r.object} (${r.via}) references Secret ${r.environment}/${r.namespace}/${r.name}, which nothing produces`,
    );
  return { refs: refs.length, dangling: [...new Set(dangling)].sort() };
}

test("every Secret the example's tree references is produced in its cluster and namespace", async () => {
  const { model, tree } = await generateExample();
  const { refs, dangling } = danglingSecretReferences(model, tree);
  assert.ok(refs > 20, `only ${refs} references found: the walk misses objects`);
  assert.equal(dangling, []);
});

test("a reference nothing produces is reported with its file, object and Secret", async () => {
  const { model, tree } = await generateExample();
  const path = "out/platform/services/prod/checkout-api/manifests.yaml";
  const extra = [
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata: { name: stray, namespace: payments }",
    "spec:",
    "  template:",
    "    spec:",
    "      imagePullSecrets: [{ name: registry-creds }]",
    "      containers:",
    "        - name: app",
    "          envFrom: [{ secretRef: { name: checkout-api-secrets } }]",
    "          env: [{ name: X, valueFrom: { secretKeyRef: { name: missing-env, key: x } } }]",
    "      volumes: [{ name: v, secret: { secretName: missing-volume } }]",
    "",
  ].join("\n");
  const changed = new Map(tree);
  changed.set(path, { ...tree.get(path)!, content: `${tree.get(path)!.content}${extra}` });
  const { dangling } = danglingSecretReferences(model, changed);
  assert.equal(
    dangling.filter((d) => d.includes("stray")),
    ["missing-env (env secretKeyRef)", "registry-creds (imagePullSecrets)", "missing-volume (volume secret)"].map(
      (s) => {
        const [name, via] = s.split(" (");
        return `${path}: Deployment payments/stray (${via} references Secret prod/payments/${name}, which nothing produces`;
      },
    ),
  );
});

test("a claim's Secret counts as produced only where its claimed object is in the tree", async () => {
  const { model, tree } = await generateExample();
  const path = "out/platform/services/prod/payments-core/manifests.yaml";
  const content = tree.get(path)!.content;
  assert.ok(content.includes("kind: Cluster"), "the example's payments-core claims a CloudNativePG Cluster");
  // The same manifests without the Cluster: the Deployment still reads payments-core-ledger-app.
  const withoutCluster = content
    .split(/^---\n/m)
    .filter((doc) => !/^kind: Cluster$/m.test(doc))
    .join("---\n");
  const changed = new Map(tree);
  changed.set(path, { ...tree.get(path)!, content: withoutCluster });
  assert.equal(
    danglingSecretReferences(model, changed).dangling.filter((d) => d.includes("ledger")),
    [
      `${path}: Deployment payments/payments-core (env secretKeyRef) references Secret prod/payments/payments-core-ledger-app, which nothing produces`,
    ],
  );
});

test("an ArgoCD destination without its cluster Secret is reported", async () => {
  const { model, tree } = await generateExample();
  const path = "out/platform/apps/services/prod/payments.yaml";
  const changed = new Map(tree);
  changed.set(path, { ...tree.get(path)!, content: tree.get(path)!.content.replace("name: in-cluster", "name: qa") });
  assert.equal(danglingSecretReferences(model, changed).dangling, [
    `${path}: ApplicationSet argocd/payments-prod (ArgoCD destination) references Secret prod/argocd/cluster:qa, which nothing produces`,
  ]);
});

const GOLDEN = join(REPO, "test", "golden");
for (const name of readdirSync(GOLDEN).filter((n) => existsSync(join(GOLDEN, n, "fawkes.config.ts"))))
  test(`every Secret golden case ${name} references is produced`, async () => {
    const { model, tree } = await generateIn(join(GOLDEN, name));
    assert.equal(danglingSecretReferences(model, tree).dangling, []);
  });

test.run();
