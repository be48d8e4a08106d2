// Where each object of a cluster's configuration is synced from. An object in a platform component's namespace
// travels with that namespace's first component (namespaceOwner), in `clusters/<env>/namespaces/<namespace>/`,
// which that component's Application also syncs: the Application creates the namespace before it syncs anything,
// and the bootstrap graph (bootstrap-graph.ts) orders the object inside it, before the chart when the chart
// reads it, after the chart when it needs the chart's CRDs or controller. The rest (cluster-scoped objects,
// and objects in a namespace no component creates) is a group of its own, `clusters/<env>/<group>.yaml`, that
// an Application of its own syncs at the wave the graph gives it.
import { clusterConfigDir, namespaceConfigDir } from "../names.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";
import { customNamespaceOwner, namespaceOwner } from "./platform-flows.ts";

/** The namespace whose component carries an object of `namespace`, or undefined when it syncs on its own. */
export function carrierNamespace(
  model: ResolvedConfig,
  env: ResolvedEnvironment,
  namespace: string | undefined,
): string | undefined {
  if (namespace === undefined) return undefined;
  const owned = namespaceOwner(model, env, namespace) ?? customNamespaceOwner(model, env, namespace);
  return owned === undefined ? undefined : namespace;
}

/** The path of a cluster-configuration file whose objects live in `namespace` (undefined: cluster-scoped). */
export function configFilePath(
  model: ResolvedConfig,
  env: ResolvedEnvironment,
  namespace: string | undefined,
  file: string,
): string {
  const carried = carrierNamespace(model, env, namespace);
  return carried === undefined
    ? `${clusterConfigDir(env.name)}/${file}`
    : `${namespaceConfigDir(env.name, carried)}/${file}`;
}
