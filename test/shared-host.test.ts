// Path-based routing: services of any team may share a host, each on its own path (an HTTPRoute each on one
// hostname, one listener and certificate for the host); the same host and path twice is refused.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { formatPath } from "../core/problems.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { validateConfig } from "../core/validate.ts";
import { generateClusterConfig } from "../generators/cluster-config/index.ts";
import { generateWorkloads } from "../generators/workloads/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";

type Obj = Record<string, any>;
const test = suite("shared hosts");

const RELEASES = { shop: { dev: "1", prod: "1" }, cart: { dev: "1", prod: "1" }, search: { dev: "1", prod: "1" } };
const HOST = { prod: "www.m.example" };

function config(services: FawkesConfigInput["services"], extra: Partial<FawkesConfigInput> = {}): FawkesConfigInput {
  return {
    ...SMALL,
    teams: {
      ...SMALL.teams,
      checkout: { displayName: "Checkout", githubTeam: "m/checkout", contact: "checkout@m.example" },
    },
    services,
    ...extra,
  };
}

const SHARED = {
  shop: { team: "web", description: "shop", expose: { host: HOST } },
  cart: { team: "checkout", description: "cart", expose: { host: HOST, path: "/cart" } },
};

function objects(model: ResolvedConfig, path: string): Obj[] {
  const file = [...generateWorkloads(model), ...generateClusterConfig(model)].find((f) => f.path === path)!;
  if (file.type !== "objects") throw new Error(path);
  return file.objects.map((o) => o.toJSON() as Obj);
}

function problems(input: FawkesConfigInput): string[] {
  const releases = Object.fromEntries(Object.entries(RELEASES).filter(([s]) => s in (input.services ?? {})));
  return validateConfig(input, releases).problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
}

test("two teams' services on one host: a route each with its path, one listener for the host", () => {
  assert.equal(
    problems(config(SHARED)).filter((p) => p.includes("host")),
    [],
  );
  const model = resolveFrom(config(SHARED), { shop: RELEASES.shop, cart: RELEASES.cart });
  const route = (service: string) =>
    objects(model, `out/platform/services/prod/${service}/manifests.yaml`).find((o) => o.kind === "HTTPRoute")!;
  assert.equal(route("shop").spec.hostnames, ["www.m.example"]);
  assert.equal(route("cart").spec.hostnames, ["www.m.example"]);
  assert.equal(route("shop").spec.rules[0].matches, [{ path: { type: "PathPrefix", value: "/" } }]);
  assert.equal(route("cart").spec.rules[0].matches, [{ path: { type: "PathPrefix", value: "/cart" } }]);
  assert.is(route("cart").metadata.namespace, "checkout");
  assert.equal(route("shop").spec.parentRefs, route("cart").spec.parentRefs, "both attach to the host's Gateway");
  const gateway = objects(model, "out/platform/clusters/prod/namespaces/nginx-gateway/gateway.yaml").find(
    (o) => o.kind === "Gateway",
  )!;
  const listeners = gateway.spec.listeners.filter((l: Obj) => l.hostname === "www.m.example");
  assert.is(listeners.length, 1, "one listener and one certificate for the shared host");
  // Each route's namespace may attach: the listener admits Fawkes' namespaces.
  assert.equal(listeners[0].allowedRoutes.namespaces.from, "Selector");
});

test("the same host and path twice is refused, at the second; a trailing slash is the same path", () => {
  const twice = problems(
    config({ ...SHARED, search: { team: "web", description: "search", expose: { host: HOST, path: "/cart/" } } }),
  );
  assert.ok(
    twice.includes(
      "services.search.expose.path: host www.m.example path /cart (prod) is already routed to services.cart in prod",
    ),
    twice.join("\n"),
  );
  const both = problems(
    config({ shop: SHARED.shop, search: { team: "web", description: "search", expose: { host: HOST } } }),
  );
  assert.ok(
    both.includes(
      "services.search.expose.host: host www.m.example path / (prod) is already routed to services.shop in prod",
    ),
    both.join("\n"),
  );
});

test("a nested path is not a conflict (the longest prefix wins), and a shared host may be per environment", () => {
  const nested = {
    ...SHARED,
    search: { team: "web", description: "search", expose: { host: HOST, path: "/cart/search" } },
  };
  assert.equal(
    problems(config(nested)).filter((p) => p.includes("host")),
    [],
  );
  // Shared in prod only, through an override; in dev each has its own default host.
  const perEnv = {
    shop: {
      team: "web",
      description: "shop",
      expose: true,
      overrides: { prod: { expose: { host: "www.m.example" } } },
    },
    cart: {
      team: "web",
      description: "cart",
      expose: true,
      overrides: { prod: { expose: { host: "www.m.example" } } },
    },
  };
  assert.ok(
    problems(config(perEnv)).includes(
      "services.cart.overrides.prod.expose.host: host www.m.example path / (prod) is already routed to services.shop in prod",
    ),
    problems(config(perEnv)).join("\n"),
  );
  const fixed = {
    ...perEnv,
    cart: { ...perEnv.cart, overrides: { prod: { expose: { host: "www.m.example", path: "/cart" } } } },
  };
  assert.equal(
    problems(config(fixed)).filter((p) => p.includes("host")),
    [],
  );
});

test("with the legacy ingress-nginx controller: an Ingress each on the host, each with its path", () => {
  const legacy = config(SHARED, {
    components: { ...SMALL.components, gateway: { enabled: false }, ingressNginx: { enabled: true } },
  });
  const model = resolveFrom(legacy, { shop: RELEASES.shop, cart: RELEASES.cart });
  const ingress = (service: string) =>
    objects(model, `out/platform/services/prod/${service}/manifests.yaml`).find((o) => o.kind === "Ingress")!;
  assert.is(ingress("shop").spec.rules[0].host, "www.m.example");
  assert.is(ingress("cart").spec.rules[0].http.paths[0].path, "/cart");
});

test.run();
