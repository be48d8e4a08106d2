// Values builders: what Fawkes decides per component, from the config, and user values merged over it.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateHelmValues } from "../../generators/helm-values/index.ts";
import { mergeValues } from "../../generators/helm-values/context.ts";
import { groovyString } from "../../generators/helm-values/jenkins.ts";
import type { FawkesConfigInput } from "../../schema/config.ts";
import { SMALL, resolveFrom, AZURE_CLOUD } from "../helpers/model.ts";

type Obj = Record<string, any>;

function values(config: FawkesConfigInput = SMALL): Record<string, Obj> {
  return Object.fromEntries(
    generateHelmValues(resolveFrom(config)).map((f) => [
      f.path.replace("out/platform/values/", ""),
      f.type === "data" ? (f.data as Obj) : {},
    ]),
  );
}

const test = suite("helm values");

const CASES: { file: string; check: (v: Obj) => void }[] = [
  {
    file: "dev/cert-manager.yaml",
    check: (v) => {
      assert.equal(v.crds, { enabled: true });
      assert.equal(v.config.gatewayAPI, { enabled: true });
    },
  },
  {
    file: "dev/external-secrets.yaml",
    check: (v) => {
      assert.is(v.installCRDs, true);
      assert.is(
        v.serviceAccount.annotations["eks.amazonaws.com/role-arn"],
        "arn:aws:iam::111122223333:role/m-dev-external-secrets",
      );
    },
  },
  { file: "dev/kyverno.yaml", check: (v) => assert.is(v.admissionController.replicas, 3, "medium: highly available") },
  {
    file: "dev/nginx-gateway-fabric.yaml",
    check: (v) => {
      assert.is(v.nginxGateway.gatewayClassName, "nginx");
      assert.equal(
        v.nginx.service,
        { type: "LoadBalancer", externalTrafficPolicy: "Local" },
        "each Gateway annotates its own load balancer",
      );
    },
  },
  {
    file: "prod/argocd.yaml",
    check: (v) => {
      assert.is(v.global.domain, "argocd.m.example");
      assert.is(v.configs.params["server.insecure"], true);
      assert.match(v.configs.rbac["policy.csv"], /g, m:web, proj:web:team/);
      assert.ok(v.configs.cm["resource.customizations.health.argoproj.io_Application"]);
    },
  },
  {
    file: "prod/vault.yaml",
    check: (v) => {
      assert.is(v.server.ha.enabled, true);
      assert.is(v.server.dataStorage.storageClass, "gp3");
      assert.is(v.injector.enabled, true);
    },
  },
  {
    file: "prod/kube-prometheus-stack.yaml",
    check: (v) => {
      assert.is(v.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues, false);
      assert.is(v.grafana.enabled, true);
      assert.equal(
        v.grafana.additionalDataSources.map((d: Obj) => d.type),
        ["loki", "tempo"],
      );
    },
  },
  { file: "dev/kube-prometheus-stack.yaml", check: (v) => assert.is(v.grafana.enabled, false, "Grafana is central") },
  {
    file: "prod/loki.yaml",
    check: (v) => {
      assert.is(v.deploymentMode, "Monolithic");
      assert.is(v.singleBinary.replicas, 1);
      for (const t of ["read", "write", "backend"]) assert.is(v[t].replicas, 0);
    },
  },
  { file: "dev/fluent-bit.yaml", check: (v) => assert.match(v.config.outputs, /Host loki\.m\.example\n {4}Port 443/) },
  { file: "prod/fluent-bit.yaml", check: (v) => assert.match(v.config.outputs, /Host loki\.monitoring\.svc/) },
  {
    file: "prod/backstage.yaml",
    check: (v) => assert.is(v.backstage.appConfig.app.baseUrl, "https://backstage.m.example"),
  },
];

for (const { file, check } of CASES) test(file, () => check(values()[file]!));

test("Azure clusters get Azure storage and load balancer settings", () => {
  const azure: FawkesConfigInput = {
    ...SMALL,
    clouds: {
      ...SMALL.clouds,
      az: { ...AZURE_CLOUD, cidr: "10.9.0.0/16", state: { resourceGroup: "rg", storageAccount: "acct" } },
    },
    environments: { ...SMALL.environments, dev: { ...SMALL.environments.dev!, cloud: "az" } },
  };
  const v = values(azure)["dev/kube-prometheus-stack.yaml"]!;
  assert.is(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName, "managed-csi");
});

test("config values and per-environment overrides merge over Fawkes' values", () => {
  const v = values({
    ...SMALL,
    components: {
      ...SMALL.components,
      kyverno: {
        values: { admissionController: { resources: { limits: { memory: "1Gi" } } } },
        environments: { dev: { values: { admissionController: { replicas: 1 } } } },
      },
    },
  });
  const { container: _hardening, ...admission } = v["dev/kyverno.yaml"]!.admissionController;
  assert.equal(admission, { replicas: 1, resources: { limits: { memory: "1Gi" } } });
  assert.is(v["prod/kyverno.yaml"]!.admissionController.replicas, 3);
});

test("pods whose charts expose the settings get restricted security contexts through values", () => {
  const vault = values()["prod/vault.yaml"]!;
  const restricted = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
  };
  assert.equal(vault.server.statefulSet.securityContext.container, restricted);
  // The chart's own user and groups are kept: only what restricted asks for is added.
  assert.equal(vault.server.statefulSet.securityContext.pod, {
    runAsNonRoot: true,
    runAsUser: 100,
    runAsGroup: 1000,
    fsGroup: 1000,
    seccompProfile: { type: "RuntimeDefault" },
  });
});

test("maps merge recursively, lists and scalars are replaced", () => {
  assert.equal(mergeValues({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, d: { e: 1 } }), {
    a: { b: 1, c: [2] },
    d: { e: 1 },
  });
});

test("text from the config is safe inside a Groovy single-quoted string (Job DSL)", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ["it's", "it\\'s"],
    ["two\nlines", "two\\nlines"],
    ["back\\slash", "back\\\\slash"],
    ["${evil}", "\\${evil}"],
  ];
  for (const [given, want] of cases) assert.is(groovyString(given), want, given);
});

test("Jenkins loads the shared library at the pinned tag, and pipelines cannot pick another", () => {
  const pinned = values({
    ...SMALL,
    platform: { ...SMALL.platform, git: { repoURL: "https://github.com/m/p", libraryVersion: "lib-v2" } },
  })["prod/jenkins.yaml"]!;
  const script = pinned.controller.JCasC.configScripts["fawkes-library"] as string;
  assert.match(script, /defaultVersion: lib-v2\n\s+allowVersionOverride: false/);
});

test.run();
