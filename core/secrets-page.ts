// docs/reference/secrets.md: every Vault path the platform and its services read, per environment, with
// the Vault role that reads it, what reads it and the command that seeds it. Built from the ExternalSecrets,
// the stores and the Vault Agent annotations the generators emitted, so the page lists exactly what the
// clusters will ask Vault for, nothing typed twice.
import type { OutputFile } from "./file-tree.ts";
import { githubRepoOf } from "./golden-path.ts";
import {
  OUTPUT_PATHS,
  PLATFORM_NAMES,
  RELEASE_APP_SECRETS,
  RELEASE_ENVIRONMENT,
  VAULT_LAYOUT,
  vaultGeneratedPrefix,
} from "./names.ts";
import { compareStrings } from "./problems.ts";
import { NO_SOURCES } from "./provenance.ts";
import { renderTemplate } from "./render/templates.ts";
import type { ResolvedConfig } from "./resolved.ts";
import { objectData } from "./custom-object.ts";

interface Read {
  readonly environment: string;
  readonly path: string;
  readonly properties: string[];
  readonly roles: string[];
  readonly readers: string[];
}

/** The fields of an emitted object the page reads (stores, ExternalSecrets, workloads' pod templates). */
interface Json {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly provider?: { readonly vault?: { readonly auth?: { readonly kubernetes?: { readonly role?: string } } } };
    readonly secretStoreRef?: { readonly kind?: string; readonly name?: string };
    readonly target?: { readonly name?: string };
    readonly data?: readonly { readonly secretKey: string; readonly remoteRef: { key: string; property?: string } }[];
  };
}

type Template = { readonly metadata?: { readonly annotations?: Record<string, string> } };

const PAGE = `# Secrets

Every secret lives in Vault's KV v2 mount \`{{ kv }}\` and reaches a cluster through an ExternalSecret or the
Vault Agent; none is in Git. Each environment has its own subtree: the platform's paths under
\`{{ kv }}/<environment>/platform/\`, each team's under \`{{ kv }}/<environment>/teams/<team>/\`. Each cluster logs in
to Vault through its own Kubernetes auth mount, and each of its roles reads exactly the paths listed for it
below, in that environment only (\`out/infra/vault/\`): a dev identity cannot read a prod secret, so seed every
environment with its own values. Before an environment syncs, seed each of its paths (the management
cluster's first: ArgoCD reads the other clusters' credentials from it). Commands use the Vault CLI logged in
with a policy that may write there.

**Migrating from paths shared by all environments.** Trees generated before this layout had every
environment read the same \`{{ kv }}/<team>/...\` and \`{{ kv }}/platform/...\` paths. Before syncing a tree with
the new layout, copy each old path to the new path of every environment that reads it (\`{{ kv }}/<team>/x\` to
\`{{ kv }}/<environment>/teams/<team>/x\`, \`{{ kv }}/platform/x\` to \`{{ kv }}/{{ management }}/platform/x\`){% if example %}, for
example \`vault kv get -format=json -field=data {{ kv }}/{{ example.old }} | vault kv put {{ kv }}/{{ example.new }} -\`{% endif %};
then give the non-production copies their own values and rotate the production ones, which every
environment could read until then, and delete the old paths once every cluster has synced.
{% if github.length %}

## GitHub repository secrets

Not in Vault: Actions secrets of the repository's environment \`{{ environment }}\`, read by its workflows. The
release and promote workflows push their branch and open their pull request as a GitHub App, because GitHub
starts no workflow run for a pull request opened with a workflow's own token, and branch protection would wait
for its checks forever. Create the App (repository permissions: Contents and Pull requests, read and write; no
webhook), install it on this repository only, and generate a private key. Create the environment
\`{{ environment }}\` (Settings → Environments) with a deployment branch rule that admits the default branch
only: a workflow changed on a branch (GitHub runs a pull request's own copy) then never reads the App's key.
Then set:

| Secret | Value | Read by |
| --- | --- | --- |
{% for s in github %}
| \`{{ s.name }}\` | {{ s.value }} | {{ s.readers | join(", ") | cell }} |
{% endfor %}

\`\`\`sh
{% for s in github %}
gh secret set {{ s.name }} --env {{ environment }}{% if repo %} --repo {{ repo }}{% endif %}{% if s.file %} < {{ s.file }}{% else %} --body "…"{% endif %}

{% endfor %}
\`\`\`
{% endif %}
{% if shared.length %}

## Shared by every environment

Declared \`shared: true\` by their service: one value, read by the team's role of every environment listed.

| Vault path | Keys | Vault role | Read by |
| --- | --- | --- | --- |
{% for r in shared %}
| \`{{ kv }}/{{ r.path }}\` | {{ r.properties | join(", ") }} | {{ r.roles | join(", ") | cell }} | {{ r.readers | join(", ") | cell }} |
{% endfor %}

\`\`\`sh
{% for r in shared %}
vault kv put {{ kv }}/{{ r.path }}{% for p in r.properties %} {{ p }}=…{% endfor %}

{% endfor %}
\`\`\`
{% endif %}
{% for env in environments %}

## {{ env.name }}
{% if env.vault %}

{% if env.vault.network %}
This cluster reaches Vault at \`{{ env.vault.address }}\`: the management cluster's internal Gateway, in
\`{{ env.vault.network }}\`{% if env.vault.injector %}, and runs the Vault Agent injector alone (the Vault chart with
\`server.enabled: false\`), which points its agents there{% endif %}. Vault checks this cluster's logins with each
client's own token, so the service accounts that log in are bound to \`system:auth-delegator\` here
(\`{{ tokenReview }}\`).
{% else %}
Vault runs in this cluster (\`{{ env.vault.address }}\`){% if env.vault.injector %}, with its Vault Agent injector{% endif %}.
{% endif %}
{% endif %}

| Vault path | Keys | Vault role | Read by |
| --- | --- | --- | --- |
{% for r in env.reads %}
| \`{{ kv }}/{{ r.path }}\` | {{ r.properties | join(", ") }} | {{ r.roles | join(", ") | cell }} | {{ r.readers | join(", ") | cell }} |
{% endfor %}

\`\`\`sh
{% for r in env.reads %}
vault kv put {{ kv }}/{{ r.path }}{% for p in r.properties %} {{ p }}=…{% endfor %}

{% endfor %}
\`\`\`
{% endfor %}
`;

