// Loads the config module in a worker thread with a time limit: a config that loops forever or awaits
// something that never settles fails with a message instead of hanging every command.
import { getCompileCacheDir } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { SourceTextChecks, SourceTexts } from "../core/checks/source-text-checks.ts";
import type { PipelineInput } from "../core/pipeline.ts";
import type { ChecksReply, ChecksRequest, ConfigWorkerData, WorkerReply, WorkerRequest } from "./config-worker.ts";
import { workerBeside } from "./worker-url.ts";

/** Default time the config may take to load. */
export const DEFAULT_CONFIG_TIMEOUT_SECONDS = 30;

export type ConfigLoad =
  | { readonly ok: true; readonly config: unknown }
  | { readonly ok: false; readonly reason: "timeout" }
  | { readonly ok: false; readonly reason: "unsettled"; readonly exitCode: number }
  | (Extract<WorkerReply, { ok: false }> & { readonly reason: "threw" });

/**
 * A worker that served a load and waits for the next: a long-lived process (the tests, a watch) does not start
 * a thread and load Fawkes's modules again for every config. Unreferenced while it waits, so it never keeps a
 * process alive; a worker that failed, timed out or exited is dropped.
 */
let waiting: Worker | undefined;

/**
 * A worker that may wait between loads: one that ends or fails while it waits (a timer its config left behind) is
 * simply dropped, never thrown.
 */
function parkable(worker: Worker): Worker {
  const drop = () => {
    if (waiting === worker) waiting = undefined;
  };
  worker.on("exit", drop).on("error", drop);
  return worker;
}

/**
 * Starts the worker before the command needs it (the CLI calls this first thing): while the main thread loads
 * the CLI, the worker starts and loads Fawkes's package on the other core. A process that never asks loses
 * nothing: the waiting worker does not keep it alive.
 */
export function startConfigWorker(): void {
  if (waiting !== undefined) return;
  waiting = parkable(new Worker(workerBeside(import.meta.url, "config-worker"), { workerData: data(true) }));
  waiting.unref();
}

/**
 * What a worker is started with: every one uses the compile cache when this thread does, in the same folder (the
 * one Node names is that folder's subfolder for this Node version and V8's flags).
 */
function data(warm = false): ConfigWorkerData {
  const cache = getCompileCacheDir();
  return { warm, ...(cache === undefined ? {} : { compileCache: dirname(cache) }) };
}

/**
 * A worker that loaded a config this large is ended rather than kept: a thread never unloads a module, and the
 * config of 5,000 services (2.5 MB) kept about 45 MB alive in it for the whole command.
 */
const PARK_BELOW = 256 * 1024;

/**
 * A load under way. One started ahead neither keeps the process alive nor runs out its time limit until the
 * command asks (`hold`): the main thread may be busy past the limit loading the command's modules, and on the
 * first turn of the event loop after that, an expired timer would fire before the worker's queued reply is read.
 * `drop` ends one nobody will ask for.
 */
interface Load {
  readonly result: Promise<ConfigLoad>;
  hold(): void;
  drop(): void;
}

/**
 * The load the CLI started as soon as it had read its command line (`loadConfigAhead`), with what it was started
 * from, until the command asks for the config (`loadConfigModule`) or ends (`forgetConfigAhead`).
 */
let ahead:
  | {
      readonly configPath: string;
      readonly source: string;
      readonly timeoutSeconds: number;
      readonly env: string;
      readonly load: Load;
    }
  | undefined;

/**
 * Starts loading the config before the command asks for it, while the main thread loads the command's modules:
 * a config whose types the compile cache does not hold yet is stripped meanwhile (Node's stripper takes
 * 130-160 ms to load on this machine's slow days). The load holds nothing: a command that fails before it asks
 * exits as it did, even while a config that never finishes is still loading.
 */
export function loadConfigAhead(configPath: string, source: string, timeoutSeconds: number): void {
  forgetConfigAhead();
  ahead = {
    configPath,
    source,
    timeoutSeconds,
    env: JSON.stringify(process.env),
    load: startLoad(configPath, source, timeoutSeconds, false),
  };
}

/**
 * The load started ahead is for the command that started it: one the command never asked for (it failed first)
 * must not serve a later command of a long-lived process, which may find the config's text unchanged but a helper
 * module it imports edited.
 */
export function forgetConfigAhead(): void {
  ahead?.load.drop();
  ahead = undefined;
}

export function loadConfigModule(configPath: string, source: string, timeoutSeconds: number): Promise<ConfigLoad> {
  const started = ahead;
  ahead = undefined;
  // The load started ahead serves when it loaded this very text with the same environment; otherwise it is ended,
  // and this load takes another worker.
  if (
    started?.configPath === configPath &&
    started.source === source &&
    started.timeoutSeconds === timeoutSeconds &&
    started.env === JSON.stringify(process.env)
  ) {
    started.load.hold();
    return started.load.result;
  }
  started?.load.drop();
  return startLoad(configPath, source, timeoutSeconds, true).result;
}

