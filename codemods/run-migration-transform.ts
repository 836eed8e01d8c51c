/**
 * What every transform in `codemods/` does: resolve the file's mode (options,
 * then the wrangler config it finds), and apply the core's fixes for the
 * migrations that run in that mode, in one rewrite as the CLI does. Pure: reads
 * configs, writes nothing.
 */
import path from "node:path";
import type { FileInfo, Options } from "jscodeshift";
import { rewriteSource } from "../src/analysis/index.js";
import type { RuleId } from "../src/analysis/types.js";
import { compatNote, describeCompatResolution, resolveCompatForFile, resolveFrameworkVersions, type CompatOverrides } from "../src/compat/index.js";
import type { CompatMode } from "../src/compat/types.js";
import { migrationByName, migrationsForMode, type Migration } from "../src/migrations/registry.js";

function toFlags(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list: unknown[] = Array.isArray(value) ? value : String(value).split(",");
  return list.map((flag) => String(flag).trim()).filter((flag) => flag !== "");
}

/**
 * Reads the compatibility overrides from jscodeshift's options. From the
 * jscodeshift CLI they arrive as given on the command line
 * (`--compatibility-date=2026-05-01` or `--compatibilityDate=…`), so both
 * spellings are read: `compatibilityDate`, `compatibilityFlags` (a
 * comma-separated string or an array) and `wranglerConfig` (a path).
 */
export function overridesFromOptions(options: Options): CompatOverrides {
  const overrides: CompatOverrides = {};
  const date: unknown = options["compatibilityDate"] ?? options["compatibility-date"];
  const flags = toFlags(options["compatibilityFlags"] ?? options["compatibility-flags"]);
  const config: unknown = options["wranglerConfig"] ?? options["wrangler-config"];
  if (date !== undefined) overrides.compatibilityDate = String(date);
  if (flags !== undefined) overrides.compatibilityFlags = flags;
  if (config !== undefined) overrides.wranglerConfig = String(config);
  return overrides;
}

/**
 * Applies, to one file, the fixes of the migrations `select` picks for the file's mode.
 *
 * @param select - the migrations to run in a mode, in the CLI's order (`migrationsForMode`, or one migration).
 * @returns the new source, or `undefined` when no migration runs in the file's mode or nothing changes
 *   (jscodeshift then counts the file as unmodified).
 * @throws SourceParseError when the file does not parse; WranglerConfigError when its wrangler config is broken.
 */
function runMigrations(select: (mode: CompatMode) => readonly Migration[], file: FileInfo, options: Options): string | undefined {
  const cwd = process.cwd();
  const absolutePath = path.resolve(cwd, file.path);
  const compat = resolveCompatForFile(absolutePath, { overrides: overridesFromOptions(options), cwd });
  const migrations = select(compat.mode);
  if (migrations.length === 0) return undefined;
  const { output } = rewriteSource({
    text: file.source,
    filePath: file.path,
    compat,
    compatDescription: describeCompatResolution(compat, cwd),
    compatNote: compatNote(compat, { cwd, filePath: absolutePath, overrides: "cli" }),
    frameworks: resolveFrameworkVersions(absolutePath, { cwd }),
    ruleIds: migrations.flatMap((migration): readonly RuleId[] => migration.ruleIds),
  });
  return output === file.source ? undefined : output;
}

/**
 * Runs migration `name` on one file, when it runs in the file's mode.
 *
 * @returns the new source, or `undefined` when the migration does not run in the file's mode or changes nothing.
 * @throws SourceParseError, WranglerConfigError, or Error for an unknown migration.
 */
export function runMigrationTransform(name: string, file: FileInfo, options: Options): string | undefined {
  const migration = migrationByName(name);
  return runMigrations((mode) => (migration.modes.includes(mode) ? [migration] : []), file, options);
}

/**
 * Runs every migration of the file's mode on one file, in one rewrite, as the
 * CLI does for a file (without the CLI's cross-module view: a transform sees one file).
 *
 * @returns the new source, or `undefined` when nothing changes.
 * @throws SourceParseError when the file does not parse; WranglerConfigError when its wrangler config is broken.
 */
export function runAllMigrationsTransform(file: FileInfo, options: Options): string | undefined {
  return runMigrations(migrationsForMode, file, options);
}
