// Claims (`components.custom.<name>.claims`, `services.<name>.claims`): a claim's templates use only known
// placeholders and declared params; a service requests a claim that exists, from a component that runs in
// every environment the service runs in, with params that are declared, typed right, and given when required.
import type { FawkesConfig } from "../../schema/config.ts";
import type { ClaimConfig } from "../../schema/custom-components.ts";
import { serviceEnvironments } from "../names.ts";
import { problem, type ConfigPath, type Problem } from "../problems.ts";
import { ANY_PLACEHOLDER, PLACEHOLDER, claimVariable, fillPlaceholders, paramIn } from "../resolve-claims.ts";
import { suggestName } from "../suggest.ts";
import type { CheckInput } from "./check-input.ts";

type Custom = FawkesConfig["components"]["custom"];
type ParamValue = string | number | boolean;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Every string in a template with its path. */
function stringsIn(value: unknown, path: ConfigPath, out: { path: ConfigPath; text: string }[] = []) {
  if (typeof value === "string") out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsIn(v, [...path, i], out));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) stringsIn(v, [...path, k], out);
  return out;
}

/** Placeholders a claim's templates use that it does not offer. */
function checkTemplates(name: string, claim: ClaimConfig, at: ConfigPath): Problem[] {
  const problems: Problem[] = [];
  const templates = {
    name: claim.name,
    spec: claim.spec,
    secret: { name: claim.secret.name },
    selector: claim.selector,
    pods: claim.pods,
  };
  for (const { path, text } of stringsIn(templates, at)) {
    for (const [, key] of text.matchAll(ANY_PLACEHOLDER)) {
      const known =
        new RegExp(`^${PLACEHOLDER.source}$`).test(`{${key}}`) &&
        (!key!.startsWith("params.") || key!.slice("params.".length) in claim.params);
      const selfName = key === "name" && path[at.length] === "name";
      if (known && !selfName) continue;
      problems.push(
        problem(
          "unknown-placeholder",
          path,
          selfName
            ? `claim ${name}'s name cannot use {name}, which is the name itself`
            : `unknown placeholder {${key}}`,
          `use {service}, {resource}, {team}, {namespace}, {environment}, {name} or {params.<param>} of a declared param (${Object.keys(claim.params).join(", ") || "none declared"})`,
        ),
      );
    }
  }
  return problems;
}

const typeOf = (v: ParamValue): "string" | "integer" | "boolean" =>
  typeof v === "boolean" ? "boolean" : typeof v === "number" && Number.isInteger(v) ? "integer" : "string";

/** Where a custom component runs, by its placement and environments. */
function componentEnvironments(component: Custom[string], environments: readonly string[], hub: string | undefined) {
  const placed = component.placement === "hub" ? environments.filter((e) => e === hub) : environments;
  return component.environments ? placed.filter((e) => component.environments!.includes(e)) : placed;
}

