// The plan: what a change does to the platform, as resources rather than lines. Kubernetes objects by
// cluster/kind/namespace/name, Terraform blocks by address; added, changed (with a field summary), removed;
// grouped by team, service and environment; tagged with the risks a reviewer must see.
import { PATCHED_BY_ANNOTATION } from "./names.ts";
import { parseAllDocuments } from "yaml";
import { changedFields, describeField, shortValue } from "./plan-fields.ts";
import { compareStrings } from "./problems.ts";
import { destroyedInstances, replacementCauses } from "./terraform-replacement.ts";

import type { Risk } from "./plan-risks.ts";

export { RISKS, type Risk } from "./plan-risks.ts";

export interface ResourceChange {
  readonly action: "added" | "changed" | "removed";
  /** `prod: Deployment payments/checkout-api` or `prod: module.eks`. */
  readonly id: string;
  readonly kind: string;
  readonly environment: string;
  readonly team: string;
  readonly service: string;
  readonly file: string;
  /** Short field summary of a change: `replicas 2→3`, `image tag a→b`. */
  readonly summary: readonly string[];
  readonly risks: readonly Risk[];
  /** A Terraform change that destroys and re-creates the resource: the attributes that force it. */
  readonly replaces?: readonly string[];
}

export interface Plan {
  /** What the output was compared against: the ref as given (or how the default was found) and its commit. */
  readonly base?: { readonly ref: string; readonly commit: string };
  readonly changes: readonly ResourceChange[];
  readonly risks: readonly Risk[];
}

/** The changes that carry any of `risks` (for `plan --fail-on`). */
export function changesWith(plan: Plan, risks: readonly Risk[]): ResourceChange[] {
  return plan.changes.filter((c) => c.risks.some((r) => risks.includes(r)));
}

export interface PlanContext {
  /** Protected environments (production): their changes carry the `prod` risk. */
  readonly protectedEnvironments: ReadonlySet<string>;
  readonly managementEnvironment: string;
}

interface Resource {
  readonly id: string;
  readonly kind: string;
  readonly environment: string;
  readonly team: string;
  readonly service: string;
  readonly file: string;
  readonly body: unknown;
}

type Obj = Record<string, any>;

/** The environment a generated file belongs to, from its path. */
export function environmentOfPath(path: string, management: string): string {
  const parts = path.split("/");
  if (parts[0] === "out" && parts[1] === "catalog") return "catalog";
  if (parts[0] === "out" && parts[1] === "infra") return parts[2] ?? "";
  if (
    parts[0] === "out" &&
    parts[1] === "platform" &&
    ["namespaces", "services", "clusters", "values"].includes(parts[2] ?? "")
  )
    return parts[3] ?? "";
  return management;
}

function kubernetesResources(path: string, content: string, ctx: PlanContext): Resource[] {
  const environment = environmentOfPath(path, ctx.managementEnvironment);
  return parseAllDocuments(content).flatMap((doc) => {
    const object = doc.toJS() as Obj | null;
    if (!object?.kind || !object.metadata?.name) return [];
    const labels: Record<string, string> = object.metadata.labels ?? {};
    const targetEnv =
      object.kind === "Application" || object.kind === "ApplicationSet"
        ? (labels["fawkes.dev/environment"] ?? environment)
        : environment;
    const ns = object.metadata.namespace ? `${object.metadata.namespace}/` : "";
    return [
      {
        id: `${environment}: ${object.kind} ${ns}${object.metadata.name}`,
        kind: object.kind,
        environment: targetEnv,
        team: labels["fawkes.dev/team"] ?? "platform",
        service: labels["app.kubernetes.io/name"] ?? "",
        file: path,
        body: object,
      },
    ];
  });
}

/** `"${local.name}"` as the local's value where that is a plain string, so a renamed local shows where it lands. */
function withLocals(body: unknown, locals: ReadonlyMap<string, string>): unknown {
  if (typeof body === "string") {
    const name = /^\$\{local\.(\w+)\}$/.exec(body)?.[1];
    return name !== undefined && locals.has(name) ? locals.get(name) : body;
  }
  if (Array.isArray(body)) return body.map((v) => withLocals(v, locals));
  if (body !== null && typeof body === "object")
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, withLocals(v, locals)]));
  return body;
}

