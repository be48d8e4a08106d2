// What a service repository takes to be developed and built: a devfile (Eclipse Che / DevWorkspaces), a
// devcontainer.json (VS Code, Codespaces) with the same image and commands, and the golden-path Jenkinsfile.
// Shared by the per-service files (out/dev/) and the golden-path templates' skeletons, so a scaffolded
// repository gets exactly what a declared service gets.
import type { DevContainer, Devfile } from "../../schema/outputs/devfile.ts";
import { TOOLCHAINS, type BuildType } from "./toolchains.ts";

/** The facts of a service that its development environment depends on. */
export interface DevEnvironmentInput {
  readonly name: string;
  readonly team: string;
  readonly description: string;
  readonly repo: string;
  readonly buildType: BuildType;
  /** Container port of a web service. */
  readonly port?: number | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** Folder of the service in its repository (a monorepo); the root when undefined. */
  readonly path?: string | undefined;
}

export function buildDevfile(input: DevEnvironmentInput): Devfile {
  const tool = TOOLCHAINS[input.buildType];
  const env = Object.entries(input.env).map(([name, value]) => ({ name, value }));
  const command = (id: string, kind: "build" | "run" | "test" | "debug", commandLine: string) => ({
    id,
    exec: {
      component: "tools",
      commandLine,
      workingDir: input.path === undefined ? "${PROJECT_SOURCE}" : `\${PROJECT_SOURCE}/${input.path}`,
      group: { kind, isDefault: true },
    },
  });
  return {
    schemaVersion: "2.3.0",
    metadata: {
      name: input.name,
      displayName: input.name,
      description: input.description,
      language: tool.language,
      version: "1.0.0",
    },
    projects: [{ name: input.name, git: { remotes: { origin: input.repo } } }],
    components: [
      {
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
            ...(input.port !== undefined
              ? [{ name: "http", targetPort: input.port, exposure: "public" as const, protocol: "https" as const }]
              : []),
            { name: "debug", targetPort: tool.debugPort, exposure: "none" as const, protocol: "tcp" as const },
          ],
        },
      },
    ],
    commands: [
      command("build", "build", tool.build),
      command("test", "test", tool.test),
      command("run", "run", tool.run),
      command("debug", "debug", tool.debug),
    ],
  };
}

export function buildDevcontainer(input: DevEnvironmentInput): DevContainer {
  const tool = TOOLCHAINS[input.buildType];
  const ports = [...(input.port !== undefined ? [input.port] : []), tool.debugPort];
  return {
    name: input.name,
    image: tool.image,
    // In a monorepo the container opens the service's folder (the file goes in .devcontainer/<service>/).
    ...(input.path === undefined
      ? {}
      : { workspaceFolder: `/workspaces/\${localWorkspaceFolderBasename}/${input.path}` }),
    forwardPorts: ports,
    portsAttributes: Object.fromEntries([
      ...(input.port !== undefined ? [[String(input.port), { label: input.name }]] : []),
      [String(tool.debugPort), { label: "debugger" }],
    ]),
    containerEnv: { ...input.env },
    postCreateCommand: tool.build,
    customizations: { vscode: { extensions: [...tool.extensions] } },
  };
}

export function buildJenkinsfile(input: DevEnvironmentInput): string {
  const path = input.path === undefined ? "" : `, path: '${input.path}'`;
  return `@Library('fawkes') _\n\nfawkesPipeline(service: '${input.name}', team: '${input.team}', buildType: '${input.buildType}'${path})\n`;
}
