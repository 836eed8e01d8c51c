/**
 * Runs the rewrite jobs of a run across the cores: a pool of worker threads
 * (`rewrite-worker.ts`), once there are enough jobs to pay for starting them;
 * this thread takes jobs too once its caller has submitted them all
 * (`close()`). With few jobs, or on fewer than four cores, the jobs run one
 * after the other in this thread. Either way each job gets the same outcome,
 * and a failure is the outcome of its own job: a worker that dies fails the
 * job it was running, and a new worker goes on.
 *
 * A caller that knows how many jobs will come says so (`expect`), and the
 * workers start at once, loading the parser while it still prepares the jobs;
 * otherwise the pool starts when enough jobs have been submitted.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runRewriteJob, type RewriteJob, type RewriteJobOutcome } from "./rewrite-job.js";
import type { RewriteWorkerRequest } from "./rewrite-worker.js";

/**
 * Jobs per worker below which the pool is not worth starting: the pool starts
 * once twice as many jobs have come. A worker first loads the parser (about
 * 0.4 s) and warms it up, while a warm job takes about 2 ms (`npm run bench`),
 * so it takes a couple of hundred jobs to pay for one.
 */
export const MIN_JOBS_PER_WORKER = 100;

/**
 * The default number of worker threads: one per two cores, less this thread.
 * Parsing allocates a lot, and each thread that parses needs a second core for
 * V8's garbage collector (parallel scavenges, concurrent marking): on 2 cores
 * one worker made every run slower, from 5,000 to 52,000 files (`npm run bench`
 * and `--scale=10`: 1.30 s alone against 1.45 s with a worker; 5.4 s against
 * 5.7 s), each job taking twice as long as alone.
 *
 * @returns a whole number ≥ 0 (0 on up to 3 cores).
 */
export function defaultMaxWorkers(): number {
  return Math.max(0, Math.floor(availableParallelism() / 2) - 1);
}

