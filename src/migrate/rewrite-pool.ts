/**
 * Runs the rewrite jobs of a run across the cores: a pool of worker threads
 * (`rewrite-worker.ts`), one per available core, once there are enough jobs to
 * pay for starting them (each worker loads the TypeScript parser, half a second
 * to a second); otherwise one after the other in this thread. Either way each
 * job gets the same outcome, and a failure is the outcome of its own job: a
 * worker that dies fails the job it was running, and a new worker goes on.
 *
 * Jobs are submitted while the CLI is still reading and prefiltering files, so
 * the workers start (and load the parser) while the rest of the files are read.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runRewriteJob, type RewriteJob, type RewriteJobOutcome } from "./rewrite-job.js";
import type { RewriteWorkerRequest } from "./rewrite-worker.js";

/**
 * Jobs per worker below which the pool is not worth starting: the pool starts
 * once twice as many jobs have come. A worker's start (loading the parser)
 * overlaps with the reading of the remaining files, and a cold parser takes
 * 10 to 30 ms a file, so a few dozen jobs pay for it (`npm run bench`, 2 cores).
 */
export const MIN_JOBS_PER_WORKER = 16;

/** Options of `createRewriteScheduler` and `runRewriteJobs`. */
export interface RewriteSchedulerOptions {
  /** Most worker threads to start. Default: `os.availableParallelism()`. */
  maxWorkers?: number;
  /**
   * The pool starts once `2 × minJobsPerWorker` jobs are submitted (and `maxWorkers` ≥ 2).
   * Default `MIN_JOBS_PER_WORKER`; `0` starts it with the first job (tests).
   */
  minJobsPerWorker?: number;
  /** The worker entry module. Default: `defaultWorkerUrl()`; without one, every job runs in this thread. */
  workerUrl?: URL | null;
}

/** Takes jobs as they are found; see the module comment. */
export interface RewriteScheduler {
  /** @returns the job's outcome; never rejects. Outcomes may settle in any order. */
  submit(job: RewriteJob): Promise<RewriteJobOutcome>;
  /** No more jobs: runs those still waiting, and stops the workers once all are done. */
  close(): Promise<void>;
  /** How many worker threads were started (0: every job ran in this thread). */
  readonly workersStarted: number;
}

/**
 * `rewrite-worker.js` beside this module. When this module runs from its
 * TypeScript source (vitest), the worker is the compiled one in `dist/` (worker
 * threads of Node 20 cannot load `.ts`); `null` when that is not built.
 */
export function defaultWorkerUrl(): URL | null {
  const here = fileURLToPath(import.meta.url);
  const url = here.endsWith(".ts")
    ? new URL("../../dist/src/migrate/rewrite-worker.js", import.meta.url)
    : new URL("./rewrite-worker.js", import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

interface QueuedJob {
  job: RewriteJob;
  resolve: (outcome: RewriteJobOutcome) => void;
}

interface PoolWorker {
  worker: Worker;
  running: QueuedJob | null;
  failed: boolean;
}

/** Creates a scheduler (see `RewriteScheduler`). */
export function createRewriteScheduler(options: RewriteSchedulerOptions = {}): RewriteScheduler {
  const maxWorkers = options.maxWorkers ?? availableParallelism();
  const minJobsPerWorker = options.minJobsPerWorker ?? MIN_JOBS_PER_WORKER;
  const workerUrl = options.workerUrl === undefined ? defaultWorkerUrl() : options.workerUrl;
  const poolThreshold = Math.max(1, 2 * minJobsPerWorker);
  const queue: QueuedJob[] = [];
  const workers: PoolWorker[] = [];
  let submitted = 0;
  let started = 0;
  let closed = false;
  let poolOn = false;
  let poolSize = 0;
  let drained: (() => void) | null = null;

  const settleIfDone = (): void => {
    if (!closed || queue.length > 0 || workers.some((entry) => entry.running !== null)) return;
    for (const entry of workers.splice(0)) void entry.worker.terminate();
    drained?.();
  };

  const feed = (entry: PoolWorker): void => {
    const next = queue.shift();
    entry.running = next ?? null;
    if (next) entry.worker.postMessage({ job: next.job } satisfies RewriteWorkerRequest);
    else settleIfDone();
  };

  const startWorker = (url: URL): void => {
    started++;
    const entry: PoolWorker = { worker: new Worker(url), running: null, failed: false };
    workers.push(entry);
    entry.worker.on("message", (message: { outcome: RewriteJobOutcome }) => {
      entry.running?.resolve(message.outcome);
      feed(entry);
    });
    const fail = (reason: string): void => {
      if (entry.failed) return;
      entry.failed = true;
      workers.splice(workers.indexOf(entry), 1);
      entry.running?.resolve({ kind: "error", message: `the rewrite worker failed: ${reason}` });
      entry.running = null;
      void entry.worker.terminate();
      // The jobs still waiting go to a new worker.
      if (queue.length > 0) startWorker(url);
      else settleIfDone();
    };
    entry.worker.on("error", (error) => fail(error.message));
    entry.worker.on("exit", (code) => {
      if (entry.running !== null) fail(`it exited with code ${code}`);
    });
    feed(entry);
  };

  const startPool = (url: URL): void => {
    poolOn = true;
    poolSize = maxWorkers;
    // More workers start as jobs come (`submit`).
    for (let i = 0; i < Math.min(poolSize, queue.length); i++) startWorker(url);
  };

  return {
    get workersStarted() {
      return started;
    },
    submit(job) {
      if (closed) throw new Error("the rewrite scheduler is closed");
      submitted++;
      return new Promise((resolve) => {
        queue.push({ job, resolve });
        if (poolOn && workerUrl) {
          const idle = workers.find((entry) => entry.running === null);
          if (idle) feed(idle);
          else if (workers.length < poolSize) startWorker(workerUrl);
        } else if (workerUrl && maxWorkers >= 2 && submitted >= poolThreshold) {
          startPool(workerUrl);
        }
      });
    },
    async close() {
      closed = true;
      if (!poolOn) {
        for (const queued of queue.splice(0)) queued.resolve(await runRewriteJob(queued.job));
        return;
      }
      await new Promise<void>((resolve) => {
        drained = resolve;
        settleIfDone();
      });
    },
  };
}

/**
 * Runs `jobs` through a scheduler.
 *
 * @returns one outcome per job, in the order of `jobs`; never rejects.
 */
export async function runRewriteJobs(jobs: readonly RewriteJob[], options: RewriteSchedulerOptions = {}): Promise<RewriteJobOutcome[]> {
  const scheduler = createRewriteScheduler(options);
  const outcomes = jobs.map((job) => scheduler.submit(job));
  await scheduler.close();
  return Promise.all(outcomes);
}
