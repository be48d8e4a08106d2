// The Score → service mapping, feature by feature (docs/score.md has the table): what Fawkes supports becomes a
// service field through `set`, remembering the Score line; everything else is refused at its line with a hint.
import type { ScoreWorkload } from "../schema/score/score.ts";
import type { ConfigPath } from "./problems.ts";

export type Set = (field: ConfigPath, value: unknown, from: ConfigPath) => void;
export type Refuse = (code: string, at: ConfigPath, message: string, hint: string, target?: "key" | "value") => void;

const UNSUPPORTED = "score-unsupported";

export function mapWorkload(name: string, score: ScoreWorkload, set: Set, refuse: Refuse): void {
  if (score.metadata.name !== name)
    refuse(
      "score-name",
      ["metadata", "name"],
      `is "${score.metadata.name}", not the service's name "${name}"`,
      `set metadata.name to ${name}`,
    );
  const containers = Object.entries(score.containers);
  for (const [extra] of containers.slice(1))
    refuse(
      UNSUPPORTED,
      ["containers", extra],
      "a second container: a Fawkes service runs one container (sidecars are not supported)",
      "split it into its own service, or keep one container",
      "key",
    );
  const [containerName, container] = containers[0]!;
  mapContainer(["containers", containerName], container, set, refuse);
  mapPorts(score, set, refuse);
  mapResources(score, set, refuse);
}

type Container = ScoreWorkload["containers"][string];

function mapContainer(at: ConfigPath, container: Container, set: Set, refuse: Refuse): void {
  // "." is Score's "the image built from this repository": Fawkes' default image, tagged from the releases file.
  if (container.image !== ".") {
    if (/[@]|:[^/]*$/.test(container.image))
      refuse(
        UNSUPPORTED,
        [...at, "image"],
        "names a tag or digest; Fawkes takes image tags from the releases file",
        "give the repository only (ghcr.io/acme/storefront), or `.` for the image built from this repository",
      );
    else set(["image"], container.image, [...at, "image"]);
  }
  for (const field of ["command", "args", "files", "volumes", "before"] as const)
    if (container[field] !== undefined)
      refuse(
        UNSUPPORTED,
        [...at, field],
        `container \`${field}\` is not supported: the service model has no such field`,
        field === "command" || field === "args"
          ? "set the command in the image (ENTRYPOINT/CMD)"
          : "bake the files into the image; state belongs in a managed service, not a volume",
        "key",
      );
  for (const [variable, value] of Object.entries(container.variables ?? {})) {
    if (value.includes("${"))
      refuse(
        UNSUPPORTED,
        [...at, "variables", variable],
        "uses a Score placeholder; Fawkes resolves no placeholders",
        "a plain value here, or a Vault reference in `secrets` of the service in fawkes.config",
      );
    else set(["env", variable], value, [...at, "variables", variable]);
  }
  const { requests, limits } = container.resources ?? {};
  if (requests?.cpu !== undefined) set(["resources", "cpu"], requests.cpu, [...at, "resources", "requests", "cpu"]);
  if (requests?.memory !== undefined)
    set(["resources", "memory"], requests.memory, [...at, "resources", "requests", "memory"]);
  if (limits?.cpu !== undefined) set(["resources", "cpuLimit"], limits.cpu, [...at, "resources", "limits", "cpu"]);
  if (limits?.memory !== undefined)
    set(["resources", "memoryLimit"], limits.memory, [...at, "resources", "limits", "memory"]);
  for (const [kind, key] of [
    ["liveness", "livenessProbe"],
    ["readiness", "readinessProbe"],
  ] as const) {
    const probe = container[key];
    if (!probe) continue;
    const from = [...at, key];
    if (probe.httpGet && probe.exec) {
      refuse(UNSUPPORTED, from, "declares both httpGet and exec", "keep one of them", "key");
    } else if (probe.exec) {
      set(["probes", kind], { command: probe.exec.command }, from);
    } else if (probe.httpGet) {
      const { path, port, ...rest } = probe.httpGet;
      const extra = Object.keys(rest);
      if (extra.length > 0)
        refuse(
          UNSUPPORTED,
          [...from, "httpGet", extra[0]!],
          `httpGet \`${extra[0]}\` is not supported`,
          "probe over plain HTTP on the pod's own address, without headers",
          "key",
        );
      else set(["probes", kind], { path, port }, from);
    }
  }
}

function mapPorts(score: ScoreWorkload, set: Set, refuse: Refuse): void {
  const ports = Object.entries(score.service?.ports ?? {});
  for (const [extra] of ports.slice(1))
    refuse(
      UNSUPPORTED,
      ["service", "ports", extra],
      "a second service port: a Fawkes service serves one port",
      "keep one port (metrics may use another: `metrics.port` in fawkes.config)",
      "key",
    );
  const first = ports[0];
  if (!first) return;
  const [portName, { port, protocol, targetPort }] = first;
  const at: ConfigPath = ["service", "ports", portName];
  if (protocol === "UDP") refuse(UNSUPPORTED, [...at, "protocol"], "UDP is not supported", "serve TCP");
  else if (targetPort !== undefined && targetPort !== port)
    refuse(
      UNSUPPORTED,
      [...at, "targetPort"],
      `differs from port ${port}; a Fawkes Service forwards its port to the same container port`,
      "listen on the service port in the container",
    );
  else set(["port"], port, [...at, "port"]);
}

function mapResources(score: ScoreWorkload, set: Set, refuse: Refuse): void {
  let routed = false;
  for (const [resourceName, resource] of Object.entries(score.resources ?? {})) {
    const at: ConfigPath = ["resources", resourceName];
    if (resource.type === "route" && routed) {
      refuse(UNSUPPORTED, at, "a second route: a Fawkes service is exposed on one path", "keep one route", "key");
      continue;
    }
    if (resource.type !== "route") {
      refuse(
        UNSUPPORTED,
        [...at, "type"],
        `resource type "${resource.type}" is not supported: Fawkes provisions no ${resource.type}`,
        resource.type === "dns"
          ? "hosts come from the platform: a `route` resource with `host`, or `expose` in fawkes.config"
          : "declare what the workload needs in fawkes.config: credentials as `secrets` (Vault paths), other services in `dependsOn`",
      );
      continue;
    }
    const params = resource.params ?? {};
    const unknown = Object.keys(params).filter((key) => !["host", "path", "port"].includes(key));
    if (unknown.length > 0 || resource.class !== undefined || resource.id !== undefined) {
      refuse(
        UNSUPPORTED,
        unknown.length > 0 ? [...at, "params", unknown[0]!] : [...at, resource.class !== undefined ? "class" : "id"],
        "a route takes only params host, path and port",
        "remove the other settings",
        "key",
      );
      continue;
    }
    const servicePort = Object.values(score.service?.ports ?? {})[0]?.port;
    if (params.port !== undefined && params.port !== servicePort) {
      refuse(
        UNSUPPORTED,
        [...at, "params", "port"],
        "a route must target the service port",
        `route to ${servicePort ?? "the port declared in service.ports"}`,
      );
      continue;
    }
    const expose: Record<string, unknown> = {};
    if (params.host !== undefined) expose.host = params.host;
    if (params.path !== undefined) expose.path = params.path;
    set(["expose"], Object.keys(expose).length > 0 ? expose : true, at);
    routed = true;
  }
}
