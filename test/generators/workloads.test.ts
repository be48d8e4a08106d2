// Table-driven tests of the workload builders: a resolved service in, the fields that matter out.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateWorkloads } from "../../generators/workloads/index.ts";
import { memoryLimit } from "../../core/resolve-service.ts";
import { validateConfig } from "../../core/validate.ts";
import type { FawkesConfigInput } from "../../schema/config.ts";
import { SMALL, declaredChartPods, resolveFrom } from "../helpers/model.ts";

type Services = NonNullable<FawkesConfigInput["services"]>;
type Obj = Record<string, any>;

/** Objects of one service in one environment, by kind. */
function render(
  services: Services,
  env = "dev",
  overrides: Partial<FawkesConfigInput> = {},
): (kind: string) => Obj | undefined {
  const releases = Object.fromEntries(
    Object.keys(services)
      .filter((s) => !services[s]!.chart)
      .map((s) => [s, { dev: "1.0.0", prod: "1.0.0" }]),
  );
  const model = resolveFrom({ ...SMALL, ...overrides, services }, releases);
  const file = generateWorkloads(model).find(
    (f) => f.path === `out/platform/services/${env}/${Object.keys(services)[0]}/manifests.yaml`,
  );
  if (!file || file.type !== "objects") throw new Error("no manifests");
  const objects = file.objects.map((o) => o.toJSON() as Obj);
  return (kind) => objects.find((o) => o.kind === kind);
}

const base = { team: "web", description: "x" } as const;
const test = suite("workload builders");

const SHAPES: { name: string; service: Services[string]; want: Record<string, boolean> }[] = [
  {
    name: "web",
    service: { ...base },
    want: {
      Deployment: true,
      Service: true,
      CronJob: false,
      HorizontalPodAutoscaler: false,
      PodDisruptionBudget: true,
      HTTPRoute: false,
    },
  },
  {
    name: "exposed web with autoscaling",
    service: { ...base, expose: true, autoscale: { min: 2, max: 5 } },
    want: { Deployment: true, Service: true, HorizontalPodAutoscaler: true, HTTPRoute: true },
  },
  {
    name: "single-replica worker",
    service: { ...base, type: "worker", replicas: 1 },
    want: { Deployment: true, Service: false, PodDisruptionBudget: false, HTTPRoute: false },
  },
  {
    name: "cron job",
    service: { ...base, type: "cronjob", schedule: "0 * * * *" },
    want: { CronJob: true, Deployment: false, Service: false, PodDisruptionBudget: false },
  },
  {
    name: "secrets through External Secrets",
    service: { ...base, secrets: { DB: { path: "web/x/db", key: "url" } } },
    want: { ExternalSecret: true },
  },
  {
    name: "secrets through the Vault Agent",
    service: { ...base, secretDelivery: "vault-agent", secrets: { DB: { path: "web/x/db", key: "url" } } },
    want: { ExternalSecret: false },
  },
  {
    name: "metrics on the service port",
    service: { ...base, metrics: { path: "/metrics" } },
    want: { ServiceMonitor: true, PodMonitor: false },
  },
  {
    name: "worker metrics",
    service: { ...base, type: "worker", metrics: { path: "/metrics", port: 9090 } },
    want: { PodMonitor: true, ServiceMonitor: false },
  },
];

for (const { name, service, want } of SHAPES) {
  test(`objects of a ${name}`, () => {
    const get = render({ svc: service });
    for (const [kind, present] of Object.entries(want))
      assert.is(get(kind) !== undefined, present, `${kind} ${present ? "expected" : "not expected"}`);
    assert.ok(get("ServiceAccount"));
    assert.ok(get("NetworkPolicy"));
  });
}

