/**
 * The entry of a `rewrite-pool.ts` worker thread: runs each job it is sent
 * with `runRewriteJob` and posts back `{ outcome }`, one job at a time.
 */
import { parentPort } from "node:worker_threads";
import { runRewriteJob, type RewriteJob } from "./rewrite-job.js";

/** A message from the pool: the next job. */
export interface RewriteWorkerRequest {
  job: RewriteJob;
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (request: RewriteWorkerRequest) => {
    void runRewriteJob(request.job).then((outcome) => port.postMessage({ outcome }));
  });
}
