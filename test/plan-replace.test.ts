// Terraform changes that force replacement: marked `-/+` and tagged `destroy` in `plan`, guarded like a prune
// in protected environments; the table of replacement-forcing attributes, given → want.
import { rmSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Plan } from "../core/plan.ts";
import { destroyedInstances, replacementCauses } from "../core/terraform-replacement.ts";
import { planOf } from "./helpers/plan-fixture.ts";
import { cli, editExample } from "./helpers/repo.ts";

const test = suite("plan-replace");

test("a zone fewer replaces prod's network: -/+ and destroy in plan, refused by generate without --allow-prune", async () => {
  const { dir, out } = await planOf(editExample("zones: 3,", "zones: 2,"));
  const vpc = (JSON.parse(out) as Plan).changes.find((c) => c.id === "prod: module.vpc");
  assert.equal(vpc?.replaces, ["azs", "private_subnets", "public_subnets"]);
  assert.equal(vpc?.risks, ["prod", "destroy"]);
  const text = await cli(["plan", "--base", "HEAD", "-C", dir]);
  assert.match(text.stdout, /\(\d+ replaced\)/);
  assert.match(text.stdout, /^ {2}-\/\+ prod: module\.vpc \(azs .*\(forces replacement\).*\[prod, destroy\]$/m);
  const refused = await cli(["generate", "-C", dir]);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /prod: module\.vpc: would be replaced by Terraform in a protected environment \(azs /);
  assert.is((await cli(["generate", "--allow-prune", "-C", dir])).code, 0);
  rmSync(dir, { recursive: true, force: true });
});

test("a Kubernetes upgrade is an in-place change: no replace marker, no destroy, generate proceeds", async () => {
  const { dir, out } = await planOf(editExample('kubernetesVersion: "1.33"', 'kubernetesVersion: "1.34"'));
  const eks = (JSON.parse(out) as Plan).changes.find((c) => c.id === "prod: module.eks");
  assert.equal([eks?.action, eks?.replaces, eks?.risks], ["changed", undefined, ["prod"]]);
  assert.ok(eks?.summary.includes("kubernetes_version 1.33→1.34"), eks?.summary.join(", "));
  assert.is((await cli(["generate", "-C", dir])).code, 0);
  rmSync(dir, { recursive: true, force: true });
});

test("a prod node pool's instance type replaces that node group", async () => {
  const { dir, out } = await planOf(editExample('instanceType: "c7i.2xlarge"', 'instanceType: "c7i.4xlarge"'));
  const eks = (JSON.parse(out) as Plan).changes.find((c) => c.id === "prod: module.eks");
  assert.equal(eks?.replaces, ["eks_managed_node_groups.batch.instance_types"]);
  assert.ok(eks?.risks.includes("destroy"));
  rmSync(dir, { recursive: true, force: true });
});

const eks = {
  source: "terraform-aws-modules/eks/aws",
  name: "acme-prod",
  subnet_ids: "${module.vpc.private_subnets}",
  kubernetes_version: "1.33",
  eks_managed_node_groups: {
    general: { instance_types: ["m7i.xlarge"], min_size: 3 },
    batch: { instance_types: ["c7i.2xlarge"] },
  },
};

const cases: [string, string, unknown, unknown, string[]][] = [
  [
    "a role's trust policy updates in place",
    "aws_iam_role.x",
    { name: "r", assume_role_policy: "a" },
    { name: "r", assume_role_policy: "b" },
    [],
  ],
  ["a role renamed is replaced", "aws_iam_role.x", { name: "r" }, { name: "s" }, ["name"]],
  [
    "an attribute not in the table is not a replacement",
    "aws_iam_role.x",
    { name: "r", max_session_duration: 3600 },
    { name: "r", max_session_duration: 7200 },
    [],
  ],
  ["a type not in the table is never replaced", "aws_s3_bucket.x", { bucket: "a" }, { bucket: "b" }, []],
  [
    "EKS subnets update in place (aws provider 5.25+)",
    "module.eks",
    eks,
    { ...eks, subnet_ids: "${module.other.ids}" },
    [],
  ],
  ["EKS renamed is replaced", "module.eks", eks, { ...eks, name: "acme-production" }, ["name"]],
  [
    "a node group scaled is in place",
    "module.eks",
    eks,
    {
      ...eks,
      eks_managed_node_groups: {
        ...eks.eks_managed_node_groups,
        general: { instance_types: ["m7i.xlarge"], min_size: 5 },
      },
    },
    [],
  ],
  [
    "a node group added replaces nothing",
    "module.eks",
    eks,
    { ...eks, eks_managed_node_groups: { ...eks.eks_managed_node_groups, gpu: { instance_types: ["g5.xlarge"] } } },
    [],
  ],
  [
    "a subnet moved is replaced",
    "azurerm_subnet.nodes",
    { name: "snet", virtual_network_name: "vnet-a" },
    { name: "snet", virtual_network_name: "vnet-b" },
    ["virtual_network_name"],
  ],
  [
    "a subnet's prefixes update in place",
    "azurerm_subnet.nodes",
    { name: "snet", address_prefixes: ["10.0.0.0/19"] },
    { name: "snet", address_prefixes: ["10.0.0.0/18"] },
    [],
  ],
  [
    "AKS service CIDR is immutable",
    "module.aks",
    {
      source: "Azure/avm-res-containerservice-managedcluster/azurerm",
      network_profile: { service_cidr: "100.65.0.0/16" },
    },
    {
      source: "Azure/avm-res-containerservice-managedcluster/azurerm",
      network_profile: { service_cidr: "100.66.0.0/16" },
    },
    ["network_profile.service_cidr"],
  ],
];

for (const [name, address, before, after, want] of cases) {
  test(`replacement table: ${name}`, () => assert.equal(replacementCauses(address, before, after), want));
}

test("instances that go: for_each keys and EKS node groups", () => {
  assert.equal(
    destroyedInstances("aws_iam_role_policy_attachment.x", { for_each: { a: "1", b: "2" } }, { for_each: { a: "1" } }),
    ["for_each[b]"],
  );
  const { batch: _, ...general } = eks.eks_managed_node_groups;
  assert.equal(destroyedInstances("module.eks", eks, { ...eks, eks_managed_node_groups: general }), [
    "eks_managed_node_groups[batch]",
  ]);
});

test.run();
