// The golden-path Templates the catalog offers: one per build type and service type, each in its folder
// under out/catalog/templates/. Read by the scaffolder generator (which writes them) and the Backstage
// generator (whose Location lists them).
import { BUILD_TYPES } from "../schema/services.ts";
import { OUTPUT_PATHS } from "./names.ts";

export type BuildType = (typeof BUILD_TYPES)[number];
export type ServiceType = "web" | "worker" | "cronjob";
export const SERVICE_TYPES: readonly ServiceType[] = ["web", "worker", "cronjob"];

export interface GoldenPathTemplate {
  readonly name: string;
  readonly build: BuildType;
  readonly type: ServiceType;
  /** Folder of the template: template.yaml, skeleton/, platform/. */
  readonly dir: string;
}

/** `owner/repo` of a GitHub URL. */
export function githubRepoOf(url: string): { owner: string; repo: string } | undefined {
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  return match ? { owner: match[1]!, repo: match[2]! } : undefined;
}

/** The Templates, or none when the platform repository is not on GitHub (they open pull requests there). */
export function goldenPathTemplates(platformRepoURL: string): GoldenPathTemplate[] {
  if (!githubRepoOf(platformRepoURL)) return [];
  return BUILD_TYPES.flatMap((build) =>
    SERVICE_TYPES.map((type) => {
      const name = `${build}-${type}`;
      return { name, build, type, dir: `${OUTPUT_PATHS.templates}/${name}` };
    }),
  );
}
