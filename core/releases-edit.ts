// Edits of the releases file by `fawkes release` and `fawkes promote`: pure text in, text out, keeping the
// file's comments and order. Promotion copies an image already built; it never rebuilds.
import { isMap, parseDocument, type Document, type YAMLMap } from "yaml";
import { imageTag } from "../schema/releases.ts";
import type { ResolvedConfig } from "./resolved.ts";

export type EditResult =
  { ok: true; source: string; previous?: string } | { ok: false; message: string; hint?: string };

function refuse(message: string, hint?: string): EditResult {
  return hint === undefined ? { ok: false, message } : { ok: false, message, hint };
}

/** Sets service → environment → tag, inserting the environment in promotion order. */
function setTag(document: Document, order: readonly string[], service: string, environment: string, tag: string): void {
  if (!isMap(document.contents)) document.contents = document.createNode({}) as unknown as typeof document.contents;
  const root = document.contents as unknown as YAMLMap;
  if (!isMap(root.get(service, true))) root.set(service, document.createNode({}));
  const map = root.get(service, true) as unknown as YAMLMap;
  if (map.has(environment)) {
    map.set(environment, tag);
    return;
  }
  const pair = document.createPair(environment, tag);
  const rank = (key: unknown) => order.indexOf(String((key as { value?: unknown })?.value ?? key));
  const index = map.items.findIndex((item) => rank(item.key) > order.indexOf(environment));
  if (index === -1) map.items.push(pair);
  else map.items.splice(index, 0, pair);
}

/** The environments a service is declared for, released or not yet, in promotion order. */
function promotionPath(model: ResolvedConfig, service: ResolvedConfig["services"][number]): string[] {
  const planned = new Set([...service.environmentNames, ...service.pendingEnvironments]);
  return model.environments.map((e) => e.name).filter((e) => planned.has(e));
}

function target(model: ResolvedConfig, service: string, environment: string): EditResult | undefined {
  const s = model.services.find((x) => x.name === service);
  if (!s) return refuse(`unknown service "${service}"`, `services: ${model.services.map((x) => x.name).join(", ")}`);
  if (!model.environments.some((e) => e.name === environment))
    return refuse(
      `unknown environment "${environment}"`,
      `environments: ${model.environments.map((e) => e.name).join(", ")}`,
    );
  if (!promotionPath(model, s).includes(environment))
    return refuse(
      `"${service}" is not deployed to "${environment}"`,
      `add it to services.${service}.environments first`,
    );
  if (s.chart) return refuse(`"${service}" is deployed from a chart; its version is in the config`);
  return undefined;
}

/** The yaml package writes LF; a file checked out with CRLF keeps CRLF, so the edit is one line in the diff. */
function withLineEndingsOf(original: string, edited: string): string {
  return original.includes("\r\n") ? edited.replace(/\r?\n/g, "\r\n") : edited;
}

function write(
  model: ResolvedConfig,
  source: string,
  service: string,
  environment: string,
  tag: string,
  force: boolean,
): EditResult {
  const document = parseDocument(source);
  const previous = document.getIn([service, environment]) as string | undefined;
  const env = model.environments.find((e) => e.name === environment)!;
  if (previous === tag) return refuse(`"${service}" already runs ${tag} in "${environment}"`);
  if (env.protected && previous !== undefined && !force) {
    return refuse(`"${environment}" is protected: replacing ${service}'s image ${previous} with ${tag} needs --force`);
  }
  setTag(
    document,
    model.environments.map((e) => e.name),
    service,
    environment,
    tag,
  );
  return {
    ok: true,
    source: withLineEndingsOf(source, document.toString({ lineWidth: 0 })),
    ...(previous === undefined ? {} : { previous: String(previous) }),
  };
}

/**
 * A new service's first releases (environment → tag), each placed in promotion order, the file's comments,
 * order and line endings kept: what `fawkes apply-requests` adds for a service request.
 */
export function addReleases(
  environments: readonly string[],
  source: string,
  service: string,
  releases: Readonly<Record<string, string>>,
): string {
  const document = parseDocument(source);
  for (const [environment, tag] of Object.entries(releases)) setTag(document, environments, service, environment, tag);
  return withLineEndingsOf(source, document.toString({ lineWidth: 0 }));
}

export function releaseImage(
  model: ResolvedConfig,
  source: string,
  service: string,
  environment: string,
  tag: string,
  force: boolean,
): EditResult {
  const invalid = target(model, service, environment);
  if (invalid) return invalid;
  const parsed = imageTag.safeParse(tag);
  if (!parsed.success) return refuse(`"${tag}" ${parsed.error.issues[0]!.message}`);
  return write(model, source, service, environment, tag, force);
}

/** Copies the image of `from` to the next environment `to`, along the promotion order only. */
export function promoteImage(
  model: ResolvedConfig,
  source: string,
  service: string,
  from: string,
  to: string,
  force: boolean,
): EditResult {
  const invalid = target(model, service, from) ?? target(model, service, to);
  if (invalid) return invalid;
  const path = promotionPath(
    model,
    model.services.find((s) => s.name === service)!,
  );
  const next = path[path.indexOf(from) + 1];
  if (next !== to) {
    return refuse(
      `"${service}" is promoted along ${path.join(" → ")}: after "${from}" comes ${next === undefined ? "nothing" : `"${next}"`}, not "${to}"`,
      next === undefined ? undefined : `fawkes promote ${service} --from ${from} --to ${next}`,
    );
  }
  const tag = parseDocument(source).getIn([service, from]) as string | undefined;
  if (tag === undefined)
    return refuse(
      `"${service}" has no release in "${from}" to promote`,
      `fawkes release ${service} --env ${from} --image-tag <tag>`,
    );
  return write(model, source, service, to, String(tag), force);
}
