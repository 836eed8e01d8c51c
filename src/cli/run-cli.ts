/**
 * `ws-close-migrate [paths...]`: parses the command line, runs `migrate`, and
 * prints the report. Returns the exit code instead of exiting, so tests can run
 * it in-process.
 */
import { Command, CommanderError, Option } from "commander";
import { createColors } from "picocolors";
import { AUTO_REPLY_TO_CLOSE, isValidCompatibilityDate } from "../compat/index.js";
import { MIGRATIONS } from "../migrations/registry.js";
import { migrate } from "../migrate/migrate.js";
import type { MigrateResult } from "../migrate/types.js";
import { packageVersion } from "../package-version.js";
import { EXIT_CODES, EXIT_CODES_HELP } from "./exit-codes.js";
import { formatJson } from "./format-json.js";
import { formatText } from "./format-text.js";

/** Where the CLI writes, and what it knows of its terminal. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour the text report (a TTY without `NO_COLOR`). */
  color: boolean;
  cwd: string;
}

interface CliOptions {
  dryRun?: boolean;
  check?: boolean;
  format: "text" | "json";
  compatibilityDate?: string;
  compatibilityFlag: string[];
  list?: boolean;
}

const version = packageVersion();

function buildProgram(io: CliIo): Command {
  return new Command("ws-close-migrate")
    .description(
      "Migrate Cloudflare Workers WebSocket close handling to each file's compatibility date. " +
        "Finds the wrangler config of every file (wrangler.json, then wrangler.jsonc, then wrangler.toml), " +
        "works out its mode and rewrites what that mode makes redundant.",
    )
    .version(version)
    .argument("[paths...]", "files or directories to migrate", ["."])
    .option("--dry-run", "write nothing; print a unified diff of every change")
    .option("--check", "write nothing; exit 1 when any file would change (pre-commit, CI)")
    .addOption(new Option("--format <format>", "report format").choices(["text", "json"]).default("text"))
    .option("--compatibility-date <YYYY-MM-DD>", "use this compatibility date for every file instead of the wrangler configs")
    .option(
      "--compatibility-flag <flag>",
      "use these compatibility flags instead of the wrangler configs' (repeatable)",
      (flag: string, previous: string[]) => [...previous, flag],
      [] as string[],
    )
    .option("--list", "list the migrations and exit")
    .addHelpText("after", `\n${EXIT_CODES_HELP}\n`)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
}

/**
 * Runs the CLI.
 *
 * @param argv the arguments after the program name (`process.argv.slice(2)`).
 * @returns the exit code (see `EXIT_CODES`).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.error;
    }
    throw error;
  }
  const options = program.opts<CliOptions>();
  const paths = program.processedArgs[0] as string[];

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
    io.stderr(`error: --compatibility-date must be a real date written YYYY-MM-DD, got "${options.compatibilityDate}"\n`);
    return EXIT_CODES.error;
  }

  const flags = new Set(options.compatibilityFlag);
  if (flags.has(AUTO_REPLY_TO_CLOSE.enableFlag) && flags.has(AUTO_REPLY_TO_CLOSE.disableFlag)) {
    io.stderr(
      `error: --compatibility-flag ${AUTO_REPLY_TO_CLOSE.enableFlag} and ${AUTO_REPLY_TO_CLOSE.disableFlag} contradict each other; pass one of them\n`,
    );
    return EXIT_CODES.error;
  }

  const write = !options.dryRun && !options.check;
  const overrides = {
    ...(options.compatibilityDate !== undefined ? { compatibilityDate: options.compatibilityDate } : {}),
    ...(options.compatibilityFlag.length > 0 ? { compatibilityFlags: options.compatibilityFlag } : {}),
  };
  let result: MigrateResult;
  try {
    result = await migrate({ paths, cwd: io.cwd, write, overrides });
  } catch (error) {
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.error;
  }

  if (options.format === "json") {
    io.stdout(formatJson(result));
  } else {
    io.stdout(formatText(result, { colors: createColors(io.color), diff: Boolean(options.dryRun), dryRun: !write }));
  }
  if (result.files.some((file) => file.status === "failed")) return EXIT_CODES.error;
  if (options.check && result.files.some((file) => file.status === "changed")) return EXIT_CODES.changesNeeded;
  return EXIT_CODES.ok;
}
