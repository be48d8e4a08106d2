// The PromQL of the RED dashboards and the SLO rules, over the OpenTelemetry HTTP server duration histogram
// (semantic conventions `http.server.request.duration`, seconds) as the collector writes it to Prometheus:
// `http_server_request_duration_seconds_{bucket,count}` with the resource attributes as labels.
import type { ResolvedService } from "../../core/resolved.ts";

export const DURATION = "http_server_request_duration_seconds";

/** The label selector of a service's series in one environment (`$environment` in dashboards). */
export function selector(service: ResolvedService, environment: string, extra = ""): string {
  return `{service_name="${service.name}", deployment_environment_name="${environment}"${extra}}`;
}

const rate = (metric: string, sel: string, window: string) => `sum(rate(${metric}${sel}[${window}]))`;

/** Requests per second. */
export function requestRate(service: ResolvedService, environment: string, window = "5m"): string {
  return rate(`${DURATION}_count`, selector(service, environment), window);
}

/** Fraction of requests answered with a server error. */
export function errorRatio(service: ResolvedService, environment: string, window = "5m"): string {
  return `${rate(`${DURATION}_count`, selector(service, environment, ', http_response_status_code=~"5.."'), window)} / ${requestRate(service, environment, window)}`;
}

/** A latency quantile in seconds. */
export function durationQuantile(
  service: ResolvedService,
  environment: string,
  quantile: number,
  window = "5m",
): string {
  return `histogram_quantile(${quantile}, sum by (le) (rate(${DURATION}_bucket${selector(service, environment)}[${window}])))`;
}

/** Fraction of requests slower than the threshold (a bucket boundary, so `le` matches exactly). */
export function slowRatio(
  service: ResolvedService,
  environment: string,
  thresholdSeconds: number,
  window: string,
): string {
  return `1 - (${rate(`${DURATION}_bucket`, selector(service, environment, `, le="${thresholdSeconds}"`), window)} / ${requestRate(service, environment, window)})`;
}