test("restricted security by default", () => {
  const pod = render({ svc: { ...base } })("Deployment")!.spec.template.spec;
  assert.equal(pod.securityContext, {
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    seccompProfile: { type: "RuntimeDefault" },
  });
  assert.equal(pod.containers[0].securityContext, {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  });
  assert.is(pod.automountServiceAccountToken, false);
  assert.equal(pod.volumes, [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
  assert.equal(pod.containers[0].volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
});

test("image from the releases file, replicas per environment, probes with web defaults", () => {
  const get = render(
    { svc: { ...base, replicas: { dev: 1, prod: 4 }, probes: { startup: { path: "/started" } } } },
    "prod",
  );
  const deployment = get("Deployment")!;
  assert.is(deployment.spec.replicas, 4);
  const container = deployment.spec.template.spec.containers[0];
  assert.is(container.image, "ghcr.io/m/svc:1.0.0");
  assert.equal(container.livenessProbe.httpGet, { path: "/healthz", port: "http" });
  assert.equal(container.readinessProbe.httpGet, { path: "/readyz", port: "http" });
  assert.equal(container.startupProbe.httpGet, { path: "/started", port: "http" });
});

test("kubelet probes reach a probed pod that nothing else may reach (ambient SNAT address)", () => {
  // Not scraped (metrics: false): Prometheus would be the one other caller.
  const ingress = render({ svc: { ...base, metrics: false } })("NetworkPolicy")!.spec.ingress;
  assert.equal(ingress, [{ from: [{ ipBlock: { cidr: "169.254.7.127/32" } }] }]);
  const worker = render({ svc: { ...base, type: "worker", probes: { liveness: { command: ["true"] } } } })(
    "NetworkPolicy",
  )!.spec.ingress;
  assert.equal(worker, [{ from: [{ ipBlock: { cidr: "169.254.7.127/32" } }] }]);
  const unprobed = render({ svc: { ...base, type: "cronjob", schedule: "0 * * * *" } })("NetworkPolicy")!.spec.ingress;
  assert.equal(unprobed, []);
});

test("Vault Agent templates index keys, so keys with a dash are valid Go templates", () => {
  const pod = render({
    svc: { ...base, secretDelivery: "vault-agent", secrets: { API_KEY: { path: "web/x/api", key: "api-key" } } },
  })("Deployment")!.spec.template;
  assert.is(
    pod.metadata.annotations["vault.hashicorp.com/agent-inject-template-API_KEY"],
    '{{- with secret "kv/data/dev/teams/web/x/api" -}}{{ index .Data.data "api-key" }}{{- end }}',
  );
  assert.is(
    pod.metadata.annotations["vault.hashicorp.com/auth-path"],
    "auth/kubernetes-dev",
    "the cluster's own auth mount",
  );
  assert.is(pod.metadata.annotations["vault.hashicorp.com/agent-pre-populate-only"], "false");
  const job = render({
    svc: {
      ...base,
      type: "cronjob",
      schedule: "0 * * * *",
      secretDelivery: "vault-agent",
      secrets: { K: { path: "web/x/k", key: "k" } },
    },
  })("CronJob")!;
  assert.is(
    job.spec.jobTemplate.spec.template.metadata.annotations["vault.hashicorp.com/agent-pre-populate-only"],
    "true",
    "a Job's agent exits",
  );
});

test("an autoscaled Deployment leaves the replica count to the HPA", () => {
  const get = render({ svc: { ...base, autoscale: { min: 2, max: 8, cpuUtilization: 60 } } });
  assert.is(get("Deployment")!.spec.replicas, undefined);
  assert.equal(get("HorizontalPodAutoscaler")!.spec.metrics[0].resource.target, {
    type: "Utilization",
    averageUtilization: 60,
  });
});

test("host <service>.<env>.<domain> unless set, attached to the environment's Gateway", () => {
  const route = render({ svc: { ...base, expose: true } })("HTTPRoute")!;
  assert.equal(route.spec.hostnames, ["svc.dev.m.example"]);
  assert.equal(route.spec.parentRefs, [
    { group: "gateway.networking.k8s.io", kind: "Gateway", name: "platform", namespace: "nginx-gateway" },
  ]);
  const custom = render({ svc: { ...base, expose: { host: { prod: "www.m.example" } } } }, "prod")("HTTPRoute")!;
  assert.equal(custom.spec.hostnames, ["www.m.example"]);
});

test("Ingress only with the legacy ingress-nginx controller", () => {
  const get = render({ svc: { ...base, expose: true } }, "dev", {
    components: {
      certManager: { acmeEmail: "o@m.example" },
      gateway: { enabled: false },
      ingressNginx: { enabled: true },
    },
  });
  assert.is(get("HTTPRoute"), undefined);
  const ingress = get("Ingress")!;
  assert.is(ingress.spec.ingressClassName, "nginx");
  assert.equal(ingress.spec.tls, [{ hosts: ["svc.dev.m.example"], secretName: "svc-tls" }]);
});

test("secrets are references to Vault paths of their environment, never values", () => {
  const get = render({ svc: { ...base, secrets: { DB_URL: { path: "web/svc/db", key: "url" } } } });
  const es = get("ExternalSecret")!;
  assert.is(es.apiVersion, "external-secrets.io/v1");
  assert.equal(es.spec.data, [{ secretKey: "DB_URL", remoteRef: { key: "dev/teams/web/svc/db", property: "url" } }]);
  const prod = render({ svc: { ...base, secrets: { DB_URL: { path: "web/svc/db", key: "url" } } } }, "prod");
  assert.is(prod("ExternalSecret")!.spec.data[0].remoteRef.key, "prod/teams/web/svc/db", "prod reads its own copy");
  assert.equal(es.spec.secretStoreRef, { kind: "SecretStore", name: "vault" }, "the team's own store");
  const env = get("Deployment")!.spec.template.spec.containers[0].env;
  assert.equal(env, [{ name: "DB_URL", valueFrom: { secretKeyRef: { name: "svc-secrets", key: "DB_URL" } } }]);
});

test("Vault Agent delivery annotates the pod with the team's role and mounts the token", () => {
  const pod = render({
    svc: { ...base, secretDelivery: "vault-agent", secrets: { DB_URL: { path: "web/svc/db", key: "url" } } },
  })("Deployment")!.spec.template;
  assert.is(pod.metadata.annotations["vault.hashicorp.com/role"], "web-dev");
  assert.is(pod.metadata.annotations["vault.hashicorp.com/agent-inject-secret-DB_URL"], "kv/data/dev/teams/web/svc/db");
  assert.is(pod.spec.automountServiceAccountToken, true);
});

test("a secret declared shared reads one path in every environment; the others stay per environment", () => {
  const secrets = {
    LICENSE: { path: "web/svc/license", key: "key", shared: true },
    DB_URL: { path: "web/svc/db", key: "url" },
  };
  for (const env of ["dev", "prod"]) {
    const es = render({ svc: { ...base, secrets } }, env)("ExternalSecret")!;
    assert.equal(
      es.spec.data.map((d: Obj) => d.remoteRef.key),
      [`${env}/teams/web/svc/db`, "shared/teams/web/svc/license"],
    );
    const pod = render({ svc: { ...base, secretDelivery: "vault-agent", secrets } }, env)("Deployment")!.spec.template;
    assert.is(
      pod.metadata.annotations["vault.hashicorp.com/agent-inject-secret-LICENSE"],
      "kv/data/shared/teams/web/svc/license",
    );
    assert.is(
      pod.metadata.annotations["vault.hashicorp.com/agent-inject-secret-DB_URL"],
      `kv/data/${env}/teams/web/svc/db`,
    );
  }
});

test("workload identity: an IAM role on AWS", () => {
  const sa = render({ svc: { ...base, cloudAccess: { awsPolicyArns: ["arn:aws:iam::111122223333:policy/x"] } } })(
    "ServiceAccount",
  )!;
  assert.equal(sa.metadata.annotations, { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/m-dev-svc" });
});

test("network policy: callers, the gateway and Prometheus in; dependencies and the collector out", () => {
  const services: Services = {
    api: {
      ...base,
      expose: true,
      metrics: { path: "/metrics" },
      build: { type: "node", repo: "https://github.com/m/api" },
    },
    front: { ...base, dependsOn: ["api"], port: 3000 },
  };
  const policy = render(services)("NetworkPolicy")!;
  const from = policy.spec.ingress.map((r: Obj) => r.from[0]);
  assert.equal(from[0], {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } },
    podSelector: { matchLabels: { "app.kubernetes.io/name": "front" } },
  });
  assert.equal(from[1], { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "nginx-gateway" } } });
  assert.equal(from[2], { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } });
  assert.equal(
    policy.spec.egress.map((r: Obj) => r.ports.map((p: Obj) => p.port)),
    [[4317, 4318]],
  );
});

