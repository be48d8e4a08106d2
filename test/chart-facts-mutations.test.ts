// The mutation facts (what the OpenTelemetry Operator and the Vault Agent injector add to a pod): complete
// provenance, fully qualified images with a tag, and agreement with the chart facts of the same components.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { OTEL_LANGUAGE } from "../core/names.ts";
import {
  OTEL_INJECTION,
  VAULT_AGENT_INJECTION,
  type InjectedContainerFact,
  type MutationProvenance,
  type OtelLanguage,
} from "../schema/chart-facts/mutations.ts";
import { OPENTELEMETRY_OPERATOR_FACTS } from "../schema/chart-facts/opentelemetry-operator.ts";
import { VAULT_FACTS } from "../schema/chart-facts/vault.ts";

const test = suite("chart facts: admission mutations");

/** registry host (with a dot or a port, or localhost) / path : tag, optionally @sha256:digest. */
const QUALIFIED_WITH_TAG =
  /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?|localhost(?::\d+)?)\/[a-z0-9._/-]+:[\w.-]+(?:@sha256:[0-9a-f]{64})?$/;
const LANGUAGES: readonly OtelLanguage[] = ["java", "nodejs", "python", "dotnet", "go", "apache-httpd", "nginx"];

const otelProvenances: [string, MutationProvenance][] = [
  ["otel operator", OTEL_INJECTION.provenance],
  ["otel chart", OTEL_INJECTION.chartProvenance],
  ["otel newer operator", OTEL_INJECTION.newerVersion.provenance],
  ["otel newer chart", OTEL_INJECTION.newerVersion.chartProvenance],
];
const provenances: [string, MutationProvenance][] = [
  ...otelProvenances,
  ["vault-k8s", VAULT_AGENT_INJECTION.provenance],
  ["vault chart", VAULT_AGENT_INJECTION.chartProvenance],
];

function otelContainers(): [string, InjectedContainerFact][] {
  return LANGUAGES.flatMap((lang) => {
    const l = OTEL_INJECTION.languages[lang];
    return [...(l.initContainer ? [l.initContainer] : []), ...l.extraInitContainers, ...l.sidecars].map(
      (c): [string, InjectedContainerFact] => [`${lang}/${c.name}`, c],
    );
  });
}

test("every provenance names a repository, a tag, its commit and the files read; unverified ones say why", () => {
  for (const [key, p] of provenances) {
    assert.ok(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/.test(p.repository), `${key}: repository ${p.repository}`);
    assert.ok(p.ref.length > 0, `${key}: ref`);
    assert.ok(/^[0-9a-f]{40}$/.test(p.commit), `${key}: commit must be a full hash, got ${p.commit}`);
    assert.ok(p.files.length > 0 && p.files.every((f) => f.length > 0 && !f.startsWith("/")), `${key}: files`);
    if (!p.verified)
      assert.ok(
        (p.note ?? "").length > 0 && p.versionRead !== undefined,
        `${key}: unverified facts must say which version was read and why`,
      );
  }
  for (const lang of LANGUAGES) {
    const files = OTEL_INJECTION.languages[lang].files;
    assert.ok(files.length > 0, `${lang}: files`);
    for (const f of files)
      assert.ok(OTEL_INJECTION.provenance.files.includes(f), `${lang}: ${f} is not among the files read`);
  }
});

test("injected images are fully qualified with a tag", () => {
  const images: [string, string][] = [
    ...otelContainers().flatMap(([key, c]): [string, string][] =>
      typeof c.image === "string" ? [[key, c.image]] : [],
    ),
    ...LANGUAGES.map((lang): [string, string] => [`newer ${lang}`, OTEL_INJECTION.newerVersion.images[lang]]),
    ["vault injector", VAULT_AGENT_INJECTION.images.injector],
    ["vault agent", VAULT_AGENT_INJECTION.images.agent],
    ["vault agent (code default)", VAULT_AGENT_INJECTION.images.agentDefaultInCode],
    ["vault-agent-init", VAULT_AGENT_INJECTION.initContainer.image as string],
    ["vault-agent", VAULT_AGENT_INJECTION.sidecar.image as string],
  ];
  for (const [key, image] of images)
    assert.ok(
      typeof image === "string" && QUALIFIED_WITH_TAG.test(image),
      `${key}: image ${image} is not registry/repository:tag`,
    );
  for (const c of [VAULT_AGENT_INJECTION.initContainer, VAULT_AGENT_INJECTION.sidecar]) {
    if (c.implicitRegistry)
      assert.ok((c.image as string).startsWith("docker.io/"), `${c.name}: an implicit registry is docker.io`);
  }
  // Every language with a fixed default image names one; only the Apache/Nginx config clones and Java extensions do not.
  for (const lang of LANGUAGES) {
    const l = OTEL_INJECTION.languages[lang];
    const fixed = [...(l.initContainer ? [l.initContainer] : []), ...l.extraInitContainers, ...l.sidecars].filter(
      (c) => typeof c.image === "string",
    );
    assert.ok(fixed.length > 0, `${lang}: no injected container with a default image`);
  }
});

