/**
 * The programmatic API behind the CLI: find the source files, resolve each
 * file's mode from its wrangler config, run the migrations of that mode, and
 * write the results atomically. A file that does not parse, is not UTF-8, or
 * whose config is broken, is reported and left byte for byte as it was; so is
 * a file the user may not write, or a link (`src/files/`, README "Safety").
 */
import { readFileSync, statSync } from "node:fs";
import { unlink } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import { mayHaveFindings } from "../analysis/parse/source-prefilter.js";
import { ModuleResolver } from "../compat/module-resolver.js";
import { hasCrossModuleFacts } from "../analysis/cross-module/module-facts.js";
import { firstSyntaxError } from "../analysis/parse/syntax-check.js";
import { qualifiedRuleName } from "../analysis/rules/rule-definition.js";
import type { Finding, RuleId } from "../analysis/types.js";
import {
  createProjectCompatResolver,
  describeProjectCompatResolution,
  projectCompatNote,
  resolveFrameworkVersions,
  type ProjectCompatResolution,
  type ProjectCompatResolver,
  WranglerConfigError,
} from "../compat/index.js";
import { migrationsForMode } from "../migrations/registry.js";
import { decodeSourceText, encodeSourceText, NotUtf8Error, type SourceText } from "../files/source-text.js";
import { isStaleTempFile } from "../files/temp-files.js";
import { walkPaths, type WalkedPaths } from "../files/walk-paths.js";
import { UnsafeWriteError, writeFileSafely } from "../files/write-file-safely.js";
import { findWorkerConfigs } from "./find-worker-configs.js";
import type { RewriteJob, RewriteJobOutcome } from "./rewrite-job.js";
import { createRewriteScheduler } from "./rewrite-pool.js";
import type { PhaseTimings } from "./phase-timings.js";
import { compareText } from "./report-order.js";
import { inShard, type Shard } from "./shard.js";
import type { BrokenConfig, FileChange, FileResult, MigrateOptions, MigrateResult, TempFilesFound } from "./types.js";
import { findInstalledWorkersTypes, workersTypesWarning } from "./workers-types-check.js";

/**
 * How many files are written at once. Each atomic write waits on an fsync; one at a time, 1,500
 * rewritten files took 3.8 s against 2.5 s with no limit (2 cores, local disk); 8 at a time gives
 * back most of that while an interrupt still finds at most 8 writes under way.
 */
export const CONCURRENT_WRITES = 8;

function toChange(finding: Finding): FileChange {
  return {
    ruleId: qualifiedRuleName(finding.ruleId),
    line: finding.loc.start.line,
    column: finding.loc.start.column + 1,
    message: finding.message,
    ...(finding.actionRequired ? { actionRequired: true as const } : {}),
    ...(finding.explanation !== undefined ? { explanation: finding.explanation } : {}),
  };
}

/**
 * The broken config behind a file's failed mode resolution, or `undefined` for another error. A config that
 * may import the file wraps the config's own error as its `cause` (`project-compat-resolver.ts`).
 */
