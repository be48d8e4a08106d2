// Who may read what in Vault, and who does, computed from the emitted files only: the Vault root's roles,
// policies and auth mounts (out/infra/vault/main.tf, each mount tied to its cluster through the Terraform
// state it reads), and the stores, ExternalSecrets, PushSecrets and Vault Agent annotations of every cluster.
// Nothing here calls the naming functions of core/: a generator that spelled a path or a role differently from
// the Vault root would show up as a read nobody grants, or a grant nobody reads.
import { parse as parseHcl } from "@cdktn/hcl2json";
import { yamlDocuments } from "./yaml-documents.ts";

type Obj = Record<string, any>;

export interface Rule {
  readonly path: string;
  readonly capabilities: readonly string[];
}

export interface Identity {
  /** `<mount>:<role>`. */
  readonly key: string;
  readonly mount: string;
  readonly role: string;
  /** The environment whose cluster the mount checks tokens against (through the Terraform state it reads). */
  readonly environment: string;
  readonly serviceAccounts: readonly string[];
  readonly namespaces: readonly string[];
  readonly rules: readonly Rule[];
}

export interface Access {
  /** The environment of the cluster the reader runs in (the folder its file is in). */
  readonly environment: string;
  readonly file: string;
  readonly reader: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly mount: string;
  readonly role: string;
  /** The KV v2 API path: `kv/data/...`. */
  readonly path: string;
  readonly write: boolean;
}

export interface VaultAccess {
  readonly identities: ReadonlyMap<string, Identity>;
  readonly accesses: readonly Access[];
}

const ref = (text: string, kind: string): string | undefined =>
  new RegExp(`\\$\\{${kind}\\.([\\w-]+)\\.`).exec(text)?.[1];

/** The environment whose root writes a Terraform state, by comparing backend settings. */
async function stateOwners(files: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const [path, text] of files) {
    const env = /^out\/infra\/([^/]+)\/versions\.tf$/.exec(path)?.[1];
    if (!env || env === "vault") continue;
    const json = (await parseHcl(path, text)) as Obj;
    const backend = json.terraform?.[0]?.backend ?? {};
    for (const [type, blocks] of Object.entries(backend))
      owners.set(JSON.stringify([type, (blocks as Obj[])[0]!.key]), env);
  }
  return owners;
}

/** The identities the Vault root defines: each role with its mount, cluster, bound accounts and policy rules. */
export async function vaultIdentities(files: ReadonlyMap<string, string>): Promise<Map<string, Identity>> {
  const text = files.get("out/infra/vault/main.tf");
  const identities = new Map<string, Identity>();
  if (text === undefined) return identities;
  const main = (await parseHcl("main.tf", text)) as Obj;
  const owners = await stateOwners(files);
  const resources = main.resource ?? {};
  const data = main.data ?? {};
  const clusterOf = new Map<string, string>();
  for (const config of Object.values(resources.vault_kubernetes_auth_backend_config ?? {}) as Obj[][]) {
    const backend = ref(config[0]!.backend, "vault_auth_backend")!;
    const state = data.terraform_remote_state[ref(config[0]!.kubernetes_host, "data.terraform_remote_state")!][0];
    const owner = owners.get(JSON.stringify([state.backend, state.config.key]));
    if (owner) clusterOf.set(resources.vault_auth_backend[backend][0].path, owner);
  }
  for (const [, blocks] of Object.entries(resources.vault_kubernetes_auth_backend_role ?? {}) as [string, Obj[]][]) {
    const role = blocks[0]!;
    const mount = resources.vault_auth_backend[ref(role.backend, "vault_auth_backend")!][0].path as string;
    const rules = (role.token_policies as string[]).flatMap((policy) => {
      const document = ref(
        resources.vault_policy[ref(policy, "vault_policy")!][0].policy,
        "data.vault_policy_document",
      )!;
      return (data.vault_policy_document[document][0].rule ?? []) as Rule[];
    });
    const key = `${mount}:${role.role_name}`;
    identities.set(key, {
      key,
      mount,
      role: role.role_name,
      environment: clusterOf.get(mount) ?? "(no cluster)",
      serviceAccounts: role.bound_service_account_names,
      namespaces: role.bound_service_account_namespaces,
      rules,
    });
  }
  return identities;
}