function startLoad(configPath: string, source: string, timeoutSeconds: number, held: boolean): Load {
  // The worker makes each load's URL its own (config-worker.ts: `?fawkes-load=N`), so an edited config loads
  // afresh in a long-lived process (tests, watch); a CLI run's one load has the same URL from run to run, the key
  // of the compile cache's entry.
  const url = pathToFileURL(configPath).href;
  const worker =
    waiting ?? parkable(new Worker(workerBeside(import.meta.url, "config-worker"), { workerData: data() }));
  waiting = undefined;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  let settle: (result: ConfigLoad, reusable: boolean) => void = () => undefined;
  // The time limit counts from when the command asks (see `Load`).
  const limit = () => {
    timer = setTimeout(() => settle({ ok: false, reason: "timeout" }, false), timeoutSeconds * 1000);
  };
  const hold = () => {
    if (settled) return;
    worker.ref();
    limit();
  };
  // Ended: its worker is terminated (nobody reads the result).
  const drop = () => settle({ ok: false, reason: "timeout" }, false);
  const result = new Promise<ConfigLoad>((resolve) => {
    settle = (result, reusable) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (reusable && waiting === undefined && source.length < PARK_BELOW) {
        worker.unref();
        waiting = worker;
      } else void worker.terminate();
      resolve(result);
    };
    const onMessage = (reply: WorkerReply | ChecksReply) => {
      // The answer to an earlier config's checks (checkTextsBeside) is not this load's.
      if ("checks" in reply) return;
      settle(reply.ok ? reply : { ...reply, reason: "threw" }, true);
    };
    const onError = (error: Error) =>
      settle(
        { ok: false, reason: "threw", name: error.name, message: error.message, stack: error.stack, code: undefined },
        false,
      );
    const onExit = (exitCode: number) => settle({ ok: false, reason: "unsettled", exitCode }, false);
    if (held) limit();
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    worker.postMessage({ url, env: { ...process.env } } satisfies WorkerRequest);
  });
  if (held) worker.ref();
  else worker.unref();
  return { result, hold, drop };
}

/**
 * Scans the sources' texts for credentials on the worker that loaded the config, once it has
 * (core/checks/source-text-checks.ts), when the pipeline asks as it starts: it validates and builds meanwhile.
 * A command that builds nothing (a generate whose inputs are those of the last one) never asks, and the worker
 * does nothing more. Undefined when no worker waits (a config too large to keep one). The answer is undefined,
 * and the pipeline scans itself, when the pipeline asks about other texts than these (a build of the committed
 * releases file), or the worker has been ended or taken by another load since, or the scan failed there.
 */
export function checkTextsBeside(texts: SourceTexts): NonNullable<PipelineInput["textChecks"]> | undefined {
  const worker = waiting;
  if (worker === undefined) return undefined;
  let answer: Promise<SourceTextChecks | undefined> | undefined;
  return (asked) => {
    if (!sameTexts(asked, texts)) return Promise.resolve(undefined);
    return (answer ??= waiting === worker ? scanOn(worker, texts) : Promise.resolve(undefined));
  };
}

function sameTexts(a: SourceTexts, b: SourceTexts): boolean {
  const scores = Object.entries(a.scoreSources ?? {});
  return (
    a.configFile === b.configFile &&
    a.configSource === b.configSource &&
    a.releasesFile === b.releasesFile &&
    a.releasesSource === b.releasesSource &&
    scores.length === Object.keys(b.scoreSources ?? {}).length &&
    scores.every(([file, text]) => b.scoreSources?.[file] === text)
  );
}

/** Requests are numbered: a worker may hold several (a long-lived process loads config after config). */
let lastRequest = 0;

function scanOn(worker: Worker, texts: SourceTexts): Promise<SourceTextChecks | undefined> {
  const id = ++lastRequest;
  return new Promise((resolve) => {
    const done = (checks: SourceTextChecks | undefined) => {
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onEnd).off("exit", onEnd);
      // Parked again, unless another load has taken it meanwhile.
      if (waiting === worker) worker.unref();
      resolve(checks);
    };
    const onMessage = (reply: WorkerReply | ChecksReply) => {
      if ("checks" in reply && reply.id === id) done(reply.checks);
    };
    const onEnd = () => done(undefined);
    // A worker that never answers costs the pipeline the scan's time, never the command.
    const timer = setTimeout(onEnd, CHECKS_TIMEOUT_MS);
    worker.on("message", onMessage).on("error", onEnd).on("exit", onEnd);
    // While the answer is awaited, the worker keeps the process alive.
    worker.ref();
    worker.postMessage({ id, checks: texts } satisfies ChecksRequest);
  });
}

/** How long the pipeline waits for the worker's scan before it runs the scan itself (it takes 30-60 ms there). */
const CHECKS_TIMEOUT_MS = 10_000;