function terraformResources(path: string, hcl: Obj, ctx: PlanContext, locals: ReadonlyMap<string, string>): Resource[] {
  const environment = environmentOfPath(path, ctx.managementEnvironment);
  const out: Resource[] = [];
  const add = (address: string, kind: string, body: unknown, team = "platform") =>
    out.push({
      id: `${environment}: ${address}`,
      kind,
      environment,
      team,
      service: "",
      file: path,
      body: withLocals(body, locals),
    });
  for (const [name, [body]] of Object.entries((hcl.module ?? {}) as Record<string, Obj[]>))
    add(`module.${name}`, "module", body);
  for (const [type, byName] of Object.entries((hcl.resource ?? {}) as Record<string, Record<string, Obj[]>>)) {
    for (const [name, [body]] of Object.entries(byName))
      add(
        `${type}.${name}`,
        "resource",
        body,
        (body?.tags as string | undefined)?.match(/team = "([^"]+)"/)?.[1] ?? "platform",
      );
  }
  return out;
}

/** Every resource of a tree. `parseHcl` turns a .tf file into its JSON form. */
export async function resourcesOf(
  files: ReadonlyMap<string, string>,
  ctx: PlanContext,
  parseHcl: (path: string, text: string) => Promise<Obj>,
): Promise<Map<string, Resource>> {
  const resources = new Map<string, Resource>();
  // Terraform first: the string locals of each root, from whichever of its files are given.
  const hcl = new Map<string, Obj>();
  const locals = new Map<string, Map<string, string>>();
  for (const [path, content] of files) {
    if (!path.startsWith("out/infra/") || !path.endsWith(".tf")) continue;
    const parsed = await parseHcl(path, content);
    hcl.set(path, parsed);
    const dir = path.slice(0, path.lastIndexOf("/"));
    for (const block of (parsed.locals ?? []) as Obj[]) {
      for (const [name, value] of Object.entries(block))
        if (typeof value === "string" && !value.includes("${"))
          locals.set(dir, (locals.get(dir) ?? new Map()).set(name, value));
    }
  }
  for (const [path, content] of files) {
    let found: Resource[] = [];
    if (
      path.startsWith("out/") &&
      path.endsWith(".yaml") &&
      !path.startsWith("out/platform/values/") &&
      !path.startsWith("out/dev/")
    )
      found = kubernetesResources(path, content, ctx);
    else if (hcl.has(path))
      found = terraformResources(
        path,
        hcl.get(path)!,
        ctx,
        locals.get(path.slice(0, path.lastIndexOf("/"))) ?? new Map(),
      );
    else if (path.startsWith("out/platform/values/")) {
      found = [
        {
          id: `${environmentOfPath(path, ctx.managementEnvironment)}: values ${path
            .split("/")
            .pop()!
            .replace(/\.yaml$/, "")}`,
          kind: "HelmValues",
          environment: environmentOfPath(path, ctx.managementEnvironment),
          team: "platform",
          service: "",
          file: path,
          body: parseAllDocuments(content)[0]?.toJS(),
        },
      ];
    }
    for (const r of found) resources.set(r.id, r);
  }
  return resources;
}

const get = (o: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);
const tagOf = (image: unknown) => (typeof image === "string" ? image.replace(/^.*[:@]/, "") : undefined);

/** The summaries reviewers look for first; other changes as their field paths. */
function summarize(kind: string, before: unknown, after: unknown, shown: readonly string[] = []): string[] {
  const out: string[] = [];
  const arrow = (label: string, a: unknown, b: unknown) => {
    if (a !== b && (a !== undefined || b !== undefined)) out.push(`${label} ${a ?? "none"}→${b ?? "none"}`);
  };
  if (kind === "Deployment" || kind === "CronJob") {
    const containers = (o: unknown) =>
      (kind === "CronJob"
        ? get(o, "spec.jobTemplate.spec.template.spec.containers")
        : get(o, "spec.template.spec.containers")) as Obj[] | undefined;
    arrow("replicas", get(before, "spec.replicas"), get(after, "spec.replicas"));
    arrow("image tag", tagOf(containers(before)?.[0]?.image), tagOf(containers(after)?.[0]?.image));
  }
  if (kind === "Application") {
    const revision = (o: unknown) =>
      ((get(o, "spec.sources") as Obj[] | undefined)?.find((s) => s.chart) ?? {}).targetRevision;
    arrow("chart", revision(before), revision(after));
  }
  if (kind === "ValidatingPolicy")
    arrow(
      "actions",
      JSON.stringify(get(before, "spec.validationActions")),
      JSON.stringify(get(after, "spec.validationActions")),
    );
  if (kind === "module")
    arrow("kubernetes_version", get(before, "kubernetes_version"), get(after, "kubernetes_version"));
  if (out.length > 0) return out;
  // Fields already named (those forcing a replacement) are not repeated.
  const fields = changedFields(before, after).filter(
    (f) => !shown.some((p) => f.path === p || f.path.startsWith(`${p}.`) || f.path.startsWith(`${p}[`)),
  );
  return [
    ...fields.slice(0, 3).map(describeField),
    ...(fields.length > 3 ? [`…and ${fields.length - 3} more fields`] : []),
  ];
}

