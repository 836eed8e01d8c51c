/**
 * What every transform in `codemods/` does: resolve the file's mode (options,
 * then the wrangler config it finds), and apply the core's fixes for the
 * migration's rules when the migration runs in that mode. Pure: reads configs,
 * writes nothing.
 */
import path from "node:path";
import { rewriteSource } from "../src/analysis/index.js";
import { describeCompatResolution, resolveCompatForFile, resolveFrameworkVersions, type CompatOverrides } from "../src/compat/index.js";
import { migrationByName } from "../src/migrations/registry.js";

/** The file jscodeshift hands a transform. */
export interface TransformFile {
  path: string;
  source: string;
}

/**
 * Transform options. From the jscodeshift CLI they arrive as given on the
 * command line (`--compatibility-date=2026-05-01` or `--compatibilityDate=…`),
 * so both spellings are read. Flags are a comma-separated string or an array.
 */
export interface TransformOptions {
  compatibilityDate?: string;
  "compatibility-date"?: string;
  compatibilityFlags?: string | string[];
  "compatibility-flags"?: string | string[];
  wranglerConfig?: string;
  "wrangler-config"?: string;
  [option: string]: unknown;
}

function toFlags(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : String(value).split(",");
  return list.map((flag) => flag.trim()).filter((flag) => flag !== "");
}

/** Reads the overrides from transform options (both spellings). */
export function overridesFromOptions(options: TransformOptions): CompatOverrides {
  const overrides: CompatOverrides = {};
  const date = options.compatibilityDate ?? options["compatibility-date"];
  const flags = toFlags(options.compatibilityFlags ?? options["compatibility-flags"]);
  const config = options.wranglerConfig ?? options["wrangler-config"];
  if (date !== undefined) overrides.compatibilityDate = String(date);
  if (flags !== undefined) overrides.compatibilityFlags = flags;
  if (config !== undefined) overrides.wranglerConfig = String(config);
  return overrides;
}

/**
 * Runs migration `name` on one file.
 *
 * @returns the new source, or `undefined` when the migration does not run in the
 *   file's mode or changes nothing.
 * @throws SourceParseError, WranglerConfigError, or Error for an unknown migration or bad option.
 */
export function runMigrationTransform(name: string, file: TransformFile, options: TransformOptions): string | undefined {
  const migration = migrationByName(name);
  const cwd = process.cwd();
  const compat = resolveCompatForFile(path.resolve(cwd, file.path), { overrides: overridesFromOptions(options), cwd });
  if (!migration.modes.includes(compat.mode)) return undefined;
  const { output } = rewriteSource({
    text: file.source,
    filePath: file.path,
    compat,
    compatDescription: describeCompatResolution(compat, cwd),
    frameworks: resolveFrameworkVersions(path.resolve(cwd, file.path), { cwd }),
    ruleIds: migration.ruleIds,
  });
  return output === file.source ? undefined : output;
}
