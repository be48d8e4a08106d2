import type { OutputFile } from "../core/file-tree.ts";
import type { ResolvedConfig } from "../core/resolved.ts";

/** A generator: the resolved config in, files out. Pure: no disk, no clock, no globals. */
export type Generator = (model: ResolvedConfig) => OutputFile[];
