// Who reaches each cluster's API server: a private endpoint unless `apiAccessCidrs` lists who may use the public
// one, on both clouds; and the registration step says how the management cluster reaches a private one.
import { parse } from "@cdktn/hcl2json";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { ResolvedConfig } from "../core/resolved.ts";
import { bootstrapGraph } from "../core/runtime/bootstrap-graph.ts";
import { ids } from "../core/runtime/bootstrap-model.ts";
import { generateTerraform } from "../generators/terraform/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom, AZURE_CLOUD } from "./helpers/model.ts";

const test = suite("api-access");
type Obj = Record<string, any>;

const OFFICE = "203.0.113.0/24";
const AZURE: FawkesConfigInput = {
  ...SMALL,
  clouds: {
    ...SMALL.clouds,
    az: { ...AZURE_CLOUD, cidr: "10.30.0.0/16", state: { resourceGroup: "m-tfstate", storageAccount: "mtfstate" } },
  },
  environments: {
    ...SMALL.environments,
    dev: { ...SMALL.environments.dev!, cloud: "az", nodePools: { default: { instanceType: "Standard_D4s_v5" } } },
  },
};

async function main(model: ResolvedConfig, env: string): Promise<Obj> {
  const file = generateTerraform(model).find((f) => f.path === `out/infra/${env}/main.tf`)!;
  return parse("main.tf", file.type === "text" ? file.content : "");
}

test("AKS: a private cluster by default; the declared CIDRs as authorized IP ranges otherwise", async () => {
  const closed = (await main(resolveFrom(AZURE), "dev")).module.aks[0].api_server_access_profile;
  assert.equal(closed, { enable_private_cluster: true });
  const open = resolveFrom({
    ...AZURE,
    environments: { ...AZURE.environments, dev: { ...AZURE.environments.dev!, apiAccessCidrs: [OFFICE] } },
  });
  const profile = (await main(open, "dev")).module.aks[0].api_server_access_profile;
  assert.equal(profile, { authorized_ip_ranges: [OFFICE] });
});

test("EKS: the private endpoint always; the public one only for the declared CIDRs", async () => {
  const closed = (await main(resolveFrom(SMALL), "prod")).module.eks[0];
  assert.equal([closed.endpoint_private_access, closed.endpoint_public_access], [true, false]);
  assert.is(closed.endpoint_public_access_cidrs, undefined);
  const open = resolveFrom({
    ...SMALL,
    environments: { ...SMALL.environments, prod: { ...SMALL.environments.prod!, apiAccessCidrs: [OFFICE] } },
  });
  const eks = (await main(open, "prod")).module.eks[0];
  assert.equal(
    [eks.endpoint_private_access, eks.endpoint_public_access, eks.endpoint_public_access_cidrs],
    [true, true, [OFFICE]],
  );
});

test("registration: a private spoke's step says how the management cluster reaches it; a public one's does not", () => {
  const notes = (config: FawkesConfigInput) =>
    (bootstrapGraph(resolveFrom(config)).nodes.get(ids.register("dev"))!.notes ?? []).join("\n");
  assert.match(notes(AZURE), /dev's API server has a private endpoint only .*VNet peering/);
  assert.match(notes(SMALL), /dev's API server has a private endpoint only .*VPC peering or a Transit Gateway/);
  const open: FawkesConfigInput = {
    ...SMALL,
    environments: { ...SMALL.environments, dev: { ...SMALL.environments.dev!, apiAccessCidrs: [OFFICE] } },
  };
  assert.not.match(notes(open), /private endpoint only/);
});

test.run();