test("observability: standard labels everywhere, OpenTelemetry by language", () => {
  const get = render({ svc: { ...base, build: { type: "maven", repo: "https://github.com/m/svc" } } });
  const deployment = get("Deployment")!;
  for (const key of [
    "app.kubernetes.io/name",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/managed-by",
    "fawkes.dev/team",
    "fawkes.dev/environment",
  ]) {
    assert.ok(deployment.metadata.labels[key], key);
    assert.ok(deployment.spec.template.metadata.labels[key], key);
  }
  assert.is(
    deployment.spec.template.metadata.annotations["instrumentation.opentelemetry.io/inject-java"],
    "opentelemetry-operator-system/default",
  );
  const go = render({ svc: { ...base, build: { type: "go", repo: "https://github.com/m/svc" } } })("Deployment")!;
  assert.is(go.spec.template.metadata.annotations, undefined, "no privileged Go agent");
});

test("a chart service gets a values file and only Fawkes' own objects beside it", () => {
  const model = resolveFrom({
    ...SMALL,
    services: {
      bi: {
        ...base,
        chart: {
          repoURL: "https://charts.example",
          chart: "bi",
          version: "1.2.3",
          values: { replicaCount: 2 },
          pods: declaredChartPods("bi"),
        },
      },
    },
  });
  const files = generateWorkloads(model);
  assert.equal(
    files.map((f) => f.path),
    [
      "out/platform/services/dev/bi/values.yaml",
      "out/platform/services/dev/bi/manifests.yaml",
      "out/platform/services/prod/bi/values.yaml",
      "out/platform/services/prod/bi/manifests.yaml",
    ],
  );
  assert.equal(files[0]!.type === "data" ? files[0]!.data : undefined, {
    fullnameOverride: "bi",
    podLabels: { "app.kubernetes.io/part-of": "m", "fawkes.dev/environment": "dev", "fawkes.dev/team": "web" },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    },
    replicaCount: 2,
  });
  const kinds = files[1]!.type === "objects" ? files[1]!.objects.map((o) => (o.toJSON() as Obj).kind) : [];
  assert.not.ok(kinds.includes("Deployment"), "the chart renders its own workload");
});

