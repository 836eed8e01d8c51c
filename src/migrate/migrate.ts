/**
 * The programmatic API behind the CLI: find the source files, resolve each
 * file's mode from its wrangler config, run the migrations of that mode, and
 * write the results atomically. A file that does not parse, or whose config is
 * broken, is reported and left byte for byte as it was.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { mayHaveFindings } from "../analysis/source-prefilter.js";
import type { Finding, RuleId } from "../analysis/types.js";
import { createProjectCompatResolver, describeProjectCompatResolution, type ProjectCompatResolution, type ProjectCompatResolver } from "../compat/index.js";
import { migrationsForMode } from "../migrations/registry.js";
import { walkPaths } from "./collect-source-files.js";
import { findWorkerConfigs } from "./find-worker-configs.js";
import type { RewriteJob, RewriteJobOutcome } from "./rewrite-job.js";
import { createRewriteScheduler } from "./rewrite-pool.js";
import type { FileChange, FileResult, MigrateOptions, MigrateResult } from "./types.js";
import { findInstalledWorkersTypes, workersTypesWarning } from "./workers-types-check.js";

/** The ESLint namespace of the plugin's rules, used in reported rule ids. */
export const RULE_NAMESPACE = "ws-close";

function toChange(finding: Finding): FileChange {
  return {
    ruleId: `${RULE_NAMESPACE}/${finding.ruleId}`,
    line: finding.loc.start.line,
    column: finding.loc.start.column + 1,
    message: finding.message,
  };
}

function displayPath(absolutePath: string, cwd: string): string {
  return path.relative(cwd, absolutePath).split(path.sep).join("/") || ".";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Migrates every source file under `options.paths`.
 *
 * @returns one result per source file, sorted by path.
 * @throws MissingPathError when a path does not exist (nothing is read or written then).
 */
export async function migrate(options: MigrateOptions = {}): Promise<MigrateResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const write = options.write ?? true;
  const paths = options.paths ?? ["."];
  const walked = await walkPaths(paths, cwd);
  const files = walked.sourceFiles;
  // Every file's text, from the reading below until the import graph is built (the first `resolve`).
  let allTexts: Map<string, string> | null = new Map();
  // Many Workers (issue 6): a file imported from several Workers' `main` runs under all their modes.
  const compatResolver = createProjectCompatResolver({
    readText: (file) => allTexts?.get(file),
    configPaths: options.workerPaths ? await findWorkerConfigs(options.workerPaths, cwd) : await findWorkerConfigs(paths, cwd, { walked }),
    cwd,
    overrides: options.overrides ?? {},
  });
  const describe = createDescriber(cwd);
  const results: FileResult[] = [];
  options.onProgress?.(0, files.length);
  // Speed (issue 6): every file is read and prefiltered first, without the parser or TypeScript. When
  // enough files need parsing (and there are cores for it), the worker threads start now and load the
  // parser while this thread resolves the files' modes; then the files that need parsing go to the
  // scheduler (`rewrite-pool.ts`).
  const texts = new Map<string, string>();
  const readErrors = new Map<string, string>();
  for (const [index, absolutePath] of files.entries()) {
    // Reads are synchronous (several times faster than `fs/promises` for small files).
    if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    try {
      // A text given instead of the file's (`--staged`) is what counts, for the import graph too.
      const text = options.sourceTexts?.get(absolutePath) ?? readFileSync(absolutePath, "utf8");
      allTexts.set(absolutePath, text);
      if (mayHaveFindings(text)) texts.set(absolutePath, text);
    } catch (error) {
      readErrors.set(absolutePath, errorMessage(error));
    }
  }
  let done = 0;
  const scheduler = createRewriteScheduler(options.parallelism);
  scheduler.expect(texts.size);
  const prepared: Array<FileResult | Promise<FileResult>> = [];
  for (const [index, absolutePath] of files.entries()) {
    // Every few files the event loop turns, so that finished rewrites come back and workers get new jobs.
    if (index % 32 === 31) await new Promise((resolve) => setImmediate(resolve));
    const file = prepareFile(absolutePath, cwd, compatResolver, describe, { text: texts.get(absolutePath), readError: readErrors.get(absolutePath) });
    allTexts = null; // the graph is built by now

    texts.delete(absolutePath);
    if (!("job" in file)) {
      prepared.push(file);
      options.onProgress?.(++done, files.length);
      continue;
    }
    prepared.push(
      scheduler.submit(file.job).then((outcome) => {
        options.onProgress?.(++done, files.length);
        return outcome;
      }).then((outcome) => finishRewrite(file, outcome, write, options.sourceTexts?.has(absolutePath) ?? false)),
    );
  }
  await scheduler.close();
  results.push(...(await Promise.all(prepared)));
  return { files: results, wrote: write, warnings: workersTypesWarnings(results, cwd) };
}

/**
 * SPEC §4: where a run adds `allowHalfOpen`, the installed `@cloudflare/workers-types` must know it.
 * One warning per installation found walking up from the changed files; none when it is not installed.
 */
function workersTypesWarnings(results: readonly FileResult[], cwd: string): string[] {
  const checked = new Set<string>();
  const warnings: string[] = [];
  for (const file of results) {
    if (file.status !== "changed" || !file.changes.some((change) => change.ruleId === `${RULE_NAMESPACE}/require-allow-half-open`)) continue;
    const installed = findInstalledWorkersTypes(file.absolutePath);
    if (!installed || checked.has(installed.packageJsonPath)) continue;
    checked.add(installed.packageJsonPath);
    const warning = workersTypesWarning(installed, displayPath(installed.packageJsonPath, cwd));
    if (warning) warnings.push(warning);
  }
  return warnings;
}

