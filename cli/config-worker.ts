// Runs in a worker thread: imports the config module and posts back its default export (plain data), or the
// error it threw. The main thread can then stop a config that never finishes.
import { parentPort, workerData } from "node:worker_threads";

export type WorkerReply =
  | { readonly ok: true; readonly config: unknown }
  | {
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      readonly stack: string | undefined;
      readonly code: string | undefined;
    };

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

// No top-level await: a config whose own top-level await never settles then ends the worker without a
// reply, which the main thread reports, instead of Node's warning.
import((workerData as { url: string }).url).then(
  (module: { default?: unknown }) => reply({ ok: true, config: module.default }),
  (error: unknown) => reply(failure(error)),
);
