// The charts services may deploy (`services.<name>.chart`) that Fawkes ships facts for, keyed by Helm
// repository, chart and exact version. A chart or version not listed here needs its pods declared in the
// config (`chart.pods`).
import { METABASE_FACTS } from "./metabase.ts";
import type { ServiceChartFacts } from "./types.ts";

export const SERVICE_CHART_FACTS: readonly ServiceChartFacts[] = [METABASE_FACTS];

/** A Helm repository URL compared as Helm does: without a trailing slash. */
const normalized = (repoURL: string): string => repoURL.replace(/\/+$/, "");

/** The shipped facts for a chart at an exact version, if any. */
export function serviceChartFacts(repoURL: string, chart: string, version: string): ServiceChartFacts | undefined {
  return SERVICE_CHART_FACTS.find(
    (f) => normalized(f.repoURL) === normalized(repoURL) && f.chart === chart && f.version === version,
  );
}

/** The versions of a chart Fawkes ships facts for (another version of a known chart is a bump to re-derive). */
export function knownServiceChartVersions(repoURL: string, chart: string): string[] {
  return SERVICE_CHART_FACTS.filter((f) => normalized(f.repoURL) === normalized(repoURL) && f.chart === chart).map(
    (f) => f.version,
  );
}
