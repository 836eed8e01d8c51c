/**
 * `ws-close-migrate merge <reports...>`: prints the report of one run from the
 * JSON or SARIF reports of its shards (`--shard i/n`; `merge-reports.ts`).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { EXIT_CODES } from "./exit-codes.js";
import { mergeReports } from "./merge-reports.js";
import type { CliIo } from "./run-cli.js";
import { withUsageErrors } from "./usage-error.js";

/** The `merge` subcommand. Its action only records the report paths; `runCli` then runs {@link runMergeCommand}. */
export function createMergeCommand(io: CliIo, onInvoke: (reports: string[]) => void): Command {
  const command = new Command("merge")
    .description(
      "Merge the --format json (or --format sarif) reports of the shards of a run (--shard 1/n … n/n) into the report " +
        "of one run over every file, printed on stdout.",
    )
    .summary("merge the reports of --shard runs into one")
    .argument("<reports...>", "the shards' report files")
    .exitOverride()
    .action((reports: string[]) => onInvoke(reports));
  return withUsageErrors(command, io, "ws-close-migrate merge");
}

/**
 * @returns 0 once the merged report is printed; 2 when a report cannot be read or merged (nothing printed).
 */
export async function runMergeCommand(reports: readonly string[], io: CliIo): Promise<number> {
  try {
    const texts = await Promise.all(reports.map(async (report) => ({ name: report, text: await readFile(path.resolve(io.cwd, report), "utf8") })));
    io.stdout(mergeReports(texts));
    return EXIT_CODES.ok;
  } catch (error) {
    // A report that cannot be read (ENOENT) or merged (MergeReportsError): its message names it.
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.error;
  }
}
