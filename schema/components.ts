import * as z from "zod";
import { email, exactVersion, name } from "./common.ts";
import { COMPONENT_CATALOG, type ComponentKey } from "./component-catalog.ts";
import { customComponentSchema } from "./custom-components.ts";

const helmValues = z.record(z.string(), z.unknown());

const environmentOverride = z
  .object({
    enabled: z.boolean().optional().describe("Switch the component on or off in this environment."),
    values: helmValues.optional().describe("Helm values merged over the generated ones in this environment."),
  })
  .strict();

/** The fields every component shares, with its catalog defaults. */
function componentFields(key: ComponentKey) {
  const def = COMPONENT_CATALOG[key];
  const where = def.placement === "central" ? "once, in the management environment" : "in every cluster";
  return {
    enabled: z.boolean().default(def.enabledByDefault).describe(`Install ${def.title} (${where}).`),
    version: exactVersion
      .default(def.version)
      .describe(`Exact version of the \`${def.chart}\` chart (default ${def.version}).`),
    values: helmValues.default({}).describe("Extra Helm values merged over the generated ones. Never secrets."),
    environments: z.record(name("environment"), environmentOverride).default({}).describe("Per-environment overrides."),
  };
}

/** The client id of a component's Azure managed identity per environment (a Terraform output after the first apply). */
function azureClientId(component: string, consequence: string) {
  return z
    .record(name("environment"), z.uuid({ message: "must be a client id (a UUID)" }))
    .default({})
    .describe(
      `Client id of ${component}'s managed identity per Azure environment (environment → client id): Terraform creates the identity, \`terraform -chdir=out/infra/<environment> output workload_client_ids\` prints it. Until it is set there, ${consequence}.`,
    );
}

const component = (key: ComponentKey) =>
  z.object(componentFields(key)).strict().prefault({}).describe(COMPONENT_CATALOG[key].title);

export const componentsSchema = z
  .object({
    mesh: z
      .enum(["istio-ambient", "none"])
      .default("istio-ambient")
      .describe(
        "Service mesh: Istio in ambient mode (mutual TLS for every meshed pod through the ztunnel node proxy, no sidecars, authorization by service identity), or none.",
      ),
    istioBase: component("istioBase"),
    istiod: component("istiod"),
    istioCni: component("istioCni"),
    ztunnel: component("ztunnel"),
    certManager: z
      .object({
        ...componentFields("certManager"),
        acmeEmail: email.optional().describe("ACME account e-mail for the Let's Encrypt ClusterIssuer."),
        challenge: z
          .enum(["http01", "dns01"])
          .default("http01")
          .describe(
            "ACME challenge: HTTP-01 through the public gateway (hosts on the internal one cannot be validated), or DNS-01 in each cloud's DNS zone (`clouds.<name>.dns`), which validates every host.",
          ),
        azureClientId: azureClientId("cert-manager", "cert-manager cannot reach Azure DNS in that environment"),
        certificatesPerWeek: z
          .number()
          .int()
          .min(1)
          .default(50)
          .describe(
            "New certificates Let's Encrypt issues per registered domain per week: its default limit, 50. `generate` fails when the platform's hosts (one certificate each, summed over environments) need more, and warns above 80%. Raise it only after Let's Encrypt has approved a rate-limit adjustment for the domain.",
          ),
      })
      .strict()
      .prefault({})
      .describe("cert-manager and the ACME ClusterIssuer."),
    externalSecrets: component("externalSecrets"),
    kyverno: component("kyverno"),
    argocd: component("argocd"),
    vault: z
      .object({
        ...componentFields("vault"),
        azureClientId: azureClientId(
          "Vault",
          "Vault, in a management environment on Azure, cannot reach its unseal key and does not start (only that environment's entry is read)",
        ),
      })
      .strict()
      .prefault({})
      .describe(COMPONENT_CATALOG.vault.title),
    gateway: component("gateway"),
    ingressNginx: component("ingressNginx"),
    externalDns: z
      .object({
        ...componentFields("externalDns"),
        enabled: z
          .boolean()
          .optional()
          .describe(
            "Install ExternalDNS (in every cluster): it writes the DNS records of the hosts each cluster's gateway serves to its cloud's DNS zone. By default on in every environment whose cloud declares `dns` and that runs a gateway.",
          ),
        azureClientId: azureClientId("ExternalDNS", "ExternalDNS cannot reach Azure DNS in that environment"),
      })
      .strict()
      .prefault({})
      .describe(
        "ExternalDNS: the gateways' hosts as DNS records in the cloud's zone (`upsert-only` in protected environments, owned per cluster through TXT records).",
      ),
    metricsServer: z
      .object({
        ...componentFields("metricsServer"),
        enabled: z
          .boolean()
          .optional()
          .describe(
            "Install metrics-server (in every cluster), which HorizontalPodAutoscalers read CPU use from. By default on AWS clusters only: EKS does not run it, AKS does.",
          ),
      })
      .strict()
      .prefault({})
      .describe("metrics-server: the resource metrics API (metrics.k8s.io) for services' autoscaling."),
    kubePrometheusStack: component("kubePrometheusStack"),
    loki: component("loki"),
    tempo: component("tempo"),
    fluentBit: component("fluentBit"),
    opentelemetryOperator: component("opentelemetryOperator"),
    backstage: z
      .object({
        ...componentFields("backstage"),
        image: z
          .enum(["platform", "upstream"])
          .default("platform")
          .describe(
            "The Backstage image: `platform`, built from the recipe Fawkes generates (`out/images/backstage/`: the app of `@backstage/create-app` with GitHub sign-in, the ArgoCD and Jenkins plugins of the installed components, and MkDocs for TechDocs) by the `backstage-image` workflow and pushed to the platform registry, tagged with the recipe's content hash; or `upstream`, the upstream `ghcr.io/backstage/backstage` release, for evaluation only: it has no GitHub sign-in, so nobody can sign in in production. A `backstage.image` in the values overrides both.",
          ),
      })
      .strict()
      .prefault({})
      .describe(COMPONENT_CATALOG.backstage.title),
    jenkins: component("jenkins"),
    devlake: component("devlake"),
    che: component("che"),
    custom: z
      .record(name("component"), customComponentSchema)
      .default({})
      .describe(
        "Components the catalog does not know (external-dns, Velero, a database operator): a pinned chart with its values, namespace, placement, dependencies, secrets and declared pods, synced, hardened, admitted, ordered and documented like a built-in one.",
      ),
  })
  .strict()
  .prefault({})
  .describe("The platform plane: each component on or off, its chart version pinned, per-environment overrides.");
