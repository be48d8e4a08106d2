// Where each object of a cluster's configuration is synced from. The cluster configuration syncs early
// (CLUSTER_CONFIG_WAVE); an object in a namespace that a later component creates would fail there and hold
// back every later wave, so it travels with that namespace's first component instead, in
// `clusters/<env>/namespaces/<namespace>/`, which that component's Application also syncs.
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { CLUSTER_CONFIG_WAVE, clusterConfigDir, namespaceConfigDir } from "../names.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";
import { namespaceOwner } from "./platform-flows.ts";

/** Whether a namespace exists when the cluster configuration syncs. */
export function existsBeforeClusterConfig(model: ResolvedConfig, env: ResolvedEnvironment, namespace: string): boolean {
  if (namespace === model.platform.argocdNamespace) return true; // ArgoCD is installed by hand first
  const owner = namespaceOwner(model, env, namespace);
  return owner === undefined || COMPONENT_CATALOG[owner].syncWave < CLUSTER_CONFIG_WAVE;
}

/** The path of a cluster-configuration file whose objects live in `namespace` (undefined: cluster-scoped). */
export function configFilePath(
  model: ResolvedConfig,
  env: ResolvedEnvironment,
  namespace: string | undefined,
  file: string,
): string {
  if (namespace === undefined || existsBeforeClusterConfig(model, env, namespace))
    return `${clusterConfigDir(env.name)}/${file}`;
  return `${namespaceConfigDir(env.name, namespace)}/${file}`;
}
