// The repository's GitHub files: CODEOWNERS and the CI workflow.
import { OUTPUT_PATHS } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";
import { renderCodeowners } from "./codeowners.ts";
import { ciWorkflow } from "./workflows.ts";

export const generateGithub: Generator = (model) => [
  emit(() => ({ type: "text", comment: "#", path: OUTPUT_PATHS.codeowners, origin: ["teams"], content: renderCodeowners(model) })),
  emit(() => ({ type: "data", format: "yaml", keepKeyOrder: true, path: OUTPUT_PATHS.ciWorkflow, origin: ["platform"], data: ciWorkflow(model) })),
];