export function checkClaims({ config, declared, raw }: CheckInput): Problem[] {
  // Without a components section as written (a misspelt one is its own problem) requests have nothing to name.
  const written = (raw as { components?: unknown } | null)?.components;
  if (!config.components || written === null || typeof written !== "object") return [];
  const custom: Custom = config.components.custom;
  const problems: Problem[] = [];
  for (const [component, c] of Object.entries(custom))
    for (const [name, claim] of Object.entries(c.claims))
      problems.push(...checkTemplates(name, claim, ["components", "custom", component, "claims", name]));
  const claims = Object.entries(custom).flatMap(([component, c]) =>
    Object.keys(c.claims).map((n) => `${component}.${n}`),
  );
  for (const [service, s] of Object.entries(config.services ?? {})) {
    const environments = serviceEnvironments(s, declared.environments);
    for (const [resource, request] of Object.entries(s.claims)) {
      const at = ["services", service, "claims", resource];
      if (s.chart) {
        problems.push(
          problem(
            "claim-on-chart",
            at,
            `a service deployed from a chart cannot receive a claim's Secret: its pods are the chart's`,
            "request the claim from a golden-path service, or pass the Secret to the chart through chart.values",
          ),
        );
        continue;
      }
      const [componentName, claimName] = request.claim.split(".") as [string, string];
      const component = custom[componentName];
      const claim = component?.claims[claimName];
      if (!component || !claim) {
        problems.push(
          problem(
            "unknown-reference",
            [...at, "claim"],
            component
              ? `custom component ${componentName} has no claim "${claimName}"`
              : `unknown custom component "${componentName}"`,
            suggestName(request.claim, claims, "claim"),
          ),
        );
        continue;
      }
      const runs = componentEnvironments(component, declared.environments, config.platform?.managementEnvironment);
      const missing = environments.filter((e) => !runs.includes(e));
      if (missing.length > 0)
        problems.push(
          problem(
            "claim-not-served",
            [...at, "claim"],
            `${componentName} does not run in ${missing.join(", ")}, where ${service} runs: nothing would serve its ${claim.kind}`,
            `run ${componentName} there (its placement and environments), or limit ${service}'s environments`,
          ),
        );
      problems.push(...checkParams(request.params, claim, environments, [...at, "params"]));
      const variables = new Set(Object.keys(s.secrets).concat(Object.keys(s.env)));
      for (const key of claim.secret.keys) {
        const variable = claimVariable(resource, key);
        if (variables.has(variable))
          problems.push(
            problem(
              "name-collision",
              at,
              `${variable}, the variable of the claim's key ${key}, is also one of ${service}'s env or secrets`,
              `rename the resource, or the variable`,
            ),
          );
      }
      for (const env of environments) {
        const vars: Record<string, ParamValue> = {
          service,
          resource,
          team: s.team,
          namespace: s.team,
          environment: env,
        };
        for (const [p, spec] of Object.entries(claim.params)) {
          const v = paramIn(request, p, env, spec.default);
          if (v !== undefined) vars[`params.${p}`] = v;
        }
        const objectName = fillPlaceholders(claim.name, vars);
        if (!DNS_LABEL.test(objectName)) {
          problems.push(
            problem(
              "invalid-name",
              at,
              `the ${claim.kind} would be named "${objectName}" in ${env}, not a DNS-1123 label`,
              "shorten the service or resource name, or change the claim's name template",
            ),
          );
          break;
        }
        const longest = claim.maxNameLength ?? 63;
        if (objectName.length > longest) {
          problems.push(
            problem(
              "name-too-long",
              at,
              `the ${claim.kind} would be named "${objectName}" in ${env}: ${objectName.length} characters, and the operator refuses more than ${longest}`,
              "shorten the service or resource name, or change the claim's name template",
            ),
          );
          break;
        }
      }
    }
  }
  return problems;
}

function checkParams(
  params: Readonly<Record<string, ParamValue | Readonly<Record<string, ParamValue>>>>,
  claim: ClaimConfig,
  environments: readonly string[],
  at: ConfigPath,
): Problem[] {
  const problems: Problem[] = [];
  const declaredParams = Object.keys(claim.params);
  for (const [param, value] of Object.entries(params)) {
    const spec = claim.params[param];
    if (!spec) {
      problems.push({
        ...problem(
          "unknown-param",
          [...at, param],
          `unknown param "${param}"`,
          suggestName(param, declaredParams, "param"),
        ),
        target: "key",
      });
      continue;
    }
    const values: [ConfigPath, ParamValue][] =
      value !== null && typeof value === "object"
        ? Object.entries(value).map(([env, v]) => [[...at, param, env], v])
        : [[[...at, param], value]];
    for (const [path, v] of values)
      if (typeOf(v) !== spec.type)
        problems.push(
          problem(
            "invalid-param",
            path,
            `must be ${spec.type === "integer" ? "an" : "a"} ${spec.type}`,
            spec.description,
          ),
        );
  }
  for (const [param, spec] of Object.entries(claim.params)) {
    if (spec.default !== undefined) continue;
    const missing = environments.filter((env) => paramIn({ claim: "", params }, param, env, undefined) === undefined);
    if (missing.length > 0)
      problems.push(
        problem(
          "missing-param",
          at,
          `param "${param}" is required (no default) but has no value in ${missing.join(", ")}`,
          `${spec.description}: set params.${param}`,
        ),
      );
  }
  return problems;
}
