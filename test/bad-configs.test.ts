// Every bad-input path: the message, the config path, LINE:COL of the offending value, exit code 1.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { exampleJson, exampleYaml, writeForm } from "./helpers/config-forms.ts";
import { EXAMPLE_CONFIG, EXAMPLE_RELEASES, cli, editExample, positionOf, writeCase } from "./helpers/repo.ts";

interface BadCase {
  readonly name: string;
  /** [from, to] edit of the example config. */
  readonly config?: readonly [string, string];
  readonly releases?: readonly [string, string];
  readonly path: string;
  readonly message: RegExp;
  readonly hint?: RegExp;
  /** Where the error must point: the text of the offending value (after `after`), in which file. */
  readonly at: {
    readonly needle: string;
    readonly after?: string;
    readonly file?: "fawkes.config.ts" | "releases.yaml";
  };
  /** How many problems in all: one mistake is reported once, not as a cascade. */
  readonly count?: number;
}

const CASES: readonly BadCase[] = [
  {
    name: "a Backstage image that is neither the platform's nor the upstream one",
    config: [
      "    certManager: {\n      acmeEmail",
      '    backstage: { image: "latest" },\n    certManager: {\n      acmeEmail',
    ],
    path: "components.backstage.image",
    message: /"latest" is not one of "platform", "upstream"/,
    at: { needle: '"latest"' },
    count: 1,
  },
  {
    name: "an IAM policy of another AWS account than the clusters the service runs in",
    config: [
      "arn:aws:iam::123456789012:policy/acme-payments-kms",
      "arn:aws:iam::999999999999:policy/acme-payments-kms",
    ],
    path: "services.payments-core.cloudAccess.awsPolicyArns[0]",
    message:
      /arn:aws:iam::999999999999:policy\/acme-payments-kms is in account 999999999999, but the service runs in staging \(cloud aws-us, account 123456789012\), prod \(cloud aws-us, account 123456789012\)/,
    hint: /use the policy of account 123456789012 \(arn:aws:iam::123456789012:policy\/…\)/,
    at: { needle: '"arn:aws:iam::999999999999:policy/acme-payments-kms"' },
    count: 1,
  },
  {
    name: "an IAM policy of another account in one environment's override, at the override",
    config: [
      'tolerations: [{ key: "acme.dev/batch", value: "true", effect: "NoSchedule" }],',
      'tolerations: [{ key: "acme.dev/batch", value: "true", effect: "NoSchedule" }],\n          cloudAccess: { awsPolicyArns: ["arn:aws:iam::210987654321:policy/acme-analytics-writer"] },',
    ],
    path: "services.reporting-etl.overrides.prod.cloudAccess.awsPolicyArns[0]",
    message: /is in account 210987654321, but the service runs in prod \(cloud aws-us, account 123456789012\)/,
    hint: /account 123456789012/,
    at: { needle: '"arn:aws:iam::210987654321:policy/acme-analytics-writer"' },
    count: 1,
  },
  {
    name: "an ARN that is not an IAM policy in awsPolicyArns",
    config: ["arn:aws:iam::123456789012:policy/acme-payments-kms", "arn:aws:s3:::acme-payments-kms"],
    path: "services.payments-core.cloudAccess.awsPolicyArns[0]",
    message: /"arn:aws:s3:::acme-payments-kms" is not an IAM policy ARN/,
    hint: /arn:aws:iam::aws:policy\/<name> for an AWS-managed policy/,
    at: { needle: '"arn:aws:s3:::acme-payments-kms"' },
    count: 1,
  },
  {
    name: "a chart version bump without pod facts for the new version",
    config: ['version: "2.23.0",', 'version: "2.24.0",'],
    path: "services.metabase.chart.version",
    message:
      /Fawkes has no pod facts for chart metabase 2\.24\.0 \(it has them for 2\.23\.0\), so its pods cannot be admitted/,
    hint: /declare the pods the chart renders at 2\.24\.0 in services\.metabase\.chart\.pods.*or pin 2\.23\.0/,
    at: { needle: '"2.24.0"' },
    count: 1,
  },
  {
    name: "a chart Fawkes has no facts for, without declared pods",
    config: ['chart: "metabase",', 'chart: "superset",'],
    path: "services.metabase.chart.chart",
    message: /Fawkes has no pod facts for chart superset 2\.23\.0 from https:\/\/pmint93\.github\.io\/helm-charts/,
    hint: /declare the pods the chart renders at 2\.23\.0 in services\.metabase\.chart\.pods/,
    at: { needle: '"superset"' },
    count: 1,
  },
  {
    name: "chart values that add containers the facts do not describe",
    config: [
      "replicaCount: 1,",
      'replicaCount: 1,\n          sidecars: [{ name: "proxy", image: "ghcr.io/acme/proxy:1" }],',
    ],
    path: "services.metabase.chart.values.sidecars",
    message: /sidecars adds containers that Fawkes' facts for metabase 2\.23\.0 do not describe/,
    hint: /declare the pods as they render with these values in services\.metabase\.chart\.pods/,
    at: { needle: '[{ name: "proxy"' },
  },
  {
    name: "the replaced podLabelsKey names what replaces it",
    config: ['version: "2.23.0",', 'version: "2.23.0",\n        podLabelsKey: "podLabels",'],
    path: "services.metabase.chart.podLabelsKey",
    message: /unknown key "podLabelsKey"/,
    hint: /chart\.pods\[\]\.valuesKeys\.podLabels/,
    at: { needle: "podLabelsKey" },
  },
  {
    name: "a release for a service deployed from a chart",
    releases: ["reporting-etl:", "metabase:\n  prod: 1.0.0\nreporting-etl:"],
    path: "releases.metabase",
    message: /"metabase" is deployed from a chart: its version is services\.metabase\.chart\.version/,
    at: { needle: "metabase:", file: "releases.yaml" },
  },
  {
    name: "DNS-01 on a cloud without a DNS zone, at the cloud, with the zone to declare",
    config: ['      dns: { hostedZoneId: "Z0ACME00000000DEV0001" },\n', ""],
    path: "clouds.aws-us",
    message:
      /components\.certManager\.challenge is "dns01", but cloud "aws-us" declares no DNS zone: cert-manager cannot answer challenges for staging, prod/,
    hint: /add dns: \{ hostedZoneId: "Z…" \} to clouds\.aws-us, the Route 53 hosted zone of its hosts.*or use challenge: "http01"/,
    at: { needle: "{", after: '"aws-us":' },
    count: 1,
  },
  {
    name: "a malformed Route 53 hosted zone id",
    config: ['hostedZoneId: "Z0ACME00000000DEV0001"', 'hostedZoneId: "acme.dev"'],
    path: "clouds.aws-us.dns.hostedZoneId",
    message: /must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ/,
    at: { needle: '"acme.dev"', after: "hostedZoneId" },
    count: 1,
  },
  {
    name: "a bad environment is one problem, not a cascade through the releases file",
    config: ['kubernetesVersion: "1.34",\n      size: "small"', 'kubernetesVersion: 1.34,\n      size: "small"'],
    path: "environments.dev.kubernetesVersion",
    message: /expected string/,
    at: { needle: "1.34," },
    count: 1,
  },
  {
    name: "a misspelt components section is reported alone (no spurious ACME e-mail)",
    config: ["\n  components: {", "\n  componets: {"],
    path: "componets",
    message: /unknown section "componets"/,
    hint: /did you mean "components"\?/,
    at: { needle: "componets: {" },
    count: 1,
  },
  {
    name: "a team may not be called platform",
    config: ["\n    payments: {\n      displayName", "\n    platform: {\n      displayName"],
    path: "teams.platform",
    message: /"platform" is reserved: the platform's AppProject, Backstage group and alert receiver/,
    hint: /rename the team/,
    at: { needle: "platform: {\n      displayName" },
  },
  {
    name: "a Vault Agent service deployed where Vault (and so its injector) is switched off",
    config: [
      "devlake: { enabled: true },",
      "devlake: { enabled: true },\n    vault: { environments: { dev: { enabled: false } } },",
    ],
    path: "services.fraud-scoring.secretDelivery",
    message:
      /the Vault Agent injector does not run in "dev": the service's pods would start there without their secrets/,
    hint: /enable components\.vault there .* or use secretDelivery: "external-secrets"/,
    at: { needle: '"vault-agent"', after: '"fraud-scoring": {' },
    count: 1,
  },
  {
    name: "a team may not take a platform component's namespace",
    config: ["\n    payments: {\n      displayName", "\n    kyverno: {\n      displayName"],
    path: "teams.kyverno",
    message: /"kyverno" is reserved: the namespace of the kyverno component/,
    at: { needle: "kyverno: {\n      displayName" },
  },
  {
    name: "an environment may not be called in-cluster (ArgoCD's own cluster)",
    config: ["\n    staging: {", '\n    "in-cluster": {'],
    path: "environments.in-cluster",
    message: /"in-cluster" is reserved: ArgoCD's name of the cluster it runs in/,
    at: { needle: '"in-cluster": {' },
  },
  {
    name: "a service may not take the name of its namespace's default-deny policy",
    config: ['"catalog-api": {\n      team: "storefront"', '"default-deny": {\n      team: "storefront"'],
    releases: ["catalog-api:", "default-deny:"],
    path: "services.default-deny",
    message: /"default-deny" is reserved: the team namespace's default-deny NetworkPolicy/,
    hint: /rename the service/,
    at: { needle: '"default-deny": {' },
  },
  {
    name: "a service may not take a component's Applications",
    config: ['"catalog-api": {\n      team: "storefront"', 'vault: {\n      team: "storefront"'],
    releases: ["catalog-api:", "vault:"],
    path: "services.vault",
    message: /"vault" is reserved: the Applications vault-<environment> of the component/,
    at: { needle: 'vault: {\n      team: "storefront"' },
  },
  {
    name: "an environment may not be called vault",
    config: ["\n    staging: {", "\n    vault: {"],
    path: "environments.vault",
    message: /"vault" is reserved: out\/infra\/vault\/ is the Vault root/,
    at: { needle: "vault: {" },
  },
  {
    name: "an environment may not be called shared (the Vault subtree of secrets shared by every environment)",
    config: ["\n    staging: {", "\n    shared: {"],
    path: "environments.shared",
    message: /"shared" is reserved: kv\/shared\/ holds the secrets shared by every environment/,
    at: { needle: "shared: {" },
  },
  {
    name: "a platform name too long for the IAM roles of an environment",
    config: ['name: "acme"', 'name: "acme-internal-developer-platform-number-one"'],
    path: "environments.staging",
    message:
      /the IAM role name "acme-internal-developer-platform-number-one-staging-external-secrets" is 68 characters; the limit is 64/,
    hint: /shorten the environment or platform name/,
    at: { needle: "staging: {" },
  },
  {
    name: "a service name too long for its IAM role (and its CronJob)",
    config: [
      '"reporting-etl": {\n      team: "data",',
      '"reporting-etl-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": {\n      team: "data",',
    ],
    releases: ["reporting-etl:", "reporting-etl-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx:"],
    path: "services.reporting-etl-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    message: /its IAM role name "acme-staging-reporting-etl-x+" is 76 characters; the limit is 64/,
    hint: /shorten the service name/,
    at: { needle: '"reporting-etl-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": {' },
  },
  {
    name: "a cron expression out of range",
    config: ['schedule: "0 3 * * *"', 'schedule: "99 99 * * *"'],
    path: "services.reporting-etl.schedule",
    message: /is not a valid cron expression/,
    at: { needle: '"99 99 * * *"' },
  },
  {
    name: "a time zone that is not in the IANA database, with the closest one",
    config: ['timeZone: "America/New_York"', 'timeZone: "America/New_Yrok"'],
    path: "services.reporting-etl.timeZone",
    message: /"America\/New_Yrok" is not an IANA time zone/,
    hint: /did you mean "America\/New_York"\?/,
    at: { needle: '"America/New_Yrok"' },
    count: 1,
  },
  {
    name: "a time zone in the schedule, which Kubernetes refuses",
    config: ['schedule: "0 3 * * *"', 'schedule: "CRON_TZ=Europe/Berlin 0 3 * * *"'],
    path: "services.reporting-etl.schedule",
    message: /may not name a time zone \(Kubernetes refuses CRON_TZ= and TZ= in a schedule\): set `timeZone`/,
    at: { needle: '"CRON_TZ=Europe/Berlin 0 3 * * *"' },
    count: 1,
  },
  {
    name: "a time zone on a service that is not a cronjob",
    config: ['"catalog-api": {\n', '"catalog-api": {\n      timeZone: "Europe/Berlin",\n'],
    path: "services.catalog-api.timeZone",
    message: /only cronjob services have a time zone \(this one is "web"\)/,
    at: { needle: '"Europe/Berlin"' },
  },
  {
    name: "a nodeSelector no node pool of the environment matches",
    config: ['nodeSelector: { "acme.dev/pool": "batch" }', 'nodeSelector: { "acme.dev/pool": "gpu" }'],
    path: "services.reporting-etl.overrides.prod.nodeSelector",
    message: /no node pool of "prod" has the labels acme\.dev\/pool=gpu: its pods would never run/,
    hint: /batch \(acme\.dev\/pool=batch\)/,
    at: { needle: '{ "acme.dev/pool": "gpu" }' },
    count: 1,
  },
  {
    name: "a pool selected without tolerating its taint",
    config: ['tolerations: [{ key: "acme.dev/batch", value: "true", effect: "NoSchedule" }],', ""],
    path: "services.reporting-etl.overrides.prod.nodeSelector",
    message:
      /every node pool of "prod" it may run on has a taint it does not tolerate: batch \(acme\.dev\/batch=true:NoSchedule\)/,
    hint: /add a toleration for the taint to services\.reporting-etl\.tolerations/,
    at: { needle: '{ "acme.dev/pool": "batch" }', after: '"reporting-etl": {' },
    count: 1,
  },
  {
    name: "a required label some team's pods would not carry",
    config: ['      labels: { "acme.dev/cost-center": "cc-1002" },\n', ""],
    path: "policies.requiredLabels[2]",
    message:
      /the pods of storefront \(dev\), storefront \(staging\), storefront \(prod\), catalog-api \(dev\), catalog-api \(staging\), catalog-api \(prod\) would not carry "acme\.dev\/cost-center": the require-labels policy would deny them/,
    hint: /platform\.labels, teams\.<team>\.labels or services\.<name>\.labels/,
    at: { needle: '"acme.dev/cost-center"]' },
    count: 1,
  },
  {
    name: "a label key Fawkes sets itself",
    config: [
      'labels: { "acme.dev/cost-center": "cc-1003" }',
      'labels: { "acme.dev/cost-center": "cc-1003", "fawkes.dev/team": "ops" }',
    ],
    path: "teams.logistics.labels.fawkes.dev/team",
    message: /the label "fawkes\.dev\/team" cannot be set: Fawkes sets it itself/,
    at: { needle: '"fawkes.dev/team": "ops"' },
    count: 1,
  },
  {
    name: "a build path that leaves the repository",
    config: [
      'build: { type: "python", repo: "https://github.com/acme/catalog-api" },',
      'build: { type: "python", repo: "https://github.com/acme/mono", path: "services/../../catalog" },',
    ],
    path: "services.catalog-api.build.path",
    message: /must be a relative path inside the repository/,
    at: { needle: '"services/../../catalog"' },
  },
  {
    name: "an image path that climbs out of the registry organisation",
    config: [
      'expose: { host: { prod: "checkout.acme.dev" } },',
      'expose: { host: { prod: "checkout.acme.dev" } },\n      image: "ghcr.io/acme/../evil/nginx",',
    ],
    path: "services.checkout-api.image",
    message: /must be an image repository/,
    at: { needle: '"ghcr.io/acme/../evil/nginx"' },
  },
  {
    name: "an exposed path with a .. segment",
    config: [
      'expose: { host: { prod: "checkout.acme.dev" } },',
      'expose: { host: { prod: "checkout.acme.dev" }, path: "/../admin" },',
    ],
    path: "services.checkout-api.expose.path",
    message: /must not contain \. or \.\. segments/,
    at: { needle: '"/../admin"' },
  },
  {
    name: "an API definition outside the service repository",
    config: ['definition: "openapi.yaml"', 'definition: "../../etc/passwd"'],
    path: "services.checkout-api.api.definition",
    message: /must be a relative path inside the repository/,
    at: { needle: '"../../etc/passwd"' },
  },
  {
    name: "a quota too small for the team's services at their peak",
    // Enough for dev's 32 pods (31 of services, payments-core's one database instance), not for prod's 35 (three).
    config: ['quota: { cpu: "16", memory: "32Gi", pods: 80 }', 'quota: { cpu: "16", memory: "32Gi", pods: 34 }'],
    path: "teams.payments.quota.pods",
    message:
      /prod: the services of "payments" need 35 pods at their peak \(autoscaling maximum and a rolling update\) but the quota is 34/,
    hint: /raise the quota/,
    at: { needle: "34 }" },
    count: 1,
  },
  {
    name: "unknown team, with a suggestion",
    config: ['team: "payments",\n      description: "Public', 'team: "paymnets",\n      description: "Public'],
    path: "services.checkout-api.team",
    message: /unknown team "paymnets"/,
    hint: /did you mean "payments"\?/,
    at: { needle: '"paymnets"' },
  },
  {
    name: "unknown environment of a service",
    config: ['environments: ["staging", "prod"]', 'environments: ["staging", "production"]'],
    path: "services.reporting-etl.environments[1]",
    message: /unknown environment "production"/,
    hint: /known environments: "dev", "prod", "staging"|did you mean "prod"/,
    at: { needle: '"production"', after: "reporting-etl" },
  },
  {
    name: "unknown dependency",
    config: ['dependsOn: ["catalog-api", "checkout-api"]', 'dependsOn: ["catalog-apj", "checkout-api"]'],
    path: "services.storefront.dependsOn[0]",
    message: /unknown service "catalog-apj"/,
    hint: /did you mean "catalog-api"\?/,
    at: { needle: '"catalog-apj"' },
  },
  {
    name: "a service depending on itself",
    config: ['dependsOn: ["payments-core"],\n      slo', 'dependsOn: ["checkout-api"],\n      slo'],
    path: "services.checkout-api.dependsOn[0]",
    message: /cannot depend on itself/,
    at: { needle: '"checkout-api"],\n      slo' },
  },
  {
    name: "environment on an unknown cloud",
    config: ['cloud: "azure-eu",', 'cloud: "azure-us",'],
    path: "environments.dev.cloud",
    message: /unknown cloud "azure-us"/,
    hint: /did you mean "azure-eu"\?/,
    at: { needle: '"azure-us"' },
  },
  {
    name: "overlapping cloud networks",
    config: ['cidr: "10.30.0.0/16"', 'cidr: "10.20.128.0/17"'],
    path: "clouds.azure-eu.cidr",
    message: /10\.20\.128\.0\/17 overlaps clouds\.aws-us\.cidr \(10\.20\.0\.0\/16\)/,
    at: { needle: '"10.20.128.0/17"' },
  },
  {
    name: "a CIDR with host bits set",
    config: ['cidr: "10.30.0.0/16"', 'cidr: "10.30.1.0/16"'],
    path: "clouds.azure-eu.cidr",
    message: /has host bits set \(the network is 10\.30\.0\.0\/16\)/,
    at: { needle: '"10.30.1.0/16"' },
  },
  {
    name: "a name that is not DNS-1123",
    config: ['"catalog-api": {\n      team: "storefront"', '"Catalog_API": {\n      team: "storefront"'],
    path: "services.Catalog_API",
    message: /"Catalog_API" is not a valid service name/,
    at: { needle: '"Catalog_API"' },
  },
  {
    name: "an unsupported Kubernetes version",
    config: ['kubernetesVersion: "1.33"', 'kubernetesVersion: "1.27"'],
    path: "environments.prod.kubernetesVersion",
    message: /Kubernetes 1\.27 is not supported/,
    hint: /use one of 1\.32/,
    at: { needle: '"1.27"' },
  },
  {
    name: "two services on one host",
    config: ['expose: { host: { prod: "www.acme.dev" } }', 'expose: { host: { prod: "checkout.acme.dev" } }'],
    path: "services.storefront.expose.host",
    message: /host checkout\.acme\.dev path \/ \(prod\) is already routed to services\.checkout-api in prod/,
    hint: /give this one its own expose\.path, or its own host/,
    at: { needle: '{ prod: "checkout.acme.dev" } },\n      replicas' },
  },
  {
    name: "two services on one host and one path",
    config: [
      'expose: { host: { prod: "www.acme.dev" } }',
      'expose: { host: { prod: "checkout.acme.dev" }, path: "/" }',
    ],
    path: "services.storefront.expose.path",
    message: /host checkout\.acme\.dev path \/ \(prod\) is already routed to services\.checkout-api in prod/,
    at: { needle: '"/" }', after: "storefront: {" },
  },
  {
    name: "a service on a central component's host",
    config: [
      'expose: { host: { prod: "www.acme.dev" } }',
      'expose: { host: { prod: "grafana.acme.dev" }, path: "/shop" }',
    ],
    path: "services.storefront.expose.host",
    message: /host grafana\.acme\.dev \(prod\) is already used by the grafana component/,
    at: { needle: '{ prod: "grafana.acme.dev" }' },
  },
  {
    name: "an image from a registry that is not allowed",
    config: [
      'team: "payments",\n      description: "Internal payments',
      'team: "payments",\n      image: "docker.io/library/ledger",\n      description: "Internal payments',
    ],
    path: "services.payments-core.image",
    message: /docker\.io\/library\/ledger is not from an allowed registry/,
    hint: /policies\.allowedRegistries/,
    at: { needle: '"docker.io/library/ledger"' },
  },
  {
    name: "a secret value in an environment variable",
    config: ['LOG_LEVEL: "info"', 'LOG_LEVEL: "info", DB_PASSWORD: "hunter2"'],
    path: "services.checkout-api.env.DB_PASSWORD",
    message: /looks like a secret value/,
    hint: /Vault/,
    at: { needle: '"hunter2"' },
  },
  {
    name: "a credential anywhere in the config",
    config: [
      'description: "Shipping quotes and label generation."',
      'description: "Shipping quotes, key AKIAIOSFODNN7EXAMPLE"',
    ],
    path: "services.shipping-api.description",
    message: /looks like an AWS access key id/,
    at: { needle: '"Shipping quotes, key' },
  },
  {
    name: "a Stripe live key, found by the maintained rule set (secretlint)",
    config: [
      'LOG_LEVEL: "info"',
      'LOG_LEVEL: "info", PAYMENTS: "sk_live_51H8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefGHIJKLMNOPQRSTUVWXyz12"',
    ],
    path: "(config)",
    message: /found Stripe Live Secret Key \(stripe\)/,
    hint: /Vault/,
    at: { needle: "sk_live_" },
  },
  {
    name: "an AWS secret access key",
    config: [
      'LOG_LEVEL: "info"',
      'LOG_LEVEL: "info", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz"',
    ],
    path: "(config)",
    message: /found AWS Secret Access Key \(aws\)/,
    at: { needle: "AWS_SECRET_ACCESS_KEY:" },
  },
  {
    name: "a misspelt key, with the right one suggested",
    config: ['dependsOn: ["catalog-api"],\n      cloudAccess', 'dependOn: ["catalog-api"],\n      cloudAccess'],
    path: "services.shipping-api.dependOn",
    message: /unknown key "dependOn"/,
    hint: /did you mean "dependsOn"\?/,
    at: { needle: "dependOn:" },
  },
  {
    name: "a release for an unknown environment points into releases.yaml",
    releases: ["metabase" /* not present */, "metabase"],
    path: "releases.catalog-api.qa",
    message: /unknown environment "qa"/,
    at: { needle: "qa", file: "releases.yaml" },
  },
  {
    name: "'latest' is refused in the releases file",
    releases: ["storefront:\n  dev: 9d1e7c3", "storefront:\n  dev: latest"],
    path: "releases.storefront.dev",
    message: /'latest' is not an immutable tag/,
    at: { needle: "latest", file: "releases.yaml" },
  },
  {
    name: "a service written twice in the releases file",
    releases: ["catalog-api:\n  dev: 5.2.0", "storefront:\n  dev: 9d1e7c4\ncatalog-api:\n  dev: 5.2.0"],
    path: "releases.storefront",
    message: /"storefront" is written twice in one mapping \(first at line 17\)/,
    at: { needle: "storefront:\n  dev: 9d1e7c4", file: "releases.yaml" },
  },
  {
    name: "a key written twice",
    config: [
      '    metabase: {\n      team: "data"',
      '    "catalog-api": { team: "data", description: "dup" },\n    metabase: {\n      team: "data"',
    ],
    path: "services.catalog-api",
    message: /"catalog-api" is written twice/,
    at: { needle: '"catalog-api": { team: "data"' },
  },
  {
    name: "an unknown management environment",
    config: ['managementEnvironment: "prod"', 'managementEnvironment: "mgmt"'],
    path: "platform.managementEnvironment",
    message: /unknown environment "mgmt"/,
    at: { needle: '"mgmt"' },
  },
  {
    name: "a cronjob without a schedule",
    config: ['schedule: "*/15 * * * *",\n', ""],
    path: "services.inventory-sync.schedule",
    message: /a cronjob needs a schedule/,
    at: { needle: "{", after: '"inventory-sync":' },
  },
  {
    name: "an invalid resource quantity",
    config: ['resources: { cpu: "250m", memory: "512Mi" }', 'resources: { cpu: "250m", memory: "512MB" }'],
    path: "services.checkout-api.resources.memory",
    message: /"512MB" must be a Kubernetes quantity/,
    at: { needle: '"512MB"' },
  },
  {
    name: "an unknown service type",
    config: ['type: "worker",', 'type: "wroker",'],
    path: "services.payment-events.type",
    message: /"wroker" is not one of "web", "worker", "cronjob"/,
    hint: /did you mean "worker"\?/,
    at: { needle: '"wroker"' },
  },
  {
    name: "a node pool whose minimum exceeds its maximum",
    config: ['instanceType: "m7i.large", min: 2, max: 6', 'instanceType: "m7i.large", min: 8, max: 6'],
    path: "environments.staging.nodePools.general.min",
    message: /min \(8\) is greater than max \(6\)/,
    at: { needle: "8, max: 6" },
  },
  {
    name: "a secret path of another team",
    config: ['path: "storefront/catalog-api/search"', 'path: "payments/checkout-api/stripe"'],
    path: "services.catalog-api.secrets.SEARCH_API_KEY.path",
    message: /outside team "storefront"'s Vault paths/,
    at: { needle: '"payments/checkout-api/stripe"', after: '"catalog-api": {' },
  },
  {
    name: "a port reserved by the mesh",
    config: ["port: 8080,", "port: 15008,"],
    path: "services.checkout-api.port",
    message: /reserved by the Istio ambient data plane/,
    at: { needle: "15008" },
  },
  {
    name: "a metrics port that is the service port",
    config: ['metrics: { path: "/metrics", port: 9090 }', 'metrics: { path: "/metrics", port: 8080 }'],
    path: "services.payments-core.metrics.port",
    message: /metrics port 8080 is the service port/,
    at: { needle: "8080 }", after: '"payments-core": {' },
  },
  {
    name: "worker metrics without a port",
    config: [
      'probes: { liveness: { command: ["/bin/healthcheck"] } },',
      'probes: { liveness: { command: ["/bin/healthcheck"] } },\n      metrics: { path: "/metrics" },',
    ],
    path: "services.payment-events.metrics.port",
    message: /a worker serves no HTTP port/,
    at: { needle: '{ path: "/metrics" }', after: '"payment-events": {' },
  },
  {
    name: "an explicit network that leaves no quarter for another environment",
    config: [
      '      size: "medium",\n      nodePools: { general',
      '      size: "medium",\n      cidr: "10.20.0.0/16",\n      nodePools: { general',
    ],
    path: "environments.prod",
    message: /no quarter of clouds\.aws-us\.cidr \(10\.20\.0\.0\/16\) is free for "prod"/,
    at: { needle: "{", after: "    prod:" },
  },
  {
    name: "an environment network outside its cloud's",
    config: [
      '      size: "medium",\n      nodePools: { general',
      '      size: "medium",\n      cidr: "10.99.0.0/18",\n      nodePools: { general',
    ],
    path: "environments.staging.cidr",
    message: /10\.99\.0\.0\/18 is outside clouds\.aws-us\.cidr \(10\.20\.0\.0\/16\)/,
    at: { needle: '"10.99.0.0/18"' },
  },
  {
    name: "an AKS node pool name Azure refuses",
    config: [
      'nodePools: { system: { instanceType: "Standard_D4s_v5"',
      'nodePools: { "system-pool": { instanceType: "Standard_D4s_v5"',
    ],
    path: "environments.dev.nodePools.system-pool",
    message: /"system-pool" is not a valid AKS node pool name/,
    at: { needle: '"system-pool"' },
  },
  {
    name: "a missing required field",
    config: ['    contact: "logistics@acme.dev",\n', ""],
    path: "teams.logistics.contact",
    message: /is required/,
    at: { needle: "{", after: "    logistics:" },
  },
];

