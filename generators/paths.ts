// Where each kind of output lives. Generators that point at each other's files (ArgoCD at the rendered
// manifests) share these, so a path is spelled once.

export const APPS_DIR = "out/platform/apps";

export function namespacesDir(environment: string): string {
  return `out/platform/namespaces/${environment}`;
}

/** Rendered manifests (or chart values) of one service in one environment. */
export function serviceDir(environment: string, service: string): string {
  return `out/platform/services/${environment}/${service}`;
}

/** Helm values of a platform component in one environment. */
export function componentValuesPath(environment: string, component: string): string {
  return `out/platform/values/${environment}/${component}.yaml`;
}

/** Cluster-wide platform objects of an environment (stores, issuers, the Gateway, instrumentation). */
export function clusterConfigDir(environment: string): string {
  return `out/platform/clusters/${environment}`;
}

/** The environment and service of a rendered-manifests path, or undefined. */
export function parseServiceManifestsPath(path: string): { environment: string; service: string } | undefined {
  const match = /^out\/platform\/services\/([^/]+)\/([^/]+)\/manifests\.yaml$/.exec(path);
  return match ? { environment: match[1]!, service: match[2]! } : undefined;
}
