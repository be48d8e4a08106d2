// Grafana dashboards as its JSON model (typed by @grafana/schema): one RED dashboard per service (rate,
// errors, duration) and one per team with a row per service, both with an environment selector over the
// one Prometheus that every cluster writes to. Provisioned by the chart's sidecar from ConfigMaps.
import { createHash } from "node:crypto";
import type { Dashboard, Panel } from "@grafana/schema";
import type { ResolvedService, ResolvedTeam } from "../../core/resolved.ts";
import { durationQuantile, errorRatio, requestRate } from "./promql.ts";

const PROMETHEUS = { type: "prometheus", uid: "prometheus" } as const;
const ENV = "$environment";

function timeseries(
  id: number,
  title: string,
  unit: string,
  targets: { expr: string; legend: string }[],
  x: number,
  y: number,
): Panel {
  return {
    id,
    type: "timeseries",
    title,
    datasource: PROMETHEUS,
    gridPos: { x, y, w: 8, h: 8 },
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: {},
    targets: targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: PROMETHEUS,
      expr: t.expr,
      legendFormat: t.legend,
    })),
  };
}

/** The three RED panels of a service, on one row at height y. */
export function redPanels(service: ResolvedService, firstId: number, y: number): Panel[] {
  return [
    timeseries(
      firstId,
      `${service.name}: requests`,
      "reqps",
      [{ expr: requestRate(service, ENV), legend: "requests/s" }],
      0,
      y,
    ),
    timeseries(
      firstId + 1,
      `${service.name}: errors`,
      "percentunit",
      [{ expr: errorRatio(service, ENV), legend: "5xx ratio" }],
      8,
      y,
    ),
    timeseries(
      firstId + 2,
      `${service.name}: duration`,
      "s",
      [0.5, 0.95, 0.99].map((q) => ({ expr: durationQuantile(service, ENV, q), legend: `p${q * 100}` })),
      16,
      y,
    ),
  ];
}

function dashboard(
  uid: string,
  title: string,
  tags: string[],
  environments: readonly string[],
  panels: Panel[],
): Dashboard {
  const first = environments[environments.length - 1] ?? "";
  return {
    uid,
    title,
    tags,
    editable: false,
    schemaVersion: 39,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    templating: {
      list: [
        {
          name: "environment",
          label: "Environment",
          type: "custom",
          query: environments.join(","),
          current: { text: first, value: first },
          options: environments.map((e) => ({ text: e, value: e, selected: e === first })),
        },
      ],
    },
    panels,
  } as Dashboard;
}

/**
 * Grafana uids are at most 40 characters. A longer one is cut and ends in a hash of the whole: two services
 * whose names share their first 29 characters must not share a dashboard (Grafana keeps one per uid).
 */
function uid(kind: string, name: string): string {
  const whole = `fawkes-${kind}-${name}`;
  if (whole.length <= 40) return whole;
  return `${whole.slice(0, 31)}-${createHash("sha256").update(whole).digest("hex").slice(0, 8)}`;
}

export function serviceDashboard(service: ResolvedService): Dashboard {
  return dashboard(
    uid("svc", service.name),
    `${service.name} (RED)`,
    ["fawkes", "red", service.team.name],
    service.environmentNames,
    redPanels(service, 1, 0),
  );
}

/**
 * Services on one team dashboard. A row per service makes a dashboard of hundreds of panels for a large team,
 * and its ConfigMap would pass the 1 MiB the API server allows (about 4 KB a service): a larger team gets
 * several pages. It also keeps panel ids unique: 3 a service from 1, rows from 100.
 */
export const TEAM_DASHBOARD_SERVICES = 30;

/**
 * The team's dashboards, each built when asked for: one for up to TEAM_DASHBOARD_SERVICES services, then pages
 * of that many.
 */
export function teamDashboardPages(team: ResolvedTeam, services: readonly ResolvedService[]): (() => Dashboard)[] {
  const environments = [...new Set(services.flatMap((s) => s.environmentNames))];
  const pages = Math.ceil(services.length / TEAM_DASHBOARD_SERVICES);
  return Array.from({ length: pages }, (_, page) => () => {
    const own = services.slice(page * TEAM_DASHBOARD_SERVICES, (page + 1) * TEAM_DASHBOARD_SERVICES);
    const panels = own.flatMap((service, i): Panel[] => [
      { id: 100 + i, type: "row", title: service.name, gridPos: { x: 0, y: i * 9, w: 24, h: 1 } } as Panel,
      ...redPanels(service, 1 + i * 3, i * 9 + 1),
    ]);
    return dashboard(
      // `_` and `.` never occur in a team name: no page is another team's dashboard.
      uid("team", page === 0 ? team.name : `${team.name}_${page + 1}`),
      pages === 1 ? `${team.displayName}: services` : `${team.displayName}: services (${page + 1} of ${pages})`,
      ["fawkes", "team", team.name],
      environments,
      panels,
    );
  });
}
