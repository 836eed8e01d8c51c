/**
 * The parallel path (worker threads) gives the same outcomes as the
 * sequential one, in the same order, and a failure stays with its own file.
 * The workers run the built `dist/` (`npm test` builds first).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { generateMonorepo } from "../../bench/generate-monorepo.mjs";
import type { RuleId } from "../../src/analysis/types.js";
import type { CompatResolution } from "../../src/compat/types.js";
import { migrate } from "../../src/migrate/migrate.js";
import type { RewriteJob, RewriteJobOutcome } from "../../src/migrate/rewrite-job.js";
import { createRewriteScheduler, defaultWorkerUrl, MIN_JOBS_PER_WORKER, runRewriteJobs } from "../../src/migrate/rewrite-pool.js";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const ALL_RULES: RuleId[] = [
  "no-redundant-close",
  "require-allow-half-open",
  "no-new-websocket-in-proxy",
  "no-closing-state-check",
  "no-send-in-close-handler",
  "require-hibernation-close",
  "no-reserved-close-code",
  "require-close-reply",
];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ws-close-pool-test-"));
  dirs.push(dir);
  return dir;
}

function builtWorker(): URL {
  const url = defaultWorkerUrl();
  if (url === null) throw new Error("dist/src/migrate/rewrite-worker.js is missing: run `npm run build` first");
  return url;
}

/** One job per transform fixture input, in `auto` and in `manual` mode. */
/** Outcomes without their timings (wall milliseconds differ from run to run and thread to thread). */
function withoutTimings(outcomes: readonly RewriteJobOutcome[]): unknown[] {
  return outcomes.map((outcome) => {
    if (outcome.kind !== "rewritten") return outcome;
    const { timings, ...result } = outcome.result;
    expect(timings.parseMs).toBeGreaterThanOrEqual(0);
    return { ...outcome, result };
  });
}

function fixtureJobs(): RewriteJob[] {
  const root = path.join(REPO_ROOT, "fixtures/transforms");
  const jobs: RewriteJob[] = [];
  for (const name of readdirSync(root).sort()) {
    const input = readdirSync(path.join(root, name)).find((file) => file.startsWith("input."));
    if (!input) continue;
    const filePath = path.join(root, name, input);
    for (const mode of ["auto", "manual"] as const) {
      const compat: CompatResolution = { mode, configPath: null, overridden: false, environments: [] };
      jobs.push({ text: readFileSync(filePath, "utf8"), filePath, compat, compatDescription: `${mode} for the test`, compatNote: mode, ruleIds: ALL_RULES });
    }
  }
  return jobs;
}

describe("the rewrite scheduler", () => {
  it("runs a few jobs in this thread, and never starts workers on one core", async () => {
    const jobs = fixtureJobs().slice(0, 2 * MIN_JOBS_PER_WORKER - 1);
    const few = createRewriteScheduler({ maxWorkers: 4, workerUrl: builtWorker() });
    const oneCore = createRewriteScheduler({ maxWorkers: 0, minJobsPerWorker: 0, workerUrl: builtWorker() });
    const outcomes = [jobs.map((job) => few.submit(job)), jobs.map((job) => oneCore.submit(job))];
    await Promise.all([few.close(), oneCore.close()]);
    expect([few.workersStarted, oneCore.workersStarted]).toEqual([0, 0]);
    expect([few.jobsRunHere, oneCore.jobsRunHere]).toEqual([jobs.length, jobs.length]);
    expect(withoutTimings(await Promise.all(outcomes[0]!))).toEqual(withoutTimings(await Promise.all(outcomes[1]!)));
  });
});

