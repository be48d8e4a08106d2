import { centralHosts } from "../../core/names.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";

export interface ClusterContext {
  readonly model: ResolvedConfig;
  readonly env: ResolvedEnvironment;
}

export const platformLabels = (env: ResolvedEnvironment) => ({
  "app.kubernetes.io/managed-by": "fawkes",
  "fawkes.dev/environment": env.name,
});

/** Address of a central component: its Service from inside the management cluster, its host from elsewhere. */
export function centralEndpoint(ctx: ClusterContext, component: "loki" | "tempo", inCluster: string): string {
  return ctx.env.isManagement ? inCluster : `https://${centralHosts(ctx.model.platform.domain)[component]}`;
}
