// The labels the config adds (platform, team, service) and the labels the policies require agree: a key Fawkes
// sets itself cannot be set, and a required label every pod must carry is carried by every service's pods in
// every environment they run in, so `policies.requiredLabels` never denies every workload at generate time.
import { reservedLabelKey, serviceLabels } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import { servicePerEnvironment, serviceViews } from "../service-overrides.ts";
import type { CheckInput } from "./check-input.ts";

function reservedKeys(labels: Readonly<Record<string, string>>, at: (key: string) => (string | number)[]): Problem[] {
  return Object.keys(labels).flatMap((key) => {
    const reason = reservedLabelKey(key);
    return reason === undefined
      ? []
      : [
          {
            ...problem(
              "reserved-label",
              at(key),
              `the label "${key}" cannot be set: ${reason}`,
              "use a key of your own domain, such as acme.dev/cost-center",
            ),
            target: "key" as const,
          },
        ];
  });
}

export function checkLabels({ config, declared }: CheckInput): Problem[] {
  const { platform, teams, services, policies } = config;
  const problems: Problem[] = [];
  if (platform) problems.push(...reservedKeys(platform.labels, (key) => ["platform", "labels", key]));
  for (const [name, team] of Object.entries(teams ?? {}))
    problems.push(...reservedKeys(team.labels, (key) => ["teams", name, "labels", key]));
  for (const [name, service] of Object.entries(services ?? {})) {
    for (const { service: here, at } of serviceViews(name, service, declared.environments))
      problems.push(...reservedKeys(here.labels, (key) => at("labels", key)));
  }
  if (!platform || !teams || !services || !policies) return dedupe(problems);
  const mode = policies.overrides["require-labels"] ?? policies.mode;
  if (mode === "Disabled") return dedupe(problems);
  const excepted = (team: string, service: string) =>
    policies.exceptions.some(
      (e) => e.policy === "require-labels" && e.team === team && (e.service === undefined || e.service === service),
    );
  policies.requiredLabels.forEach((required, i) => {
    const lacking: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      const team = teams[service.team];
      if (!team || excepted(service.team, name)) continue;
      for (const { environment, service: here } of servicePerEnvironment(name, service, declared.environments)) {
        const carried: Record<string, string> = {
          ...platform.labels,
          ...team.labels,
          ...here.labels,
          ...serviceLabels(platform.name, service.team, name),
          "fawkes.dev/environment": environment,
          ...(service.chart ? { "app.kubernetes.io/instance": name } : {}),
        };
        if (!carried[required]) lacking.push(`${name} (${environment})`);
      }
    }
    if (lacking.length === 0) return;
    const shown = lacking.length > 6 ? [...lacking.slice(0, 6), `${lacking.length - 6} more`] : lacking;
    problems.push({
      ...problem(
        "required-label-missing",
        ["policies", "requiredLabels", i],
        `the pods of ${shown.join(", ")} would not carry "${required}": the require-labels policy would ${mode === "Enforce" ? "deny" : "report"} them`,
        `give "${required}" a value in platform.labels, teams.<team>.labels or services.<name>.labels`,
      ),
      ...(mode === "Audit" ? { severity: "warning" as const } : {}),
    });
  });
  return dedupe(problems);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join("\u0000")}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
