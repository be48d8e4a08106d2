// Which changes to the Terraform blocks Fawkes emits make Terraform destroy the resource and create a new one
// ("forces replacement"), so `plan` can mark them and `generate` can guard them like a prune. Only what the
// provider documentation (or the module's source) says forces a new resource is listed; an attribute that is
// not listed is taken to update in place, so the table errs towards silence, never towards a false alarm.
// Keep it to the block types Fawkes generates (generators/terraform/) and add a row with its source when a
// generator starts emitting a new one.

interface ReplacementRule {
  /** Attribute paths (dot-separated, `*` for any one key) whose change forces replacement. */
  readonly attributes: readonly string[];
  /** Maps whose entries are resources of their own (besides `for_each`): a key that goes destroys one. */
  readonly instances?: readonly string[];
  /** Where it says so. */
  readonly source: string;
}

/** Resources, by type. */
export const RESOURCE_REPLACEMENT: Readonly<Record<string, ReplacementRule>> = {
  // `assume_role_policy`, `tags` and the inline policies update in place.
  aws_iam_role: {
    attributes: ["name", "name_prefix", "path"],
    source:
      'registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role (name: "Changing the name forces a new resource to be created")',
  },
  aws_iam_role_policy: {
    attributes: ["name", "role"],
    source:
      "registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy (name, role: forces new resource)",
  },
  aws_iam_role_policy_attachment: {
    attributes: ["role", "policy_arn"],
    source:
      "registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy_attachment (both arguments force a new resource)",
  },
  azurerm_resource_group: {
    attributes: ["name", "location"],
    source:
      'registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/resource_group ("Changing this forces a new Resource Group to be created")',
  },
  // `address_space` updates in place.
  azurerm_virtual_network: {
    attributes: ["name", "location", "resource_group_name"],
    source:
      'registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/virtual_network ("Changing this forces a new resource to be created")',
  },
  // `address_prefixes` updates in place.
  azurerm_subnet: {
    attributes: ["name", "resource_group_name", "virtual_network_name"],
    source:
      'registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/subnet ("Changing this forces a new resource to be created")',
  },
  azurerm_user_assigned_identity: {
    attributes: ["name", "location", "resource_group_name"],
    source:
      'registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/user_assigned_identity ("Changing this forces a new User Assigned Identity to be created")',
  },
  // `audience`, `issuer` and `subject` update in place.
  azurerm_federated_identity_credential: {
    attributes: ["name", "parent_id", "user_assigned_identity_id", "resource_group_name"],
    source:
      'github.com/hashicorp/terraform-provider-azurerm website/docs/r/federated_identity_credential.html.markdown (name, identity: "Changing this forces a new ... to be created")',
  },
  vault_policy: {
    attributes: ["name"],
    source: "registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/policy (name: forces new resource)",
  },
  vault_auth_backend: {
    attributes: ["type"],
    source:
      "registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/auth_backend (type: forces new resource)",
  },
  vault_kubernetes_auth_backend_role: {
    attributes: ["backend", "role_name"],
    source:
      "registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/kubernetes_auth_backend_role (role_name, backend: forces new resource)",
  },
};

