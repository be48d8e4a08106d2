// Templates of the generated reference pages.

export const COMPONENTS_PAGE = `# Platform components

Each component is installed by an ArgoCD Application with two sources: the upstream chart, pinned to the
exact version below, and a generated values file (\`out/platform/values/<environment>/<component>.yaml\`).
Sync waves order the installation, from the bootstrap graph: each component syncs after everything it needs
(CRDs, webhooks, Secrets, storage, Vault), so a component's wave can differ between the management cluster and
the others, which sync once ArgoCD can reach them. [Bootstrap](../bootstrap.md) has the whole order.

| Component | Runs | Chart repository | Chart | Version | Sync wave | Environments |
| --- | --- | --- | --- | --- | --- | --- |
{% for c in components %}
| {{ c.title | cell }} | {{ c.placement }} | {{ c.repoURL | code }} | {{ c.chart | code }} | {{ c.version | code }} | {{ c.syncWave }} | {{ c.environments | join(", ") }} |
{% endfor %}
{% if disabled.length %}

Disabled: {{ disabled | join(", ") }}.
{% endif %}
{% if custom.length %}

## Custom components

Components the catalog does not know (\`components.custom\`): synced, hardened, admitted and ordered like the
ones above, from the pods their config declares ([How-to](../how-to.md#add-a-component-the-catalog-does-not-know)).

| Component | Runs | Namespace | Chart repository | Chart | Version | Sync wave | Depends on | Pods | Secrets | Environments |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
{% for c in custom %}
| {{ c.name }}: {{ c.description | cell }} | {{ c.placement }} | {{ c.namespace | code }} | {{ c.repoURL | code }} | {{ c.chart | code }} | {{ c.version | code }} | {{ c.syncWave }} | {{ c.dependsOn | join(", ") }} | {{ c.pods | join(", ") }} | {{ c.secrets | join(", ") }} | {{ c.environments | join(", ") }} |
{% endfor %}
{% if claims.length %}

### Claims

What services request from custom components (\`services.<name>.claims.<resource>\`): the object in the service's
namespace, the Secret its operator makes, read as \`<RESOURCE>_<KEY>\` variables
([How-to](../how-to.md#request-a-platform-resource-a-database)).

| Claim | Object | Params | Secret (keys) | Ports | Requested by |
| --- | --- | --- | --- | --- | --- |
{% for k in claims %}
| {{ k.claim | code }}: {{ k.description | cell }} | {{ k.object | code }} | {{ k.params | join(", ") | cell }} | {{ k.secret | code }} ({{ k.keys | join(", ") }}) | {{ k.ports | join(", ") }} | {{ k.requestedBy | join(", ") | cell }} |
{% endfor %}
{% endif %}
{% endif %}
`;

export const ENVIRONMENTS_PAGE = `# Environments

Environments in promotion order; each is its own cluster. ArgoCD runs in **{{ management }}** and manages
all of them.

| # | Environment | Cloud | Region | Kubernetes | Size | Protected | Cluster |
| --- | --- | --- | --- | --- | --- | --- | --- |
{% for e in environments %}
| {{ e.order }} | {{ e.name }} | {{ e.cloud }} ({{ e.provider }}) | {{ e.region }} | {{ e.kubernetesVersion }} | {{ e.size }} | {{ "yes" if e.protected else "no" }} | {{ e.clusterName | code }} |
{% endfor %}

## Node pools

| Environment | Pool | Machine type | Min | Max |
| --- | --- | --- | --- | --- |
{% for e in environments %}
{% for p in e.pools %}
| {{ e.name }} | {{ p.name }} | {{ p.instanceType | code }} | {{ p.min }} | {{ p.max }} |
{% endfor %}
{% endfor %}
`;

export const TEAMS_PAGE = `# Teams

Each team owns a namespace of its name in every cluster, with a resource quota, a default-deny network
policy and RBAC for its GitHub team (edit outside protected environments, view in them).

| Team | GitHub team | Contact | CPU | Memory | Pods | Services |{% if dora %} DORA |{% endif %}

| --- | --- | --- | --- | --- | --- | --- |{% if dora %} --- |{% endif %}

{% for t in teams %}
| {{ t.displayName | text | cell }} ({{ t.name | code }}) | {{ t.githubTeam | code }} | {{ t.contact }} | {{ t.quota.cpu }} | {{ t.quota.memory }} | {{ t.quota.pods }} | {{ t.services | join(", ") }} |{% if dora %} [dashboard]({{ t.dora }}) |{% endif %}

{% endfor %}
{% if dora %}

DORA: each team's DevLake project on DevLake's DORA dashboard (its Grafana, behind the DevLake host, signed in
with the DevLake UI's credentials). See [the golden path](../golden-path.md#dora-what-devlake-receives).
{% endif %}
`;

export const SERVICES_PAGE = `# Services

What each service gets in each environment: the rendered manifests under
\`out/platform/services/<environment>/<service>/\`, deployed by the team's ApplicationSet.

{% for s in services %}
## {{ s.name }}

{{ s.description | text }}

- Team: {{ s.team }}; type: {{ s.type }}{% if s.chart %}; chart {{ s.chart | code }}{% endif %}

{% if s.dependsOn.length %}
- Calls: {{ s.dependsOn | join(", ") }}
{% endif %}
{% if s.calledBy.length %}
- Called by: {{ s.calledBy | join(", ") }}
{% endif %}
{% if s.secrets.length %}
- Secrets from Vault ({{ s.secretDelivery }}): {% for x in s.secrets %}{{ x | code }}{{ ", " if not loop.last }}{% endfor %}

{% endif %}

| Environment | Image | Replicas | Host |
| --- | --- | --- | --- |
{% for d in s.deployments %}
| {{ d.environment }} | {{ d.image | code }} | {{ d.replicas }} | {{ d.host }} |
{% endfor %}

{% endfor %}
`;

