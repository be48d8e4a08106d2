// The chart facts' conditions (\`when\`) evaluated as the chart's templates would: a table of what Vault 0.34.1
// renders for a set of values, and, on the example, agreement between the values files Fawkes emits and what
// the runtime model evaluated for every component in every cluster.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { holds } from "../core/runtime/chart-conditions.ts";
import { renderedFacts } from "../core/runtime/component-modes.ts";
import { CHART_FACTS } from "../schema/chart-facts/index.ts";
import { VAULT_FACTS } from "../schema/chart-facts/vault.ts";
import { generateExample } from "./helpers/pipeline.ts";

const test = suite("chart conditions");

type Obj = Record<string, unknown>;

test("the chart's conditions: what Vault 0.34.1 renders for a set of values", () => {
  const names = (values: Obj) => {
    const on = (item: { when?: Parameters<typeof holds>[0] }) => holds(item.when, values, VAULT_FACTS.valuesDefaults);
    return [
      ...VAULT_FACTS.pods.filter(on).map((p) => `pod/${p.name}`),
      ...VAULT_FACTS.services.filter(on).map((s) => `svc/${s.name}`),
      ...VAULT_FACTS.webhooks.filter(on).map((w) => `webhook/${w.configuration}`),
    ];
  };
  const injector = ["pod/vault-agent-injector", "svc/vault-agent-injector-svc", "webhook/vault-agent-injector-cfg"];
  const CASES: [string, Obj, string[]][] = [
    [
      "chart defaults: standalone server and injector",
      {},
      ["pod/vault", ...injector, "svc/vault", "svc/vault-internal"],
    ],
    [
      "Fawkes' central install (ui on)",
      { injector: { enabled: true }, ui: { enabled: true }, server: { standalone: { enabled: true } } },
      ["pod/vault", ...injector, "svc/vault", "svc/vault-internal", "svc/vault-ui"],
    ],
    [
      "highly available: the active and standby Services",
      { server: { ha: { enabled: true } } },
      ["pod/vault", ...injector, "svc/vault", "svc/vault-active", "svc/vault-standby", "svc/vault-internal"],
    ],
    [
      "injector only",
      { server: { enabled: false }, injector: { enabled: true }, global: { externalVaultAddr: "https://v.example" } },
      injector,
    ],
    ["an external address alone makes the mode external", { global: { externalVaultAddr: "https://v" } }, injector],
    ["the deprecated key too", { injector: { externalVaultAddr: "https://v" } }, injector],
    ["server off alone", { server: { enabled: false } }, injector],
    [
      "an empty address is no address",
      { global: { externalVaultAddr: "" } },
      ["pod/vault", ...injector, "svc/vault", "svc/vault-internal"],
    ],
    ["global.enabled false switches the defaulted parts off", { global: { enabled: false } }, []],
    ["…but not those set explicitly", { global: { enabled: false }, injector: { enabled: true } }, injector],
    ["the injector off", { injector: { enabled: false } }, ["pod/vault", "svc/vault", "svc/vault-internal"]],
    [
      "no mode: neither standalone nor ha",
      { server: { standalone: { enabled: false } } },
      [...injector, "svc/vault", "svc/vault-internal"],
    ],
    [
      'Helm compares strings: "true" is true',
      { server: { enabled: "true" }, global: { enabled: false } },
      ["pod/vault", "svc/vault", "svc/vault-internal"],
    ],
  ];
  for (const [name, values, want] of CASES) assert.equal(names(values).sort(), [...want].sort(), name);
});

test("the values files carry what the runtime model evaluated: every chart condition agrees on the emitted values", async () => {
  const { model, tree } = await generateExample();
  const file = (path: string): string => tree.get(path)!.content;
  let compared = 0;
  for (const component of model.components) {
    const facts = CHART_FACTS[component.key];
    for (const env of component.environments) {
      const values = parse(file(`out/platform/values/${env.name}/${component.definition.slug}.yaml`)) ?? {};
      const rendered = renderedFacts(component, env);
      for (const [items, kept] of [
        [facts.pods, rendered.pods],
        [facts.services, rendered.services],
        [facts.webhooks, rendered.webhooks],
      ] as const) {
        for (const item of items) {
          if (item.when === undefined) continue;
          compared++;
          assert.is(
            holds(item.when, values, facts.valuesDefaults),
            (kept as readonly unknown[]).includes(item),
            `${component.key} in ${env.name}`,
          );
        }
      }
    }
  }
  assert.ok(compared > 0, "some conditions decide what renders");
});

test.run();
