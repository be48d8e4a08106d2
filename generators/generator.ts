import type { OutputFile } from "../core/file-tree.ts";
import type { ResolvedConfig, ResolvedService } from "../core/resolved.ts";

/** A generator: the resolved config in, files out. Pure: no disk, no clock, no globals. */
export type Generator = (model: ResolvedConfig) => OutputFile[];

/**
 * A generator of one service's files. Most of a large platform's files are these: the build takes them one
 * service at a time, so that it never holds every service's objects at once (core/generate-tree.ts).
 */
export type ServiceGenerator = (model: ResolvedConfig, service: ResolvedService) => OutputFile[];

/** A service generator over every service of the platform, in the config's order. */
export function forEveryService(generate: ServiceGenerator): Generator {
  return (model) => model.services.flatMap((service) => generate(model, service));
}