/** Options of `createRewriteScheduler` and `runRewriteJobs`. */
export interface RewriteSchedulerOptions {
  /** Most worker threads to start; 0 runs every job in this thread. Default: `defaultMaxWorkers()`. */
  maxWorkers?: number;
  /**
   * Whether this thread runs waiting jobs once `close()` is called (when at least `minJobsPerWorker`
   * wait, so that loading the parser here pays). Default `true`; `false` leaves every job to the workers (tests).
   */
  helpInThisThread?: boolean;
  /**
   * The pool starts once `2 × minJobsPerWorker` jobs are submitted (and `maxWorkers` ≥ 1).
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
  /** Jobs not yet started get the outcome `cancelled` at once (an interrupted run); running ones finish. */
  cancel(): void;
  /** How many worker threads were started (0: every job ran in this thread). */
  readonly workersStarted: number;
  /** How many jobs ran in this thread. */
  readonly jobsRunHere: number;
  /**
   * How many jobs will be submitted: from `2 × minJobsPerWorker` the workers start now, before the first
   * job. Only the start moves: submitting more or fewer jobs is fine.
   */
  expect(jobs: number): void;
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

/**
 * Jobs sent to a worker before its answer to the first comes back: the next job is there when
 * it finishes one, even while this thread is busy (running a job itself, or reading files).
 */
const JOBS_IN_FLIGHT = 2;

interface QueuedJob {
  job: RewriteJob;
  resolve: (outcome: RewriteJobOutcome) => void;
}

interface PoolWorker {
  worker: Worker;
  /** The jobs sent to it, oldest (the one it is running) first; it answers them in this order. */
  inFlight: QueuedJob[];
  failed: boolean;
}

/** Creates a scheduler (see `RewriteScheduler`). */
export function createRewriteScheduler(options: RewriteSchedulerOptions = {}): RewriteScheduler {
  const maxWorkers = options.maxWorkers ?? defaultMaxWorkers();
  const helpInThisThread = options.helpInThisThread ?? true;
  const minJobsPerWorker = options.minJobsPerWorker ?? MIN_JOBS_PER_WORKER;
  const workerUrl = options.workerUrl === undefined ? defaultWorkerUrl() : options.workerUrl;
  const poolThreshold = Math.max(1, 2 * minJobsPerWorker);
  const queue: QueuedJob[] = [];
  const workers: PoolWorker[] = [];
  let submitted = 0;
  let started = 0;
  let runHere = 0;
  let closed = false;
  let poolOn = false;
  let poolSize = 0;
  let drained: (() => void) | null = null;

  const settleIfDone = (): void => {
    if (!closed || queue.length > 0 || workers.some((entry) => entry.inFlight.length > 0)) return;
    for (const entry of workers.splice(0)) void entry.worker.terminate();
    drained?.();
  };

  const feed = (entry: PoolWorker): void => {
    while (entry.inFlight.length < JOBS_IN_FLIGHT && queue.length > 0) {
      const next = queue.shift()!;
      entry.inFlight.push(next);
      entry.worker.postMessage({ job: next.job } satisfies RewriteWorkerRequest);
    }
    if (entry.inFlight.length === 0) settleIfDone();
  };

  const startWorker = (url: URL): void => {
    started++;
    const entry: PoolWorker = { worker: new Worker(url), inFlight: [], failed: false };
    workers.push(entry);
    entry.worker.on("message", (message: { outcome: RewriteJobOutcome }) => {
      entry.inFlight.shift()?.resolve(message.outcome);
      feed(entry);
    });
    const fail = (reason: string): void => {
      if (entry.failed) return;
      entry.failed = true;
      workers.splice(workers.indexOf(entry), 1);
      const [running, ...waiting] = entry.inFlight.splice(0);
      running?.resolve({ kind: "error", message: `the rewrite worker failed: ${reason}` });
      void entry.worker.terminate();
      // The jobs it had not started, and those still waiting, go to a new worker.
      queue.unshift(...waiting);
      if (queue.length > 0) startWorker(url);
      else settleIfDone();
    };
    entry.worker.on("error", (error) => fail(error.message));
    entry.worker.on("exit", (code) => {
      if (entry.inFlight.length > 0) fail(`it exited with code ${code}`);
    });
    feed(entry);
  };

  const startPool = (url: URL, workersNow: number): void => {
    poolOn = true;
    poolSize = maxWorkers;
    // More workers start as jobs come (`submit`).
    for (let i = 0; i < Math.min(poolSize, workersNow); i++) startWorker(url);
  };

  return {
    get workersStarted() {
      return started;
    },
    get jobsRunHere() {
      return runHere;
    },
    expect(jobs) {
      if (jobs >= poolThreshold && !poolOn && workerUrl && maxWorkers >= 1 && !closed) startPool(workerUrl, maxWorkers);
    },
    submit(job) {
      if (closed) throw new Error("the rewrite scheduler is closed");
      submitted++;
      return new Promise((resolve) => {
        queue.push({ job, resolve });
        if (poolOn && workerUrl) {
          const idle = workers.find((entry) => entry.inFlight.length < JOBS_IN_FLIGHT);
          if (idle) feed(idle);
          else if (workers.length < poolSize) startWorker(workerUrl);
        } else if (workerUrl && maxWorkers >= 1 && submitted >= poolThreshold) {
          startPool(workerUrl, queue.length);
        }
      });
    },
    cancel() {
      for (const queued of queue.splice(0)) queued.resolve({ kind: "cancelled" });
      settleIfDone();
    },
    async close() {
      closed = true;
      if (!poolOn) {
        for (let queued = queue.shift(); queued; queued = queue.shift()) {
          runHere++;
          queued.resolve(await runRewriteJob(queued.job));
          // Between two jobs the event loop turns: the finished file's write goes ahead, and a SIGINT is seen.
          await new Promise((resolve) => setImmediate(resolve));
        }
        return;
      }
      if (helpInThisThread && queue.length >= Math.max(1, minJobsPerWorker)) {
        for (let next = queue.shift(); next; next = queue.shift()) {
          runHere++;
          next.resolve(await runRewriteJob(next.job));
          // A job is synchronous work: between two, the workers' answers are read and they get new jobs.
          await new Promise((resolve) => setImmediate(resolve));
        }
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
