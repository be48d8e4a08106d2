// A service as it runs in one environment: its fields with `overrides.<environment>` merged over them (a JSON
// Merge Patch, schema/merge-patch.ts) and the result validated by the service schema, so defaults and every
// check apply to what each environment really runs. Resolve reads services only through here; the checks
// read the same views and point a problem at the override when the override wrote the field.
import { applyMergePatch } from "../schema/merge-patch.ts";
import { serviceSchema } from "../schema/services.ts";
import type { FawkesConfig } from "../schema/config.ts";
import { serviceEnvironments } from "./names.ts";
import type { ConfigPath, Problem } from "./problems.ts";
import { zodProblems } from "./validate-shape.ts";

type ServiceConfig = FawkesConfig["services"][string];

type Merged =
  { readonly ok: true; readonly service: ServiceConfig } | { readonly ok: false; readonly problems: Problem[] };

const merged = new WeakMap<ServiceConfig, Map<string, Merged>>();

/** The override a service declares for an environment, if any. */
export function overrideOf(service: ServiceConfig, environment: string): Record<string, unknown> | undefined {
  return service.overrides?.[environment];
}

/** Where a field of the service in an environment is written: in its override when that sets the field. */
export function fieldPath(name: string, service: ServiceConfig, environment: string, path: ConfigPath): ConfigPath {
  const override = overrideOf(service, environment);
  const field = path[0];
  if (override && typeof field === "string" && override[field] !== undefined)
    return ["services", name, "overrides", environment, ...path];
  return ["services", name, ...path];
}

function merge(name: string, service: ServiceConfig, environment: string): Merged {
  const override = overrideOf(service, environment);
  if (!override) return { ok: true, service };
  const { overrides: _, ...base } = service;
  const parsed = serviceSchema.safeParse(applyMergePatch(base, override), { reportInput: true });
  if (parsed.success) return { ok: true, service: parsed.data };
  // A field the override sets is its problem; a problem elsewhere comes from the combination.
  const problems = zodProblems(parsed.error, serviceSchema, [], "config").map((p) => {
    const path = fieldPath(name, service, environment, p.path);
    return path[2] === "overrides"
      ? { ...p, path }
      : { ...p, path, message: `in "${environment}", with its overrides: ${p.message}` };
  });
  return { ok: false, problems };
}

function mergedIn(name: string, service: ServiceConfig, environment: string): Merged {
  let byEnvironment = merged.get(service);
  if (!byEnvironment) merged.set(service, (byEnvironment = new Map()));
  let result = byEnvironment.get(environment);
  if (!result) byEnvironment.set(environment, (result = merge(name, service, environment)));
  return result;
}

/** The service as it runs in an environment. Validation has refused overrides that do not merge. */
export function serviceIn(name: string, service: ServiceConfig, environment: string): ServiceConfig {
  const result = mergedIn(name, service, environment);
  if (!result.ok) throw new Error(`services.${name}.overrides.${environment} was not validated`);
  return result.service;
}

/** Problems of the merged service in each environment it has an override for. */
export function overrideProblems(name: string, service: ServiceConfig, environments: readonly string[]): Problem[] {
  return Object.keys(service.overrides ?? {})
    .filter((env) => environments.includes(env))
    .flatMap((env) => {
      const result = mergedIn(name, service, env);
      return result.ok ? [] : result.problems;
    });
}

/** One environment's view of a service, for checks: the merged fields, and where each is written. */
export interface ServiceView {
  /** Undefined for the service as written (checked even where it is not deployed). */
  readonly environment?: string;
  readonly service: ServiceConfig;
  /** The config path a field's problem points at. */
  readonly at: (...path: (string | number)[]) => (string | number)[];
  /** The environments this view's value of a field is the one that runs in. */
  readonly runsIn: (field: string) => readonly string[];
}

/**
 * The service as written, then as it runs in each environment it has a valid override for. A check that
 * reads an overridable field runs over every view (checkViews).
 */
export function serviceViews(name: string, service: ServiceConfig, environments: readonly string[]): ServiceView[] {
  const deployed = serviceEnvironments(service, environments);
  const sets = (env: string, field: string) => overrideOf(service, env)?.[field] !== undefined;
  const views: ServiceView[] = [
    {
      service,
      at: (...path) => ["services", name, ...path],
      runsIn: (field) => deployed.filter((env) => !sets(env, field) || !mergedIn(name, service, env).ok),
    },
  ];
  for (const env of deployed) {
    if (!overrideOf(service, env)) continue;
    const result = mergedIn(name, service, env);
    if (!result.ok) continue;
    views.push({
      environment: env,
      service: result.service,
      at: (...path) => [...fieldPath(name, service, env, path)],
      runsIn: (field) => (sets(env, field) ? [env] : []),
    });
  }
  return views;
}

const key = (p: Problem): string => `${p.code}\u0000${p.path.join("\u0000")}\u0000${p.message}`;

/**
 * A per-service check over every view of a service: what the service as written has is reported once, what
 * only an environment's merged fields have is reported at its override, or named with its environment when it
 * points at a field the override did not write (a combination of the two).
 */
export function checkViews(views: readonly ServiceView[], check: (view: ServiceView) => Problem[]): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const view of views) {
    for (const p of check(view)) {
      if (seen.has(key(p))) continue;
      seen.add(key(p));
      problems.push(
        view.environment === undefined || p.path[2] === "overrides"
          ? p
          : { ...p, message: `in "${view.environment}", with its overrides: ${p.message}` },
      );
    }
  }
  return problems;
}

/** The service in each environment it runs in, with the environment's overrides (valid ones only). */
export function servicePerEnvironment(
  name: string,
  service: ServiceConfig,
  environments: readonly string[],
): { readonly environment: string; readonly service: ServiceConfig; readonly at: ServiceView["at"] }[] {
  return serviceEnvironments(service, environments).flatMap((env) => {
    const result = mergedIn(name, service, env);
    return result.ok
      ? [
          {
            environment: env,
            service: result.service,
            at: (...path: (string | number)[]) => [...fieldPath(name, service, env, path)],
          },
        ]
      : [];
  });
}