const test = suite("bad configs");

for (const c of CASES) {
  test(c.name, async () => {
    const config = c.config ? editExample(c.config[0], c.config[1]) : EXAMPLE_CONFIG;
    let releases = EXAMPLE_RELEASES;
    if (c.name.includes("unknown environment points"))
      releases = editExample("catalog-api:\n  dev: 5.2.0", "catalog-api:\n  qa: 5.2.0\n  dev: 5.2.0", EXAMPLE_RELEASES);
    else if (c.releases) releases = editExample(c.releases[0], c.releases[1], EXAMPLE_RELEASES);
    const dir = writeCase(config, releases);
    const run = await cli(["validate", "-C", dir]);
    assert.is(run.code, 1, run.stderr);
    const file = c.at.file ?? "fawkes.config.ts";
    const { line, column } = positionOf(file === "releases.yaml" ? releases : config, c.at.needle, c.at.after);
    const lines = run.stderr.split("\n");
    const hit = lines.find((l) => l.startsWith(`${file}:${line}:${column} ${c.path}: `));
    assert.ok(hit, `expected "${file}:${line}:${column} ${c.path}: …" in:\n${run.stderr}`);
    assert.match(hit!, c.message);
    if (c.hint) assert.match(hit!, c.hint);
    assert.not.match(run.stderr, /\n\s+at /, "no stack trace");
    assert.match(run.stderr, /problems? in the config; nothing was written/);
    if (c.count !== undefined) assert.match(run.stderr, new RegExp(`^${c.count} problems? in the config`, "m"));
  });
}

