// Terraform roots: they parse as HCL, pin everything, call the community modules with known arguments only,
// and plan networks without overlaps.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktn/hcl2json";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { formatCidr, overlaps, parseCidr, type Cidr } from "../../core/cidr.ts";
import { environmentNetworks, planSubnets } from "../../core/network-plan.ts";
import { attr, block, expr, renderHclFile } from "../../generators/terraform/hcl.ts";
import { generateTerraform } from "../../generators/terraform/index.ts";
import { MODULES, PROVIDERS } from "../../generators/terraform/versions.ts";
import { NO_REFERENCE, REFERENCE } from "../helpers/repo.ts";
import { testUnless } from "../helpers/skip.ts";
import { generateExample } from "../helpers/pipeline.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";
import { validateConfig } from "../../core/validate.ts";
import { formatPath } from "../../core/problems.ts";

type Obj = Record<string, any>;
const test = suite("terraform");
const generated = generateExample();

async function parsedRoots(): Promise<Map<string, Obj>> {
  const { tree } = await generated;
  const files = new Map<string, Obj>();
  for (const file of tree.values())
    if (file.path.endsWith(".tf")) files.set(file.path, await parse(file.path, file.content));
  return files;
}

const net = (text: string): Cidr => {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.reason);
  return r.cidr;
};

test("every generated file parses as HCL; one root per environment", async () => {
  const files = await parsedRoots();
  for (const env of ["dev", "staging", "prod"]) {
    for (const name of ["versions.tf", "providers.tf", "main.tf", "identities.tf", "outputs.tf"])
      assert.ok(files.has(`out/infra/${env}/${name}`), `${env}/${name}`);
  }
});

test("providers and modules are pinned exactly; the state is remote and locked", async () => {
  const files = await parsedRoots();
  const exact = /^\d+\.\d+\.\d+$/;
  for (const [path, hcl] of files) {
    for (const tf of hcl.terraform ?? []) {
      for (const providers of tf.required_providers ?? [])
        for (const [name, p] of Object.entries(providers as Obj))
          assert.match((p as Obj).version, exact, `${path} ${name}`);
      const backend = Array.isArray(tf.backend) ? tf.backend[0] : tf.backend;
      if (backend.s3) assert.equal([backend.s3[0].encrypt, backend.s3[0].use_lockfile], [true, true]);
      else assert.ok(backend.azurerm[0].storage_account_name);
    }
    for (const [name, calls] of Object.entries((hcl.module ?? {}) as Obj))
      assert.match(calls[0].version, exact, `${path} module ${name}`);
  }
});

test("no API open to the world unless the config says so", async () => {
  const files = await parsedRoots();
  for (const [path, hcl] of files) {
    const eks = hcl.module?.eks?.[0];
    if (eks) {
      assert.is(eks.endpoint_public_access, false, path);
      assert.is(eks.endpoint_public_access_cidrs, undefined);
    }
  }
  const open = resolveFrom({
    ...SMALL,
    environments: { ...SMALL.environments, dev: { ...SMALL.environments.dev!, apiAccessCidrs: ["0.0.0.0/0"] } },
  });
  const main = generateTerraform(open).find((f) => f.path === "out/infra/dev/main.tf")!;
  const eks = (await parse("main.tf", main.type === "text" ? main.content : "")).module.eks[0];
  assert.equal([eks.endpoint_public_access, eks.endpoint_public_access_cidrs], [true, ["0.0.0.0/0"]]);
});

test("deterministic names, Kubernetes version and node pools from the config", async () => {
  const files = await parsedRoots();
  const prod = files.get("out/infra/prod/main.tf")!;
  assert.is(prod.locals[0].name, "acme-prod");
  const eks = prod.module.eks[0];
  assert.is(eks.kubernetes_version, "1.33");
  assert.equal(Object.keys(eks.eks_managed_node_groups).sort(), ["batch", "general"]);
  assert.equal(eks.eks_managed_node_groups.batch.taints.acme_dev_batch, {
    key: "acme.dev/batch",
    value: "true",
    effect: "NO_SCHEDULE",
  });
  assert.is(prod.module.vpc[0].one_nat_gateway_per_az, true, "a NAT gateway per zone in a protected environment");
  const dev = files.get("out/infra/dev/main.tf")!;
  const aks = dev.module.aks[0];
  assert.is(aks.source, MODULES.aks.source);
  assert.equal(aks.default_agent_pool, {
    enable_auto_scaling: true,
    max_count: 4,
    min_count: 2,
    mode: "System",
    name: "system",
    orchestrator_version: "1.34",
    vm_size: "Standard_D4s_v5",
    vnet_subnet_id: "${azurerm_subnet.nodes.id}",
  });
  assert.equal(aks.security_profile, { workload_identity: { enabled: true } });
});

