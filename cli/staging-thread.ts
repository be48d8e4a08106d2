// The staged files of a large generate written on the other core (cli/staging-worker.ts). The main thread
// composes in one long synchronous loop: it encodes each file into a batch, hands full batches over, and keeps
// each file's text only until the thread has staged it (a count in shared memory, read without waiting for the
// event loop). Staging is still only a saving: a file the thread could not stage, and every file after it, is
// kept in memory, and the write then writes it (or reports why it cannot).
import { Worker } from "node:worker_threads";
import { rememberHash } from "./content-hash.ts";
import { StagedFile } from "./staged-file.ts";
import type { RenderedFile } from "../core/file-tree.ts";
import {
  CHANGES,
  STAGED,
  STOPPED,
  type SettledAnswer,
  type StagingBatch,
  type StagingMessage,
  type StagingThreadData,
} from "./staging-worker.ts";
import { workerBeside } from "./worker-url.ts";

/** A batch is handed over at this many bytes (or files): a message each costs more than a file's write. */
const BATCH_BYTES = 512 * 1024;
const BATCH_FILES = 256;
/**
 * The most text the main thread holds for files the thread has not staged yet: past it, composing waits for the
 * thread (a slow disk), down to half of it.
 */
const PENDING_BYTES = 32 * 1024 * 1024;
/** How long composing waits for the thread to stage anything before it keeps the files in memory itself. */
const STALL_MS = 30_000;

const encoder = new TextEncoder();

export class StagingThread {
  readonly #worker: Worker;
  readonly #state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  /** Files handed over and not yet known to be staged, in order, from `#head`; that one is file `#headFile`. */
  #pending: { file: StagedFile; bytes: number }[] = [];
  #head = 0;
  #headFile = 0;
  #pendingBytes = 0;
  #next = 0;
  #batch = new Uint8Array(BATCH_BYTES);
  #used = 0;
  #paths: string[] = [];
  #ends: number[] = [];
  /** The thread's answer to settle, or undefined when it failed or exited first. */
  readonly #answer: Promise<SettledAnswer | undefined>;
  #settled: Promise<readonly string[]> | undefined;
  /** Every file the thread staged, for discard. */
  readonly staged: StagedFile[] = [];

  readonly root: string;

  constructor(root: string) {
    this.root = root;
    Atomics.store(this.#state, STAGED, -1);
    this.#worker = new Worker(workerBeside(import.meta.url, "staging-worker"), {
      workerData: {
        root,
        pid: process.pid,
        state: this.#state.buffer as SharedArrayBuffer,
      } satisfies StagingThreadData,
    });
    // Nothing the thread does keeps the process alive: it is asked to settle, or the generate is over.
    this.#worker.unref();
    // Listened for from the start: a thread that fails before settle stops staging, and fails nothing else.
    this.#answer = new Promise((resolve) => {
      const ended = () => {
        Atomics.store(this.#state, STOPPED, 1);
        resolve(undefined);
      };
      this.#worker.once("message", (answer: SettledAnswer) => resolve(answer));
      this.#worker.once("error", ended);
      this.#worker.once("exit", ended);
    });
  }

  /** Whether the thread still takes files; when not (it stopped, stalled or settled), a file stays in memory. */
  get taking(): boolean {
    return Atomics.load(this.#state, STOPPED) === 0;
  }

  /**
   * Hands `file` to the thread: its text is held until staged. Its hash is the thread's, of the bytes written,
   * once settled; asked for before, it is taken from the text.
   */
  stage(file: RenderedFile): StagedFile {
    const text = file.content;
    const into = encoder.encodeInto(text, this.#batch.subarray(this.#used));
    let { written } = into;
    if (into.read !== text.length) {
      this.#post();
      // Three bytes at most for each UTF-16 unit.
      if (this.#batch.length < text.length * 3) this.#batch = new Uint8Array(text.length * 3);
      ({ written } = encoder.encodeInto(text, this.#batch));
    }
    const kept = new StagedFile(file, this.root, text);
    this.#used += written;
    this.#paths.push(file.path);
    this.#ends.push(this.#used);
    this.#pending.push({ file: kept, bytes: written });
    this.#pendingBytes += written;
    this.#next++;
    if (this.#used >= BATCH_BYTES || this.#paths.length >= BATCH_FILES) this.#post();
    this.#release();
    if (this.#pendingBytes > PENDING_BYTES) this.#wait();
    return kept;
  }

  /** Once every file handed over is staged or known not to be: the folders the thread created. */
  settle(): Promise<readonly string[]> {
    if (this.#settled) return this.#settled;
    this.#post();
    this.#worker.postMessage({ settle: true } satisfies StagingMessage);
    this.#settled = this.#answer.then((answer) => {
      Atomics.store(this.#state, STOPPED, 1);
      this.#release();
      // The files it staged, in the order it hashed them; without its answer, a hash is taken from the file.
      if (answer?.hashes.length === this.staged.length)
        answer.hashes.forEach((hash, i) => rememberHash(this.staged[i]!, hash));
      // What the thread did not stage stays in memory, as a file to write.
      for (const { file } of this.#pending.slice(this.#head)) file.unstage();
      this.#pending = [];
      void this.#worker.terminate();
      // A thread that failed took its list of folders with it: they stay (empty) on a failed generate.
      return answer?.created ?? [];
    });
    return this.#settled;
  }

  #post(): void {
    if (this.#paths.length === 0) return;
    const batch: StagingBatch = {
      first: this.#next - this.#paths.length,
      paths: this.#paths,
      ends: this.#ends,
      bytes: this.#batch.subarray(0, this.#used),
    };
    this.#worker.postMessage(batch satisfies StagingMessage, [this.#batch.buffer]);
    this.#batch = new Uint8Array(BATCH_BYTES);
    this.#used = 0;
    this.#paths = [];
    this.#ends = [];
  }

  /** Lets go of the text of every file the thread has staged. */
  #release(): void {
    const last = Atomics.load(this.#state, STAGED);
    for (; this.#head < this.#pending.length && this.#headFile <= last; this.#head++, this.#headFile++) {
      const { file, bytes } = this.#pending[this.#head]!;
      file.release();
      this.staged.push(file);
      this.#pendingBytes -= bytes;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Waits for the thread to catch up; keeps the files in memory instead when it stopped or stalled. */
  #wait(): void {
    this.#post();
    for (let waited = 0; ;) {
      // Read before anything is checked: any change after it ends the wait at once.
      const seen = Atomics.load(this.#state, CHANGES);
      this.#release();
      if (this.#pendingBytes <= PENDING_BYTES / 2 || !this.taking) return;
      const started = performance.now();
      if (Atomics.wait(this.#state, CHANGES, seen, 1000) === "timed-out") waited += performance.now() - started;
      else waited = 0;
      // The thread stalled: it stops, and the files it did not stage stay in memory.
      if (waited > STALL_MS) Atomics.store(this.#state, STOPPED, 1);
    }
  }
}
