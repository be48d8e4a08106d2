// The repository's GitHub files: CODEOWNERS and the CI workflow.
import type { Generator } from "../generator.ts";
import { CODEOWNERS_PATH, renderCodeowners } from "./codeowners.ts";
import { ciWorkflow } from "./workflows.ts";

export const generateGithub: Generator = (model) => [
  { type: "text", comment: "#", path: CODEOWNERS_PATH, origin: ["teams"], sources: ["platform", "teams", "services"], content: renderCodeowners(model) },
  { type: "data", format: "yaml", keepKeyOrder: true, path: ".github/workflows/ci.yml", origin: ["platform"], sources: ["platform"], data: ciWorkflow(model) },
];
