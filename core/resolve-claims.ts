// Claims: a custom component declares once the custom resource a service may request (`claims.<claim>`), and
// a service requests it (`services.<name>.claims.<resource>`). Here each request becomes, per environment the
// service runs in, the object in the service's namespace with its templates filled in, the Secret the operator
// makes and the variables the service reads from it, and the pods the operator creates. Validation has reported
// unknown claims, params and placeholders (core/checks/claims.ts).
import type { ClaimConfig } from "../schema/custom-components.ts";
import { traced } from "./provenance.ts";
import { declaredPod } from "./resolve-chart.ts";
import type {
  ResolvedClaim,
  ResolvedClaimDefinition,
  ResolvedCustomComponent,
  ResolvedEnvironment,
} from "./resolved.ts";

type ParamValue = string | number | boolean;
/** A service's request as the config writes it. */
export interface ClaimRequest {
  readonly claim: string;
  readonly params: Readonly<Record<string, ParamValue | Readonly<Record<string, ParamValue>>>>;
}

/** Placeholders in a claim's templates: `{service}`, `{params.size}`. */
export const PLACEHOLDER = /\{(service|resource|team|namespace|environment|name|params\.[A-Za-z0-9]+)\}/g;
/** Anything that looks like a placeholder, known or not (validation reports the unknown ones). */
export const ANY_PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9.]*)\}/g;

export function claimDefinition(name: string, claim: ClaimConfig, path: string): ResolvedClaimDefinition {
  return {
    name,
    description: claim.description,
    apiVersion: claim.apiVersion,
    kind: claim.kind,
    objectName: claim.name,
    spec: claim.spec,
    params: claim.params,
    secret: claim.secret,
    selector: claim.selector,
    ports: claim.ports,
    operatorPorts: claim.operatorPorts,
    peerPorts: claim.peerPorts,
    apiServer: claim.apiServer,
    ...(claim.replicasKey === undefined ? {} : { replicasKey: claim.replicasKey }),
    ...(claim.storageKey === undefined ? {} : { storageKey: claim.storageKey }),
    pods: claim.pods.map((p, i) => declaredPod(p, `${path}.pods[${i}]`)),
    ...(claim.source === undefined ? {} : { provenance: claim.source }),
  };
}

/** The variable a key of the claim's Secret is read as: `<RESOURCE>_<KEY>`, upper case, `-` and `.` as `_`. */
export function claimVariable(resource: string, key: string): string {
  return `${resource}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

/** A param's value in one environment: the service's (one value or the environment's), else the default. */
export function paramIn(
  request: ClaimRequest,
  param: string,
  environment: string,
  fallback: ParamValue | undefined,
): ParamValue | undefined {
  const value = request.params[param];
  if (value !== null && typeof value === "object") return value[environment] ?? fallback;
  return value ?? fallback;
}

/** Every string in `value` with its placeholders filled in; a string that is one param's placeholder takes its value. */
export function fillPlaceholders<T>(value: T, vars: Readonly<Record<string, ParamValue>>): T {
  const fill = (v: unknown): unknown => {
    if (typeof v === "string") {
      const whole = /^\{(params\.[A-Za-z0-9]+)\}$/.exec(v);
      if (whole && vars[whole[1]!] !== undefined) return vars[whole[1]!];
      return v.replace(PLACEHOLDER, (match, key: string) => (vars[key] === undefined ? match : String(vars[key])));
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value) as T;
}

export interface ClaimContext {
  readonly service: string;
  readonly team: string;
  readonly namespace: string;
  readonly environment: ResolvedEnvironment;
  readonly customComponents: readonly ResolvedCustomComponent[];
}

/** The service's requests in one environment, in key order. */
export function resolveClaims(requests: Readonly<Record<string, ClaimRequest>>, ctx: ClaimContext): ResolvedClaim[] {
  return Object.keys(requests)
    .sort()
    .map((resource) => {
      const request = requests[resource]!;
      const [componentName, claimName] = request.claim.split(".") as [string, string];
      const component = ctx.customComponents.find((c) => c.name === componentName);
      const definition = component?.claims.find((c) => c.name === claimName);
      if (!component || !definition) throw new Error(`services.${ctx.service}.claims.${resource}: unknown claim`);
      const vars: Record<string, ParamValue> = {
        service: ctx.service,
        resource,
        team: ctx.team,
        namespace: ctx.namespace,
        environment: ctx.environment.name,
      };
      for (const [param, spec] of Object.entries(definition.params)) {
        const value = paramIn(request, param, ctx.environment.name, spec.default);
        if (value !== undefined) vars[`params.${param}`] = value;
      }
      vars.name = fillPlaceholders(definition.objectName, vars);
      const name = vars.name;
      const secret = fillPlaceholders(definition.secret, vars);
      return traced<ResolvedClaim>({
        source: `services.${ctx.service}.claims.${resource}`,
        requires: [`components.custom.${component.name}.claims.${claimName}`],
        resource,
        component,
        definition,
        apiVersion: definition.apiVersion,
        kind: definition.kind,
        name,
        namespace: ctx.namespace,
        spec: fillPlaceholders(definition.spec, vars),
        secret,
        variables: secret.keys.map((key) => ({ variable: claimVariable(resource, key), key })),
        selector: fillPlaceholders(definition.selector, vars),
        pods: fillPlaceholders(definition.pods, vars),
      });
    });
}
