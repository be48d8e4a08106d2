// A config built with helper functions (rows per team, mapped into services) gets its problems located at the
// entry that produced them: the row or table the helper was given, the call that built the value, or the one
// spread that can have made the key; never the `services` line for all of them.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createConfigLocator } from "../core/locate-config.ts";
import { SMALL } from "./helpers/model.ts";
import { cli, positionOf, writeCase } from "./helpers/repo.ts";

const test = suite("locating helper-built config");

const HELPERS = `import { defineConfig } from "fawkes";

interface Row {
  name: string;
  port?: number;
  memory?: string;
  dependsOn?: string[];
}

/** One row per service; the helper adds what every service of the platform shares. */
const service = (team: string, row: Row) => ({
  team,
  description: \`\${row.name} of \${team}\`,
  ...(row.port === undefined ? {} : { port: row.port }),
  resources: { memory: row.memory ?? "256Mi" },
  dependsOn: row.dependsOn ?? [],
});

const teamServices = (team: string, rows: Row[]) =>
  Object.fromEntries(rows.map((row) => [row.name, service(team, row)]));

const PAYMENTS: Row[] = [
  { name: "checkout", port: 8080 },
  { name: "ledger", memory: "512MB" },
];
const SHOP: Row[] = [{ name: "storefront", dependsOn: ["checkot"] }];
const GENERATED = ["search", "reviews"];

export default defineConfig({
  platform: ${JSON.stringify(SMALL.platform)},
  clouds: ${JSON.stringify(SMALL.clouds)},
  environments: ${JSON.stringify(SMALL.environments)},
  teams: {
    payments: { displayName: "Payments", githubTeam: "m/payments", contact: "p@m.example" },
    shop: { displayName: "Shop", githubTeam: "m/shop", contact: "s@m.example" },
  },
  services: {
    ...teamServices("payments", PAYMENTS),
    ...teamServices("shop", SHOP),
    legacy: service("paymnets", { name: "legacy" }),
    catalog: { ...service("shop", { name: "catalog" }), replicas: -1 },
  },
  components: { certManager: { acmeEmail: "ops@m.example" } },
});
`;

test("a row's own field, a row the helper expanded, the call that built a value", () => {
  const locator = createConfigLocator(HELPERS);
  // The row writes dependsOn itself: exactly there.
  assert.equal(locator.locate(["services", "storefront", "dependsOn", 0]), positionOf(HELPERS, '"checkot"'));
  // The helper turned the row's memory into resources.memory: the row that produced it.
  assert.equal(locator.locate(["services", "ledger", "resources", "memory"]), positionOf(HELPERS, '{ name: "ledger"'));
  // A value a call built (the helper adds the team): the call site.
  assert.equal(locator.locate(["services", "legacy", "team"]), positionOf(HELPERS, 'service("paymnets"'));
  // The service's key, for a name problem: the row naming it.
  assert.equal(locator.locate(["services", "checkout"], "key"), positionOf(HELPERS, '{ name: "checkout"'));
  // Written after a spread of a call: the literal.
  assert.equal(locator.locate(["services", "catalog", "replicas"]), positionOf(HELPERS, "-1 }"));
});

test("a released locator parses again and answers the same (the pipeline lets a large config's tree go)", () => {
  const locator = createConfigLocator(HELPERS);
  const paths: Parameters<typeof locator.locate>[0][] = [
    ["services", "storefront", "dependsOn", 0],
    ["services", "ledger", "resources", "memory"],
    ["services", "legacy", "team"],
  ];
  const before = paths.map((path) => locator.locate(path));
  const duplicates = locator.duplicateKeys();
  locator.release?.();
  assert.equal(
    paths.map((path) => locator.locate(path)),
    before,
  );
  assert.equal(locator.duplicateKeys(), duplicates);
});

test("a key only a computed expression makes: the one spread that can have made it, else the object", () => {
  const one = HELPERS.replace(
    '    ...teamServices("shop", SHOP),\n',
    '    ...Object.fromEntries(GENERATED.map((n) => [`${n}-api`, service("shop", { name: n })])),\n',
  ).replace('    ...teamServices("payments", PAYMENTS),\n', "");
  const locator = createConfigLocator(one);
  assert.equal(locator.locate(["services", "search-api", "team"]), positionOf(one, "...Object.fromEntries"));
  const two = HELPERS.replace(
    '    ...teamServices("shop", SHOP),\n',
    '    ...teamServices("shop", SHOP),\n    ...Object.fromEntries(GENERATED.map((n) => [`${n}-api`, service("shop", { name: n })])),\n',
  );
  assert.equal(
    createConfigLocator(two).locate(["services", "search-api", "team"]),
    positionOf(two, "{\n    ...teamServices"),
    "two spreads could have made it: the object",
  );
});

test("a nested table (team → rows) and entries ([name, value]) are traced too", () => {
  const source = [
    'const TEAMS = { payments: [{ name: "api", port: 99999 }] };',
    'const ENTRIES = [["web", { port: 0 }]];',
    "export default {",
    "  services: {",
    "    ...Object.fromEntries(Object.entries(TEAMS).flatMap(([team, rows]) => rows.map((r) => [r.name, { team, ...r }]))),",
    "    ...Object.fromEntries(ENTRIES),",
    "  },",
    "};",
  ].join("\n");
  const locator = createConfigLocator(source);
  assert.equal(locator.locate(["services", "api", "port"]), positionOf(source, "99999"));
  assert.equal(locator.locate(["services", "web", "port"]), positionOf(source, "0 }"));
});

test("fawkes validate prints each problem at its row or call, not at the services line", async () => {
  const releases = "checkout:\n  dev: 1.0.0\n";
  const run = await cli(["validate", "-C", writeCase(HELPERS, releases)]);
  assert.is(run.code, 1, run.stderr);
  const at = (needle: string) => {
    const { line, column } = positionOf(HELPERS, needle);
    return `fawkes.config.ts:${line}:${column} `;
  };
  assert.match(
    run.stderr,
    new RegExp(`^${at('"checkot"')}services\\.storefront\\.dependsOn\\[0\\]: unknown service "checkot"`, "m"),
  );
  assert.match(
    run.stderr,
    new RegExp(`^${at('{ name: "ledger"')}services\\.ledger\\.resources\\.memory: "512MB"`, "m"),
  );
  assert.match(
    run.stderr,
    new RegExp(`^${at('service("paymnets"')}services\\.legacy\\.team: unknown team "paymnets"`, "m"),
  );
  const servicesLine = positionOf(HELPERS, "services: {").line;
  assert.not.match(run.stderr, new RegExp(`^fawkes\\.config\\.ts:${servicesLine}:`, "m"));
});

test.run();