test("memory limit defaults to twice the request", () => {
  for (const [request, limit, want] of [
    ["128Mi", undefined, "256Mi"],
    ["1Gi", undefined, "2Gi"],
    ["1Gi", "1536Mi", "1536Mi"],
    ["500M", undefined, "1000000000"],
  ] as const) {
    assert.is(memoryLimit(request, limit), want, request);
  }
});

test("a chart service is reachable exactly as declared: labelled pods, its own policies, callers' egress, its route", () => {
  const chart = {
    repoURL: "https://charts.example.com",
    chart: "grafana",
    version: "1.2.3",
    values: { replicas: 2 },
    pods: declaredChartPods("dash"),
  };
  const services: Services = {
    dash: { team: "web", description: "dashboards", chart, port: 3000, expose: true },
    api: { team: "web", description: "calls dash", dependsOn: ["dash"] },
  };
  const releases = { api: { dev: "1", prod: "1" } };
  const model = resolveFrom({ ...SMALL, services }, releases);
  const files = generateWorkloads(model);
  const values = files.find((f) => f.path === "out/platform/services/dev/dash/values.yaml")!;
  assert.ok(values.type === "data");
  const data = (values as { data: Obj }).data;
  assert.equal(data.podLabels, {
    "app.kubernetes.io/part-of": "m",
    "fawkes.dev/environment": "dev",
    "fawkes.dev/team": "web",
  });
  assert.is(data.replicas, 2, "the config's values are kept");
  const own = files.find((f) => f.path === "out/platform/services/dev/dash/manifests.yaml")!;
  const objects = (own.type === "objects" ? own.objects : []).map((o) => o.toJSON() as Obj);
  const np = objects.find((o) => o.kind === "NetworkPolicy")!;
  assert.equal(np.spec.podSelector.matchLabels, { "app.kubernetes.io/instance": "dash" });
  assert.ok(
    np.spec.ingress.some(
      (r: Obj) =>
        r.from?.some((f: Obj) => f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "api") &&
        r.ports.some((p: Obj) => p.port === 3000),
    ),
  );
  assert.equal(objects.find((o) => o.kind === "HTTPRoute")!.spec.rules[0].backendRefs[0], {
    group: "",
    kind: "Service",
    name: "dash",
    port: 3000,
  });
  const caller = render({ api: services.api!, dash: services.dash! }, "dev")("NetworkPolicy")!;
  assert.ok(
    caller.spec.egress.some(
      (r: Obj) =>
        r.to[0].podSelector?.matchLabels?.["app.kubernetes.io/instance"] === "dash" && r.ports[0].port === 3000,
    ),
    "the caller may reach the chart's pods",
  );
});

