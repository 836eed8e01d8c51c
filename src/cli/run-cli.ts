/**
 * `ws-close-migrate [paths...]`: parses the command line, runs `migrate`, and
 * prints the report. Returns the exit code instead of exiting, so tests can run
 * it in-process.
 */
import { Command, CommanderError, Option } from "commander";
import { AUTO_REPLY_TO_CLOSE, isValidCompatibilityDate } from "../compat/index.js";
import { MIGRATIONS } from "../migrations/registry.js";
import { migrate } from "../migrate/migrate.js";
import type { MigrateResult } from "../migrate/types.js";
import { packageVersion } from "../package-version.js";
import { EXIT_CODES, EXIT_CODES_HELP } from "./exit-codes.js";
import { runExplainCommand } from "./explain-command.js";
import { checkWorkTreeBeforeWriting } from "./dirty-work-tree-guard.js";
import { createProgressReporter, type ProgressStream } from "./progress-bar.js";
import { partiallyStagedRefusal, resolveStagedPaths } from "./staged-paths.js";
import { stageStagedRewrites } from "./stage-rewrites.js";
import { formatPhaseTimings, PhaseTimings } from "../migrate/phase-timings.js";
import { REPORT_FORMATS, writeReport, type ReportFormat } from "./write-report.js";
import { createUpgradeCommand, runUpgradeCommand, type UpgradeRequest } from "./upgrade-command.js";
import { createMergeCommand, runMergeCommand } from "./merge-command.js";
import { parseShard, type Shard } from "../migrate/shard.js";
import { findGitWorkTree } from "../git/run-git.js";
import { usageErrorLine, withUsageErrors } from "./usage-error.js";
import { fixCommand } from "./fix-command.js";
import { failsCheck } from "./run-outcome.js";

/** The command's name, as users type it and as errors point at its help. */
const PROGRAM_NAME = "ws-close-migrate";

/** Where the CLI writes, and what it knows of its terminal. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour the text report (a TTY without `NO_COLOR`). */
  color: boolean;
  cwd: string;
  /** Where a progress bar may be drawn (the process's stderr); drawn only when it is a TTY and the run is long. */
  progressStream?: ProgressStream;
  /**
   * Aborted when the process is asked to stop (`bin.ts`: SIGINT, SIGTERM): the run writes nothing more,
   * prints what it did and returns `EXIT_CODES.interrupted` (or `terminated` when `signal.reason` is "SIGTERM").
   */
  signal?: AbortSignal;
}

interface CliOptions {
  dryRun?: boolean;
  check?: boolean;
  format: ReportFormat;
  force?: boolean;
  staged?: boolean;
  followSymlinks?: boolean;
  /** False with `--no-cross-module`. */
  crossModule: boolean;
  compatibilityDate?: string;
  compatibilityFlag: string[];
  list?: boolean;
  timings?: boolean;
  shard?: string;
  explain?: string;
  quiet?: boolean;
  verbose?: boolean;
}

const version = packageVersion();

