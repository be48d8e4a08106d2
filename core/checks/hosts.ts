// Exposed hosts: a central component's host is its own; services may share a host when each takes its own
// path (HTTPRoutes on one hostname, matched by the longest path prefix), never the same host and path.
import { centralHosts, serviceEnvironments, serviceHost } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import { servicePerEnvironment } from "../service-overrides.ts";
import type { CheckInput } from "./check-input.ts";

/** A path prefix as the Gateway API matches it: a trailing slash changes nothing. */
export function routedPath(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

function rawExpose(raw: unknown, name: string): unknown {
  return (raw as { services?: Record<string, { expose?: unknown }> } | null)?.services?.[name]?.expose;
}

export function checkHosts({ config, raw }: CheckInput): Problem[] {
  const { services, environments, platform } = config;
  if (!services || !environments || !platform) return [];
  const problems: Problem[] = [];
  const components = new Map(
    Object.entries(centralHosts(platform.domain)).map(([component, host]) => [host, `the ${component} component`]),
  );
  /** `<env> <host> <path>` → the service routed there. */
  const routes = new Map<string, string>();
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
      const exposed = view.expose;
      const hostPath = typeof exposed === "object" && exposed.host !== undefined ? ["expose", "host"] : ["expose"];
      const component = components.get(host);
      if (component) {
        problems.push(
          problem(
            "host-collision",
            at(...hostPath),
            `host ${host} (${env}) is already used by ${component}`,
            "give each service and environment its own host, e.g. a map { dev: ..., prod: ... }",
          ),
        );
        continue;
      }
      const path = routedPath(typeof exposed === "object" ? exposed.path : "/");
      const route = `${env} ${host} ${path}`;
      const taken = routes.get(route);
      if (taken) {
        // The path as written (the service's, or the override's when it sets expose): else the host is the culprit.
        const written = (at("expose")[2] === "overrides" ? service.overrides?.[env]?.expose : rawExpose(raw, name)) as
          { path?: unknown } | undefined;
        const pathWritten = typeof written === "object" && written !== null && written.path !== undefined;
        problems.push(
          problem(
            "route-conflict",
            pathWritten ? at("expose", "path") : at(...hostPath),
            `host ${host} path ${path} (${env}) is already routed to ${taken}`,
            "services may share a host with a path each: give this one its own expose.path, or its own host",
          ),
        );
      } else {
        routes.set(route, `services.${name} in ${env}`);
      }
    }
  }
  return problems;
}