/** A file that passed the text prefilter: its parse and rewrite are left to the rewrite scheduler. */
interface PendingRewrite {
  result: FileResult;
  job: RewriteJob;
  /** What the file's result is when the rewrite changes nothing. */
  unchanged: FileResult;
}

/**
 * `describeProjectCompatResolution`, once per distinct answer: thousands of files share a few (one per
 * nearest config, one per set of Workers reaching a file).
 */
function createDescriber(cwd: string): (compat: ProjectCompatResolution) => string {
  const byNearestConfig = new WeakMap<ProjectCompatResolution, string>();
  const byWorkers = new Map<string, string>();
  return (compat) => {
    if (compat.decidedBy === "nearest-config") {
      let description = byNearestConfig.get(compat);
      if (description === undefined) {
        description = describeProjectCompatResolution(compat, cwd);
        byNearestConfig.set(compat, description);
      }
      return description;
    }
    // Decided by imports: the phrase depends on the reaching Workers and the nearest config alone.
    const key = [...compat.workers.map((worker) => worker.configPath), compat.nearestConfigPath ?? ""].join("\0");
    let description = byWorkers.get(key);
    if (description === undefined) {
      description = describeProjectCompatResolution(compat, cwd);
      byWorkers.set(key, description);
    }
    return description;
  };
}

/** What the first pass over the files learned of one file. */
interface ReadOutcome {
  /** The file's text, when it passed the text prefilter (`mayHaveFindings`). */
  text: string | undefined;
  /** Why the file could not be read. */
  readError: string | undefined;
}

/** Resolves the file's mode: its result, or, for a file that passed the prefilter, the rewrite it needs. */
function prepareFile(
  absolutePath: string,
  cwd: string,
  compatResolver: ProjectCompatResolver,
  describe: (compat: ProjectCompatResolution) => string,
  { text, readError }: ReadOutcome,
): FileResult | PendingRewrite {
  const result: FileResult = {
    path: displayPath(absolutePath, cwd),
    absolutePath,
    status: "unchanged",
    mode: null,
    config: null,
    modeSource: null,
    migrations: [],
    changes: [],
    needsReview: [],
  };
  let compat: ProjectCompatResolution;
  try {
    compat = compatResolver.resolve(absolutePath);
  } catch (error) {
    return { ...result, status: "failed", error: errorMessage(error) };
  }
  result.mode = compat.mode;
  result.config = compat.configPath === null ? null : displayPath(compat.configPath, cwd);
  result.modeSource = describe(compat);

  const migrations = migrationsForMode(compat.mode);
  // Under `unknown`, only the date-independent migrations run (SPEC §2); the file counts as skipped unless they change it.
  const unknownMode: Pick<FileResult, "status" | "skipReason"> = {
    status: "skipped",
    skipReason: `${result.modeSource}: pass --compatibility-date or set compatibility_date in the wrangler config`,
  };
  const unchanged = compat.mode === "unknown" ? { ...result, ...unknownMode } : result;
  if (migrations.length === 0) return unchanged;
  if (readError !== undefined) return { ...result, status: "failed", error: readError };
  if (text === undefined) return unchanged;

  result.migrations = migrations.map((migration) => migration.name);
  const job: RewriteJob = {
    text,
    filePath: absolutePath,
    // The plain resolution: the job may cross to a worker thread, and the Workers' import chains are not its business.
    compat: { mode: compat.mode, configPath: compat.configPath, overridden: compat.overridden, environments: compat.environments },
    compatDescription: result.modeSource,
    ruleIds: migrations.flatMap((migration) => migration.ruleIds as RuleId[]),
  };
  return { result, job, unchanged };
}

/**
 * Turns a rewrite's outcome into the file's result, writing the file when it changed and `write` is set
 * (unless `notOnDisk`: the text migrated is not the file's content, see `MigrateOptions.sourceTexts`).
 */
async function finishRewrite(
  { result, job, unchanged }: PendingRewrite,
  outcome: RewriteJobOutcome,
  write: boolean,
  notOnDisk: boolean,
): Promise<FileResult> {
  const { text, filePath: absolutePath } = job;
  if (outcome.kind !== "rewritten") {
    const message = outcome.kind === "parse-error" ? `${result.path}:${outcome.line}:${outcome.column}: ${outcome.reason}` : outcome.message;
    return { ...result, status: "failed", error: `does not parse, left as it is: ${message}` };
  }
  const rewrite = outcome.result;
  result.changes = rewrite.applied.map(toChange);
  result.needsReview = rewrite.unfixed.map(toChange);
  if (rewrite.output === text) return { ...unchanged, changes: result.changes, needsReview: result.needsReview };

  if (write && notOnDisk) {
    return {
      ...result,
      status: "skipped",
      skipReason: "its staged version needs these changes, but it also has unstaged changes: stage or stash them, then run again",
    };
  }
  if (write) {
    try {
      // Loaded on the first write: dry runs and checks never need it.
      const { default: writeFileAtomic } = await import("write-file-atomic");
      await writeFileAtomic(absolutePath, rewrite.output);
    } catch (error) {
      return { ...result, status: "failed", error: `could not write: ${errorMessage(error)}` };
    }
  }
  return { ...result, status: "changed", before: text, after: rewrite.output };
}
