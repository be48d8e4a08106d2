// Per service, what its repository can take: a devfile (Eclipse Che / DevWorkspaces), a devcontainer.json
// (VS Code, Codespaces) with the same image and commands, and the Jenkinsfile of the golden path.
import type { OutputFile } from "../../core/file-tree.ts";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import type { ResolvedService } from "../../core/resolved.ts";
import { devcontainerSchema, devfileSchema, type DevContainer, type Devfile } from "../../schema/outputs/devfile.ts";
import type { Generator } from "../generator.ts";
import { TOOLCHAINS } from "./build-types.ts";

export function devFolder(service: string): string {
  return `${OUTPUT_PATHS.dev}/${service}`;
}

export function buildDevfile(service: ResolvedService): Devfile {
  const build = service.build!;
  const tool = TOOLCHAINS[build.type];
  const env = Object.entries(service.env).map(([name, value]) => ({ name, value }));
  const command = (id: string, kind: "build" | "run" | "test" | "debug", commandLine: string) =>
    ({ id, exec: { component: "tools", commandLine, workingDir: "${PROJECT_SOURCE}", group: { kind, isDefault: true } } });
  return {
    schemaVersion: "2.3.0",
    metadata: { name: service.name, displayName: service.name, description: service.description, language: tool.language, version: "1.0.0" },
    projects: [{ name: service.name, git: { remotes: { origin: build.repo } } }],
    components: [{
      name: "tools",
      container: {
        image: tool.image,
        memoryRequest: "1Gi",
        memoryLimit: "4Gi",
        cpuRequest: "500m",
        cpuLimit: "2",
        mountSources: true,
        ...(env.length > 0 ? { env } : {}),
        endpoints: [
          ...(service.port !== undefined ? [{ name: "http", targetPort: service.port, exposure: "public" as const, protocol: "https" as const }] : []),
          { name: "debug", targetPort: tool.debugPort, exposure: "none" as const, protocol: "tcp" as const },
        ],
      },
    }],
    commands: [command("build", "build", tool.build), command("test", "test", tool.test), command("run", "run", tool.run), command("debug", "debug", tool.debug)],
  };
}

export function buildDevcontainer(service: ResolvedService): DevContainer {
  const tool = TOOLCHAINS[service.build!.type];
  const ports = [...(service.port !== undefined ? [service.port] : []), tool.debugPort];
  return {
    name: service.name,
    image: tool.image,
    forwardPorts: ports,
    portsAttributes: Object.fromEntries([
      ...(service.port !== undefined ? [[String(service.port), { label: service.name }]] : []),
      [String(tool.debugPort), { label: "debugger" }],
    ]),
    containerEnv: { ...service.env },
    postCreateCommand: tool.build,
    customizations: { vscode: { extensions: [...tool.extensions] } },
  };
}

export function jenkinsfile(service: ResolvedService): string {
  return `@Library('fawkes') _\n\nfawkesPipeline(service: '${service.name}', team: '${service.team.name}', buildType: '${service.build!.type}')\n`;
}

export const generateCde: Generator = (model) =>
  model.services
    .filter((s) => s.build !== undefined && !s.chart)
    .flatMap((service): OutputFile[] => {
      const origin = ["services", service.name, "build"];
      const dir = () => devFolder(service.name);
      return [
        emit(() => ({ origin, type: "data", format: "yaml", keepKeyOrder: true, schema: devfileSchema, path: `${dir()}/devfile.yaml`, data: buildDevfile(service) })),
        emit(() => ({ origin, type: "data", format: "jsonc", keepKeyOrder: true, schema: devcontainerSchema, path: `${dir()}/.devcontainer/devcontainer.json`, data: buildDevcontainer(service) })),
        emit(() => ({ origin, type: "text", comment: "//", path: `${dir()}/Jenkinsfile`, content: jenkinsfile(service) })),
      ];
    });
