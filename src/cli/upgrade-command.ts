/**
 * `ws-close-migrate upgrade --to YYYY-MM-DD [paths...]`: the commander
 * subcommand and its runner. The work is `upgrade()` in `src/upgrade/`; this
 * file parses options, guards writes, prints, and picks the exit code.
 */
import { Command, Option } from "commander";
import { createColors } from "picocolors";
import { isValidCompatibilityDate } from "../compat/index.js";
import { flagConsequence } from "../upgrade/crossed-flags.js";
import { findUpgradeConfigs } from "../upgrade/find-upgrade-configs.js";
import type { UpgradeResult } from "../upgrade/upgrade.js";
import { checkWorkTreeBeforeWriting } from "./dirty-work-tree-guard.js";
import { EXIT_CODES } from "./exit-codes.js";
import { formatJson } from "./format-json.js";
import type { CliIo } from "./run-cli.js";
import { usageErrorLine, withUsageErrors } from "./usage-error.js";

/** `upgrade --help`: its exit codes (the values of `EXIT_CODES`). */
export const UPGRADE_EXIT_CODES_HELP = `Exit codes:
  0  done; with --check: nothing would change
  1  --check only: a config or a source file would change
  2  a config is broken or has a date later than --to (nothing is written), a
     file could not be migrated, the work tree is dirty (without --force), or
     the command line is invalid`;

/** The parsed command line of `upgrade`. */
export interface UpgradeRequest {
  paths: string[];
  to: string;
  dryRun: boolean;
  check: boolean;
  force: boolean;
  format: "text" | "json";
}

/**
 * The `upgrade` subcommand. Its action only records the request (`onInvoke`):
 * `runCli` parses synchronously and then runs {@link runUpgradeCommand}.
 */
export function createUpgradeCommand(io: CliIo, onInvoke: (request: UpgradeRequest) => void): Command {
  const command = new Command("upgrade")
    .description(
      "Bump compatibility_date in every wrangler config under the paths (top level and environments with their own date, " +
        "comments and formatting kept), list the WebSocket compatibility flags the new date turns on, then migrate the code for it. " +
        "A config without a top-level date gets one; a date later than --to is never moved back (exit 2, nothing written).",
    )
    .summary("bump compatibility_date in the wrangler configs, list the WebSocket flags it crosses, migrate the code")
    .argument("[paths...]", "files or directories holding the Workers", ["."])
    .requiredOption("--to <YYYY-MM-DD>", "the new compatibility date")
    .option("--dry-run", "write nothing; print unified diffs of the configs and the code")
    .option("--check", "write nothing; exit 1 when the upgrade would change any config or file")
    .option("--force", "write even when tracked files under the paths have unstaged changes")
    .addOption(new Option("--format <format>", "report format").choices(["text", "json"]).default("text"))
    .addHelpText("after", `\n${UPGRADE_EXIT_CODES_HELP}\n`)
    .exitOverride()
    .action((paths: string[], options: { to: string; dryRun?: boolean; check?: boolean; force?: boolean; format: "text" | "json" }) => {
      onInvoke({
        paths,
        to: options.to,
        dryRun: Boolean(options.dryRun),
        check: Boolean(options.check),
        force: Boolean(options.force),
        format: options.format,
      });
    });
  return withUsageErrors(command, io, "ws-close-migrate upgrade");
}

/**
 * Runs an upgrade and prints its report.
 *
 * @returns 2 when `--to` is invalid, a path is missing, a config is broken or
 *   would move backwards (nothing written then), a write is refused or a file
 *   fails; with `--check`, 1 when a config or a file would change; else 0.
 */
export async function runUpgradeCommand(request: UpgradeRequest, io: CliIo): Promise<number> {
  if (!isValidCompatibilityDate(request.to)) {
    io.stderr(usageErrorLine(`--to must be a real date written YYYY-MM-DD, got "${request.to}"`, "ws-close-migrate upgrade"));
    return EXIT_CODES.usage;
  }
  const write = !request.dryRun && !request.check;
  let result: UpgradeResult;
  try {
    if (write && !request.force) {
      const configs = await findUpgradeConfigs(request.paths, io.cwd);
      const verdict = await checkWorkTreeBeforeWriting([...request.paths, ...configs], io.cwd);
      if (verdict.refuse) {
        io.stderr(verdict.message);
        return EXIT_CODES.error;
      }
      if (verdict.note !== undefined) io.stderr(verdict.note);
    }
    // Loaded here: the config editors (jsonc-parser's `modify`, toml-eslint-parser) serve `upgrade` alone.
    const { upgrade } = await import("../upgrade/upgrade.js");
    result = await upgrade({ to: request.to, paths: request.paths, cwd: io.cwd, write, signal: io.signal });
  } catch (error) {
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.error;
  }

  if (request.format === "json") io.stdout(formatUpgradeJson(result));
  else {
    const { formatUpgradeText } = await import("./format-upgrade-text.js");
    io.stdout(formatUpgradeText(result, { colors: createColors(io.color), diff: request.dryRun, dryRun: !write, check: request.check }));
  }
  if (io.signal?.aborted) return io.signal.reason === "SIGTERM" ? EXIT_CODES.terminated : EXIT_CODES.interrupted;
  const files = result.code?.files ?? [];
  if (result.code === null || result.configs.some((config) => config.status === "failed") || files.some((file) => file.status === "failed")) {
    return EXIT_CODES.error;
  }
  const changes = result.configs.some((config) => config.status === "changed") || files.some((file) => file.status === "changed");
  return request.check && changes ? EXIT_CODES.changesNeeded : EXIT_CODES.ok;
}

/**
 * The `upgrade --format json` document: `--format json`'s `{ files, warnings }`
 * (empty when the code migration did not run) plus
 * `{ "to", "written", "configs": [ { "path", "status": "changed"|"unchanged"|"refused"|"failed", "written",
 * "dates": [ { "environment", "from", "to" } ], "crossedFlags": [ { "environment", "from", "flag",
 * "defaultOnFrom", "explicitly": "enabled"|"disabled"|null, "consequence" } ], "error"? } ] }`.
 * `written` (top level) is true when the run wrote a config or a source file, a config's `written` when it
 * wrote that config. `environment` is `null` for the top level; paths are relative to the working directory.
 */
export function formatUpgradeJson(result: UpgradeResult): string {
  const { written: codeWritten = false, ...code } =
    result.code === null ? { files: [], warnings: [] } : (JSON.parse(formatJson(result.code)) as { written?: boolean });
  const configs = result.configs.map((config) => ({
    path: config.path,
    status: config.status,
    // A config that could not be written ends `failed`.
    written: result.wrote && config.status === "changed",
    dates: config.dates,
    crossedFlags: config.crossings.map((crossing) => ({
      environment: crossing.environment,
      from: crossing.from,
      flag: crossing.flag.enableFlag,
      defaultOnFrom: crossing.flag.defaultOnFrom,
      explicitly: crossing.explicitly,
      consequence: flagConsequence(crossing.flag),
    })),
    ...(config.error !== undefined ? { error: config.error } : {}),
  }));
  const written = codeWritten || configs.some((config) => config.written);
  return `${JSON.stringify({ to: result.to, written, configs, ...code }, null, 2)}\n`;
}
