// The steps of day 0 that ArgoCD does not do: Terraform, installing ArgoCD, initialising Vault, seeding it,
// registering the other clusters, DNS. Each is a node of the bootstrap graph with the commands for this config
// (cloud, cluster names, paths, versions) and the reasons it comes where it does.
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import {
  OUTPUT_PATHS,
  PLATFORM_NAMES,
  centralHosts,
  componentValuesPath,
  infraDir,
  vaultPlatformPath,
  vaultTeamPath,
} from "../names.ts";
import { SECRET_READERS } from "../render/platform-secret.ts";
import type { ResolvedCloud, ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";
import { ids, type GraphBuilder } from "./bootstrap-model.ts";
import type { ConfigGroup } from "./config-groups.ts";
import { vaultSeal } from "./vault-seal.ts";

const KV = PLATFORM_NAMES.vaultKvMount;

function stateCommands(cloud: ResolvedCloud): string[] {
  if (cloud.provider === "aws") {
    const region = cloud.state.region ?? cloud.region;
    const location = region === "us-east-1" ? "" : ` --create-bucket-configuration LocationConstraint=${region}`;
    return [
      `aws s3api create-bucket --bucket ${cloud.state.bucket} --region ${region}${location}`,
      `aws s3api put-bucket-versioning --bucket ${cloud.state.bucket} --versioning-configuration Status=Enabled`,
    ];
  }
  const { resourceGroup, storageAccount, container } = cloud.state;
  return [
    `az group create --subscription ${cloud.subscriptionId} --name ${resourceGroup} --location ${cloud.location}`,
    `az storage account create --subscription ${cloud.subscriptionId} --resource-group ${resourceGroup} --name ${storageAccount} --sku Standard_LRS --allow-blob-public-access false`,
    `az storage container create --account-name ${storageAccount} --name ${container} --auth-mode login`,
  ];
}

/** The command that points kubectl at an environment's cluster. */
export function kubeconfigCommand(env: ResolvedEnvironment): string {
  return env.cloud.provider === "aws"
    ? `aws eks update-kubeconfig --region ${env.cloud.region} --name ${env.clusterName}`
    : `az aks get-credentials --subscription ${env.cloud.subscriptionId} --resource-group rg-${env.clusterName} --name ${env.clusterName}`;
}

function vaultInitCommands(hub: ResolvedEnvironment, autoUnseal: boolean): string[] {
  const ns = COMPONENT_CATALOG.vault.namespace;
  const exec = (pod: string, command: string) => `kubectl -n ${ns} exec ${pod} -- vault ${command}`;
  const unseal = (pod: string) =>
    autoUnseal ? [] : [`${exec(pod, "operator unseal")}   # three times, with three different keys`];
  // With a KMS seal, init hands out recovery keys (for root tokens and rekeying); the key unseals.
  const init = autoUnseal
    ? "operator init -recovery-shares=5 -recovery-threshold=3 -format=json"
    : "operator init -key-shares=5 -key-threshold=3 -format=json";
  const ha = hub.features.replicas > 1;
  return [
    kubeconfigCommand(hub),
    `${exec("vault-0", init)} > vault-init.json`,
    ...unseal("vault-0"),
    ...(ha
      ? ["vault-1", "vault-2"].flatMap((pod) => [
          exec(pod, `operator raft join http://vault-0.vault-internal:8200`),
          ...unseal(pod),
        ])
      : []),
  ];
}

/** The manual steps of this platform, as nodes (their needs come with addManualNeeds). */
export function addManualNodes(b: GraphBuilder, model: ResolvedConfig): void {
  const hub = model.environments.find((e) => e.isManagement)!;
  const vault = model.installed("vault");
  const argocd = model.installed("argocd");
  const manual = (id: string, title: string, commands: string[], notes: string[] = [], environment?: string) =>
    b.add({ id, kind: "manual", title, commands, notes, ...(environment ? { environment } : {}) });

  // 1. Terraform: state backends, then a root per cluster.
  const clouds = new Map(model.environments.map((e) => [e.cloud.name, e.cloud]));
  for (const cloud of clouds.values())
    manual(ids.state(cloud.name), `Create the Terraform state backend of ${cloud.name}`, stateCommands(cloud), [
      cloud.provider === "azure"
        ? "The backend authenticates with Entra ID: grant yourself Storage Blob Data Contributor on the account."
        : "Terraform locks the state with S3-native lock files; no DynamoDB table is needed.",
    ]);
  for (const env of model.environments)
    manual(
      ids.terraform(env.name),
      `terraform apply: the ${env.name} cluster (${env.cloud.provider === "aws" ? "EKS" : "AKS"})`,
      [`terraform -chdir=${infraDir(env.name)} init`, `terraform -chdir=${infraDir(env.name)} apply`],
      ["The network, the cluster and its node pools, the workload identities."],
      env.name,
    );

  // 2. ArgoCD, by hand once; then the root Application syncs everything else, itself included.
  const ns = COMPONENT_CATALOG.argocd.namespace;
  const chart = COMPONENT_CATALOG.argocd;
  manual(
    ids.argocdInstall,
    `Install ArgoCD in ${hub.name}, by hand once`,
    [
      kubeconfigCommand(hub),
      `helm install ${chart.slug} ${chart.chart} --repo ${chart.repoURL} --version ${argocd?.version ?? chart.version} --namespace ${ns} --create-namespace${argocd ? ` -f ${componentValuesPath(hub.name, chart.slug)}` : ""}`,
    ],
    argocd
      ? [
          "The values give child Applications a health check, so the root Application waits for each wave to be healthy before the next.",
          `ArgoCD's own Application takes this release over later: same release name, chart version and values.`,
        ]
      : [],
    hub.name,
  );
  manual(
    ids.argocdRoot,
    "Apply the root Application",
    [`kubectl apply -n ${model.platform.argocdNamespace} -f ${OUTPUT_PATHS.apps}/root.yaml`],
    [
      "The only object applied by hand. From here ArgoCD syncs in the waves below; while a wave waits for a step by hand, the root Application retries its sync with a backoff of up to five minutes.",
    ],
    hub.name,
  );

  // 3. Vault: initialised (and unsealed, without a KMS seal) by hand, configured by Terraform, seeded by people.
  if (vault) {
    const seal = vaultSeal(model);
    manual(
      ids.vaultInit,
      seal ? "Initialise Vault" : "Initialise and unseal Vault",
      vaultInitCommands(hub, seal !== undefined),
      seal
        ? [
            "Vault's pods are not ready before init, so its Application stays Progressing and ArgoCD waits at its wave until this is done.",
            seal.provider === "awskms"
              ? `Vault unseals itself with the KMS key ${seal.keyAlias} (Terraform of ${hub.name}), through its service account's IAM role; a restarted pod needs nothing by hand.`
              : `Vault unseals itself with the key ${seal.keyName} in Key Vault ${seal.vaultName} (Terraform of ${hub.name}), through its service account's managed identity, whose client id components.vault.azureClientId.${hub.name} must hold (terraform output workload_client_ids); a restarted pod needs nothing by hand.`,
            "Keep vault-init.json (recovery keys, root token) outside the cluster.",
          ]
        : [
            "Vault's pods are not ready while sealed, so its Application stays Progressing and ArgoCD waits at its wave until this is done.",
            "Keep vault-init.json (unseal keys, root token) outside the cluster; a restarted Vault pod must be unsealed again.",
          ],
      hub.name,
    );
    manual(
      ids.vaultTerraform,
      "terraform apply: Vault's configuration",
      [
        `export VAULT_TOKEN=<the root token in vault-init.json>`,
        `terraform -chdir=${infraDir("vault")} init`,
        `terraform -chdir=${infraDir("vault")} apply`,
      ],
      [
        "The KV mount, a Kubernetes auth mount per cluster, and a policy and role per team and environment.",
        `Terraform reaches Vault at https://${centralHosts(model.platform.domain).vault}, on the internal Gateway: run it from the private network.`,
        ...(model.certificates.challenge === "http01"
          ? [
              "With HTTP-01 challenges Let's Encrypt cannot reach the internal Gateway's hosts, so they get no certificate (generate warns): use `components.certManager.challenge: dns01`.",
            ]
          : []),
      ],
    );
  }
}

/** Vault paths that Vault Agents read in an environment (ExternalSecrets' paths are on the secrets page). */
export function agentPaths(model: ResolvedConfig, env: ResolvedEnvironment): { path: string; keys: string[] }[] {
  const paths = new Map<string, Set<string>>();
  for (const s of model.services) {
    if (s.secretDelivery !== "vault-agent") continue;
    for (const ref of s.deployments.find((d) => d.environment === env)?.secrets ?? []) {
      // This environment's copy (or the one shared copy), as the agent reads it.
      const path = vaultTeamPath(env.name, ref);
      paths.set(path, (paths.get(path) ?? new Set()).add(ref.key));
    }
  }
  return [...paths]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, keys]) => ({ path, keys: [...keys].sort() }));
}

