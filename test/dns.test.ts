// Certificates and DNS on day 0, on both clouds: DNS-01 in each cloud's zone, ExternalDNS writing the gateways'
// hosts, each through a workload identity that may change that zone only; the checks that keep it so.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@cdktn/hcl2json";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { checkDnsCoverage, checkInternalCertificates } from "../core/checks/model-checks.ts";
import { generateTree } from "../core/generate-tree.ts";
import { runPreflight } from "../core/preflight.ts";
import { formatPath } from "../core/problems.ts";
import { platformFlows } from "../core/runtime/platform-flows.ts";
import { validateConfig } from "../core/validate.ts";
import { generateClusterConfig } from "../generators/cluster-config/index.ts";
import { GENERATORS } from "../generators/index.ts";
import { componentValues } from "../generators/helm-values/index.ts";
import { generateTerraform } from "../generators/terraform/index.ts";
import { CHART_FACTS } from "../schema/chart-facts/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, ZONE_ID, resolveFrom, withDns } from "./helpers/model.ts";
import { generateExample, MARKDOWN } from "./helpers/pipeline.ts";
import { testUnless } from "./helpers/skip.ts";
import { which } from "./helpers/tools.ts";

const test = suite("dns");
type Obj = Record<string, any>;

const AZURE_ZONE = "dev.m.example";
const SUBSCRIPTION = "8f7c2b1e-4a3d-4e5f-9a8b-1c2d3e4f5a6b";
const CERT_MANAGER_ID = "3b0c6f1e-7d2a-4c8b-9e5f-1a2b3c4d5e6f";
const EXTERNAL_DNS_ID = "5d8e2a4c-1f3b-4e7a-8c9d-6b5a4f3e2d1c";
const ZONE_RESOURCE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/m-dns/providers/Microsoft.Network/dnsZones/${AZURE_ZONE}`;

/** dev on Azure (a zone delegated under the platform's domain), prod on AWS (the platform's domain), DNS-01. */
const TWO_CLOUDS: FawkesConfigInput = {
  ...SMALL,
  clouds: {
    aws: { ...SMALL.clouds.aws!, dns: { hostedZoneId: ZONE_ID } } as FawkesConfigInput["clouds"][string],
    azure: {
      provider: "azure",
      location: "westeurope",
      subscriptionId: SUBSCRIPTION,
      tenantId: "2d4e6f80-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
      cidr: "10.30.0.0/16",
      state: { resourceGroup: "m-tfstate", storageAccount: "mtfstate" },
      dns: { zone: AZURE_ZONE, resourceGroup: "m-dns" },
    },
  },
  environments: { ...SMALL.environments, dev: { ...SMALL.environments.dev!, cloud: "azure" } },
  services: {
    site: { team: "web", description: "A public site.", port: 8080, expose: true, replicas: 1 },
  },
  components: {
    certManager: { acmeEmail: "ops@m.example", challenge: "dns01", azureClientId: { dev: CERT_MANAGER_ID } },
    externalDns: { azureClientId: { dev: EXTERNAL_DNS_ID } },
  },
};
const RELEASES = { site: { dev: "1.0.0", prod: "1.0.0" } };
/** A config resolved with the releases of the services it declares. */
const resolve = (config: FawkesConfigInput) => resolveFrom(config, config.services?.site ? RELEASES : {});
const model = resolve(TWO_CLOUDS);
const env = (name: string) => model.environments.find((e) => e.name === name)!;

function clusterObjects(config: FawkesConfigInput, environment: string, part: string): Obj[] {
  return generateClusterConfig(resolve(config))
    .filter((f) => f.path.startsWith(`out/platform/clusters/${environment}/`) && f.path.endsWith(`/${part}.yaml`))
    .flatMap((f) => (f.type === "objects" ? f.objects.map((o) => o.toJSON() as Obj) : []));
}

function values(key: "certManager" | "externalDns", environment: string): Obj {
  const component = model.components.find((c) => c.key === key)!;
  return componentValues({ model, component, env: env(environment) }) as Obj;
}

async function terraform(environment: string): Promise<{ text: string; hcl: Obj }> {
  const file = generateTerraform(model).find((f) => f.path === `out/infra/${environment}/identities.tf`)!;
  const text = file.type === "text" ? file.content : "";
  return { text, hcl: await parse("identities.tf", text) };
}

/** The errors validation reports (warnings left out), with their path, message and hint. */
const errorsOf = (config: FawkesConfigInput, releases: Record<string, Record<string, string>> = {}) =>
  validateConfig(config, releases)
    .problems.filter((p) => p.severity !== "warning")
    .map((p) => ({ path: formatPath(p.path), message: p.message, hint: p.hint }));

test("the ClusterIssuer answers DNS-01 in each cloud's zone: Route 53 by hosted zone, Azure DNS by identity", () => {
  const [prod] = clusterObjects(TWO_CLOUDS, "prod", "cluster-issuer");
  assert.equal(prod!.spec.acme.solvers, [{ dns01: { route53: { region: "us-east-1", hostedZoneID: ZONE_ID } } }]);
  const [dev] = clusterObjects(TWO_CLOUDS, "dev", "cluster-issuer");
  assert.equal(dev!.spec.acme.solvers, [
    {
      dns01: {
        azureDNS: {
          subscriptionID: SUBSCRIPTION,
          resourceGroupName: "m-dns",
          hostedZoneName: AZURE_ZONE,
          environment: "AzurePublicCloud",
          managedIdentity: { clientID: CERT_MANAGER_ID },
        },
      },
    },
  ]);
  // HTTP-01 stays what it was: the public Gateways' plain-HTTP listener.
  const [http01] = clusterObjects(SMALL, "prod", "cluster-issuer");
  assert.ok(http01!.spec.acme.solvers[0].http01.gatewayHTTPRoute);
});

test("Route 53: each writer's role changes records in the one hosted zone, cert-manager only challenge TXT records", async () => {
  const { hcl } = await terraform("prod");
  const zone = `arn:aws:route53:::hostedzone/${ZONE_ID}`;
  const statements = (id: string): Obj[] => hcl.data.aws_iam_policy_document[id][0].statement;
  for (const id of ["cert_manager", "external_dns"]) {
    const changes = statements(id).filter((s) => s.actions.includes("route53:ChangeResourceRecordSets"));
    assert.is(changes.length, 1, id);
    assert.equal(changes[0]!.resources, [zone], `${id} changes its zone only`);
    const zoneWide = statements(id).filter((s) => s.resources.some((r: string) => r.includes("hostedzone/*")));
    assert.equal(zoneWide, [], `${id}: no statement on every hosted zone`);
    // Only actions that cannot be scoped to a zone may name "*" or every change.
    for (const s of statements(id).filter((s) => !s.resources.includes(zone)))
      assert.ok(
        s.actions.every((a: string) => ["route53:GetChange", "route53:ListHostedZones"].includes(a)),
        `${id}: ${s.actions} on ${s.resources}`,
      );
  }
  const challenge = statements("cert_manager").find((s) => s.actions.includes("route53:ChangeResourceRecordSets"))!;
  assert.equal(
    challenge.condition.map((c: Obj) => [c.test, c.variable, c.values]),
    [
      ["ForAllValues:StringLike", "route53:ChangeResourceRecordSetsNormalizedRecordNames", ["_acme-challenge.*"]],
      ["ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsRecordTypes", ["TXT"]],
    ],
  );
  // The roles are assumed by exactly the service accounts the charts run their pods as.
  const subject = (id: string) =>
    hcl.data.aws_iam_policy_document[`${id}_assume`][0].statement[0].condition[0].values[0];
  assert.is(
    subject("cert_manager"),
    `system:serviceaccount:cert-manager:${CHART_FACTS.certManager.pods[0]!.serviceAccount}`,
  );
  assert.is(
    subject("external_dns"),
    `system:serviceaccount:external-dns:${CHART_FACTS.externalDns.pods[0]!.serviceAccount}`,
  );
});

test("Azure DNS: DNS Zone Contributor on the zone, ExternalDNS also reads the zone's resource group, nothing wider", async () => {
  const { hcl } = await terraform("dev");
  const roles = Object.values(hcl.resource.azurerm_role_assignment as Obj).map(([r]: Obj[]) => [
    /azurerm_user_assigned_identity\.(\w+)\.principal_id/.exec(r!.principal_id)![1],
    r!.role_definition_name,
    r!.scope,
  ]);
  assert.equal(roles.sort(), [
    ["cert_manager", "DNS Zone Contributor", ZONE_RESOURCE],
    ["external_dns", "DNS Zone Contributor", ZONE_RESOURCE],
    ["external_dns", "Reader", `/subscriptions/${SUBSCRIPTION}/resourceGroups/m-dns`],
  ]);
  const credentials = hcl.resource.azurerm_federated_identity_credential;
  assert.is(credentials.cert_manager[0].subject, "system:serviceaccount:cert-manager:cert-manager");
  assert.is(credentials.external_dns[0].subject, "system:serviceaccount:external-dns:external-dns");
});

testUnless(
  test,
  which("terraform") ? undefined : "terraform is not installed",
  "the identities are in terraform fmt's canonical style",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "fawkes-dns-"));
    try {
      for (const name of ["dev", "prod"]) writeFileSync(join(dir, `${name}.tf`), (await terraform(name)).text);
      const result = spawnSync("terraform", ["fmt", "-check", "-list=true", dir], { encoding: "utf8" });
      assert.is(result.status, 0, `${result.stdout}${result.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("values: the role ARN on the service account on AWS; client id, and the workload identity label on the pod, on Azure", () => {
  assert.equal(values("certManager", "prod").serviceAccount, {
    annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/m-prod-cert-manager" },
  });
  const dev = values("certManager", "dev");
  assert.equal(dev.serviceAccount, {
    annotations: { "azure.workload.identity/client-id": CERT_MANAGER_ID },
    labels: { "azure.workload.identity/use": "true" },
  });
  assert.equal(dev.podLabels, { "azure.workload.identity/use": "true" });
  assert.equal(values("externalDns", "dev").serviceAccount.annotations, {
    "azure.workload.identity/client-id": EXTERNAL_DNS_ID,
  });
  // Under HTTP-01 cert-manager needs no cloud identity at all.
  const http01 = resolveFrom(SMALL);
  const certManager = http01.components.find((c) => c.key === "certManager")!;
  assert.is(
    (componentValues({ model: http01, component: certManager, env: http01.environments[1]! }) as Obj).serviceAccount,
    undefined,
  );
});

test("ExternalDNS: the Gateways' routes, upsert-only where protected, records owned per cluster, the zone only", () => {
  const prod = values("externalDns", "prod");
  assert.equal(
    [
      prod.provider,
      prod.sources,
      prod.gatewayNamespace,
      prod.policy,
      prod.registry,
      prod.txtOwnerId,
      prod.domainFilters,
    ],
    [{ name: "aws" }, ["gateway-httproute"], "nginx-gateway", "upsert-only", "txt", "m-prod", ["m.example"]],
  );
  assert.equal(prod.extraArgs, { "zone-id-filter": ZONE_ID });
  const dev = values("externalDns", "dev");
  assert.equal(
    [dev.provider, dev.policy, dev.txtOwnerId, dev.domainFilters],
    [{ name: "azure" }, "sync", "m-dev", [AZURE_ZONE]],
  );
  // Azure's provider reads azure.json: a ConfigMap beside it, mounted where the provider looks.
  assert.equal(dev.extraVolumeMounts, [{ name: "azure-config", mountPath: "/etc/kubernetes", readOnly: true }]);
  const [config] = clusterObjects(TWO_CLOUDS, "dev", "external-dns");
  assert.is(config!.metadata.name, dev.extraVolumes[0].configMap.name);
  assert.is(config!.metadata.namespace, "external-dns");
  assert.equal(JSON.parse(config!.data["azure.json"]), {
    tenantId: "2d4e6f80-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
    subscriptionId: SUBSCRIPTION,
    resourceGroup: "m-dns",
    useWorkloadIdentityExtension: true,
  });
  assert.equal(clusterObjects(TWO_CLOUDS, "prod", "external-dns"), [], "no azure.json on AWS");
});

test("ExternalDNS runs where a cloud declares a zone (and a gateway runs), and can be switched off", () => {
  const where = (config: FawkesConfigInput) =>
    resolve(config)
      .installed("externalDns")
      ?.environments.map((e) => e.name) ?? [];
  assert.equal(where(TWO_CLOUDS), ["dev", "prod"]);
  assert.equal(where(SMALL), [], "no zone, no ExternalDNS");
  assert.equal(where(withDns(SMALL, { aws: { hostedZoneId: ZONE_ID } })), ["dev", "prod"]);
  const off = {
    ...TWO_CLOUDS,
    components: { ...TWO_CLOUDS.components, externalDns: { environments: { dev: { enabled: false } } } },
  };
  assert.equal(where(off), ["prod"]);
  const noGateway = { ...TWO_CLOUDS, components: { ...TWO_CLOUDS.components, gateway: { enabled: false } } };
  assert.equal(where(noGateway), [], "no gateway, no hosts to publish");
});

test("DNS-01 or ExternalDNS on a cloud without a zone is an error at the cloud or the switch, with the fix", () => {
  const dns01 = {
    ...SMALL,
    components: { ...SMALL.components, certManager: { acmeEmail: "o@m.example", challenge: "dns01" as const } },
  };
  assert.equal(errorsOf(dns01), [
    {
      path: "clouds.aws",
      message:
        'components.certManager.challenge is "dns01", but cloud "aws" declares no DNS zone: cert-manager cannot answer challenges for dev, prod',
      hint: 'add dns: { hostedZoneId: "Z…" } to clouds.aws, the Route 53 hosted zone of its hosts (its name defaults to platform.domain); or use challenge: "http01"',
    },
  ]);
  const explicit = {
    ...SMALL,
    components: { ...SMALL.components, externalDns: { environments: { prod: { enabled: true } } } },
  };
  assert.equal(
    errorsOf(explicit).map((p) => p.path),
    ["components.externalDns.environments.prod.enabled"],
  );
  const stray = {
    ...TWO_CLOUDS,
    components: {
      ...TWO_CLOUDS.components,
      externalDns: { azureClientId: { prod: EXTERNAL_DNS_ID, qa: EXTERNAL_DNS_ID } },
    },
  };
  assert.equal(
    errorsOf(stray, RELEASES).map((p) => p.path),
    ["components.externalDns.azureClientId.prod", "components.externalDns.azureClientId.qa"],
  );
});

test("warnings: an Azure writer without its client id (naming the Terraform output), hosts outside the zone", () => {
  assert.equal(checkDnsCoverage(model), []);
  const noIds = resolveFrom({ ...TWO_CLOUDS, components: { ...TWO_CLOUDS.components, externalDns: {} } }, RELEASES);
  const [missing] = checkDnsCoverage(noIds);
  assert.equal([formatPath(missing!.path), missing!.severity], ["components.externalDns.azureClientId", "warning"]);
  assert.match(missing!.message, /ExternalDNS has no managed identity client id for dev/);
  assert.match(
    missing!.hint!,
    /"external-dns\/external-dns" entry of `terraform -chdir=out\/infra\/dev output workload_client_ids`/,
  );
  const outside = resolve({
    ...TWO_CLOUDS,
    services: { site: { ...TWO_CLOUDS.services!.site!, expose: { host: { dev: "site.m.example" } } } },
  });
  const [host] = checkDnsCoverage(outside);
  assert.equal([formatPath(host!.path), host!.severity], ["clouds.azure.dns.zone", "warning"]);
  assert.match(
    host!.message,
    /^site\.m\.example \(dev\) are outside the DNS zone dev\.m\.example: DNS-01 cannot validate/,
  );
});

test("HTTP-01 still warns that internal hosts get no certificate; DNS-01 validates them", () => {
  const [warning] = checkInternalCertificates(resolveFrom(SMALL));
  assert.is(formatPath(warning!.path), "components.certManager.challenge");
  assert.match(warning!.message, /loki\.m\.example.*vault\.m\.example are served on the internal Gateway/);
  assert.equal(checkInternalCertificates(model), []);
});

test("ExternalDNS's pod is admitted by the preflight in every cluster, and accepts only Prometheus's scrapes", async () => {
  const generated = await generateTree(model, MARKDOWN);
  assert.ok(generated.ok, generated.ok ? "" : generated.problems.map((p) => p.message).join("\n"));
  const { verdicts } = runPreflight(
    model,
    GENERATORS.flatMap((generate) => generate(model)),
  );
  const externalDns = verdicts.filter((v) => v.pod === "Deployment external-dns/external-dns of external-dns 1.21.1");
  assert.equal(
    externalDns.map((v) => [v.environment, v.denied]),
    [
      ["dev", []],
      ["prod", []],
    ],
  );
  for (const name of ["dev", "prod"]) {
    const into = platformFlows(model, env(name)).filter((f) => f.to === "external-dns");
    assert.equal(
      into.map((f) => f.from),
      [["external-dns"], ["monitoring"]],
      `${name}: its own pods and Prometheus only`,
    );
  }
});

test("the example uses DNS-01 on both clouds and generates without a warning", async () => {
  const { warnings, model: example } = await generateExample();
  assert.equal(
    warnings.map((w) => w.message),
    [],
  );
  assert.is(example.certificates.challenge, "dns01");
  assert.equal(
    example.installed("externalDns")?.environments.map((e) => e.name),
    ["dev", "staging", "prod"],
  );
});

test.run();