test("workload identities: IRSA roles for components and services, federated credentials on Azure", async () => {
  const files = await parsedRoots();
  const prod = files.get("out/infra/prod/identities.tf")!;
  const roles = Object.keys(prod.resource.aws_iam_role).sort();
  assert.equal(roles, [
    "cert_manager",
    "ebs_csi",
    "external_dns",
    "external_secrets",
    "svc_payments_core",
    "svc_reporting_etl",
    "svc_shipping_api",
    "vault",
  ]);
  assert.is(
    prod.resource.aws_iam_role.svc_payments_core[0].name,
    "acme-prod-payments-core",
    "the name the service account annotation uses",
  );
  const assume = prod.data.aws_iam_policy_document.svc_payments_core_assume[0].statement[0];
  assert.equal(assume.condition[0].values, ["system:serviceaccount:payments:payments-core"]);
  const outputs = files.get("out/infra/prod/outputs.tf")!;
  assert.ok(outputs.output.workload_role_arns[0].value["payments/payments-core"]);
  const dev = files.get("out/infra/dev/identities.tf")!;
  assert.equal(
    dev.resource.azurerm_federated_identity_credential.external_secrets[0].subject,
    "system:serviceaccount:external-secrets:external-secrets",
  );
});

const reference = (file: string): Obj | undefined => {
  const path = join(REFERENCE, "terraform", file);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Obj) : undefined;
};
const MODULE_REFERENCES: Record<string, string> = {
  [`${MODULES.vpc.source}@${MODULES.vpc.version}`]: "terraform-aws-vpc.variables.json",
  [`${MODULES.eks.source}@${MODULES.eks.version}`]: "terraform-aws-eks.variables.json",
  [`${MODULES.aks.source}@${MODULES.aks.version}`]:
    "terraform-azurerm-avm-res-containerservice-managedcluster.variables.json",
};
const META = new Set(["source", "version", "providers", "depends_on", "count", "for_each"]);

testUnless(
  test,
  NO_REFERENCE,
  "module calls set every required argument and no unknown one (upstream variable lists)",
  async () => {
    const files = await parsedRoots();
    let calls = 0;
    for (const [path, hcl] of files) {
      for (const [name, [call]] of Object.entries((hcl.module ?? {}) as Record<string, Obj[]>)) {
        const ref = reference(MODULE_REFERENCES[`${call!.source}@${call!.version}`]!);
        assert.ok(ref, `${path}: no reference for ${call!.source}@${call!.version}`);
        calls++;
        const args = Object.keys(call!).filter((k) => !META.has(k));
        const unknown = args.filter((a) => !(a in ref!.variables));
        assert.equal(unknown, [], `${path} module ${name}: unknown arguments`);
        const missing = Object.entries(ref!.variables as Obj)
          .filter(([k, v]) => v.required && !args.includes(k))
          .map(([k]) => k);
        assert.equal(missing, [], `${path} module ${name}: missing required arguments`);
      }
    }
    assert.ok(calls >= 5, `${calls} module calls checked`);
  },
);

function satisfies(version: string, constraint: string): boolean {
  const parts = (v: string) => v.split(".").map(Number);
  const cmp = (a: string, b: string) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  return constraint
    .split(",")
    .map((c) => c.trim())
    .every((c) => {
      const [, op, v] = /^(>=|<=|>|<|~>|=)?\s*(.+)$/.exec(c)!;
      switch (op) {
        case ">=":
          return cmp(version, v!) >= 0;
        case ">":
          return cmp(version, v!) > 0;
        case "<":
          return cmp(version, v!) < 0;
        case "<=":
          return cmp(version, v!) <= 0;
        case "~>": {
          const base = parts(v!);
          const upper = base.length <= 2 ? `${base[0]! + 1}.0.0` : `${base[0]}.${base[1]! + 1}.0`;
          return cmp(version, v!) >= 0 && cmp(version, upper) < 0;
        }
        default:
          return cmp(version, v!) === 0;
      }
    });
}

testUnless(test, NO_REFERENCE, "pinned providers satisfy every module's provider constraints", () => {
  assert.ok(satisfies("2.9.0", "~> 2.9") && !satisfies("3.0.0", "~> 2.9") && satisfies("3.7.2", ">= 3.5.0, < 4.0.0"));
  for (const file of Object.values(MODULE_REFERENCES)) {
    const ref = reference(file)!;
    for (const [name, p] of Object.entries(
      ref.required_providers as Record<string, { source: string; version: string }>,
    )) {
      const pinned = Object.values(PROVIDERS).find((x) => x.source.toLowerCase() === p.source.toLowerCase());
      assert.ok(pinned, `${file}: provider ${name} is not pinned`);
      assert.ok(
        satisfies(pinned!.version, p.version),
        `${file}: ${pinned!.source} ${pinned!.version} does not satisfy ${p.version}`,
      );
    }
  }
});

test("subnet planning: inside the network, no overlaps, one subnet per zone and tier (property test)", () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 300; i++) {
    const prefix = 16 + Math.floor(random() * 5);
    const base = Math.floor(random() * 2 ** (prefix - 8)) * 2 ** (32 - prefix);
    const network = formatCidr({ base: 10 * 2 ** 24 + (base % 2 ** 24), prefix });
    const zones = 2 + Math.floor(random() * 5);
    const plan = planSubnets(network, zones);
    const all = [...plan.private, ...plan.public].map(net);
    assert.is(plan.private.length, zones);
    assert.is(plan.public.length, zones);
    const outer = net(network);
    for (const s of all)
      assert.ok(
        s.base >= outer.base && s.base + 2 ** (32 - s.prefix) <= outer.base + 2 ** (32 - outer.prefix),
        `${formatCidr(s)} inside ${network}`,
      );
    for (let a = 0; a < all.length; a++)
      for (let b = a + 1; b < all.length; b++) assert.not.ok(overlaps(all[a]!, all[b]!), `${network} z=${zones}`);
  }
});