test("the OpenTelemetry facts describe the operator the chart facts were read for", () => {
  assert.is(
    OTEL_INJECTION.operatorVersion,
    OPENTELEMETRY_OPERATOR_FACTS.appVersion,
    "operator version differs from the chart facts' appVersion",
  );
  assert.is(OTEL_INJECTION.provenance.ref, `v${OTEL_INJECTION.operatorVersion}`);
  assert.is(OTEL_INJECTION.chartProvenance.repository, OPENTELEMETRY_OPERATOR_FACTS.provenance.repository);
  assert.is(OTEL_INJECTION.chartProvenance.ref, OPENTELEMETRY_OPERATOR_FACTS.provenance.ref);
  assert.is(OTEL_INJECTION.chartProvenance.commit, OPENTELEMETRY_OPERATOR_FACTS.provenance.commit);
  if (!OPENTELEMETRY_OPERATOR_FACTS.provenance.verified) {
    for (const [key, p] of otelProvenances)
      assert.is(p.verified, false, `${key}: cannot be verified while the chart facts are not`);
  }
});

test("every language is described, under its annotation, with the operator's containers", () => {
  assert.equal(Object.keys(OTEL_INJECTION.languages).sort(), [...LANGUAGES].sort());
  for (const lang of LANGUAGES) {
    const l = OTEL_INJECTION.languages[lang];
    assert.is(l.language, lang);
    assert.is(l.annotation, `instrumentation.opentelemetry.io/inject-${lang}`);
    assert.ok(
      l.crFields.image.startsWith("spec.") && l.crFields.image.endsWith(".image"),
      `${lang}: the CR field that pins the image`,
    );
    const volumeNames = new Set(l.volumes.map((v) => v.name));
    for (const c of [...(l.initContainer ? [l.initContainer] : []), ...l.extraInitContainers, ...l.sidecars]) {
      for (const m of c.volumeMounts)
        if (!m.volume.startsWith("<"))
          assert.ok(
            volumeNames.has(m.volume),
            `${lang}/${c.name}: mounts ${m.volume}, which the language does not add`,
          );
      assert.ok(
        c.resources.limits.cpu !== undefined && c.resources.limits.memory !== undefined,
        `${lang}/${c.name}: resource limits`,
      );
    }
    for (const m of l.appContainerVolumeMounts)
      assert.ok(volumeNames.has(m.volume), `${lang}: app mount of ${m.volume}, which the language does not add`);
    if (lang === "go") {
      assert.is(l.initContainer, null);
      const agent = l.sidecars[0]!;
      assert.is(agent.securityContext.rule, "explicit");
      if (agent.securityContext.rule === "explicit")
        assert.equal(agent.securityContext.securityContext, { privileged: true, runAsUser: 0 });
      assert.equal(l.podSpecChanges, { shareProcessNamespace: true });
      assert.ok(
        l.volumes.some((v) => v.source === "hostPath"),
        "go: the kernel-debug hostPath volume",
      );
    } else {
      assert.ok(l.initContainer !== null, `${lang}: init container`);
      assert.is(l.sidecars.length, 0, `${lang}: no sidecar`);
      assert.is(
        l.initContainer!.securityContext.rule,
        "copied-from-app-container",
        `${lang}: init container security context rule`,
      );
    }
  }
});

