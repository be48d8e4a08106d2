// Every exposed host is unique across services and environments.
import { centralHosts, serviceEnvironments, serviceHost } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import { servicePerEnvironment } from "../service-overrides.ts";
import type { CheckInput } from "./check-input.ts";

export function checkHosts({ config }: CheckInput): Problem[] {
  const { services, environments, platform } = config;
  if (!services || !environments || !platform) return [];
  const problems: Problem[] = [];
  const owner = new Map<string, string>(
    Object.entries(centralHosts(platform.domain)).map(([component, host]) => [host, `the ${component} component`]),
  );
  const envNames = Object.keys(environments);
  for (const [name, service] of Object.entries(services)) {
    const expose = service.expose;
    if (expose !== false && expose !== true && expose.host !== undefined && typeof expose.host === "object") {
      for (const env of Object.keys(expose.host)) {
        if (!serviceEnvironments(service, envNames).includes(env)) {
          problems.push(
            problem("not-deployed", ["services", name, "expose", "host", env], `"${name}" is not deployed to "${env}"`),
          );
        }
      }
    }
    for (const { environment: env, service: view, at } of servicePerEnvironment(name, service, envNames)) {
      const host = serviceHost(name, view, env, platform.domain);
      if (host === undefined) continue;
      const taken = owner.get(host);
      if (taken) {
        const exposed = view.expose;
        const hostPath = typeof exposed === "object" && exposed.host !== undefined ? ["expose", "host"] : ["expose"];
        problems.push(
          problem(
            "host-collision",
            at(...hostPath),
            `host ${host} (${env}) is already used by ${taken}`,
            "give each service and environment its own host, e.g. a map { dev: ..., prod: ... }",
          ),
        );
      } else {
        owner.set(host, `services.${name} in ${env}`);
      }
    }
  }
  return problems;
}
