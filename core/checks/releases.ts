// The releases file names only declared services and environments, and every deployment has an image.
import { serviceEnvironments } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
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
  for (const [name, service] of Object.entries(services)) {
    if (service.chart) continue;
    for (const env of serviceEnvironments(service, envNames)) {
      if (releases[name]?.[env] === undefined) {
        problems.push({
          ...problem(
            "missing-release",
            ["services", name],
            `no release of "${name}" for environment "${env}" in the releases file`,
            `run: npx fawkes release ${name} --env ${env} --image-tag <tag>`,
          ),
          target: "key",
        });
      }
    }
  }
  return problems;
}