/** Every object of a file as JSON: its objects, or the objects a chart deploys from its values (`extraDeploy`). */
function objectsOf(file: OutputFile): Json[] {
  if (file.type === "objects") return file.objects.map((o) => objectData(o) as Json);
  if (file.type !== "data") return [];
  const found: Json[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      if (typeof (value as Json).kind === "string" && typeof (value as Json).apiVersion === "string")
        found.push(value as Json);
      else Object.values(value).forEach(walk);
    }
  };
  walk(file.data);
  return found;
}

/** Pod templates' annotations anywhere in an object (a Deployment's, a CronJob's job template's). */
function podAnnotations(object: Json): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      const template = (value as { template?: Template }).template;
      if (template?.metadata?.annotations) found.push(template.metadata.annotations);
      Object.values(value).forEach(walk);
    }
  };
  walk(object.spec);
  return found;
}

const AGENT = "vault.hashicorp.com/";
const DATA_PREFIX = `${PLATFORM_NAMES.vaultKvMount}/data/`;

/** An ExternalSecret's reads, until every store of its cluster is known. */
interface StoreRead {
  readonly environment: string;
  readonly store: string;
  readonly reader: string;
  readonly items: readonly (readonly [path: string, property: string])[];
}

/** What the files read from Vault, taken file by file: ExternalSecrets through their stores, and Vault Agents. */
class VaultReads {
  readonly #environments: ReadonlySet<string>;
  /** Each cluster's stores' Vault roles, by `<environment>\u0000<kind>/<namespace>/<name>`. */
  readonly #storeRoles = new Map<string, string>();
  readonly #throughStores: StoreRead[] = [];
  readonly #reads = new Map<string, Read>();