function buildProgram(io: CliIo, onUpgrade: (request: UpgradeRequest) => void, onMerge: (reports: string[]) => void): Command {
  const program = new Command(PROGRAM_NAME)
    .description(
      "Migrate Cloudflare Workers WebSocket close handling to each file's compatibility date. " +
        "Every wrangler config under the paths is a Worker; a file's mode comes from the Workers whose main " +
        "imports it, else from its nearest config (wrangler.json, then wrangler.jsonc, then wrangler.toml). " +
        "Then it removes the close replies that mode makes redundant, adds the ones it needs, guards reserved " +
        "close codes and makes proxies half-open.",
    )
    .version(version)
    .argument("[paths...]", "files or directories to migrate", ["."])
    .option("--dry-run", "write nothing; print each change's diff among the findings, and the command that writes them")
    .option("--check", "write nothing; exit 1 when any file would change or has a defect to fix by hand, and print the command that fixes it (pre-commit, CI)")
    .option("--force", "write even when tracked files under the paths have unstaged changes")
    .option(
      "--staged",
      "only the files staged in git, as staged (pre-commit); without --check, rewrites those whose work tree equals the index and stages the result",
    )
    .option("--follow-symlinks", "migrate the targets of symbolic links, at their real paths and under their own wrangler config (default: links are skipped)")
    .option("--no-cross-module", "analyse each file alone: do not follow sockets into imported functions and base classes")
    .addOption(new Option("--format <format>", "report format").choices([...REPORT_FORMATS]).default("text"))
    .option("--compatibility-date <YYYY-MM-DD>", "use this compatibility date for every file instead of the wrangler configs")
    .option(
      "--compatibility-flag <flag>",
      "use these compatibility flags instead of the wrangler configs' (repeatable)",
      (flag: string, previous: string[]) => [...previous, flag],
      [] as string[],
    )
    .option("--shard <i/n>", "migrate only the i-th of n deterministic parts of the files (a CI matrix; merge the reports with `merge`)")
    .addOption(new Option("--quiet", "text report: print only what fails (files to fix, errors, broken configs) and a one-line summary (hooks, CI)").conflicts("verbose"))
    .option("--verbose", "text report: print each finding's full explanation and its rule's docs page, and a broken config's parser message")
    .option("--timings", "print on stderr where the run's time went, per phase")
    .option("--list", "list the migrations and exit")
    .option("--explain <file>", "print how the file's mode is decided (Workers that import it, environments, dates, flags) and exit")
    .addHelpText("after", `\n${EXIT_CODES_HELP}\n`)
    .exitOverride()
    // `upgrade` is a subcommand; the default command keeps its own paths and options
    // (positional options: the program's `--dry-run` does not swallow `upgrade --dry-run`).
    .enablePositionalOptions()
    .helpCommand(false)
    .usage("[options] [paths...]\n       ws-close-migrate upgrade --to <YYYY-MM-DD> [options] [paths...]\n       ws-close-migrate merge <reports...>")
    .addCommand(createUpgradeCommand(io, onUpgrade))
    .addCommand(createMergeCommand(io, onMerge))
    .action(() => undefined);
  return withUsageErrors(program, io, PROGRAM_NAME);
}

