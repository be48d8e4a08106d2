// Per service, what its repository can take: a devfile (Eclipse Che / DevWorkspaces), a devcontainer.json
// (VS Code, Codespaces) with the same image and commands, and the Jenkinsfile of the golden path.
import { OUTPUT_PATHS } from "../../core/names.ts";
import {
  buildDevcontainer as buildDevcontainerOf,
  buildDevfile as buildDevfileOf,
  buildJenkinsfile,
  type DevEnvironmentInput,
} from "../../core/render/dev-environment.ts";
import { emit } from "../../core/provenance.ts";
import type { ResolvedService } from "../../core/resolved.ts";
import { devcontainerSchema, devfileSchema, type DevContainer, type Devfile } from "../../schema/outputs/devfile.ts";
import { forEveryService, type Generator, type ServiceGenerator } from "../generator.ts";

export function devFolder(service: string): string {
  return `${OUTPUT_PATHS.dev}/${service}`;
}

/** The development environment's facts of a declared service. */
export function devEnvironmentOf(service: ResolvedService): DevEnvironmentInput {
  // Getters: each file records only the entries it reads (the devfile does not depend on the team).
  return {
    get name() {
      return service.name;
    },
    get team() {
      return service.team.name;
    },
    get description() {
      return service.description;
    },
    get repo() {
      return service.build!.repo;
    },
    get buildType() {
      return service.build!.type;
    },
    get port() {
      return service.port;
    },
    get env() {
      return service.developmentEnv;
    },
    get path() {
      return service.build!.path;
    },
  };
}

export const buildDevfile = (service: ResolvedService): Devfile => buildDevfileOf(devEnvironmentOf(service));
export const buildDevcontainer = (service: ResolvedService): DevContainer =>
  buildDevcontainerOf(devEnvironmentOf(service));
export const jenkinsfile = (service: ResolvedService): string => buildJenkinsfile(devEnvironmentOf(service));

/** A built service's development environment and Jenkinsfile; nothing for a service without a build. */
export const generateCdeOf: ServiceGenerator = (_, service) => {
  if (service.build === undefined || service.chart) return [];
  const origin = ["services", service.name, "build"];
  const dir = () => devFolder(service.name);
  return [
    emit(() => ({
      origin,
      type: "data",
      format: "yaml",
      keepKeyOrder: true,
      schema: devfileSchema,
      path: `${dir()}/devfile.yaml`,
      data: buildDevfile(service),
    })),
    emit(() => ({
      origin,
      type: "data",
      format: "jsonc",
      keepKeyOrder: true,
      schema: devcontainerSchema,
      path: `${dir()}/.devcontainer/devcontainer.json`,
      data: buildDevcontainer(service),
    })),
    emit(() => ({
      origin,
      type: "text",
      comment: "//",
      path: `${dir()}/Jenkinsfile`,
      content: jenkinsfile(service),
    })),
  ];
};

export const generateCde: Generator = forEveryService(generateCdeOf);