test("environment networks: quarters of the cloud's in order, or explicit", () => {
  const networks = environmentNetworks({
    clouds: { a: { cidr: "10.20.0.0/16" } as never, b: { cidr: "10.30.0.0/16" } as never },
    environments: {
      dev: { cloud: "b" } as never,
      staging: { cloud: "a" } as never,
      prod: { cloud: "a" } as never,
      qa: { cloud: "a", cidr: "10.20.192.0/18" } as never,
    },
  });
  assert.equal(
    [...networks].map(([e, c]) => [e, c && formatCidr(c)]),
    [
      ["dev", "10.30.0.0/18"],
      ["staging", "10.20.0.0/18"],
      ["prod", "10.20.64.0/18"],
      ["qa", "10.20.192.0/18"],
    ],
  );
});

test("allocated networks never move: inserting, removing or reordering environments keeps every recorded one", () => {
  const clouds = { a: { cidr: "10.20.0.0/16" } as never };
  const plan = (environments: Record<string, unknown>, allocations = {}) =>
    Object.fromEntries(
      [...environmentNetworks({ clouds, environments: environments as never }, allocations)].map(([e, c]) => [
        e,
        c && formatCidr(c),
      ]),
    );
  const first = plan({ staging: { cloud: "a" }, prod: { cloud: "a" } });
  assert.equal(first, { staging: "10.20.0.0/18", prod: "10.20.64.0/18" });
  // Without the record, a new environment before prod would take prod's quarter and move prod.
  assert.equal(plan({ staging: { cloud: "a" }, qa: { cloud: "a" }, prod: { cloud: "a" } }).prod, "10.20.128.0/18");
  const inserted = plan({ staging: { cloud: "a" }, qa: { cloud: "a" }, prod: { cloud: "a" } }, first);
  assert.equal(inserted, { staging: "10.20.0.0/18", qa: "10.20.128.0/18", prod: "10.20.64.0/18" });
  const removed = plan({ qa: { cloud: "a" }, prod: { cloud: "a" } }, inserted);
  assert.equal(removed, { qa: "10.20.128.0/18", prod: "10.20.64.0/18" });
  const reordered = plan({ prod: { cloud: "a" }, qa: { cloud: "a" }, staging: { cloud: "a" } }, inserted);
  assert.equal(reordered, inserted);
  // A network added later that overlaps a recorded one is the newcomer's problem, never a move.
  const clash = validateConfig(
    {
      ...SMALL,
      environments: {
        ...SMALL.environments,
        qa: {
          cloud: "aws",
          kubernetesVersion: "1.34",
          cidr: "10.0.0.0/17",
          nodePools: { default: { instanceType: "m7i.large" } },
        },
      },
    },
    {},
    { dev: "10.0.0.0/18", prod: "10.0.64.0/18" },
  );
  assert.equal(
    clash.problems.filter((p) => p.code === "overlapping-cidr").map((p) => [formatPath(p.path), p.message]),
    [["environments.qa.cidr", '10.0.0.0/17 overlaps the network of environment "dev" (10.0.0.0/18)']],
  );
  // A record that no longer fits (another cloud, a foreign range) is not trusted.
  assert.equal(plan({ staging: { cloud: "a" } }, { staging: "192.168.0.0/18" }), { staging: "10.20.0.0/18" });
});

test("formatting: aligned = in runs of single-line attributes, blank lines around multi-line values", () => {
  const text = renderHclFile([
    block(
      "resource",
      ["x", "y"],
      [
        attr("a", 1),
        attr("long_name", "v"),
        attr("map", { k: "v", "with.dot": true }),
        attr("b", expr("var.b")),
        attr("list", ["a", "b"]),
        block("nested", [], []),
      ],
    ),
  ]);
  assert.fixture(
    text,
    [
      'resource "x" "y" {',
      "  a         = 1",
      '  long_name = "v"',
      "",
      "  map = {",
      '    k          = "v"',
      '    "with.dot" = true',
      "  }",
      "",
      "  b    = var.b",
      '  list = ["a", "b"]',
      "",
      "  nested {}",
      "}",
      "",
    ].join("\n"),
  );
  assert.fixture(renderHclFile([attr("s", 'a"b${c}\\')]), 's = "a\\"b$${c}\\\\"\n');
  const long = renderHclFile([
    attr(
      "l",
      Array.from({ length: 6 }, (_, i) => `10.0.${i}.0/24-abcdefgh`),
    ),
  ]);
  assert.match(long, /^l = \[\n {2}"10\.0\.0\.0\/24-abcdefgh",\n/);
});

test.run();