function brokenConfigOf(error: unknown, cwd: string): BrokenConfig | undefined {
  if (!(error instanceof WranglerConfigError)) return undefined;
  const own = error.cause instanceof WranglerConfigError && error.cause.configPath === error.configPath ? error.cause : error;
  return {
    path: displayPath(own.configPath, cwd),
    ...(own.line !== undefined ? { line: own.line } : {}),
    ...(own.column !== undefined ? { column: own.column } : {}),
    problem: own.detail,
    ...(own.parserMessage !== undefined ? { parserMessage: own.parserMessage } : {}),
    relation: own === error ? "governs" : "may-import",
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
 * @returns one result per source file, sorted by path, then one per path the walk skipped or could
 *   not read (links, named files that are not source files, unreadable directories).
 * @throws MissingPathError when a path does not exist (nothing is read or written then).
 */
export async function migrate(options: MigrateOptions = {}): Promise<MigrateResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const write = options.write ?? true;
  const paths = options.paths ?? ["."];
  const signal = options.signal;
  const timings = options.timings;
  let started = performance.now();
  const walked = shardOfWalk(await walkPaths(paths, cwd, { followSymlinks: options.followSymlinks }), options.shard);
  timings?.add("walk", performance.now() - started);
  const files = walked.sourceFiles;
  // Every file's text, from the reading below until the import graph is built (the first `resolve`).
  let allTexts: Map<string, string> | null = new Map();
  // Many Workers (issue 6): a file imported from several Workers' `main` runs under all their modes.
  const compatResolver = createProjectCompatResolver({
    readText: (file) => allTexts?.get(file),
    configPaths: options.workerPaths ? await findWorkerConfigs(options.workerPaths, cwd) : await findWorkerConfigs(paths, cwd, { walked }),
    cwd,
    overrides: options.overrides ?? {},
    // The graph is built inside the first file's mode resolution, which `configs` times: moved to its own phase.
    onImportGraphBuilt: (ms) => {
      timings?.add("import graph", ms);
      timings?.add("configs", -ms);
    },
  });
  const describe = createDescriber(cwd);
  const results: FileResult[] = [];
  options.onProgress?.(0, files.length);
  // Speed (issue 6): every file is read and prefiltered first, without the ESTree parser. When
  // enough files need parsing (and there are cores for it), the worker threads start now and load the
  // parser while this thread resolves the files' modes; then the files that need parsing go to the
  // scheduler (`rewrite-pool.ts`). A file the prefilter spares still has to parse (`firstSyntaxError`).
  const texts = new Map<string, SourceText>();
  const readErrors = new Map<string, string>();
  for (const [index, absolutePath] of files.entries()) {
    // Reads are synchronous (several times faster than `fs/promises` for small files).
    if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) break;
    try {
      // A text given instead of the file's (`--staged`) is what counts, for the import graph too.
      started = performance.now();
      const source = decodeSourceText(options.sourceTexts?.get(absolutePath) ?? readFileSync(absolutePath));
      allTexts.set(absolutePath, source.text);
      const passes = mayHaveFindings(source.text);
      timings?.add("read", performance.now() - started);
      if (passes) {
        texts.set(absolutePath, source);
        continue;
      }
      started = performance.now();
      const syntaxError = firstSyntaxError(source.text, absolutePath);
      timings?.add("syntax check", performance.now() - started);
      if (syntaxError) readErrors.set(absolutePath, doesNotParse(displayPath(absolutePath, cwd), syntaxError));
    } catch (error) {
      readErrors.set(absolutePath, error instanceof NotUtf8Error ? error.message : errorMessage(error));
    }
  }
  // Across modules (issue 11): the files that passed the prefilter, and the modules they import, read from `allTexts`.
  started = performance.now();
  // Loaded only when a file passed the prefilter: the view loads the parser too (`lazy-parser.test.ts`).
  const view =
    options.crossModule === false || texts.size === 0
      ? null
      : (await import("../module-view/ts-morph-view.js")).createTsMorphView({ files: texts.keys(), textOf: (file) => allTexts?.get(file) ?? readImportedModule(file), resolver: new ModuleResolver(), cwd });
  timings?.add("cross-module", performance.now() - started);
  let done = 0;
  const scheduler = createRewriteScheduler(options.parallelism);
  scheduler.expect(texts.size);
  signal?.addEventListener("abort", () => scheduler.cancel(), { once: true });
  const prepared: Array<FileResult | Promise<FileResult>> = [];
  // A few writes at a time: an interrupt finds at most `CONCURRENT_WRITES` under way, each of which finishes or is rolled back.
  const writeInTurn = pLimit(CONCURRENT_WRITES);
  for (const [index, absolutePath] of files.entries()) {
    // Every few files the event loop turns, so that finished rewrites come back and workers get new jobs.
    if (index % 32 === 31) await new Promise((resolve) => setImmediate(resolve));
    // Interrupted (SIGINT, SIGTERM): the files not yet started are left out of the result.
    if (signal?.aborted) break;
    const source = texts.get(absolutePath);
    started = performance.now();
    const file = prepareFile(absolutePath, cwd, compatResolver, describe, { text: source?.text, readError: readErrors.get(absolutePath) });
    timings?.add("configs", performance.now() - started);
    allTexts = null; // the graph is built by now

    texts.delete(absolutePath);
    if (!("job" in file)) {
      prepared.push(file);
      options.onProgress?.(++done, files.length);
      continue;
    }
    if (view) {
      started = performance.now();
      const facts = view.factsFor(absolutePath);
      timings?.add("cross-module", performance.now() - started);
      if (hasCrossModuleFacts(facts)) file.job.crossModule = facts;
    }
    const target: WriteTarget = {
      write,
      notOnDisk: options.sourceTexts?.has(absolutePath) ?? false,
      refuseChange: options.refuseSourceTextChange,
      bom: source?.bom ?? false,
      signal,
    };
    prepared.push(
      scheduler.submit(file.job).then((outcome) => {
        options.onProgress?.(++done, files.length);
        if (timings && outcome.kind === "rewritten") {
          timings.add("parse", outcome.result.timings.parseMs);
          timings.add("analysis", outcome.result.timings.analysisMs);
        }
        return outcome;
      }).then((outcome) => writeInTurn(() => finishRewrite(file, outcome, target, timings))),
    );
  }
  await scheduler.close();
  results.push(...(await Promise.all(prepared)), ...walkResults(walked, cwd));
  // One order whatever the split: by path, so that the reports of `--shard` runs merge into this one (`merge`).
  results.sort((a, b) => compareText(a.path, b.path));
  const tempFiles = await clearStaleTempFiles(walked.tempFiles, write && !signal?.aborted, cwd);
  timings?.finish();
  return {
    files: results,
    wrote: write,
    warnings: workersTypesWarnings(results, cwd).sort(compareText),
    tempFiles,
    ...(signal?.aborted ? { interrupted: { filesNotMigrated: files.length - prepared.length + results.filter(isInterrupted).length } } : {}),
  };
}

