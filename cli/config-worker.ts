// Runs in a worker thread: imports the config module and posts back its default export (plain data), or the
// error it threw. The main thread can then stop a config that never finishes. The worker serves one load after
// another (a long-lived process, such as the tests, loads many configs): installed packages, the Fawkes package
// included, stay loaded between configs, while every file of the repository (the config and the modules it
// imports) loads afresh each time, so an edited helper module is never served stale.
import { enableCompileCache, flushCompileCache, registerHooks } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { SourceTextChecks, SourceTexts } from "../core/checks/source-text-checks.ts";

export type WorkerReply =
  | { readonly ok: true; readonly config: unknown }
  | {
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      readonly stack: string | undefined;
      readonly code: string | undefined;
    };

/** What the main thread asks: load the module at `url`, with the environment the process has now. */
export interface WorkerRequest {
  readonly url: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Or, once a config is loaded: scan its text, the releases file's and the Score files' for credentials, while
 * the main thread builds. Answered with `{ checks }`, undefined when the scan failed here (the pipeline then
 * runs it itself).
 */
export interface ChecksRequest {
  readonly id: number;
  readonly checks: SourceTexts;
}
export interface ChecksReply {
  readonly id: number;
  readonly checks: SourceTextChecks | undefined;
}

/** The worker's environment becomes the process's as it is now: what a config changed at the last load is gone. */
function takeEnvironment(env: WorkerRequest["env"]): void {
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) process.env[name] = value;
}

/** Fawkes's own built modules (what `import … from "fawkes"` loads): dist/, from here built or from source. */
const FAWKES_DIST = new URL(import.meta.url.endsWith(".ts") ? "../dist/" : "../", import.meta.url).href;

let load = 0;
/** The config module being loaded (its URL as asked for). */
let config: string | undefined;
/** Fawkes's own core, from which the worker runs the scan of the texts when it runs from source. */
const FAWKES_CORE = new URL("../core/", import.meta.url).href;
const kept = (url: string) =>
  !url.startsWith("file:") ||
  url.includes("/node_modules/") ||
  url.startsWith(FAWKES_DIST) ||
  url.startsWith(FAWKES_CORE);
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (kept(resolved.url)) return resolved;
    // The config is an ES module (its default export is the platform), also beside a package.json without
    // "type" (a repository that kept its own): Node would otherwise try CommonJS first and warn on every
    // command. Modules it imports keep Node's own detection: a helper may be CommonJS.
    const format = resolved.url === config && resolved.format == null ? "module-typescript" : resolved.format;
    const url = new URL(resolved.url);
    url.searchParams.set("fawkes-load", String(load));
    return { ...resolved, url: url.href, format };
  },
});

function reply(message: WorkerReply): void {
  try {
    parentPort!.postMessage(message);
  } catch (error) {
    // A default export that is not plain data (a function, a class instance) cannot cross threads.
    parentPort!.postMessage(failure(error, "the config's default export must be plain data: "));
  }
}

function failure(error: unknown, prefix = ""): WorkerReply {
  const e = error instanceof Error ? error : undefined;
  return {
    ok: false,
    name: e?.name ?? "Error",
    message: prefix + (e ? e.message : String(error)),
    stack: e?.stack,
    code: (error as { code?: unknown } | undefined)?.code?.toString(),
  };
}

/**
 * Loads ahead, while the main thread starts, what every TypeScript config needs: Fawkes's package (what
 * `import … from "fawkes"` resolves to when the config's repository uses this installation). Not Node's type
 * stripper: with the compile cache on, a config loaded before comes stripped from the cache, and compiling the
 * stripper first (130-160 ms here) would only delay it.
 */
async function warm(): Promise<void> {
  await import(`${FAWKES_DIST}index.js`);
}
/** How the main thread started this worker. */
export interface ConfigWorkerData {
  /** Load Fawkes's package ahead (the CLI's worker, started before the command needs it). */
  readonly warm?: boolean;
  /**
   * The folder of V8's compile cache on disk, when the main thread uses one (bin/fawkes.js): so does this thread,
   * which is not given it.
   * Fawkes's package and the scan's modules then load without compiling, and the config without stripping its
   * types again while it is unchanged (Node keeps the stripped text in the same cache, keyed by the module's URL
   * and checked against its source).
   */
  readonly compileCache?: string;
}
const data = (workerData ?? {}) as ConfigWorkerData;
if (data.compileCache !== undefined) enableCompileCache(data.compileCache);
const warmed = data.warm ? warm().catch(() => undefined) : undefined;

let intlWarmed = false;
/**
 * Once the first config is handed over, while the main thread validates it: resolves the default locale's date
 * formats, which ICU caches for the whole process. Validating a cron schedule creates a date (cron-parser's
 * Luxon asks for the system locale), and doing this first cost the main thread 23-27 ms; after a thread has
 * done it, 0.2-0.3 ms. Not before the load: the main thread is waiting for the config then.
 */
function warmIntl(): void {
  if (intlWarmed) return;
  intlWarmed = true;
  try {
    new Intl.DateTimeFormat().resolvedOptions();
  } catch {
    // A runtime without ICU data: nothing to warm.
  }
}

/** The scan of the texts for credentials (its modules load here on first use, not on the config's path). */
async function runChecks({ id, checks }: ChecksRequest): Promise<void> {
  let answer: SourceTextChecks | undefined;
  try {
    answer = await (await import("../core/checks/source-text-checks.ts")).checkSourceTexts(checks);
  } catch {
    answer = undefined;
  }
  parentPort!.postMessage({ id, checks: answer } satisfies ChecksReply);
}

parentPort!.on("message", (request: WorkerRequest | ChecksRequest) => {
  if ("checks" in request) return void runChecks(request);
  const { url, env } = request;
  load++;
  config = url;
  takeEnvironment(env);
  // While a config loads, only the config keeps this thread alive: one whose top-level await never settles
  // ends the worker without a reply, which the main thread reports, instead of Node's warning. Between loads
  // the port keeps it waiting for the next one (the main thread lets it go when the process ends).
  parentPort!.unref();
  const done = (message: WorkerReply) => {
    // Written before the reply, not when the thread ends: the main thread ends a worker that loaded a large config
    // (terminate) as soon as it has the reply. With the config unchanged there is nothing to write.
    if (data.compileCache !== undefined) flushCompileCache();
    reply(message);
    parentPort!.ref();
    warmIntl();
  };
  void Promise.resolve(warmed)
    .then(() => import(url))
    .then(
      (module: { default?: unknown }) => done({ ok: true, config: module.default }),
      (error: unknown) => done(failure(error)),
    );
});
