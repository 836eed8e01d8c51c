/**
 * The programmatic API behind the CLI: find the source files, resolve each
 * file's mode from its wrangler config, run the migrations of that mode, and
 * write the results atomically. A file that does not parse, or whose config is
 * broken, is reported and left byte for byte as it was.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { rewriteSource, SourceParseError, type Finding, type RuleId } from "../analysis/index.js";
import { describeCompatResolution, resolveCompatForFile, type CompatResolution } from "../compat/index.js";
import { migrationsForMode } from "../migrations/registry.js";
import { collectSourceFiles } from "./collect-source-files.js";
import type { FileChange, FileResult, MigrateOptions, MigrateResult } from "./types.js";
import { findInstalledWorkersTypes, workersTypesWarning } from "./workers-types-check.js";

/** The ESLint namespace of the plugin's rules, used in reported rule ids. */
export const RULE_NAMESPACE = "ws-close";

/**
 * A file that never says "close" (`close()`, `webSocketClose`, `onClose`), or
 * has no socket the core knows (`accept()`, `acceptWebSocket()`, `DurableObject`,
 * Hono's `upgradeWebSocket`, `new WebSocket`), holds nothing the core reports
 * on, so it is not parsed.
 */
function mayNeedMigration(text: string): boolean {
  return /close/iu.test(text) && /accept|DurableObject|upgradeWebSocket|new WebSocket\b/u.test(text);
}

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
  const files = await collectSourceFiles(options.paths ?? ["."], cwd);
  const results: FileResult[] = [];
  for (const absolutePath of files) {
    results.push(await migrateFile(absolutePath, cwd, write, options.overrides ?? {}));
  }
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

async function migrateFile(
  absolutePath: string,
  cwd: string,
  write: boolean,
  overrides: NonNullable<MigrateOptions["overrides"]>,
): Promise<FileResult> {
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
  let compat: CompatResolution;
  try {
    compat = resolveCompatForFile(absolutePath, { overrides, cwd });
  } catch (error) {
    return { ...result, status: "failed", error: errorMessage(error) };
  }
  result.mode = compat.mode;
  result.config = compat.configPath === null ? null : displayPath(compat.configPath, cwd);
  result.modeSource = describeCompatResolution(compat, cwd);

  const migrations = migrationsForMode(compat.mode);
  // Under `unknown`, only the date-independent migrations run (SPEC §2); the file counts as skipped unless they change it.
  const unknownMode: Pick<FileResult, "status" | "skipReason"> = {
    status: "skipped",
    skipReason: `${result.modeSource}: pass --compatibility-date or set compatibility_date in the wrangler config`,
  };
  const unchanged = compat.mode === "unknown" ? { ...result, ...unknownMode } : result;
  if (migrations.length === 0) return unchanged;

  let text: string;
  try {
    text = await readFile(absolutePath, "utf8");
  } catch (error) {
    return { ...result, status: "failed", error: errorMessage(error) };
  }
  if (!mayNeedMigration(text)) return unchanged;

  result.migrations = migrations.map((migration) => migration.name);
  let rewrite;
  try {
    rewrite = rewriteSource({
      text,
      filePath: absolutePath,
      compat,
      compatDescription: result.modeSource,
      ruleIds: migrations.flatMap((migration) => migration.ruleIds as RuleId[]),
    });
  } catch (error) {
    const message = error instanceof SourceParseError ? `${result.path}:${error.line}:${error.column}: ${error.reason}` : errorMessage(error);
    return { ...result, status: "failed", error: `does not parse, left as it is: ${message}` };
  }
  result.changes = rewrite.applied.map(toChange);
  result.needsReview = rewrite.unfixed.map(toChange);
  if (rewrite.output === text) return compat.mode === "unknown" ? { ...result, ...unknownMode } : result;

  if (write) {
    try {
      await writeFileAtomic(absolutePath, rewrite.output);
    } catch (error) {
      return { ...result, status: "failed", error: `could not write: ${errorMessage(error)}` };
    }
  }
  return { ...result, status: "changed", before: text, after: rewrite.output };
}