  constructor(model: ResolvedConfig) {
    this.#environments = new Set(model.environments.map((env) => env.name));
  }

  #add(environment: string, path: string, property: string, role: string, reader: string): void {
    const key = `${environment}\u0000${path}`;
    const read = this.#reads.get(key) ?? { environment, path, properties: [], roles: [], readers: [] };
    for (const [list, value] of [
      [read.properties, property],
      [read.roles, role],
      [read.readers, reader],
    ] as const)
      if (!list.includes(value)) list.push(value);
    this.#reads.set(key, read);
  }

  observe(file: OutputFile): void {
    const environment = file.environment;
    if (environment === undefined || !this.#environments.has(environment)) return;
    for (const o of objectsOf(file)) {
      const role = o.spec?.provider?.vault?.auth?.kubernetes?.role;
      if (o.kind === "SecretStore" && role)
        this.#storeRoles.set(`${environment}\u0000SecretStore/${o.metadata?.namespace}/${o.metadata?.name}`, role);
      if (o.kind === "ClusterSecretStore" && role)
        this.#storeRoles.set(`${environment}\u0000ClusterSecretStore//${o.metadata?.name}`, role);
      if (o.kind === "ExternalSecret") {
        const ref = o.spec?.secretStoreRef ?? {};
        const namespace = ref.kind === "ClusterSecretStore" ? "" : o.metadata?.namespace;
        this.#throughStores.push({
          environment,
          store: `${environment}\u0000${ref.kind}/${namespace}/${ref.name}`,
          reader: `${o.metadata?.namespace}/${o.spec?.target?.name ?? o.metadata?.name}`,
          items: (o.spec?.data ?? []).map((item) => [item.remoteRef.key, item.remoteRef.property ?? item.secretKey]),
        });
      }
      for (const annotations of podAnnotations(o)) {
        if (annotations[`${AGENT}agent-inject`] !== "true") continue;
        for (const [name, value] of Object.entries(annotations)) {
          const variable = name.startsWith(`${AGENT}agent-inject-secret-`)
            ? name.slice(`${AGENT}agent-inject-secret-`.length)
            : "";
          if (!variable || !value.startsWith(DATA_PREFIX)) continue;
          const template = annotations[`${AGENT}agent-inject-template-${variable}`] ?? "";
          const key = /index \.Data\.data ("(?:[^"\\]|\\.)*")/.exec(template)?.[1];
          this.#add(
            environment,
            value.slice(DATA_PREFIX.length),
            key === undefined ? variable : (JSON.parse(key) as string),
            annotations[`${AGENT}role`] ?? "(no role)",
            `${o.metadata?.namespace}/${o.metadata?.name} (Vault Agent)`,
          );
        }
      }
    }
  }

  /** Every read (an ExternalSecret's through its store's role, now that every store is known). */
  all(): Read[] {
    for (const r of this.#throughStores.splice(0)) {
      const role = this.#storeRoles.get(r.store) ?? "(no store)";
      for (const [path, property] of r.items) this.#add(r.environment, path, property, role, r.reader);
    }
    return [...this.#reads.values()];
  }
}

const sorted = (r: Read) => ({
  ...r,
  properties: [...r.properties].sort(compareStrings),
  roles: [...r.roles].sort(compareStrings),
  readers: [...r.readers].sort(compareStrings),
});

/** What the operator puts in each Actions secret the workflows read (a file for multi-line values). */
const GITHUB_SECRET_VALUES: Readonly<Record<string, { value: string; file?: string }>> = {
  [RELEASE_APP_SECRETS.clientId]: { value: "the release App's Client ID" },
  [RELEASE_APP_SECRETS.privateKey]: { value: "a private key of the release App (PEM)", file: "app.private-key.pem" },
};

