// The second thread's entry: turns on Node's compile cache for this thread before anything heavy loads (a
// worker does not share the main thread's), then runs the build (cli/shard-build.ts). Without it, evaluating
// and compiling its modules took the thread 0.5 s at 1,000 services.
import { enableCompileCache } from "node:module";
import { parentPort } from "node:worker_threads";

enableCompileCache?.();
if (parentPort) await import("./shard-build.ts");
