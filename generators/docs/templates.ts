// Templates of the generated reference pages.

export const COMPONENTS_PAGE = `# Platform components

Each component is installed by an ArgoCD Application with two sources: the upstream chart, pinned to the
exact version below, and a generated values file (\`out/platform/values/<environment>/<component>.yaml\`).
Sync waves order the installation: CRD providers first, then what uses them.

| Component | Runs | Chart repository | Chart | Version | Sync wave | Environments |
| --- | --- | --- | --- | --- | --- | --- |
{% for c in components %}
| {{ c.title | cell }} | {{ c.placement }} | {{ c.repoURL | code }} | {{ c.chart | code }} | {{ c.version | code }} | {{ c.syncWave }} | {{ c.environments | join(", ") }} |
{% endfor %}
{% if disabled.length %}

Disabled: {{ disabled | join(", ") }}.
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

| Team | GitHub team | Contact | CPU | Memory | Pods | Services |
| --- | --- | --- | --- | --- | --- | --- |
{% for t in teams %}
| {{ t.displayName | cell }} ({{ t.name | code }}) | {{ t.githubTeam | code }} | {{ t.contact }} | {{ t.quota.cpu }} | {{ t.quota.memory }} | {{ t.quota.pods }} | {{ t.services | join(", ") }} |
{% endfor %}
`;

export const SERVICES_PAGE = `# Services

What each service gets in each environment: the rendered manifests under
\`out/platform/services/<environment>/<service>/\`, deployed by the team's ApplicationSet.

{% for s in services %}
## {{ s.name }}

{{ s.description }}

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
| {{ e.name | code }} | {{ e.policies | join(", ") }} | {{ e.where | cell }} | {{ e.owner | code }} | {{ e.reason | cell }} |
{% endfor %}
{% else %}
None.
{% endif %}
`;
