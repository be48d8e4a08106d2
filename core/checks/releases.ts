// The releases file names only declared services and environments, and every deployment has an image.
import { serviceEnvironments } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import { servicePerEnvironment } from "../service-overrides.ts";
import { suggestName } from "../suggest.ts";
import type { CheckInput } from "./check-input.ts";

export function checkReleases({ config, releases, declared }: CheckInput): Problem[] {
  const { services, environments } = config;
  if (!services || !environments || !releases) return [];
  const problems: Problem[] = [];
  const envNames = Object.keys(environments);
  const fromReleases = (p: Problem): Problem => ({ ...p, origin: "releases", target: "key" });
  for (const [name, tags] of Object.entries(releases)) {
    const service = services[name];
    if (!declared.services.includes(name)) {
      problems.push(
        fromReleases(
          problem(
            "unknown-reference",
            ["releases", name],
            `unknown service "${name}"`,
            suggestName(name, declared.services, "service"),
          ),
        ),
      );
    }
    if (!service) continue;
    if (service.chart) {
      problems.push(
        fromReleases(
          problem(
            "not-applicable",
            ["releases", name],
            `"${name}" is deployed from a chart: its version is services.${name}.chart.version`,
            "remove this release",
          ),
        ),
      );
      continue;
    }
    const deployed = serviceEnvironments(service, envNames);
    for (const env of Object.keys(tags)) {
      if (!declared.environments.includes(env)) {
        problems.push(
          fromReleases(
            problem(
              "unknown-reference",
              ["releases", name, env],
              `unknown environment "${env}"`,
              suggestName(env, declared.environments, "environment"),
            ),
          ),
        );
      } else if (!envNames.includes(env)) {
        continue; // declared, but invalid: reported at the environment itself
      } else if (!deployed.includes(env)) {
        problems.push(
          fromReleases(
            problem(
              "not-deployed",
              ["releases", name, env],
              `"${name}" is not deployed to "${env}"`,
              `add "${env}" to services.${name}.environments or remove this release`,
            ),
          ),
        );
      }
    }
  }
  // A service runs in an environment once it has a release there: a new service is released to its first
  // environment and promoted from there, never given made-up tags for the others.
  const released = (name: string, env: string): boolean =>
    services[name]?.chart !== undefined || releases[name]?.[env] !== undefined;
  for (const [name, service] of Object.entries(services)) {
    if (service.chart) continue;
    const planned = serviceEnvironments(service, envNames);
    const pending = planned.filter((env) => !released(name, env));
    if (pending.length > 0) {
      problems.push({
        ...problem(
          "pending-release",
          ["services", name],
          `"${name}" has no release for ${pending.map((e) => `"${e}"`).join(", ")} yet, so it is not deployed there`,
          `run: ${nextReleaseStep(name, planned, (env) => released(name, env))}`,
        ),
        target: "key",
        severity: "warning",
      });
    }
    // What it calls should run wherever it runs; until it is released there, the calls fail (a warning, so
    // that the dependency can still be released and promoted one environment at a time).
    for (const { environment: env, service: view, at } of servicePerEnvironment(name, service, envNames)) {
      if (!released(name, env)) continue;
      for (const dependency of view.dependsOn) {
        if (
          !services[dependency] ||
          !serviceEnvironments(services[dependency]!, envNames).includes(env) ||
          released(dependency, env)
        )
          continue;
        const path = serviceEnvironments(services[dependency]!, envNames);
        problems.push({
          ...problem(
            "unreleased-dependency",
            at("dependsOn"),
            `"${name}" runs in "${env}" and calls "${dependency}", which has no release there yet: those calls fail until it has`,
            `run: ${nextReleaseStep(dependency, path.slice(0, path.indexOf(env) + 1), (e) => released(dependency, e))}`,
          ),
          target: "key",
          severity: "warning",
        });
      }
    }
  }
  return problems;
}

/** The command that takes a service one step further along its environments: promote from the last one it runs in, or a first release. */
function nextReleaseStep(name: string, path: readonly string[], released: (env: string) => boolean): string {
  const next = path.findIndex((env) => !released(env));
  const from = path[next - 1];
  return from === undefined
    ? `npx fawkes release ${name} --env ${path[next]} --image-tag <tag>`
    : `npx fawkes promote ${name} --from ${from} --to ${path[next]}`;
}
