// Terraform files in their JSON form, for the plan and the prune guard (a WebAssembly build of hcl2json). Loaded
// on first use: importing the package starts its Go runtime (about 35 ms), which a generate that removes and
// changes nothing never needs.
type Hcl2Json = typeof import("@cdktn/hcl2json");
let hcl2json: Promise<Hcl2Json> | undefined;

export async function parseTerraform(path: string, text: string): Promise<Record<string, unknown>> {
  hcl2json ??= import("@cdktn/hcl2json");
  return (await hcl2json).parse(path, text) as Promise<Record<string, unknown>>;
}