/** Modules, by their registry `source`: the module inputs that reach a replacement-forcing argument inside. */
export const MODULE_REPLACEMENT: Readonly<Record<string, ReplacementRule>> = {
  // `name` only feeds Name tags (in place). `cidr` is aws_vpc.cidr_block; the subnet lists and `azs` are
  // aws_subnet.cidr_block / availability_zone, all immutable (AWS::EC2::Subnet CidrBlock, AvailabilityZone:
  // "Update requires: Replacement"), and the subnets are indexed by position, so an insertion replaces the rest.
  "terraform-aws-modules/vpc/aws": {
    attributes: ["cidr", "azs", "private_subnets", "public_subnets"],
    source:
      "registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc, .../resources/subnet (cidr_block, availability_zone: forces new resource)",
  },
  // `name` is aws_eks_cluster.name; `vpc_id` is the cluster security group's vpc_id; a node group's
  // `instance_types` is aws_eks_node_group.instance_types: all force a new resource. `subnet_ids` and
  // `kubernetes_version` update in place (aws provider 5.25+: "Allow vpc_config.subnet_ids to be updated
  // in-place", hashicorp/terraform-provider-aws#34209).
  "terraform-aws-modules/eks/aws": {
    attributes: [
      "name",
      "vpc_id",
      "eks_managed_node_groups.*.instance_types",
      "eks_managed_node_groups.*.capacity_type",
      "eks_managed_node_groups.*.ami_type",
    ],
    instances: ["eks_managed_node_groups"],
    source:
      "registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster, .../eks_node_group, .../security_group (name, vpc_id, instance_types: forces new resource)",
  },
  // azapi resources are replaced when `name`, `location` or `parent_id` change (Azure Verified Modules spec
  // TFFR5: "You do not need to include name, or location, as these already trigger replacement"); AKS network
  // settings cannot change on a running cluster (azurerm_kubernetes_cluster network_profile: "Changing this
  // forces a new resource to be created").
  "Azure/avm-res-containerservice-managedcluster/azurerm": {
    attributes: [
      "name",
      "location",
      "parent_id",
      "dns_prefix",
      "network_profile.network_plugin",
      "network_profile.pod_cidr",
      "network_profile.service_cidr",
      "network_profile.dns_service_ip",
    ],
    source:
      "azure.github.io/Azure-Verified-Modules/spec/TFFR5; registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster (network_profile, dns_prefix: forces new resource)",
  },
};

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The values at a path pattern in one block, by concrete path. */
function valuesAt(body: unknown, pattern: readonly string[], prefix = ""): Map<string, unknown> {
  if (pattern.length === 0) return new Map([[prefix, body]]);
  const [head, ...rest] = pattern;
  if (!isObj(body)) return new Map([[prefix ? `${prefix}.${pattern.join(".")}` : pattern.join("."), undefined]]);
  const keys = head === "*" ? Object.keys(body) : [head!];
  return new Map(keys.flatMap((k) => [...valuesAt(body[k], rest, prefix ? `${prefix}.${k}` : k)]));
}

function ruleOf(address: string, body: unknown): ReplacementRule | undefined {
  if (!address.startsWith("module.")) return RESOURCE_REPLACEMENT[address.split(".")[0]!];
  const source = isObj(body) ? body.source : undefined;
  return typeof source === "string" ? MODULE_REPLACEMENT[source] : undefined;
}

/** The attributes whose change replaces this block (`module.eks`, `aws_iam_role.x`); empty when it updates in place. */
export function replacementCauses(address: string, before: unknown, after: unknown): string[] {
  const causes: string[] = [];
  for (const attribute of ruleOf(address, after)?.attributes ?? []) {
    const pattern = attribute.split(".");
    const old = valuesAt(before, pattern);
    const now = valuesAt(after, pattern);
    for (const path of [...old.keys()].filter((p) => now.has(p))) {
      // An entry added or removed (a node group) is not a replacement of the others; a changed value is.
      if (old.get(path) !== undefined && JSON.stringify(old.get(path)) !== JSON.stringify(now.get(path)))
        causes.push(path);
    }
  }
  return causes;
}

/** Instances the change destroys inside a block that stays: `for_each` keys and node groups that go. */
export function destroyedInstances(address: string, before: unknown, after: unknown): string[] {
  const destroyed: string[] = [];
  for (const map of ["for_each", ...(ruleOf(address, after)?.instances ?? [])]) {
    const keys = (o: unknown) => (isObj(o) && isObj(o[map]) ? Object.keys(o[map] as Obj) : []);
    const kept = new Set(keys(after));
    for (const key of keys(before)) if (!kept.has(key)) destroyed.push(`${map}[${key}]`);
  }
  return destroyed;
}
