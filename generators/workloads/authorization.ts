// Zero trust between services: an Istio AuthorizationPolicy per service that admits exactly its declared
// callers by their service account identity (SPIFFE, from the ambient mesh's mutual TLS), plus the gateway
// for exposed services and Prometheus on the metrics port. Everything else is denied.
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { meshPrincipal } from "../../core/names.ts";
import { objectMeta, selectorLabels, type WorkloadContext } from "./context.ts";
import { callersIn } from "./context.ts";

export function buildAuthorizationPolicy(ctx: WorkloadContext): AuthorizationPolicy | undefined {
  const { service, deployment } = ctx;
  const features = deployment.environment.features;
  if (!features.mesh || (service.port === undefined && service.metricsPort === undefined)) return undefined;
  const rules: { from: { source: Record<string, string[]> }[]; to: { operation: { ports: string[] } }[] }[] = [];
  if (service.port !== undefined) {
    const callers = callersIn(ctx);
    if (callers.length > 0) {
      rules.push({
        from: [{ source: { principals: callers.map((c) => meshPrincipal(c.namespace, c.name)) } }],
        to: [{ operation: { ports: [String(service.port)] } }],
      });
    }
    if (deployment.host !== undefined && features.gateway) {
      rules.push({
        from: [{ source: { namespaces: [features.gateway.namespace] } }],
        to: [{ operation: { ports: [String(service.port)] } }],
      });
    }
  }
  if (service.metricsPort !== undefined && features.monitoringNamespace) {
    rules.push({
      from: [{ source: { namespaces: [features.monitoringNamespace] } }],
      to: [{ operation: { ports: [String(service.metricsPort)] } }],
    });
  }
  return new AuthorizationPolicy({
    metadata: objectMeta(ctx),
    spec: { selector: { matchLabels: selectorLabels(ctx) }, action: "ALLOW", rules },
  });
}
