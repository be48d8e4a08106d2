// Loads the config module in a worker thread with a time limit: a config that loops forever or awaits
// something that never settles fails with a message instead of hanging every command.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { WorkerReply } from "./config-worker.ts";

/** Default time the config may take to load. */
export const DEFAULT_CONFIG_TIMEOUT_SECONDS = 30;

export type ConfigLoad =
  | { readonly ok: true; readonly config: unknown }
  | { readonly ok: false; readonly reason: "timeout" }
  | { readonly ok: false; readonly reason: "unsettled"; readonly exitCode: number }
  | (Extract<WorkerReply, { ok: false }> & { readonly reason: "threw" });

/** dist/cli/config-worker.js when built, cli/config-worker.ts when run from source (tests). */
function workerUrl(): URL {
  return new URL(import.meta.url.endsWith(".ts") ? "./config-worker.ts" : "./config-worker.js", import.meta.url);
}

export function loadConfigModule(configPath: string, source: string, timeoutSeconds: number): Promise<ConfigLoad> {
  // The content hash in the URL makes an edited config load afresh in a long-lived process (tests, watch).
  const url = `${pathToFileURL(configPath).href}?v=${createHash("sha1").update(source).digest("hex")}`;
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl(), { workerData: { url } });
    let settled = false;
    const settle = (result: ConfigLoad): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    };
    const timer = setTimeout(() => settle({ ok: false, reason: "timeout" }), timeoutSeconds * 1000);
    worker.on("message", (reply: WorkerReply) => settle(reply.ok ? reply : { ...reply, reason: "threw" }));
    worker.on("error", (error) =>
      settle({
        ok: false,
        reason: "threw",
        name: error.name,
        message: error.message,
        stack: error.stack,
        code: undefined,
      }),
    );
    worker.on("exit", (exitCode) => settle({ ok: false, reason: "unsettled", exitCode }));
  });
}
