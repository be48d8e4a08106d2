// Terraform files in their JSON form, for the plan and the prune guard (a WebAssembly build of hcl2json).
import { parse } from "@cdktn/hcl2json";

export function parseTerraform(path: string, text: string): Promise<Record<string, unknown>> {
  return parse(path, text) as Promise<Record<string, unknown>>;
}