/** The Actions secrets the emitted workflows read (`${{ secrets.X }}`), each with the workflows reading it. */
function githubSecretsOf(
  files: readonly OutputFile[],
): { name: string; value: string; file?: string; readers: string[] }[] {
  const readers = new Map<string, string[]>();
  for (const file of files) {
    if (file.type !== "data" || !file.path.startsWith(".github/workflows/")) continue;
    for (const [, name] of JSON.stringify(file.data).matchAll(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g)) {
      const list = readers.get(name!) ?? [];
      if (!list.includes(file.path)) list.push(file.path);
      readers.set(name!, list);
    }
  }
  return [...readers]
    .filter(([name]) => name !== "GITHUB_TOKEN")
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, list]) => ({
      name,
      value: GITHUB_SECRET_VALUES[name]?.value ?? "(see the workflow)",
      file: GITHUB_SECRET_VALUES[name]?.file,
      readers: list.sort(compareStrings).map((p) => `\`${p}\``),
    }));
}

/** The page built file by file: `observe` each generated file, then `page`. */
export interface SecretsPageBuilder {
  observe(file: OutputFile): void;
  page(): OutputFile;
}

export function startSecretsPage(model: ResolvedConfig): SecretsPageBuilder {
  const reads = new VaultReads(model);
  const workflows: OutputFile[] = [];
  return {
    observe(file) {
      reads.observe(file);
      if (file.type === "data" && file.path.startsWith(".github/workflows/")) workflows.push(file);
    },
    page: () => renderSecretsPage(model, reads.all(), workflows),
  };
}

export function buildSecretsPage(model: ResolvedConfig, files: readonly OutputFile[]): OutputFile {
  const builder = startSecretsPage(model);
  for (const file of files) builder.observe(file);
  return builder.page();
}

function renderSecretsPage(model: ResolvedConfig, all: readonly Read[], workflows: readonly OutputFile[]): OutputFile {
  const isShared = (r: Read) => r.path.startsWith(`${VAULT_LAYOUT.shared}/`);
  // One row per shared path: the environments' roles and readers together.
  const shared = new Map<string, Read>();
  for (const r of all.filter(isShared)) {
    const row = shared.get(r.path) ?? { ...r, properties: [], roles: [], readers: [] };
    for (const [list, values] of [
      [row.properties, r.properties],
      [row.roles, r.roles],
      [row.readers, r.readers.map((reader) => `${reader} in ${r.environment}`)],
    ] as const)
      for (const v of values) if (!list.includes(v)) list.push(v);
    shared.set(r.path, row);
  }
  const environments = model.environments
    .map((env) => ({
      name: env.name,
      vault: env.features.vaultAddress
        ? {
            address: env.features.vaultAddress,
            network: env.features.vaultNetwork,
            injector: env.features.vaultAgentInjector,
          }
        : undefined,
      reads: all
        // Paths the platform writes itself (a PushSecret) need no seeding.
        .filter(
          (r) => r.environment === env.name && !isShared(r) && !r.path.startsWith(`${vaultGeneratedPrefix(env.name)}/`),
        )
        .map(sorted)
        .sort((a, b) => compareStrings(a.path, b.path)),
    }))
    .filter((env) => env.reads.length > 0);
  // A team path of the first environment, as the migration's example: the old shared path is the config's.
  const teamPrefix = (env: string) => `${env}/${VAULT_LAYOUT.teams}/`;
  const first = environments
    .flatMap((env) => env.reads.map((r) => ({ env: env.name, path: r.path })))
    .find((r) => r.path.startsWith(teamPrefix(r.env)));
  return {
    type: "text",
    comment: "html",
    path: OUTPUT_PATHS.secretsPage,
    origin: [],
    sources: NO_SOURCES,
    content: renderTemplate(PAGE, {
      kv: PLATFORM_NAMES.vaultKvMount,
      github: githubSecretsOf(workflows),
      environment: RELEASE_ENVIRONMENT,
      repo: ((r) => (r ? `${r.owner}/${r.repo}` : undefined))(githubRepoOf(model.platform.repoURL)),
      management: model.platform.managementEnvironment,
      tokenReview: PLATFORM_NAMES.vaultTokenReview,
      example: first ? { old: first.path.slice(teamPrefix(first.env).length), new: first.path } : undefined,
      shared: [...shared.values()].map(sorted).sort((a, b) => compareStrings(a.path, b.path)),
      environments,
    }),
  };
}