describe("the rewrite pool", () => {
  it("gives the outcomes of the sequential run, in the order of the jobs", async () => {
    const jobs = fixtureJobs();
    expect(jobs.length).toBeGreaterThan(40);
    const sequential = await runRewriteJobs(jobs, { maxWorkers: 0 });
    const scheduler = createRewriteScheduler({ maxWorkers: 2, minJobsPerWorker: 0, workerUrl: builtWorker() });
    const pending = jobs.map((job) => scheduler.submit(job));
    await scheduler.close();
    expect(scheduler.workersStarted).toBe(2);
    // This thread takes the jobs still waiting once all are submitted: here, with workers still loading, some.
    expect(scheduler.jobsRunHere).toBeGreaterThan(0);
    expect(scheduler.jobsRunHere).toBeLessThan(jobs.length);
    expect(withoutTimings(await Promise.all(pending))).toEqual(withoutTimings(sequential));
    expect(sequential.some((outcome) => outcome.kind === "rewritten" && outcome.result.applied.length > 0)).toBe(true);
  });

  it("starts the workers when told how many jobs will come, before the first is submitted", async () => {
    const jobs = fixtureJobs().slice(0, 8);
    const scheduler = createRewriteScheduler({ maxWorkers: 1, minJobsPerWorker: 4, workerUrl: builtWorker(), helpInThisThread: false });
    scheduler.expect(jobs.length - 1);
    expect(scheduler.workersStarted).toBe(0);
    scheduler.expect(jobs.length);
    expect(scheduler.workersStarted).toBe(1);
    const pending = jobs.map((job) => scheduler.submit(job));
    await scheduler.close();
    expect(scheduler.jobsRunHere).toBe(0);
    expect(withoutTimings(await Promise.all(pending))).toEqual(withoutTimings(await runRewriteJobs(jobs, { maxWorkers: 0 })));
  });

  it("reports a file that does not parse, or a job that throws, on that file alone", async () => {
    const [good] = fixtureJobs();
    const broken: RewriteJob = { ...good!, text: "export const = ;\n", filePath: "/project/src/broken.ts" };
    const throwing = { ...good!, compat: null } as unknown as RewriteJob;
    const jobs = [good!, broken, throwing, good!];
    const outcomes = await runRewriteJobs(jobs, { maxWorkers: 2, minJobsPerWorker: 0, workerUrl: builtWorker() });
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["rewritten", "parse-error", "error", "rewritten"]);
    expect(outcomes[1]).toMatchObject({ kind: "parse-error", line: 1 });
    expect(withoutTimings(await runRewriteJobs(jobs, { maxWorkers: 0 }))).toEqual(withoutTimings(outcomes));
  });

  it("fails only the job a dying worker was running, and goes on with a new worker", async () => {
    const dir = tempDir();
    const crashing = path.join(dir, "crashing-worker.mjs");
    writeFileSync(
      crashing,
      // The real worker's listener is attached first (static import), and starts the job; this one ends the thread before it answers.
      `import ${JSON.stringify(builtWorker().href)};\n` +
        `import { parentPort } from "node:worker_threads";\n` +
        `parentPort.on("message", (request) => { if (request.job.filePath.endsWith("crash.ts")) process.exit(3); });\n`,
    );
    const jobs = fixtureJobs().slice(0, 12);
    jobs.splice(5, 0, { ...jobs[0]!, filePath: "/project/src/crash.ts" });
    const scheduler = createRewriteScheduler({ maxWorkers: 2, minJobsPerWorker: 0, workerUrl: pathToFileURL(crashing), helpInThisThread: false });
    const pending = jobs.map((job) => scheduler.submit(job));
    await scheduler.close();
    const outcomes = await Promise.all(pending);
    expect(outcomes[5]).toEqual({ kind: "error", message: "the rewrite worker failed: it exited with code 3" });
    expect(scheduler.workersStarted).toBe(3);
    const expected = await runRewriteJobs(jobs.filter((_, index) => index !== 5), { maxWorkers: 0 });
    expect(withoutTimings(outcomes.filter((_, index) => index !== 5))).toEqual(withoutTimings(expected));
  });
});

describe("migrate() across worker threads", () => {
  it("gives the results of the sequential run on a generated monorepo", async () => {
    const dir = tempDir();
    generateMonorepo({ dir, seed: 3, scale: 0.1 });
    const parallel = await migrate({ cwd: dir, write: false, parallelism: { maxWorkers: 2, minJobsPerWorker: 0, workerUrl: builtWorker() } });
    const sequential = await migrate({ cwd: dir, write: false, parallelism: { maxWorkers: 0 } });
    expect(parallel).toEqual(sequential);
    expect(parallel.files.filter((file) => file.status === "changed").length).toBeGreaterThan(3);
    expect(parallel.files.map((file) => file.path)).toEqual([...parallel.files.map((file) => file.path)].sort());
  });
});
