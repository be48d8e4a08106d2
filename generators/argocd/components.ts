// Platform components: an Application per component and environment with two sources, the upstream chart
// pinned to an exact version and the generated values file from this repository through `$values`. Every
// sync wave comes from the bootstrap graph (core/runtime/bootstrap-graph.ts).
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type {
  ResolvedComponent,
  ResolvedConfig,
  ResolvedCustomComponent,
  ResolvedEnvironment,
} from "../../core/resolved.ts";
import { DEVWORKSPACE_OPERATOR, GATEWAY_API_CRDS } from "../../schema/component-catalog.ts";
import {
  clusterConfigDir,
  componentAppName as appNameOf,
  componentValuesPath,
  namespaceConfigDir,
} from "../../core/names.ts";
import { clusterConfigApplications, syncWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import { installerAppName } from "../../core/runtime/bootstrap-sync.ts";
import { MESHED_COMPONENTS, namespaceOwner } from "../../core/runtime/platform-flows.ts";
import { PLATFORM_PROJECT, appMeta, destination, gitSource, syncPolicy } from "./common.ts";

export function componentAppName(component: ResolvedComponent, env: ResolvedEnvironment): string {
  return installerAppName(component.key, env.name);
}

/** An OCI registry is given to ArgoCD without a scheme; an HTTP Helm repository as a URL. */
function chartRepo(repoURL: string): string {
  return repoURL.replace(/^oci:\/\//, "");
}

export function buildComponentApplication(
  model: ResolvedConfig,
  component: ResolvedComponent,
  env: ResolvedEnvironment,
): Application {
  const { platform } = model;
  const def = component.definition;
  const name = componentAppName(component, env);
  const options = ["CreateNamespace=true", "ServerSideApply=" + (def.serverSideApply === true)];
  return new Application({
    metadata: appMeta(
      platform,
      name,
      { "fawkes.dev/component": def.slug, "fawkes.dev/environment": env.name },
      syncWaveOf(model, "Application", name),
    ),
    spec: {
      project: PLATFORM_PROJECT,
      sources: [
        {
          repoURL: chartRepo(def.repoURL),
          chart: def.chart,
          targetRevision: component.version,
          helm: { releaseName: def.slug, valueFiles: [`$values/${componentValuesPath(env.name, def.slug)}`] },
        },
        { repoURL: platform.repoURL, targetRevision: platform.revision, ref: "values" },
        // The namespace's configuration travels with the first component that syncs into it.
        ...(namespaceOwner(model, env, def.namespace) === component.key
          ? [
              {
                repoURL: platform.repoURL,
                targetRevision: platform.revision,
                path: namespaceConfigDir(env.name, def.namespace),
              },
            ]
          : []),
      ],
      destination: destination(env, def.namespace),
      syncPolicy: {
        ...syncPolicy(env.protected, options),
        managedNamespaceMetadata: {
          labels: {
            "app.kubernetes.io/managed-by": "fawkes",
            "fawkes.dev/component": def.slug,
            // The gateway and Prometheus reach meshed services, so they join the mesh themselves.
            ...(env.features.mesh && MESHED_COMPONENTS.has(component.key)
              ? { "istio.io/dataplane-mode": "ambient" }
              : {}),
          },
        },
      },
    },
  });
}

/** A component the catalog does not know: its pinned chart, its values file, its namespace created on sync. */
export function buildCustomComponentApplication(
  model: ResolvedConfig,
  component: ResolvedCustomComponent,
  env: ResolvedEnvironment,
): Application {
  const { platform } = model;
  const name = appNameOf(component.name, env.name);
  return new Application({
    metadata: appMeta(
      platform,
      name,
      { "fawkes.dev/component": component.name, "fawkes.dev/environment": env.name },
      syncWaveOf(model, "Application", name),
    ),
    spec: {
      project: PLATFORM_PROJECT,
      sources: [
        {
          repoURL: chartRepo(component.repoURL),
          chart: component.chart,
          targetRevision: component.version,
          helm: {
            releaseName: component.name,
            valueFiles: [`$values/${componentValuesPath(env.name, component.name)}`],
          },
        },
        { repoURL: platform.repoURL, targetRevision: platform.revision, ref: "values" },
        // Its namespace's configuration (NetworkPolicies, ExternalSecrets) travels with it.
        {
          repoURL: platform.repoURL,
          targetRevision: platform.revision,
          path: namespaceConfigDir(env.name, component.namespace),
        },
      ],
      destination: destination(env, component.namespace),
      syncPolicy: {
        ...syncPolicy(env.protected, ["CreateNamespace=true", "ServerSideApply=false"]),
        managedNamespaceMetadata: {
          labels: { "app.kubernetes.io/managed-by": "fawkes", "fawkes.dev/component": component.name },
        },
      },
    },
  });
}

/**
 * The environment's cluster configuration that no component carries (cluster-scoped objects: the StorageClass,
 * the policies, the ClusterIssuer, the ClusterSecretStore): `cluster-config-<env>`, and an Application of its
 * own for a group that cannot sync with the others (the bootstrap graph decides).
 */
export function buildClusterConfigApplications(model: ResolvedConfig, env: ResolvedEnvironment): Application[] {
  const { platform } = model;
  return clusterConfigApplications(model, env.name).map(
    ({ name, files }) =>
      new Application({
        metadata: appMeta(
          platform,
          name,
          { "fawkes.dev/environment": env.name },
          syncWaveOf(model, "Application", name),
        ),
        spec: {
          project: PLATFORM_PROJECT,
          // Its files only: the folder's namespaces/ are synced by the components that create them.
          source: {
            ...gitSource(platform, clusterConfigDir(env.name)),
            directory: { include: files.length === 1 ? files[0]! : `{${files.join(",")}}` },
          },
          destination: destination(env),
          syncPolicy: syncPolicy(env.protected, ["CreateNamespace=false", "SkipDryRunOnMissingResource=true"]),
        },
      }),
  );
}

/** The DevWorkspace Operator, before Che: its maintainers' manifests from their repository, at a pinned tag. */
export function buildDevWorkspaceApplication(model: ResolvedConfig, env: ResolvedEnvironment): Application {
  const op = DEVWORKSPACE_OPERATOR;
  const name = installerAppName("devworkspaceOperator", env.name);
  return new Application({
    metadata: appMeta(
      model.platform,
      name,
      { "fawkes.dev/component": "devworkspace-operator", "fawkes.dev/environment": env.name },
      syncWaveOf(model, "Application", name),
    ),
    spec: {
      project: PLATFORM_PROJECT,
      source: { repoURL: op.repoURL, targetRevision: op.version, path: op.path, directory: { include: op.include } },
      destination: destination(env, op.namespace),
      syncPolicy: syncPolicy(env.protected, ["CreateNamespace=true", "ServerSideApply=true"]),
    },
  });
}

/** The Gateway API's CRDs, which cert-manager and NGINX Gateway Fabric need: from its repository, at a pinned tag. */
export function buildGatewayApiApplication(model: ResolvedConfig, env: ResolvedEnvironment): Application {
  const crds = GATEWAY_API_CRDS;
  const name = installerAppName("gatewayApi", env.name);
  return new Application({
    metadata: appMeta(
      model.platform,
      name,
      { "fawkes.dev/component": "gateway-api", "fawkes.dev/environment": env.name },
      syncWaveOf(model, "Application", name),
    ),
    spec: {
      project: PLATFORM_PROJECT,
      source: { repoURL: crds.repoURL, targetRevision: crds.version, path: crds.path },
      destination: destination(env),
      // The CRDs exceed client-side apply's annotation limit.
      syncPolicy: syncPolicy(env.protected, ["CreateNamespace=false", "ServerSideApply=true"]),
    },
  });
}
