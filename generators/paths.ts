// Where each kind of output lives. Generators that point at each other's files (ArgoCD at the rendered
// manifests) share these, so a path is spelled once.

export const APPS_DIR = "out/platform/apps";

export function namespacesDir(environment: string): string {
  return `out/platform/namespaces/${environment}`;
}
