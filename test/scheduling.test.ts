// Node selectors and tolerations, checked against each environment's node pools (with its overrides), and
// emitted on the pod.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { tolerates } from "../core/checks/scheduling.ts";
import { formatPath } from "../core/problems.ts";
import { validateConfig } from "../core/validate.ts";
import { generateWorkloads } from "../generators/workloads/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, declaredChartPods, resolveFrom } from "./helpers/model.ts";

type Obj = Record<string, any>;
const test = suite("scheduling");

const TAINT = { key: "gpu", value: "true", effect: "NoSchedule" } as const;
/** prod has a tainted GPU pool; dev has none. */
const CONFIG: FawkesConfigInput = {
  ...SMALL,
  environments: {
    ...SMALL.environments,
    prod: {
      ...SMALL.environments.prod!,
      nodePools: {
        default: { instanceType: "m7i.large" },
        gpu: { instanceType: "g5.xlarge", labels: { "acme.dev/pool": "gpu" }, taints: [TAINT] },
      },
    },
  },
};
type Service = NonNullable<FawkesConfigInput["services"]>[string];
const job = (extra: Partial<Service>): Service => ({ team: "web", description: "x", type: "worker", ...extra });

function problems(service: Service): string[] {
  return validateConfig({ ...CONFIG, services: { train: service } }, { train: { dev: "1", prod: "1" } }).problems.map(
    (p) => `${p.severity ?? "error"} ${formatPath(p.path)}: ${p.message}`,
  );
}

const GPU = { nodeSelector: { "acme.dev/pool": "gpu" }, tolerations: [{ key: "gpu", operator: "Exists" as const }] };

test("Kubernetes' matching of tolerations and taints", () => {
  const cases: [Parameters<typeof tolerates>[0], boolean][] = [
    [{ key: "gpu", operator: "Equal", value: "true" }, true],
    [{ key: "gpu", operator: "Equal", value: "false" }, false],
    [{ key: "gpu", operator: "Equal" }, false],
    [{ key: "gpu", operator: "Exists" }, true],
    [{ key: "gpu", operator: "Exists", effect: "NoExecute" }, false],
    [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }, true],
    [{ key: "", operator: "Exists" }, true],
    [{ key: "cpu", operator: "Exists" }, false],
  ];
  for (const [toleration, want] of cases) assert.is(tolerates(toleration, TAINT), want, JSON.stringify(toleration));
});

test("the GPU pool in prod only, through an override: valid, and on the pod in prod alone", () => {
  const service = job({ overrides: { prod: GPU } });
  assert.equal(
    problems(service).filter((p) => !p.startsWith("warning platform")),
    [],
  );
  const model = resolveFrom({ ...CONFIG, services: { train: service } }, { train: { dev: "1", prod: "1" } });
  const pod = (env: string) => {
    const file = generateWorkloads(model).find((f) => f.path === `out/platform/services/${env}/train/manifests.yaml`)!;
    if (file.type !== "objects") throw new Error();
    const objects = file.objects.map((o) => o.toJSON() as Obj);
    return objects.find((o) => o.kind === "Deployment")!.spec.template.spec as Obj;
  };
  assert.equal(pod("prod").nodeSelector, { "acme.dev/pool": "gpu" });
  assert.equal(pod("prod").tolerations, [{ key: "gpu", operator: "Exists" }]);
  assert.is(pod("dev").nodeSelector, undefined);
  assert.is(pod("dev").tolerations, undefined);
});

test("the GPU pool everywhere: dev has no such pool (an error), and no such taint (a warning)", () => {
  const found = problems(job(GPU));
  assert.ok(
    found.includes(
      'error services.train.nodeSelector: no node pool of "dev" has the labels acme.dev/pool=gpu: its pods would never run',
    ),
    found.join("\n"),
  );
  assert.ok(
    found.includes(
      'warning services.train.tolerations[0]: no node pool of "dev" has a taint this tolerates (gpu exists)',
    ),
    found.join("\n"),
  );
  assert.not.ok(
    found.some((p) => p.includes('"prod"')),
    "prod can run it",
  );
});

test("selecting the tainted pool without tolerating it", () => {
  const found = problems(job({ overrides: { prod: { nodeSelector: GPU.nodeSelector } } }));
  assert.ok(
    found.includes(
      'error services.train.overrides.prod.nodeSelector: every node pool of "prod" it may run on has a taint it does not tolerate: gpu (gpu=true:NoSchedule): its pods would never run',
    ),
    found.join("\n"),
  );
});

test("a toleration alone lets pods onto the tainted pool without requiring it; well-known labels are not guessed", () => {
  assert.equal(
    problems(job({ overrides: { prod: { tolerations: GPU.tolerations } } })).filter((p) => p.includes("train")),
    [],
  );
  const zoned = problems(job({ nodeSelector: { "kubernetes.io/arch": "arm64" } }));
  assert.not.ok(
    zoned.some((p) => p.includes("nodeSelector")),
    zoned.join("\n"),
  );
  const typed = problems(
    job({
      overrides: {
        prod: { nodeSelector: { "node.kubernetes.io/instance-type": "g5.xlarge" }, tolerations: GPU.tolerations },
      },
    }),
  );
  assert.not.ok(
    typed.some((p) => p.includes("train")),
    typed.join("\n"),
  );
  const missing = problems(job({ nodeSelector: { "node.kubernetes.io/instance-type": "p4d.24xlarge" } }));
  assert.ok(
    missing.some((p) => p.includes("node.kubernetes.io/instance-type=p4d.24xlarge")),
    missing.join("\n"),
  );
});

test("a chart service is placed by its chart's values, also in an override", () => {
  const chart = {
    repoURL: "https://charts.example.org",
    chart: "app",
    version: "1.0.0",
    pods: declaredChartPods("train"),
  };
  const found = problems({
    team: "web",
    description: "x",
    chart,
    overrides: { prod: { tolerations: GPU.tolerations } },
  });
  assert.ok(
    found.includes(
      "error services.train.overrides.prod.tolerations: a service deployed from a chart is placed by the chart's values",
    ),
    found.join("\n"),
  );
});

test("an invalid label key is refused by shape", () => {
  const found = problems(job({ nodeSelector: { "acme.dev/pool/x": "gpu" } }));
  assert.ok(
    found.some((p) => p.includes("must be a Kubernetes label key")),
    found.join("\n"),
  );
});

test.run();
