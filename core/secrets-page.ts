// docs/reference/secrets.md: every Vault path the platform and its services read, per environment, with
// what reads it and the command that seeds it. Built from the ExternalSecrets the generators emitted, so the
// page lists exactly what the clusters will ask Vault for, nothing typed twice.
import type { OutputFile } from "./file-tree.ts";
import { OUTPUT_PATHS, PLATFORM_NAMES } from "./names.ts";
import { compareStrings } from "./problems.ts";
import { GENERATED_SECRETS_PREFIX } from "./render/platform-secret.ts";
import { renderTemplate } from "./render/templates.ts";
import type { ResolvedConfig } from "./resolved.ts";

interface Read {
  readonly environment: string;
  readonly path: string;
  readonly properties: string[];
  readonly readers: string[];
}

type ExternalSecretJson = {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { data?: { secretKey: string; remoteRef: { key: string; property?: string } }[]; target?: { name?: string } };
};

const PAGE = `# Secrets

Every secret lives in Vault's KV v2 mount \`{{ kv }}\` and reaches a cluster through an ExternalSecret; none is
in Git. Before an environment syncs, seed each path below (the management cluster's first: ArgoCD reads the
other clusters' credentials from it). Commands use the Vault CLI logged in with a policy that may write there.

{% for env in environments %}
## {{ env.name }}

| Vault path | Keys | Read by |
| --- | --- | --- |
{% for r in env.reads %}
| \`{{ kv }}/{{ r.path }}\` | {{ r.properties | join(", ") }} | {{ r.readers | join(", ") | cell }} |
{% endfor %}

\`\`\`sh
{% for r in env.reads %}
vault kv put {{ kv }}/{{ r.path }}{% for p in r.properties %} {{ p }}=…{% endfor %}

{% endfor %}
\`\`\`
{% endfor %}
`;

/** ExternalSecrets a file holds: its objects, or those a chart deploys from its values (`extraDeploy`). */
function externalSecretsOf(file: OutputFile): ExternalSecretJson[] {
  if (file.type === "objects") {
    return file.objects
      .filter((o) => (o as { kind?: string }).kind === "ExternalSecret")
      .map((o) => o.toJSON() as ExternalSecretJson);
  }
  if (file.type !== "data") return [];
  const found: ExternalSecretJson[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      if ((value as ExternalSecretJson).kind === "ExternalSecret") found.push(value as ExternalSecretJson);
      else Object.values(value).forEach(walk);
    }
  };
  walk(file.data);
  return found;
}

export function buildSecretsPage(model: ResolvedConfig, files: readonly OutputFile[]): OutputFile {
  const reads = new Map<string, Read>();
  for (const file of files) {
    if (file.environment === undefined) continue;
    for (const es of externalSecretsOf(file)) {
      const reader = `${es.metadata?.namespace}/${es.spec?.target?.name ?? es.metadata?.name}`;
      for (const item of es.spec?.data ?? []) {
        const key = `${file.environment}\u0000${item.remoteRef.key}`;
        const read = reads.get(key) ?? {
          environment: file.environment,
          path: item.remoteRef.key,
          properties: [],
          readers: [],
        };
        const property = item.remoteRef.property ?? item.secretKey;
        if (!read.properties.includes(property)) read.properties.push(property);
        if (!read.readers.includes(reader)) read.readers.push(reader);
        reads.set(key, read);
      }
    }
  }
  const environments = model.environments
    .map((env) => ({
      name: env.name,
      reads: [...reads.values()]
        // Paths the platform writes itself (a PushSecret) need no seeding.
        .filter((r) => r.environment === env.name && !r.path.startsWith(`${GENERATED_SECRETS_PREFIX}/`))
        .map((r) => ({
          ...r,
          properties: [...r.properties].sort(compareStrings),
          readers: [...r.readers].sort(compareStrings),
        }))
        .sort((a, b) => compareStrings(a.path, b.path)),
    }))
    .filter((env) => env.reads.length > 0);
  return {
    type: "text",
    comment: "html",
    path: OUTPUT_PATHS.secretsPage,
    origin: [],
    sources: [],
    content: renderTemplate(PAGE, { kv: PLATFORM_NAMES.vaultKvMount, environments }),
  };
}
