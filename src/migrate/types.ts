import type { PhaseTimings } from "./phase-timings.js";
import type { Shard } from "./shard.js";
import type { CompatMode, CompatOverrides } from "../compat/types.js";
import type { RewriteSchedulerOptions } from "./rewrite-pool.js";

/** Options of `migrate`. */
export interface MigrateOptions {
  /** Files or directories to migrate, absolute or relative to `cwd`. Default: `["."]`. */
  paths?: string[];
  /** Directory relative paths resolve against, and that reported paths are relative to. Default: `process.cwd()`. */
  cwd?: string;
  /** Write changed files (atomically). `false` for a dry run or a check. Default: `true`. */
  write?: boolean;
  /** Date and flags that replace those of every wrangler config (CLI `--compatibility-date`, `--compatibility-flag`). */
  overrides?: Omit<CompatOverrides, "wranglerConfig">;
  /**
   * Where to look for the Workers (wrangler configs) whose imports decide the files' modes, absolute or relative
   * to `cwd`: every config under them, and the one governing each from above. Default: `paths`. The CLI's
   * `--staged` passes the command line's paths here, so a staged shared file still sees every Worker that imports it.
   */
  workerPaths?: string[];
  /**
   * Contents to migrate instead of the files', by absolute path, as bytes, decoded as a file's would be (the
   * CLI's `--staged` passes the staged version of files that also have unstaged changes). Such a file is never
   * written: when it would change and `write` is set, it ends `failed`; without `write` it is reported `changed`.
   */
  sourceTexts?: ReadonlyMap<string, Uint8Array>;
  /**
   * Makes a file given in `sourceTexts` that would change end `failed`, with the error this returns for its path
   * (relative to `cwd`, `/`-separated), whether or not `write` is set: the CLI's `--staged` without `--check`
   * refuses a partially staged file that needs changes, and its `--dry-run` shows that refusal.
   */
  refuseSourceTextChange?: (path: string) => string;
  /**
   * Follow symbolic links (CLI `--follow-symlinks`): a link counts as its target's real path, whose wrangler
   * config decides its mode. Default `false`: links are reported as skipped and never walked through.
   */
  followSymlinks?: boolean;
  /**
   * Follow sockets and handlers through imports (issue 11; CLI `--no-cross-module` turns it off): a ts-morph
   * view over the files that pass the WebSocket prefilter and the modules they import tells each file's
   * analysis what an imported function does with a socket and what an imported base class defines
   * (`src/module-view/`). Default `true`.
   */
  crossModule?: boolean;
  /**
   * Stops the run when aborted (the CLI aborts on SIGINT and SIGTERM): no write starts after it, a write
   * under way finishes or is rolled back, and files not yet prepared are left out of the result
   * (`MigrateResult.interrupted`).
   */
  signal?: AbortSignal;
  /** Only this shard of the files (the CLI's `--shard i/n`; see `shard.ts`). Default: every file. */
  shard?: Shard;
  /** Filled with the run's wall time per phase when given (the CLI's `--timings`). */
  timings?: PhaseTimings;
  /**
   * Called once the files are collected (`done` 0) and again after each file is finished, with the
   * number of files finished and the number collected. The CLI draws its progress bar from it.
   */
  onProgress?: (done: number, total: number) => void;
  /**
   * How files that need parsing are spread over worker threads (`rewrite-pool.ts`); the results do not
   * depend on it. Default: `defaultMaxWorkers()` (one per two cores, less the main thread) once 200 files need parsing. For tests and benchmarks.
   */
  parallelism?: RewriteSchedulerOptions;
}

/** One rewrite, or one finding left for the user. */
export interface FileChange {
  /** The ESLint rule id, e.g. `ws-close/no-redundant-close`. */
  ruleId: string;
  /** 1-based line. */
  line: number;
  /** 1-based column (as ESLint prints it). */
  column: number;
  message: string;
  /**
   * Only on a finding left for the user: a defect at the file's date that the tool cannot fix safely and the
   * code must not keep (a proxy leg whose reply could not be guarded); `--check` fails on it.
   */
  actionRequired?: true;
  /**
   * The finding's long explanation (why it matters at run time, what the compatibility date changes), when the
   * rule gives one; the text report prints it under `--verbose`. Left out of the JSON report.
   */
  explanation?: string;
}

/** A wrangler config a file's mode depends on that could not be read or used (CLI: a "Broken config" group). */
export interface BrokenConfig {
  /** The config's path relative to `cwd`, with `/` separators. */
  path: string;
  /** 1-based line of the problem, when known. */
  line?: number;
  /** 1-based column of the problem, when known. */
  column?: number;
  /** What is wrong, one sentence in this tool's words, without the location. */
  problem: string;
  /** For a config that does not parse: the parser's own words (the text report prints them under `--verbose`). */
  parserMessage?: string;
  /**
   * `governs`: the config decides the file's mode; `may-import`: the config is another Worker's, which may import
   * the file too, so whether its close replies are needed cannot be told.
   */
  relation: "governs" | "may-import";
}

/**
 * What happened to one file:
 * - `changed`: rewritten (or, without `write`, would be);
 * - `unchanged`: nothing to do in its mode;
 * - `skipped`: not migrated, for `skipReason` (no compatibility date found, a symbolic link, a named file that
 *   is not a source file, an interrupted run);
 * - `failed`: `error` says why (the file does not parse, is not UTF-8, its config is broken, it may not be
 *   written, a write failed, or, for a directory, it could not be read); the file is untouched.
 */
export type FileStatus = "changed" | "unchanged" | "skipped" | "failed";

/** The outcome for one source file. */
export interface FileResult {
  /** Path relative to `cwd`, with `/` separators. */
  path: string;
  absolutePath: string;
  status: FileStatus;
  /** The file's mode, or `null` when its config could not be read. */
  mode: CompatMode | null;
  /** The wrangler config that decided the mode, relative to `cwd`; `null` when none. */
  config: string | null;
  /** Where the mode came from, for people (`compatibility_date 2026-05-01 in wrangler.jsonc`). */
  modeSource: string | null;
  /** The migrations that ran on the file. */
  migrations: string[];
  /** The rewrites made (or that would be made), located in the file as it was. */
  changes: FileChange[];
  /** Findings that need a decision by the user (suggestions only): reported, not rewritten; located in the file as it was. */
  needsReview: FileChange[];
  skipReason?: string;
  error?: string;
  /** Set on a `failed` file whose wrangler config (or a Worker's that may import it) is broken; `error` says the same in one line. */
  brokenConfig?: BrokenConfig;
  /** The file's text before and after, when `status` is `changed`. */
  before?: string;
  after?: string;
}

/** The outcome of a `migrate` run. */
export interface MigrateResult {
  files: FileResult[];
  /** True when changed files were written. */
  wrote: boolean;
  /**
   * Problems outside the files that the run's changes cause, for people: an installed
   * `@cloudflare/workers-types` too old for the `allowHalfOpen` the run added (docs/rules/require-allow-half-open.md#type-checking).
   */
  warnings: string[];
  /**
   * Temp files of atomic writes left by an earlier run that could not finish (SIGKILL, a crash), found in
   * the walked directories, relative to `cwd`: `removed` by a run that writes, `left` by a dry run or a check.
   */
  tempFiles: TempFilesFound;
  /**
   * Present when `signal` aborted the run: how many source files were not migrated because of it (not looked
   * at, or not written); those with a result are `skipped` with a reason that starts "interrupted".
   */
  interrupted?: { filesNotMigrated: number };
}

/** See `MigrateResult.tempFiles`. */
export interface TempFilesFound {
  removed: string[];
  left: string[];
}
