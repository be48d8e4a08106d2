// The config's load, started as soon as the command line is read: the worker imports the config (stripping its
// types when the compile cache does not hold them yet) while the main thread loads and evaluates the command's
// modules, which takes it 0.3-0.5 s and leaves no turn of the event loop in between; so the file is found and
// read synchronously (a millisecond). `loadSources` takes that load if it finds the same file with the same text.
import { readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { configFormat } from "../core/config-text.ts";
import { findConfigSync } from "./find-config.ts";
import { DEFAULT_CONFIG_TIMEOUT_SECONDS, loadConfigAhead } from "./load-config.ts";
import type { SourceOptions } from "./load-sources.ts";

/** Finds the file as `loadSources` does, and reports nothing: whatever is wrong, `loadSources` says. */
export function loadSourcesAhead(options: SourceOptions): void {
  try {
    // The native call, as the path guard's (`fs/promises`' realpath): the JavaScript one may name the same folder
    // otherwise on Windows (a short name, another case), and the load would not be taken.
    const root = realpathSync.native(options.cwd);
    const configPath = resolve(root, findConfigSync(root, options.config));
    if (configFormat(configPath) !== "module") return;
    loadConfigAhead(
      configPath,
      readFileSync(configPath, "utf8"),
      options.configTimeout ?? DEFAULT_CONFIG_TIMEOUT_SECONDS,
    );
  } catch {
    // No repository, no config, two configs, an unreadable file: the command reports it as it reads the config.
  }
}
