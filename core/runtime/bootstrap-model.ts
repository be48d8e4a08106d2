// The bootstrap graph's vocabulary: its nodes (steps done by hand, and what ArgoCD syncs), its edges ("needs",
// each with the reason), node ids, and the builder the graph's parts add to (bootstrap-graph.ts assembles them).
import type { ComponentKey } from "../../schema/component-catalog.ts";
import type { ConfigPath, Problem } from "../problems.ts";

/** What ArgoCD's root Application syncs and orders by sync wave. */
export type ArgoKind = "Application" | "ApplicationSet" | "AppProject";

/** Installers of CRDs and charts besides the catalog's components. */
export type InstallerKey = ComponentKey | "gatewayApi" | "devworkspaceOperator";

export interface BootstrapNode {
  readonly id: string;
  /** Done by an operator (a command), or synced by ArgoCD. */
  readonly kind: "manual" | "sync";
  /** The cluster it happens in; undefined for steps outside any cluster (state backends, Vault's Terraform). */
  readonly environment?: string;
  readonly title: string;
  /** Sync nodes: the ArgoCD object that syncs it. Several nodes share one when groups travel with a component. */
  readonly argo?: { readonly kind: ArgoKind; readonly name: string };
  /** The catalog component (or other installer) it installs. */
  readonly installer?: InstallerKey;
  /** A cluster configuration group: its key and file, and the namespace of the component carrying it (if one does). */
  readonly group?: {
    readonly key: string;
    readonly file: string;
    readonly carrier?: string;
    /** Secrets its ExternalSecrets create. */
    readonly secrets?: readonly string[];
  };
  /** Manual steps: the commands, in order, and what to know while running them. */
  readonly commands?: readonly string[];
  readonly notes?: readonly string[];
}

/** `from` needs `to`. */
export interface BootstrapNeed {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** A manual step that needs `to`'s objects to exist, not to be healthy: it is done while `to`'s wave syncs. */
  readonly applied?: true;
  /** And `to` is not healthy before the step is done (Vault stays sealed, a Gateway waits for its certificates): ArgoCD waits at its wave. */
  readonly holds?: true;
}

export const ids = {
  state: (cloud: string) => `state/${cloud}`,
  terraform: (environment: string) => `terraform/${environment}`,
  vaultTerraform: "terraform/vault",
  argocdInstall: "argocd/install",
  argocdRoot: "argocd/root",
  vaultInit: "vault/init",
  /** The platform's Backstage image published to the registry (built by its workflow, made pullable once). */
  backstageImage: "backstage/image",
  seed: (environment: string) => `vault/seed/${environment}`,
  register: (environment: string) => `cluster/${environment}`,
  dns: (environment: string) => `dns/${environment}`,
  project: (name: string) => `project/${name}`,
  installer: (environment: string, key: InstallerKey) => `component/${environment}/${key}`,
  /** A cluster configuration group by its key (`grafana`, or `network/monitoring` for one per namespace). */
  group: (environment: string, key: string) => `group/${environment}/${key}`,
  namespaces: (environment: string) => `namespaces/${environment}`,
  services: (environment: string, team: string) => `services/${environment}/${team}`,
  chartService: (environment: string, service: string) => `chart/${environment}/${service}`,
  /** A component the catalog does not know (`components.custom.<name>`). */
  custom: (environment: string, name: string) => `custom/${environment}/${name}`,
} as const;

/** The key of the ArgoCD object a sync node belongs to, or the node's own id for a manual step. */
export function unitOf(node: BootstrapNode): string {
  return node.argo ? `${node.argo.kind}/${node.argo.name}` : node.id;
}

/** Collects nodes and needs; a need on a node that is not there is dropped, or a problem when it must be there. */
export class GraphBuilder {
  readonly nodes = new Map<string, BootstrapNode>();
  readonly needs: BootstrapNeed[] = [];
  readonly problems: Problem[] = [];

  add(node: BootstrapNode): void {
    if (this.nodes.has(node.id)) throw new Error(`bootstrap graph: two nodes ${node.id}`);
    this.nodes.set(node.id, node);
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** `from` needs `to` when `to` is part of this platform; nothing otherwise. */
  need(from: string, to: string, reason: string, when?: { applied: true; holds?: true }): void {
    if (from === to || !this.nodes.has(from) || !this.nodes.has(to)) return;
    this.needs.push({ from, to, reason, ...when });
  }

  /** `from` cannot work without `to`: a problem at `path` when this platform lacks it. */
  require(from: string, to: string, reason: string, path: ConfigPath, missing: string, hint: string): void {
    if (this.nodes.has(to)) this.need(from, to, reason);
    else
      this.problems.push({
        code: "missing-dependency",
        path,
        message: `${this.nodes.get(from)?.title ?? from}: ${missing}`,
        hint,
      });
  }
}
