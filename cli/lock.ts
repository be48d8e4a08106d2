// One generate or release at a time: `.fawkes/lock` names the process holding it. A lock whose process is
// gone (kill -9) is stale and taken over.
import { hostname } from "node:os";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LOCK_PATH } from "../core/output-roots.ts";
import { writeCacheFile } from "./cache-file.ts";
import { DiskProblem, onDisk } from "./errors.ts";
import type { Io } from "./output.ts";
import type { PathGuard } from "./safe-path.ts";

interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  try {
    const parsed = JSON.parse(text ?? "") as Partial<LockHolder>;
    return Number.isInteger(parsed.pid) && typeof parsed.host === "string"
      ? { pid: parsed.pid!, host: parsed.host, command: String(parsed.command ?? "fawkes") }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock atomically with its content (a hard link of a written file), or returns who holds it. */
async function tryLock(lockPath: string, holder: LockHolder): Promise<LockHolder | "taken" | "unreadable"> {
  const mine = `${lockPath}.${holder.pid}`;
  await writeFile(mine, `${JSON.stringify(holder)}\n`);
  try {
    await link(mine, lockPath);
    return "taken";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return parseHolder(await readFile(lockPath, "utf8").catch(() => undefined)) ?? "unreadable";
  } finally {
    await rm(mine, { force: true });
  }
}

/** A lock left by a run that is gone (kill -9): `check` reports it, the next generate takes it over. */
export async function isLockStale(guard: PathGuard): Promise<boolean> {
  const text = await readFile(await guard.resolve(LOCK_PATH), "utf8").catch(() => undefined);
  const holder = parseHolder(text);
  return holder !== undefined && holder.host === hostname() && !isRunning(holder.pid);
}

/** Runs `work` holding the repository's lock; refuses with a clear message while another run holds it. */
export async function withLock<T>(guard: PathGuard, command: string, io: Io, work: () => Promise<T>): Promise<T> {
  const lockPath = await guard.resolve(LOCK_PATH);
  const me: LockHolder = { pid: process.pid, host: hostname(), command };
  const busy = (h: LockHolder | undefined) =>
    new DiskProblem(
      LOCK_PATH,
      h
        ? `another \`fawkes ${h.command}\` (pid ${h.pid}${h.host === me.host ? "" : ` on ${h.host}`}) is changing this repository`
        : "is held by another fawkes run",
      `wait for it to finish; if no fawkes is running, delete ${LOCK_PATH}`,
    );
  await onDisk("take the lock", LOCK_PATH, async () => {
    await mkdir(dirname(lockPath), { recursive: true });
    for (let attempt = 0; ; attempt++) {
      const result = await tryLock(lockPath, me);
      if (result === "taken") return;
      if (result === "unreadable" || attempt > 0) throw busy(result === "unreadable" ? undefined : result);
      if (result.host !== me.host || isRunning(result.pid)) throw busy(result);
      io.err(`fawkes: removed a stale lock of \`fawkes ${result.command}\` (pid ${result.pid} is no longer running)`);
      await rm(lockPath, { force: true });
    }
  });
  await countLockTaken(guard.root);
  holding.add(guard.root);
  try {
    return await work();
  } finally {
    holding.delete(guard.root);
    await rm(lockPath, { force: true });
  }
}

/** The repositories whose lock this process holds, by root. */
const holding = new Set<string>();

/** Whether this process holds the lock of the repository at `root` (its real path). */
export function holdsLock(root: string): boolean {
  return holding.has(root);
}

/**
 * How many times a run took the lock of the repository at `root`, counted in a file beside the caches (ignored by
 * Git with node_modules/): a read started before a run takes the lock is only used when the count shows that no
 * other run took it since (cli/disk-hash-thread.ts). Undefined when it cannot be read; a count that cannot be
 * written leaves it as it was, so such a read is not used.
 */
export function lockCount(root: string): number | undefined {
  try {
    const count = Number(readFileSync(join(root, LOCK_COUNT_PATH), "utf8"));
    return Number.isSafeInteger(count) && count >= 0 ? count : undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? 0 : undefined;
  }
}

export const LOCK_COUNT_PATH = "node_modules/.cache/fawkes/lock-count";

async function countLockTaken(root: string): Promise<void> {
  const count = lockCount(root);
  if (count !== undefined) await writeCacheFile(join(root, LOCK_COUNT_PATH), `${count + 1}\n`);
}
