// ArgoCD: everything under out/platform/apps/.
import type { OutputFile } from "../../core/file-tree.ts";
import type { Generator } from "../generator.ts";
import { APPS_DIR } from "../paths.ts";
import { buildNamespacesApplication, buildPlatformProject, buildRootApplication } from "./applications.ts";

export const generateArgocd: Generator = (model) => {
  const { platform, environments } = model;
  const files: OutputFile[] = [
    {
      type: "objects",
      path: `${APPS_DIR}/root.yaml`,
      origin: ["platform"],
      sources: ["platform"],
      objects: [buildRootApplication(platform)],
    },
    {
      type: "objects",
      path: `${APPS_DIR}/projects/platform.yaml`,
      origin: ["platform"],
      sources: ["platform", "environments"],
      objects: [buildPlatformProject(platform, environments)],
    },
  ];
  for (const env of environments) {
    files.push({
      type: "objects",
      path: `${APPS_DIR}/namespaces/${env.name}.yaml`,
      origin: ["environments", env.name],
      sources: ["platform", `environments.${env.name}`],
      objects: [buildNamespacesApplication(platform, env)],
    });
  }
  return files;
};