test("every language Fawkes annotates is described and enabled by default in the operator", () => {
  for (const lang of Object.values(OTEL_LANGUAGE)) {
    if (lang === undefined) continue;
    assert.ok(
      LANGUAGES.includes(lang as OtelLanguage),
      `Fawkes annotates inject-${lang}, which the facts do not describe`,
    );
    assert.ok(
      OTEL_INJECTION.languages[lang as OtelLanguage].enabledByDefault,
      `Fawkes annotates inject-${lang}, which the operator does not enable by default`,
    );
  }
});

test("the Vault Agent facts describe the injector vault chart facts pin", () => {
  assert.is(VAULT_AGENT_INJECTION.chartVersion, VAULT_FACTS.version);
  assert.is(VAULT_AGENT_INJECTION.chartProvenance.repository, VAULT_FACTS.provenance.repository);
  assert.is(VAULT_AGENT_INJECTION.chartProvenance.ref, VAULT_FACTS.provenance.ref);
  assert.is(VAULT_AGENT_INJECTION.chartProvenance.commit, VAULT_FACTS.provenance.commit);
  const injectorPod = VAULT_FACTS.pods.find((p) => p.name === "vault-agent-injector");
  const injector = injectorPod?.containers.find((c) => c.name === "sidecar-injector");
  assert.ok(injector, "vault.ts records the injector container");
  assert.is(VAULT_AGENT_INJECTION.images.injector, injector!.image, "injector image differs from vault.ts");
  assert.ok(
    injector!.image.endsWith(`:${VAULT_AGENT_INJECTION.injectorVersion}`),
    `vault.ts injector image ${injector!.image} is not vault-k8s ${VAULT_AGENT_INJECTION.injectorVersion}`,
  );
  assert.is(
    VAULT_AGENT_INJECTION.provenance.ref,
    `v${VAULT_AGENT_INJECTION.injectorVersion}`,
    "vault-k8s facts read at another tag than the injector image",
  );
  assert.ok(
    (injectorPod!.note ?? "").includes(VAULT_AGENT_INJECTION.images.agent),
    "vault.ts names a different agent image",
  );
  assert.is(VAULT_AGENT_INJECTION.initContainer.image, VAULT_AGENT_INJECTION.images.agent);
  assert.is(VAULT_AGENT_INJECTION.sidecar.image, VAULT_AGENT_INJECTION.images.agent);
});

test("the Vault Agent containers, their security context, resources and volumes", () => {
  assert.is(VAULT_AGENT_INJECTION.initContainer.name, "vault-agent-init");
  assert.is(VAULT_AGENT_INJECTION.sidecar.name, "vault-agent");
  for (const c of [VAULT_AGENT_INJECTION.initContainer, VAULT_AGENT_INJECTION.sidecar]) {
    assert.is(c.securityContext.rule, "explicit", `${c.name}: explicit security context`);
    if (c.securityContext.rule === "explicit")
      assert.equal(c.securityContext.securityContext, VAULT_AGENT_INJECTION.securityContext.default);
    assert.equal(c.resources, VAULT_AGENT_INJECTION.resources);
    const volumes = new Set(VAULT_AGENT_INJECTION.volumes.map((v) => v.name));
    for (const m of c.volumeMounts)
      if (!m.volume.startsWith("<"))
        assert.ok(volumes.has(m.volume), `${c.name}: mounts ${m.volume}, which the injector does not add`);
  }
  const sc = VAULT_AGENT_INJECTION.securityContext.default;
  assert.is(sc.runAsNonRoot, true);
  assert.is(sc.allowPrivilegeEscalation, false);
  assert.equal(sc.capabilities?.drop, ["ALL"]);
  assert.is(sc.seccompProfile, undefined, "the injector sets no seccomp profile; the pod must");
  assert.ok(VAULT_AGENT_INJECTION.serviceAccountToken.automountServiceAccountTokenRequired);
  const names = VAULT_AGENT_INJECTION.annotations.map((a) => a.name);
  assert.is(new Set(names).size, names.length, "annotations are unique");
  for (const a of [
    "agent-inject",
    "role",
    "agent-pre-populate-only",
    "agent-run-as-user",
    "agent-set-security-context",
    "agent-image",
  ]) {
    assert.ok(names.includes(`vault.hashicorp.com/${a}`), `annotation ${a}`);
  }
});

test.run();