/**
 * Runs the CLI.
 *
 * @param argv the arguments after the program name (`process.argv.slice(2)`).
 * @returns the exit code (see `EXIT_CODES`).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let upgradeRequest: UpgradeRequest | undefined;
  let mergeRequest: string[] | undefined;
  const program = buildProgram(
    io,
    (request) => {
      upgradeRequest = request;
    },
    (reports) => {
      mergeRequest = reports;
    },
  );
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    throw error;
  }
  if (upgradeRequest !== undefined) return runUpgradeCommand(upgradeRequest, io);
  if (mergeRequest !== undefined) return runMergeCommand(mergeRequest, io);
  const options = program.opts<CliOptions>();
  let paths = program.processedArgs[0] as string[];

  if (options.list) {
    for (const migration of MIGRATIONS) {
      const trigger = migration.flag
        ? `${migration.flag.enableFlag}, default from ${migration.flag.defaultOnFrom}`
        : "every compatibility date";
      io.stdout(`${migration.name}  ${migration.title} (${trigger}; modes: ${migration.modes.join(", ")})\n`);
    }
    return EXIT_CODES.ok;
  }
  if (options.compatibilityDate !== undefined && !isValidCompatibilityDate(options.compatibilityDate)) {
    io.stderr(usageErrorLine(`--compatibility-date must be a real date written YYYY-MM-DD, got "${options.compatibilityDate}"`, PROGRAM_NAME));
    return EXIT_CODES.usage;
  }

  const flags = new Set(options.compatibilityFlag);
  if (flags.has(AUTO_REPLY_TO_CLOSE.enableFlag) && flags.has(AUTO_REPLY_TO_CLOSE.disableFlag)) {
    io.stderr(
      usageErrorLine(
        `--compatibility-flag ${AUTO_REPLY_TO_CLOSE.enableFlag} and ${AUTO_REPLY_TO_CLOSE.disableFlag} contradict each other; pass one of them`,
        PROGRAM_NAME,
      ),
    );
    return EXIT_CODES.usage;
  }

  let shardParts: { index: number; count: number } | undefined;
  if (options.shard !== undefined) {
    try {
      shardParts = parseShard(options.shard);
    } catch (error) {
      io.stderr(usageErrorLine((error as Error).message, PROGRAM_NAME));
      return EXIT_CODES.usage;
    }
  }

  const write = !options.dryRun && !options.check;
  const overrides = {
    ...(options.compatibilityDate !== undefined ? { compatibilityDate: options.compatibilityDate } : {}),
    ...(options.compatibilityFlag.length > 0 ? { compatibilityFlags: options.compatibilityFlag } : {}),
  };
  if (options.explain !== undefined) return runExplainCommand(options.explain, paths, overrides, options.format, io);
  // The Workers are looked for under the paths as given, also when --staged narrows the files to migrate.
  const workerPaths = paths;
  let sourceTexts: Map<string, Uint8Array> | undefined;
  if (options.staged) {
    const staged = await resolveStagedPaths(paths, io.cwd);
    if (!staged.ok) {
      io.stderr(staged.error);
      return EXIT_CODES.error;
    }
    if (staged.note !== undefined) io.stderr(staged.note);
    paths = staged.files;
    sourceTexts = staged.stagedTexts;
  }
  // `--staged` writes only files whose work tree equals the index (the others fail instead), so its writes are
  // never over unstaged changes: the guard has nothing to add.
  if (write && !options.force && !options.staged) {
    const verdict = await checkWorkTreeBeforeWriting(paths, io.cwd);
    if (verdict.refuse) {
      io.stderr(verdict.message);
      return EXIT_CODES.error;
    }
    if (verdict.note !== undefined) io.stderr(verdict.note);
  }
  // Paths are hashed from the repository's root, so every machine of a matrix splits the files alike.
  const shard: Shard | undefined = shardParts && { ...shardParts, root: (await findGitWorkTree(io.cwd)) ?? io.cwd };
  let result: MigrateResult;
  const timings = options.timings ? new PhaseTimings() : undefined;
  const progress = createProgressReporter(io.progressStream);
  try {
    result = await migrate({
      paths,
      workerPaths,
      sourceTexts,
      ...(options.staged && !options.check ? { refuseSourceTextChange: partiallyStagedRefusal } : {}),
      cwd: io.cwd,
      write,
      overrides,
      followSymlinks: Boolean(options.followSymlinks),
      crossModule: options.crossModule,
      signal: io.signal,
      onProgress: progress.update,
      ...(timings ? { timings } : {}),
      ...(shard ? { shard } : {}),
    });
  } catch (error) {
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.error;
  } finally {
    progress.stop();
  }

  // `--staged` without `--check`: the rewrites go into the commit being made (lint-staged's way).
  const staging = options.staged && !options.check ? await stageStagedRewrites(result, { write, cwd: io.cwd }) : undefined;

  const reportStarted = performance.now();
  await writeReport(result, {
    format: options.format,
    stdout: io.stdout,
    stderr: io.stderr,
    color: io.color,
    diff: Boolean(options.dryRun),
    dryRun: !write,
    check: Boolean(options.check),
    quiet: Boolean(options.quiet),
    verbose: Boolean(options.verbose),
    cwd: io.cwd,
    fixCommand: fixCommand({
      // The default `.` is left out, as the user left it out.
      paths: program.args.length === 0 ? [] : workerPaths,
      staged: options.staged,
      followSymlinks: options.followSymlinks,
      crossModule: options.crossModule,
      compatibilityDate: options.compatibilityDate,
      compatibilityFlags: options.compatibilityFlag,
      shard: options.shard,
    }),
  });
  if (timings) {
    timings.add("report", performance.now() - reportStarted);
    timings.finish();
    io.stderr(formatPhaseTimings(timings.report()));
  }
  if (staging?.message !== undefined) io.stderr(staging.message);
  if (staging?.failed) return EXIT_CODES.error;
  if (result.interrupted) return io.signal?.reason === "SIGTERM" ? EXIT_CODES.terminated : EXIT_CODES.interrupted;
  if (result.files.some((file) => file.status === "failed")) return EXIT_CODES.error;
  // A defect the tool cannot fix safely fails the check as a change does (`FileChange.actionRequired`).
  if (options.check && result.files.some(failsCheck)) return EXIT_CODES.changesNeeded;
  return EXIT_CODES.ok;
}