/**
 * The part of the walk that is `shard`'s (`--shard`): its source files, skipped and failed paths and temp
 * files. The wrangler configs stay whole: a file's mode may come from any Worker that imports it.
 */
function shardOfWalk(walked: WalkedPaths, shard: Shard | undefined): WalkedPaths {
  if (!shard) return walked;
  return {
    ...walked,
    sourceFiles: inShard(walked.sourceFiles, shard, (file) => file),
    skipped: inShard(walked.skipped, shard, (entry) => entry.absolutePath),
    failed: inShard(walked.failed, shard, (entry) => entry.absolutePath),
    tempFiles: inShard(walked.tempFiles, shard, (file) => file),
  };
}

/** True for a file that the interrupt kept from being looked at or written. */
function isInterrupted(file: FileResult): boolean {
  return file.status === "skipped" && (file.skipReason?.startsWith("interrupted") ?? false);
}

function doesNotParse(displayedPath: string, error: { line: number; column: number; reason: string }): string {
  return `does not parse, left as it is: ${displayedPath}:${error.line}:${error.column}: ${error.reason}`;
}

/** A file's result before anything is known of it: `unchanged`, no mode, nothing found. */
function emptyResult(absolutePath: string, cwd: string): FileResult {
  return {
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
}

/** The results of the paths the walk skipped (links, named files that are not source files) or could not read. */
function walkResults(walked: WalkedPaths, cwd: string): FileResult[] {
  const base = (absolutePath: string): FileResult => ({ ...emptyResult(absolutePath, cwd), status: "skipped" });
  return [
    ...walked.skipped.map(({ absolutePath, reason }) => ({ ...base(absolutePath), skipReason: reason })),
    ...walked.failed.map(({ absolutePath, error }): FileResult => ({ ...base(absolutePath), status: "failed", error })),
  ];
}

/**
 * Temp files of atomic writes that a run ended before it could finish (SIGKILL, a crash): removed
 * when `remove` (a run that writes), else only listed. Temp files of a run writing now are left alone.
 */
async function clearStaleTempFiles(tempFiles: readonly string[], remove: boolean, cwd: string): Promise<TempFilesFound> {
  const found: TempFilesFound = { removed: [], left: [] };
  for (const tempFile of tempFiles) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(tempFile).mtimeMs;
    } catch {
      continue;
    }
    if (!isStaleTempFile(tempFile, mtimeMs)) continue;
    const removed = remove && (await unlink(tempFile).then(() => true, () => false));
    (removed ? found.removed : found.left).push(displayPath(tempFile, cwd));
  }
  found.removed.sort(compareText);
  found.left.sort(compareText);
  return found;
}

/**
 * docs/rules/require-allow-half-open.md#type-checking: where a run adds `allowHalfOpen`, the installed `@cloudflare/workers-types` must know it.
 * One warning per installation found walking up from the changed files; none when it is not installed.
 */
function workersTypesWarnings(results: readonly FileResult[], cwd: string): string[] {
  const checked = new Set<string>();
  const warnings: string[] = [];
  for (const file of results) {
    if (file.status !== "changed" || !file.changes.some((change) => change.ruleId === qualifiedRuleName("require-allow-half-open"))) continue;
    const installed = findInstalledWorkersTypes(file.absolutePath);
    if (!installed || checked.has(installed.packageJsonPath)) continue;
    checked.add(installed.packageJsonPath);
    const warning = workersTypesWarning(installed, displayPath(installed.packageJsonPath, cwd));
    if (warning) warnings.push(warning);
  }
  return warnings;
}

/**
 * An imported module outside the run's paths (`ws-close-migrate src/index.ts`, `--staged`), read for the
 * cross-module view only: strict UTF-8 as every source read; `undefined` when it cannot be read.
 */
