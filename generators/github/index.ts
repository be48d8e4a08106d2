// The repository's GitHub files: CODEOWNERS, the CI workflow, the release and promote workflows, and the one
// that applies the golden path's service requests.
import { OUTPUT_PATHS } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";
import { renderCodeowners } from "./codeowners.ts";
import { ciWorkflow, promoteWorkflow, releaseWorkflow, serviceRequestsWorkflow } from "./workflows.ts";

export const generateGithub: Generator = (model) => [
  emit(() => ({
    type: "text",
    comment: "#",
    path: OUTPUT_PATHS.codeowners,
    origin: ["teams"],
    content: renderCodeowners(model),
  })),
  emit(() => ({
    type: "data",
    format: "yaml",
    keepKeyOrder: true,
    path: OUTPUT_PATHS.ciWorkflow,
    origin: ["platform"],
    data: ciWorkflow(model),
  })),
  emit(() => ({
    type: "data",
    format: "yaml",
    keepKeyOrder: true,
    path: OUTPUT_PATHS.releaseWorkflow,
    origin: ["platform"],
    data: releaseWorkflow(model),
  })),
  emit(() => ({
    type: "data",
    format: "yaml",
    keepKeyOrder: true,
    path: OUTPUT_PATHS.serviceRequestsWorkflow,
    origin: ["platform"],
    data: serviceRequestsWorkflow(model),
  })),
  ...(model.environments.length > 1
    ? [
        emit(() => ({
          type: "data",
          format: "yaml",
          keepKeyOrder: true,
          path: OUTPUT_PATHS.promoteWorkflow,
          origin: ["environments"],
          data: promoteWorkflow(model),
        })),
      ]
    : []),
];
