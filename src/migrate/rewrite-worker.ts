/**
 * The entry of a `rewrite-pool.ts` worker thread: loads the parser at once, runs each job it is sent
 * with `runRewriteJob` and posts back `{ outcome }`, one job at a time, in the order they came.
 */
import { parentPort } from "node:worker_threads";
import { loadRewriteModules, runRewriteJob, type RewriteJob } from "./rewrite-job.js";

/** A message from the pool: the next job. */
export interface RewriteWorkerRequest {
  job: RewriteJob;
}

if (parentPort) {
  const port = parentPort;
  // A worker is started only for jobs: the parser loads now, while the first job is still on its way.
  loadRewriteModules().catch(() => undefined); // a failure to load becomes each job's outcome
  // The pool may send the next job before this one is answered: answers go back in the order the jobs came.
  let previous: Promise<void> = Promise.resolve();
  port.on("message", (request: RewriteWorkerRequest) => {
    previous = previous.then(() => runRewriteJob(request.job)).then((outcome) => port.postMessage({ outcome }));
  });
}