test("depending on a chart service without a port is an error, not a silently dropped rule", () => {
  const chart = {
    repoURL: "https://charts.example.com",
    chart: "grafana",
    version: "1.2.3",
    pods: declaredChartPods("dash"),
  };
  assert.throws(
    () =>
      resolveFrom(
        {
          ...SMALL,
          services: {
            dash: { team: "web", description: "d", chart },
            api: { team: "web", description: "a", dependsOn: ["dash"] },
          },
        },
        { api: { dev: "1", prod: "1" } },
      ),
    /deployed from a chart without a port/,
  );
});

test("a CronJob runs in its time zone (UTC unless set), per environment with an override", () => {
  const job = { ...base, type: "cronjob" as const, schedule: "0 3 * * *" };
  assert.is(render({ job })("CronJob")!.spec.timeZone, "Etc/UTC");
  const zoned = { job: { ...job, timeZone: "Europe/Berlin", overrides: { prod: { timeZone: "America/New_York" } } } };
  assert.is(render(zoned, "dev")("CronJob")!.spec.timeZone, "Europe/Berlin");
  assert.is(render(zoned, "prod")("CronJob")!.spec.timeZone, "America/New_York");
});

test("time zones: canonical names and aliases as the database spells them; not offsets or other spellings", () => {
  const problems = (timeZone: string) =>
    validateConfig(
      { ...SMALL, services: { job: { ...base, type: "cronjob", schedule: "0 3 * * *", timeZone } } },
      { job: { dev: "1", prod: "1" } },
    ).problems.filter((p) => p.path.join(".") === "services.job.timeZone");
  for (const zone of ["Europe/Berlin", "Etc/UTC", "UTC", "Asia/Kolkata", "America/Argentina/Buenos_Aires"])
    assert.equal(problems(zone), [], zone);
  for (const zone of ["europe/berlin", "+01:00", "CET+1", "Mars/Olympus", "", "Europe/Berlin "])
    assert.is(problems(zone).length, 1, zone);
});

test.run();