/** How ArgoCD in the management cluster reaches a cluster whose API server has no public endpoint. */
function privateApiNote(env: ResolvedEnvironment, hub: ResolvedEnvironment): string[] {
  if (env.apiAccessCidrs.length > 0) return [];
  const route = env.cloud.provider === "aws" ? "VPC peering or a Transit Gateway" : "VNet peering";
  return [
    `${env.name}'s API server has a private endpoint only (\`environments.${env.name}.apiAccessCidrs\` is empty): ArgoCD in ${hub.name} reaches it across a private route between the two networks (${route}, which Fawkes does not create), or through the public endpoint once \`apiAccessCidrs\` lists ${hub.name}'s egress addresses (its NAT gateways' public IPs).`,
  ];
}

/** Seeding, registration and DNS: one step per environment that needs it. */
export function addEnvironmentSteps(
  b: GraphBuilder,
  model: ResolvedConfig,
  groups: ReadonlyMap<string, readonly ConfigGroup[]>,
): void {
  const vault = model.installed("vault");
  const declarative = (hub: ResolvedEnvironment) =>
    (groups.get(hub.name) ?? []).some((g) => g.key === "argocd-clusters");
  const hub = model.environments.find((e) => e.isManagement)!;
  for (const env of model.environments) {
    const e = env.name;
    const grouped = groups.get(e) ?? [];
    // 1. Seeding: the Vault paths its ExternalSecrets and Vault Agents read.
    const agent = agentPaths(model, env);
    const secretsRead =
      model.services.some((s) => s.deployments.some((d) => d.environment === env && d.secrets.length > 0)) ||
      grouped.some((g) => g.needs.some((n) => n.to === ids.seed(e))) ||
      (grouped.some((g) => g.key === "secret-store") &&
        SECRET_READERS.some((key) => model.installed(key)?.environments.includes(env)));
    if (vault && secretsRead)
      b.add({
        id: ids.seed(e),
        kind: "manual",
        environment: e,
        title: `Seed ${e}'s secrets in Vault`,
        commands: [
          `export VAULT_ADDR=https://${centralHosts(model.platform.domain).vault} VAULT_TOKEN=<a token that may write there>`,
          ...agent.map((a) => `vault kv put ${KV}/${a.path}${a.keys.map((k) => ` ${k}=…`).join("")}`),
        ],
        notes: [
          `Every path listed for ${e} in [the secrets reference](reference/secrets.md#${e}), one \`vault kv put\` each (the commands are there)${agent.length > 0 ? "; and the paths the Vault Agents read, above" : ""}.`,
        ],
      });
    // 2. Registration of the other clusters with ArgoCD.
    if (!env.isManagement) {
      const path = `${KV}/${vaultPlatformPath(hub.name, `clusters/${e}`)}`;
      const auth =
        env.cloud.provider === "aws"
          ? `\`awsAuthConfig.clusterName\` ${env.clusterName}`
          : "`execProviderConfig` running `argocd-k8s-auth azure` (workload identity)";
      b.add({
        id: ids.register(e),
        kind: "manual",
        environment: e,
        title: `Register the ${e} cluster with ArgoCD`,
        commands: declarative(hub)
          ? [
              `vault kv put ${path} server="$(terraform -chdir=${infraDir(e)} output -raw cluster_endpoint)" config=@${e}-cluster.json`,
            ]
          : [kubeconfigCommand(env), `argocd cluster add $(kubectl config current-context) --name ${e}`],
        notes: declarative(hub)
          ? [
              `\`${e}-cluster.json\` is ArgoCD's cluster config (its declarative setup): \`tlsClientConfig.caData\` is the Terraform output cluster_certificate_authority_data, and the credentials are ${auth}.`,
              `The ExternalSecret cluster-${e} in ${hub.name} turns it into ArgoCD's cluster secret; nothing of it is in Git.`,
              ...privateApiNote(env, hub),
            ]
          : privateApiNote(env, hub),
      });
    }
    // 3. DNS: the hosts of each Gateway (or of ingress-nginx) point at its load balancer.
    const plan = model.gateways.get(e);
    const gateway = env.features.gateway;
    const hosts = plan?.gateways.flatMap((g) => g.hosts) ?? [];
    if (gateway && hosts.length > 0) {
      const address = (kind: string, name: string) =>
        `kubectl -n ${gateway.namespace} get ${kind} ${name} -o jsonpath='{.status.${kind === "gateway" ? "addresses[0].value" : "loadBalancer.ingress[0]"}}'`;
      b.add({
        id: ids.dns(e),
        kind: "manual",
        environment: e,
        title: `DNS records of ${e}`,
        commands: [
          kubeconfigCommand(env),
          ...(gateway.controller === "nginx-gateway-fabric"
            ? plan!.gateways.filter((g) => g.hosts.length > 0).map((g) => address("gateway", g.name))
            : [address("service", "ingress-nginx-controller")]),
        ],
        notes: [
          `The zone of ${model.platform.domain} is delegated to the DNS service these records go in.`,
          ...plan!.gateways
            .filter((g) => g.hosts.length > 0)
            .map(
              (g) =>
                `${gateway.controller === "nginx-gateway-fabric" ? `Gateway ${g.name}` : "ingress-nginx"} (${g.internal ? "internal" : "public"}): ${g.hosts.map((h) => `\`${h}\``).join(", ")} → its address (${env.cloud.provider === "aws" ? "a CNAME to the load balancer's name" : "an A record to its IP"}).`,
            ),
          "Certificates are issued once the hosts resolve; until then the Gateway's HTTPS listeners have no certificate and ArgoCD waits at its wave.",
          ...(model.certificates.challenge === "http01" && plan!.gateways.some((g) => g.internal && g.hosts.length > 0)
            ? [
                "Let's Encrypt's HTTP-01 challenges cannot reach the internal Gateway: its hosts get no certificate and ArgoCD keeps waiting here until the challenge is DNS-01 (`components.certManager.challenge`).",
              ]
            : []),
        ],
      });
    }
  }
}

/** Done while the wave of what it needs syncs, which is not healthy before it. */
const held = { applied: true, holds: true } as const;

/** What each manual step needs. */
export function addManualNeeds(b: GraphBuilder, model: ResolvedConfig): void {
  const hub = model.environments.find((e) => e.isManagement)!;
  for (const env of model.environments) {
    const e = env.name;
    b.need(ids.terraform(e), ids.state(env.cloud.name), "its state lives in the backend");
    b.need(ids.seed(e), ids.vaultTerraform, `the KV mount ${KV} exists`);
    b.need(ids.register(e), ids.terraform(e), "the cluster exists: its endpoint and CA are Terraform outputs");
    b.need(ids.register(e), ids.vaultTerraform, `its credentials go into the KV mount ${KV}`);
    if (!b.has(ids.group(hub.name, "argocd-clusters"))) b.need(ids.register(e), ids.argocdRoot, "ArgoCD runs");
    b.need(ids.vaultTerraform, ids.terraform(e), `reads the ${e} cluster's endpoint and CA from its state`);
    const gateway = env.features.gateway;
    if (gateway?.controller === "nginx-gateway-fabric")
      b.need(ids.dns(e), ids.group(e, "gateway"), "the Gateways' load balancers have addresses", held);
    else b.need(ids.dns(e), ids.installer(e, "ingressNginx"), "ingress-nginx's load balancer has an address", held);
  }
  b.need(ids.argocdInstall, ids.terraform(hub.name), "the management cluster exists");
  b.need(ids.argocdRoot, ids.argocdInstall, "ArgoCD runs");
  b.need(ids.vaultInit, ids.installer(hub.name, "vault"), "Vault's pods run, sealed", held);
  const seal = vaultSeal(model);
  if (seal)
    b.need(
      ids.vaultInit,
      ids.terraform(hub.name),
      seal.provider === "awskms"
        ? "Vault unseals with the KMS key and role Terraform creates"
        : "Vault unseals with the Key Vault key and managed identity Terraform creates",
    );
  b.need(ids.vaultTerraform, ids.vaultInit, "Vault is unsealed and its root token exists");
  b.need(ids.vaultTerraform, ids.state(hub.cloud.name), "its state lives in the management cloud's backend");
  b.need(
    ids.vaultTerraform,
    ids.dns(hub.name),
    `reaches Vault at https://${centralHosts(model.platform.domain).vault}`,
  );
  b.need(
    ids.vaultTerraform,
    ids.group(hub.name, `central-routes/${COMPONENT_CATALOG.vault.namespace}`),
    "the internal Gateway routes Vault's host to Vault",
    { applied: true },
  );
}