export const POLICIES_PAGE = `# Policies

Kyverno \`ValidatingPolicy\` objects (\`policies.kyverno.io/v1\`, CEL) generated from \`policies\` in the config,
in every cluster that runs Kyverno. Each matches Pods, and Kyverno's autogen applies it to the pod templates of
the listed controllers. Pod Security Standard: **{{ podSecurity }}** (also the Pod Security Admission labels of
team namespaces). Every generated workload is evaluated against these policies when the output is generated:
a violation in Enforce mode fails \`fawkes generate\`.

| Policy | Checks | Mode | Applies to | Controllers |
| --- | --- | --- | --- | --- |
{% for p in policies %}
| {{ p.name | code }} | {{ p.checks | cell }} | {{ p.mode }} | {{ p.scope }} | {{ p.controllers | join(", ") }} |
{% endfor %}

## Exceptions

Exceptions are \`PolicyException\` objects in the \`{{ exceptionsNamespace }}\` namespace (the only one Kyverno
honours), each scoped to one namespace and the pods that need it.

{% if exceptions.length %}
| Exception | Policies | Where | Requested by | Reason |
| --- | --- | --- | --- | --- |
{% for e in exceptions %}
| {{ e.name | code }} | {{ e.policies | join(", ") }} | {{ e.where | cell }} | {{ e.owner | code }} | {{ e.reason | text | cell }} |
{% endfor %}
{% else %}
None.
{% endif %}
`;

export const ZERO_TRUST_PAGE = `# Zero trust

{% if mesh %}
**Mutual TLS everywhere.** Istio runs in ambient mode in every cluster: the ztunnel node proxy gives every pod
of a team namespace a SPIFFE identity (its service account) and carries its traffic over mutual TLS (HBONE,
port 15008). A mesh-wide \`PeerAuthentication\` is STRICT: plain text is refused. There are no sidecars.
{% else %}
**No service mesh** (\`components.mesh: none\`): traffic between services is limited by network policies only.
{% endif %}

**Identity and least privilege.** Each service runs as its own service account. It may be called only by the
services that declare it in \`dependsOn\`: the Kubernetes \`NetworkPolicy\`{% if mesh %} and the Istio
\`AuthorizationPolicy\` (by identity){% endif %} of every service admit exactly those callers, plus the gateway for
exposed services and Prometheus on the metrics port. Everything else is denied by default.

## Who may call whom

| Service | Identity | Called by | Port |
| --- | --- | --- | --- |
{% for s in services %}
| {{ s.name }} | {{ s.identity | code }} | {{ s.callers | join(", ") }} | {{ s.port }} |
{% endfor %}

## Where secrets live

Secrets never touch Git: they live in Vault's KV v2 mount \`{{ kv }}\`, one subtree per environment, under the
owning team's prefix there (\`{{ kv }}/<environment>/teams/<team>/...\`; a service referring to another team's path
is a config error). Vault is configured by the Terraform root \`out/infra/vault/\`: a Kubernetes auth backend per
cluster, which accepts only that cluster's service account tokens, and per team and environment a role bound
to the service accounts that read secrets in the team's namespace, whose policy reads exactly the paths the
team's services read in that environment. No identity of one environment can read another environment's
paths; a secret read in every environment from one path is declared \`shared: true\` (\`{{ kv }}/shared/teams/...\`).
[secrets.md](secrets.md) lists every path per environment and the commands that seed it.

| Service | Vault paths | Delivery |
| --- | --- | --- |
{% for s in secrets %}
| {{ s.name }} | {{ s.paths | join(", ") }} | {{ s.delivery }} |
{% endfor %}

## How a secret reaches a pod

- **External Secrets** (default): the team namespace's \`SecretStore\` logs in to Vault with the team's role
  and service account; the service's \`ExternalSecret\` copies the declared keys into a Kubernetes Secret that
  only that namespace can read, which becomes the container's environment variables. The platform's own
  store serves only ArgoCD's and the central components' namespaces of the management cluster and reads only
  \`{{ kv }}/<management environment>/platform/*\`.
- **Vault Agent** (\`secretDelivery: vault-agent\`): the injector adds an agent to the pod that logs in with the
  pod's own service account and the team's role, and renders each secret as a file under \`/vault/secrets/\`.
  Vault's server runs in the management cluster only; every other cluster runs the injector alone (the same
  chart, \`server.enabled: false\`), whose agents reach Vault at its host through the management cluster's
  internal Gateway: the service's NetworkPolicy allows exactly that network on 443.

## Platform namespaces

Every namespace of a platform component denies ingress by default; these are the only flows allowed in
(egress of platform components stays open: they reach cloud APIs, registries and ACME by name, which a
NetworkPolicy cannot express). Every namespace also admits its own pods and Prometheus' scrapes. Each
team namespace denies everything but what its services declare, and, under the mesh, an
\`allow-nothing\` AuthorizationPolicy leaves each workload only the callers its own policy names.

| Environment | Into | From | Ports | Why |
| --- | --- | --- | --- | --- |
{% for f in platform %}
| {{ f.environment }} | \`{{ f.to }}\` | {{ f.from | cell }} | {{ f.ports }} | {{ f.why | cell }} |
{% endfor %}
`;