/** Every object of a YAML file, and the objects a chart deploys from a values file. */
function objectsOf(text: string): Obj[] {
  const found: Obj[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      if (typeof (value as Obj).kind === "string" && typeof (value as Obj).apiVersion === "string") found.push(value);
      else Object.values(value).forEach(walk);
    }
  };
  for (const doc of yamlDocuments(text)) walk(doc);
  return found;
}

/** Pod templates anywhere in an object: a Deployment's, a CronJob's job template's. */
function podTemplates(object: Obj): Obj[] {
  const found: Obj[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      const template = (value as Obj).template;
      if (template?.spec?.containers) found.push(template);
      Object.values(value).forEach(walk);
    }
  };
  walk(object.spec);
  return found;
}

/** What every cluster reads and writes in Vault, with the identity it logs in as. */
export function vaultAccesses(files: ReadonlyMap<string, string>): Access[] {
  const byEnv = new Map<string, { file: string; object: Obj }[]>();
  for (const [file, text] of files) {
    const env = /^out\/platform\/(?:services|clusters|namespaces|values)\/([^/]+)\//.exec(file)?.[1];
    if (!env || !file.endsWith(".yaml")) continue;
    const list = byEnv.get(env) ?? [];
    for (const object of objectsOf(text)) list.push({ file, object });
    byEnv.set(env, list);
  }
  const accesses: Access[] = [];
  for (const [environment, objects] of byEnv) {
    const stores = new Map<string, { mount: string; role: string; serviceAccount: string; namespace?: string }>();
    for (const { object: o } of objects) {
      const auth = o.spec?.provider?.vault?.auth?.kubernetes;
      if (!auth || (o.kind !== "SecretStore" && o.kind !== "ClusterSecretStore")) continue;
      const where = o.kind === "SecretStore" ? o.metadata.namespace : "";
      stores.set(`${o.kind}/${where}/${o.metadata.name}`, {
        mount: auth.mountPath,
        role: auth.role,
        serviceAccount: auth.serviceAccountRef.name,
        namespace: auth.serviceAccountRef.namespace ?? (where || undefined),
      });
    }
    for (const { file, object: o } of objects) {
      const via = (store: Obj, path: string, write: boolean, reader: string) => {
        const where = store.kind === "ClusterSecretStore" ? "" : o.metadata.namespace;
        const s = stores.get(`${store.kind ?? "SecretStore"}/${where}/${store.name}`);
        accesses.push({
          environment,
          file,
          reader,
          namespace: s?.namespace ?? "(no store)",
          serviceAccount: s?.serviceAccount ?? "(no store)",
          mount: s?.mount ?? "(no store)",
          role: s?.role ?? "(no store)",
          path: `kv/data/${path}`,
          write,
        });
      };
      const name = `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
      if (o.kind === "ExternalSecret")
        for (const d of o.spec.data ?? []) via(o.spec.secretStoreRef, d.remoteRef.key, false, name);
      if (o.kind === "PushSecret")
        for (const store of o.spec.secretStoreRefs ?? [])
          for (const d of o.spec.data ?? []) via(store, d.match.remoteRef.remoteKey, true, name);
      for (const template of podTemplates(o)) {
        const annotations = (template.metadata?.annotations ?? {}) as Record<string, string>;
        if (annotations["vault.hashicorp.com/agent-inject"] !== "true") continue;
        for (const [key, value] of Object.entries(annotations)) {
          if (!key.startsWith("vault.hashicorp.com/agent-inject-secret-")) continue;
          accesses.push({
            environment,
            file,
            reader: `${name} (Vault Agent)`,
            namespace: o.metadata.namespace,
            serviceAccount: template.spec.serviceAccountName ?? "default",
            mount: (annotations["vault.hashicorp.com/auth-path"] ?? "auth/kubernetes").replace(/^auth\//, ""),
            role: annotations["vault.hashicorp.com/role"] ?? "(no role)",
            path: value,
            write: false,
          });
        }
      }
    }
  }
  return accesses;
}

/** Vault's policy path matching: exact, a trailing `*` for any suffix, `+` for one whole segment. */
export function covers(rule: string, path: string): boolean {
  const glob = rule.endsWith("*");
  const body = (glob ? rule.slice(0, -1) : rule)
    .split("/")
    .map((part) => (part === "+" ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${body}${glob ? ".*" : ""}$`).test(path);
}

/** The environment segment of a KV v2 API path (`kv/data/<env>/...`), or undefined when the rule has none. */
export function environmentOf(path: string): string | undefined {
  const segment = /^kv\/(?:data|metadata)\/([^/]+)\//.exec(path)?.[1];
  return segment === undefined || /[*+]/.test(segment) ? undefined : segment;
}

const READ = ["read"];
const WRITE = ["create", "update"];
const grants = (identity: Identity, path: string, capabilities: readonly string[]) =>
  capabilities.every((c) => identity.rules.some((r) => r.capabilities.includes(c) && covers(r.path, path)));

/**
 * Everything wrong with who may read what: a read nobody grants, a read through another cluster's mount or by
 * an unbound account, a path granted to an identity that does not read it, a grant nobody uses, an
 * environment's identity granted another environment's path. Empty when isolation holds.
 */
export function vaultProblems(access: VaultAccess, environments: readonly string[]): string[] {
  const problems: string[] = [];
  const { identities, accesses } = access;
  // 1. Each access goes through an identity of its own cluster that binds its account and grants it.
  for (const a of accesses) {
    const what = `${a.environment}: ${a.reader} (${a.file}) ${a.write ? "writes" : "reads"} ${a.path}`;
    const identity = identities.get(`${a.mount}:${a.role}`);
    if (!identity) {
      problems.push(`${what} as ${a.mount}:${a.role}, which the Vault root does not define`);
      continue;
    }
    if (identity.environment !== a.environment)
      problems.push(`${what} through ${a.mount}, the auth mount of ${identity.environment}'s cluster`);
    if (!identity.namespaces.includes(a.namespace) || !identity.serviceAccounts.includes(a.serviceAccount))
      problems.push(`${what} as ${a.namespace}/${a.serviceAccount}, which role ${identity.key} does not bind`);
    if (!grants(identity, a.path, a.write ? WRITE : READ))
      problems.push(`${what}, which ${identity.key} is not granted`);
    if (a.write && !grants(identity, a.path.replace(/^kv\/data\//, "kv/metadata/"), [...READ, ...WRITE]))
      problems.push(`${what}, whose metadata ${identity.key} may not write`);
  }
  // 2. A path read is granted to exactly the identities that read it.
  const readers = new Map<string, Set<string>>();
  for (const a of accesses.filter((x) => !x.write))
    readers.set(a.path, (readers.get(a.path) ?? new Set()).add(`${a.mount}:${a.role}`));
  for (const [path, by] of readers) {
    const granted = [...identities.values()].filter((i) => grants(i, path, READ)).map((i) => i.key);
    for (const key of granted) if (!by.has(key)) problems.push(`${path} is granted to ${key}, which does not read it`);
  }
  // 3. Every grant is used by its own identity: no secret granted and seeded that nobody reads.
  for (const identity of identities.values()) {
    const own = accesses.filter((a) => `${a.mount}:${a.role}` === identity.key);
    for (const rule of identity.rules) {
      const used = own.some((a) => {
        const path = rule.path.startsWith("kv/metadata/") ? a.path.replace(/^kv\/data\//, "kv/metadata/") : a.path;
        return covers(rule.path, path) && (rule.capabilities.includes("read") || a.write);
      });
      if (!used) problems.push(`${identity.key} is granted ${rule.path}, which nothing it runs reads`);
    }
  }
  // 4. No identity of environment a is granted a path of environment b (a ≠ b): each rule names one environment.
  for (const a of environments) {
    for (const identity of [...identities.values()].filter((i) => i.environment === a)) {
      for (const rule of identity.rules) {
        const env = environmentOf(rule.path);
        if (env === undefined)
          problems.push(`${identity.key} (${a}) is granted ${rule.path}, which spans environments`);
        for (const b of environments.filter((e) => e !== a))
          if (env === b) problems.push(`${identity.key} (${a}) is granted ${rule.path}, a path of ${b}`);
      }
    }
  }
  return problems;
}

export async function vaultAccess(files: ReadonlyMap<string, string>): Promise<VaultAccess> {
  return { identities: await vaultIdentities(files), accesses: vaultAccesses(files) };
}