test("all problems are reported together", async () => {
  let config = editExample(
    'team: "payments",\n      description: "Public',
    'team: "paymnets",\n      description: "Public',
  );
  config = editExample('cloud: "azure-eu",', 'cloud: "azure-us",', config);
  config = editExample('type: "worker",', 'type: "wroker",', config);
  const run = await cli(["validate", "-C", writeCase(config)]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /unknown team "paymnets"/);
  assert.match(run.stderr, /unknown cloud "azure-us"/);
  assert.match(run.stderr, /"wroker" is not one of/);
  assert.match(run.stderr, /3 problems in the config/);
});

test("a config that does not parse gets its line and exit 1", async () => {
  const config = editExample('name: "acme",', 'name: "acme",,');
  const run = await cli(["validate", "-C", writeCase(config)]);
  assert.is(run.code, 1);
  const { line } = positionOf(config, '"acme",,');
  assert.match(run.stderr, new RegExp(`^fawkes\\.config\\.ts:${line}:\\d+ \\(config\\): cannot load the config`, "m"));
});

test("a missing config file is exit 1 with a hint", async () => {
  const run = await cli(["validate", "-C", writeCase(EXAMPLE_CONFIG), "-c", "nope.config.ts"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /nope\.config\.ts:1:1 \(config\): config file not found \(pass --config/);
});

test("the example config is valid", async () => {
  const run = await cli(["validate", "-C", writeCase(EXAMPLE_CONFIG)]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /is valid: 3 environments, 4 teams, 10 services/);
});

test.run();

// The same promise for a config written as YAML or JSON: each mistake at its line and column in that file.
interface BadFormCase {
  readonly name: string;
  readonly file: "fawkes.config.yaml" | "fawkes.config.json";
  /** [from, to] edit of the example in that form. */
  readonly edit: readonly [string, string];
  /** The config path, or "(config)" for a problem of the text itself. */
  readonly path: string;
  readonly message: RegExp;
  readonly hint?: RegExp;
  readonly at: { readonly needle: string; readonly after?: string };
}

const FORM_CASES: readonly BadFormCase[] = [
  {
    name: "YAML that does not parse",
    file: "fawkes.config.yaml",
    edit: ["  name: acme\n", "  name: acme: corp\n"],
    path: "(config)",
    message: /Nested mappings are not allowed in compact mappings/,
    hint: /fix the YAML/,
    at: { needle: "acme: corp" },
  },
  {
    name: "an unknown key in a YAML service",
    file: "fawkes.config.yaml",
    edit: ["    port: 8080\n    expose:", "    port: 8080\n    expsoe:"],
    path: "services.checkout-api.expsoe",
    message: /unknown key "expsoe"/,
    hint: /did you mean "expose"/,
    at: { needle: "expsoe:" },
  },
  {
    name: "an unknown top-level section in YAML",
    file: "fawkes.config.yaml",
    edit: ["\ncomponents:\n", "\ncomponets:\n"],
    path: "componets",
    message: /unknown section "componets"/,
    hint: /did you mean "components"/,
    at: { needle: "componets:" },
  },
  {
    name: "a Kubernetes version YAML reads as a number",
    file: "fawkes.config.yaml",
    edit: ['kubernetesVersion: "1.34"', "kubernetesVersion: 1.34"],
    path: "environments.dev.kubernetesVersion",
    message: /expected string, got 1\.34/,
    at: { needle: "1.34" },
  },
  {
    name: "a port written as a string in YAML",
    file: "fawkes.config.yaml",
    edit: ["    port: 8080\n    expose:", '    port: "8080"\n    expose:'],
    path: "services.checkout-api.port",
    message: /expected number, got "8080"/,
    at: { needle: '"8080"' },
  },
  {
    name: "an unknown team in YAML, found by the cross-reference checks",
    file: "fawkes.config.yaml",
    edit: ["  checkout-api:\n    team: payments", "  checkout-api:\n    team: paymnets"],
    path: "services.checkout-api.team",
    message: /unknown team "paymnets"/,
    hint: /did you mean "payments"/,
    at: { needle: "paymnets" },
  },
  {
    name: "a key written twice in YAML",
    file: "fawkes.config.yaml",
    edit: ["    port: 8080\n    expose:", "    port: 8080\n    port: 8081\n    expose:"],
    path: "services.checkout-api.port",
    message: /"port" is written twice in one mapping \(first at line \d+\)/,
    at: { needle: "port: 8081" },
  },
  {
    name: "an alias bomb in YAML",
    file: "fawkes.config.yaml",
    edit: [
      "\nservices:\n",
      `\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${[1, 2, 3, 4, 5]
        .map(
          (i) =>
            `x${i}: &a${i} [${Array(10)
              .fill(`*a${i - 1}`)
              .join(", ")}]`,
        )
        .join("\n")}\nservices:\n`,
    ],
    path: "(config)",
    message: /cannot be read: Excessive alias count/,
    at: { needle: "*a0" },
  },
  {
    name: "an unknown key in a JSON environment",
    file: "fawkes.config.json",
    edit: ['"size": "small"', '"szie": "small"'],
    path: "environments.dev.szie",
    message: /unknown key "szie"/,
    hint: /did you mean "size"/,
    at: { needle: '"szie"' },
  },
  {
    name: "a trailing comma in JSON",
    file: "fawkes.config.json",
    edit: ['"managementEnvironment": "prod"\n', '"managementEnvironment": "prod",\n'],
    path: "(config)",
    message: /not valid JSON: Expected double-quoted property name/,
    hint: /strict JSON/,
    at: { needle: "}", after: '"managementEnvironment": "prod",' },
  },
];

const forms = suite("bad configs in YAML and JSON");

for (const c of FORM_CASES) {
  forms(c.name, async () => {
    const example = c.file === "fawkes.config.json" ? await exampleJson() : await exampleYaml();
    const config = editExample(c.edit[0], c.edit[1], example);
    const run = await cli(["validate", "-C", writeForm({ [c.file]: config })]);
    assert.is(run.code, 1, run.stderr);
    const { line, column } = positionOf(config, c.at.needle, c.at.after);
    const hit = run.stderr.split("\n").find((l) => l.startsWith(`${c.file}:${line}:${column} ${c.path}: `));
    assert.ok(hit, `expected "${c.file}:${line}:${column} ${c.path}: …" in:\n${run.stderr}`);
    assert.match(hit!, c.message);
    if (c.hint) assert.match(hit!, c.hint);
    assert.not.match(run.stderr, /\n\s+at /, "no stack trace");
  });
}

forms("an empty YAML config is not a config, and says what is", async () => {
  const run = await cli(["validate", "-C", writeForm({ "fawkes.config.yaml": "# nothing yet\n" })]);
  assert.is(run.code, 1);
  assert.match(
    run.stderr,
    /^fawkes\.config\.yaml:1:1 \(config\): the config must be a mapping of its sections, not null/m,
  );
});

forms.run();