function readImportedModule(file: string): string | undefined {
  try {
    return decodeSourceText(readFileSync(file)).text;
  } catch {
    return undefined;
  }
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
  const result = emptyResult(absolutePath, cwd);
  let compat: ProjectCompatResolution;
  try {
    compat = compatResolver.resolve(absolutePath);
  } catch (error) {
    const brokenConfig = brokenConfigOf(error, cwd);
    return { ...result, status: "failed", error: errorMessage(error), ...(brokenConfig ? { brokenConfig } : {}) };
  }
  result.mode = compat.mode;
  result.config = compat.configPath === null ? null : displayPath(compat.configPath, cwd);
  result.modeSource = describe(compat);

  const migrations = migrationsForMode(compat.mode);
  // Under `unknown`, only the date-independent migrations run (docs/runtime-behaviour.md#no-compatibility-date); the file counts as skipped unless they change it.
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
    compatNote: projectCompatNote(compat, { cwd, filePath: absolutePath }),
    frameworks: resolveFrameworkVersions(absolutePath, { cwd }),
    ruleIds: migrations.flatMap((migration) => migration.ruleIds as RuleId[]),
  };
  return { result, job, unchanged };
}

const INTERRUPTED_BEFORE_LOOKED_AT = "interrupted before it was looked at";
const INTERRUPTED_WHILE_WRITTEN = "interrupted while it was written: left as it was";

/** True when the file at `absolutePath` holds exactly `bytes`. */
function holds(absolutePath: string, bytes: Uint8Array): boolean {
  try {
    return readFileSync(absolutePath).equals(bytes);
  } catch {
    return false;
  }
}

/** Where and how a rewrite's output goes (`finishRewrite`). */
interface WriteTarget {
  /** Write the file when it changes (not a dry run or a check). */
  write: boolean;
  /** The text migrated is not the file's content (`MigrateOptions.sourceTexts`): never written. */
  notOnDisk: boolean;
  /** `MigrateOptions.refuseSourceTextChange`: a `notOnDisk` text that would change fails with this error, written or not. */
  refuseChange: ((path: string) => string) | undefined;
  /** The file starts with a UTF-8 byte order mark, kept on write. */
  bom: boolean;
  /** Once aborted, no write starts. */
  signal: AbortSignal | undefined;
}

/**
 * Turns a rewrite's outcome into the file's result, writing the file when it changed and `target.write` is set.
 */
async function finishRewrite(
  { result, job, unchanged }: PendingRewrite,
  outcome: RewriteJobOutcome,
  target: WriteTarget,
  timings: PhaseTimings | undefined,
): Promise<FileResult> {
  const { text, filePath: absolutePath } = job;
  if (outcome.kind === "cancelled") return { ...result, status: "skipped", skipReason: INTERRUPTED_BEFORE_LOOKED_AT };
  if (outcome.kind !== "rewritten") {
    const message =
      outcome.kind === "parse-error" ? doesNotParse(result.path, outcome) : `does not parse, left as it is: ${outcome.message}`;
    return { ...result, status: "failed", error: message };
  }
  const rewrite = outcome.result;
  result.changes = rewrite.applied.map(toChange);
  result.needsReview = rewrite.unfixed.map(toChange);
  if (rewrite.output === text) return { ...unchanged, changes: result.changes, needsReview: result.needsReview };

  if (target.notOnDisk && target.refuseChange) return { ...result, status: "failed", error: target.refuseChange(result.path) };
  if (target.notOnDisk && target.write) {
    return { ...result, status: "failed", error: "its text to migrate was given instead of read (sourceTexts), so it is not written" };
  }
  if (target.write) {
    const started = performance.now();
    try {
      await writeFileSafely(absolutePath, encodeSourceText(rewrite.output, target.bom), {
        expected: encodeSourceText(text, target.bom),
        signal: target.signal,
      });
      timings?.add("write", performance.now() - started);
    } catch (error) {
      if (error instanceof UnsafeWriteError && error.interrupted) return { ...result, status: "skipped", skipReason: error.message };
      // `atomically` removes the temp file of a write that a signal cuts short, so its rename fails: say so once the
      // file is seen to hold what it held.
      if (target.signal?.aborted && holds(absolutePath, encodeSourceText(text, target.bom))) {
        return { ...result, status: "skipped", skipReason: INTERRUPTED_WHILE_WRITTEN };
      }
      return { ...result, status: "failed", error: errorMessage(error) };
    }
  }
  return { ...result, status: "changed", before: text, after: rewrite.output };
}