const RBAC_KINDS = new Set(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "AppProject"]);

function risksOf(
  action: ResourceChange["action"],
  r: Resource,
  before: unknown,
  after: unknown,
  ctx: PlanContext,
  destroys: boolean,
): Risk[] {
  const risks: Risk[] = [];
  if (ctx.protectedEnvironments.has(r.environment)) risks.push("prod");
  // ArgoCD prunes removed objects: by itself outside protected environments, on the next manual sync in them.
  if (action === "removed" && r.kind !== "module" && r.kind !== "resource" && r.kind !== "HelmValues")
    risks.push("prune");
  if ((action === "removed" && (r.kind === "module" || r.kind === "resource")) || destroys) risks.push("destroy");
  if (RBAC_KINDS.has(r.kind)) risks.push("rbac");
  const relaxed =
    (r.kind === "ValidatingPolicy" && action === "removed") ||
    (r.kind === "PolicyException" && action !== "removed") ||
    (r.kind === "ValidatingPolicy" &&
      action === "changed" &&
      JSON.stringify(get(before, "spec.validationActions")) === '["Deny"]' &&
      JSON.stringify(get(after, "spec.validationActions")) !== '["Deny"]') ||
    (r.kind === "ValidatingPolicy" &&
      action === "changed" &&
      String(get(before, "metadata.name")) === "restrict-image-registries" &&
      JSON.stringify(after).length > JSON.stringify(before).length);
  if (relaxed) risks.push("policy-relaxed");
  // A config patch changed this object where the DSL has no field: reviewers read the patch's reason.
  const patchedBy = (body: unknown) => (get(body, "metadata.annotations") as Obj | undefined)?.[PATCHED_BY_ANNOTATION];
  if (action !== "removed" && (patchedBy(after) !== undefined || patchedBy(before) !== undefined))
    risks.push("patched");
  return risks;
}

export function diffResources(
  base: ReadonlyMap<string, Resource>,
  head: ReadonlyMap<string, Resource>,
  ctx: PlanContext,
): Plan {
  const changes: ResourceChange[] = [];
  const ids = [...new Set([...base.keys(), ...head.keys()])].sort(compareStrings);
  for (const id of ids) {
    const before = base.get(id);
    const after = head.get(id);
    const r = (after ?? before)!;
    const action = !before
      ? "added"
      : !after
        ? "removed"
        : JSON.stringify(before.body) === JSON.stringify(after.body)
          ? undefined
          : "changed";
    if (!action) continue;
    // A Terraform change can still destroy: an attribute that forces replacement, an instance that goes.
    const terraform = action === "changed" && (r.kind === "module" || r.kind === "resource");
    const address = id.slice(id.indexOf(": ") + 2);
    const replaces = terraform ? replacementCauses(address, before!.body, after!.body) : [];
    const destroyed = terraform ? destroyedInstances(address, before!.body, after!.body) : [];
    const destroys = [
      ...replaces.map(
        (path) =>
          `${path} ${shortValue(get(before!.body, path))}→${shortValue(get(after!.body, path))} (forces replacement)`,
      ),
      ...destroyed.map((instance) => `${instance} destroyed`),
    ];
    changes.push({
      action,
      id,
      kind: r.kind,
      environment: r.environment,
      team: r.team,
      service: r.service,
      file: r.file,
      summary:
        action === "changed"
          ? [
              ...destroys,
              ...summarize(r.kind, before!.body, after!.body, [
                ...replaces,
                ...destroyed.map((d) => d.replace(/\[.*$/, "")),
              ]),
            ]
          : [],
      risks: risksOf(action, r, before?.body, after?.body, ctx, destroys.length > 0),
      ...(replaces.length > 0 ? { replaces } : {}),
    });
  }
  const risks = [...new Set(changes.flatMap((c) => c.risks))].sort(compareStrings) as Risk[];
  return { changes, risks };
}
