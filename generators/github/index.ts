// The repository's GitHub files: CODEOWNERS, the CI workflow, the release and promote workflows, the one that
// applies the golden path's service requests, and the one that builds the platform's Backstage image (with
// Backstage on the platform image).
import { OUTPUT_PATHS } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";
import { renderCodeowners } from "./codeowners.ts";
import {
  backstageImageWorkflow,
  ciWorkflow,
  promoteWorkflow,
  releaseWorkflow,
  serviceRequestsPushWorkflow,
  serviceRequestsWorkflow,
} from "./workflows.ts";

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
  emit(() => ({
    type: "data",
    format: "yaml",
    keepKeyOrder: true,
    path: OUTPUT_PATHS.serviceRequestsPushWorkflow,
    origin: ["platform"],
    data: serviceRequestsPushWorkflow(model),
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
  ...(model.installed("backstage") && model.backstageImage.kind === "platform"
    ? [
        emit(() => ({
          type: "data",
          format: "yaml",
          keepKeyOrder: true,
          path: OUTPUT_PATHS.backstageImageWorkflow,
          origin: ["components", "backstage"],
          data: backstageImageWorkflow(model),
        })),
      ]
    : []),
];
