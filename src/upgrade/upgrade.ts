/**
 * The programmatic API behind `ws-close-migrate upgrade --to DATE`: bump
 * `compatibility_date` in every wrangler config under the paths (format
 * preserved, atomic writes), list the WebSocket flags the bump crosses, then
 * migrate the code for the mode the new date gives.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  clearCompatCache,
  isValidCompatibilityDate,
  readWranglerConfig,
  type CompatFlag,
  type WranglerConfig,
} from "../compat/index.js";
import { configFormatOf, editCompatibilityDate, type CompatibilityDateChange } from "../compat/edit-compatibility-date.js";
import { migrate } from "../migrate/migrate.js";
import type { MigrateResult } from "../migrate/types.js";
import { decodeSourceText, encodeSourceText } from "../files/source-text.js";
import { writeFileSafely } from "../files/write-file-safely.js";
import { crossedFlags } from "./crossed-flags.js";
import { findUpgradeConfigs } from "./find-upgrade-configs.js";

/** Options of {@link upgrade}. */
export interface UpgradeOptions {
  /** The new compatibility date, `YYYY-MM-DD`. */
  to: string;
  /** Files or directories, absolute or relative to `cwd`. Default `["."]`. */
  paths?: string[];
  /** Directory relative paths resolve against and reported paths are relative to. Default `process.cwd()`. */
  cwd?: string;
  /** Write the configs and the migrated code (atomically). `false` for a dry run or a check. Default `true`. */
  write?: boolean;
  /** Stops the run when aborted (SIGINT, SIGTERM): see `MigrateOptions.signal`; no config is written after it. */
  signal?: AbortSignal;
}

/** A WebSocket flag one environment crosses. */
export interface FlagCrossing {
  /** `null` for the top level, else the `[env.NAME]` name (also environments that inherit the top-level date). */
  environment: string | null;
  /** The environment's effective date before the bump, or `null` when it had none. */
  from: string | null;
  flag: CompatFlag;
  /** Set when the environment's `compatibility_flags` already decide the flag, so the bump changes nothing for it. */
  explicitly: "enabled" | "disabled" | null;
}

/**
 * One config:
 * - `changed`: a date moves (or, without `write`, would);
 * - `unchanged`: every date already is `to`;
 * - `refused`: a date is later than `to` (upgrade never moves a date backwards);
 * - `failed`: `error` says why (does not parse, a wrong type, a write error).
 */
export interface ConfigUpgrade {
  /** Relative to `cwd`, `/` separators. */
  path: string;
  absolutePath: string;
  status: "changed" | "unchanged" | "refused" | "failed";
  /** The dates: the top level first, then environments that set their own. */
  dates: CompatibilityDateChange[];
  /** Every environment of the config: `null` (the top level), then each `[env.NAME]` in file order. */
  environments: (string | null)[];
  crossings: FlagCrossing[];
  error?: string;
  /** The config's text before and after, when `status` is `changed`. */
  before?: string;
  after?: string;
}

/** The outcome of {@link upgrade}. */
export interface UpgradeResult {
  to: string;
  configs: ConfigUpgrade[];
  /**
   * The code migration for the new date, or `null` when it did not run: a config
   * was refused or failed (then nothing at all is written).
   */
  code: MigrateResult | null;
  /** True when configs and code were written. */
  wrote: boolean;
}

/**
 * Upgrades every config under `options.paths` (see `findUpgradeConfigs`) to `options.to`.
 *
 * All configs are read and checked first: when any is broken or has a date
 * later than `to`, nothing is written and `code` is `null`. Otherwise, with
 * `write`, the changed configs are written, the compat cache is cleared (its
 * 2 s entries would still hold the old dates), and `migrate` runs on the
 * re-read configs. Without `write` nothing is written and the code migration
 * runs with `to` as a date override: after an upgrade every environment of
 * every bumped config is on `to` (environments with their own date are bumped,
 * the others inherit the bumped top level), so the override gives each file
 * the mode it will have, with the configs' flags kept. Files that no config
 * governs are migrated without the override, as the real run would.
 *
 * @throws {Error} `to` is not a real `YYYY-MM-DD` date.
 * @throws {MissingPathError} a path does not exist (nothing is read or written).
 */
export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  if (!isValidCompatibilityDate(options.to)) {
    throw new Error(`--to must be a real date written YYYY-MM-DD, got "${options.to}"`);
  }
  const to = options.to;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const paths = options.paths ?? ["."];
  const write = options.write ?? true;

  const configPaths = await findUpgradeConfigs(paths, cwd);
  const configs = await Promise.all(configPaths.map((configPath) => planConfig(configPath, to, cwd)));
  if (configs.some((config) => config.status === "refused" || config.status === "failed")) {
    return { to, configs, code: null, wrote: false };
  }

  if (!write) return { to, configs, code: await dryRunMigration(paths, cwd, to), wrote: false };

  for (const config of configs) {
    if (config.status !== "changed") continue;
    if (options.signal?.aborted) {
      config.status = "failed";
      config.error = "interrupted before it was written";
      continue;
    }
    try {
      await writeConfig(config);
    } catch (error) {
      config.status = "failed";
      config.error = errorMessage(error);
      clearCompatCache();
      return { to, configs, code: null, wrote: true };
    }
  }
  clearCompatCache();
  if (options.signal?.aborted) return { to, configs, code: null, wrote: true };
  return { to, configs, code: await migrate({ paths, cwd, write: true, signal: options.signal }), wrote: true };
}

async function planConfig(absolutePath: string, to: string, cwd: string): Promise<ConfigUpgrade> {
  const result: ConfigUpgrade = {
    path: path.relative(cwd, absolutePath).split(path.sep).join("/"),
    absolutePath,
    status: "unchanged",
    dates: [],
    environments: [],
    crossings: [],
  };
  let config: WranglerConfig;
  let text: string;
  let edit;
  try {
    config = readWranglerConfig(absolutePath);
    text = decodeSourceText(await readFile(absolutePath)).text;
    edit = editCompatibilityDate(text, configFormatOf(absolutePath), to);
  } catch (error) {
    return { ...result, status: "failed", error: errorMessage(error) };
  }
  result.dates = edit.changes;
  result.environments = [null, ...Object.keys(config.env)];
  result.crossings = crossingsOf(config, to);

  const backwards = edit.changes.filter((change) => change.from !== null && change.from > to);
  if (backwards.length > 0) {
    const where = backwards.map((change) => `${change.environment === null ? "" : `[env.${change.environment}] `}${change.from ?? ""}`);
    return {
      ...result,
      status: "refused",
      error: `compatibility_date ${where.join(", ")} is later than ${to}; upgrade never moves a date backwards`,
    };
  }
  if (edit.text === text) return result;
  return { ...result, status: "changed", before: text, after: edit.text };
}

/**
 * Writes a changed config's new text, keeping its byte order mark, unless it changed on disk since it was planned.
 * @throws UnsafeWriteError (see `writeFileSafely`), NotUtf8Error.
 */
async function writeConfig(config: ConfigUpgrade): Promise<void> {
  const current = await readFile(config.absolutePath);
  const { bom } = decodeSourceText(current);
  await writeFileSafely(config.absolutePath, encodeSourceText(config.after ?? "", bom), { expected: encodeSourceText(config.before ?? "", bom) });
}

/** Crossed flags of the top level and of every environment, from each one's effective date and flags (docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags). */
function crossingsOf(config: WranglerConfig, to: string): FlagCrossing[] {
  const environments: [string | null, string | null, readonly string[]][] = [
    [null, config.compatibilityDate ?? null, config.compatibilityFlags ?? []],
    ...Object.entries(config.env).map(([name, own]): [string, string | null, readonly string[]] => [
      name,
      own.compatibilityDate ?? config.compatibilityDate ?? null,
      own.compatibilityFlags ?? config.compatibilityFlags ?? [],
    ]),
  ];
  return environments.flatMap(([environment, from, flags]) =>
    crossedFlags(from, to, flags).map((crossed) => ({ environment, from, ...crossed })),
  );
}

async function dryRunMigration(paths: readonly string[], cwd: string, to: string): Promise<MigrateResult> {
  const withDate = await migrate({ paths: [...paths], cwd, write: false, overrides: { compatibilityDate: to } });
  const ungoverned = withDate.files.filter((file) => file.config === null).map((file) => file.absolutePath);
  if (ungoverned.length === 0) return withDate;
  const asTheyAre = await migrate({ paths: ungoverned, cwd, write: false });
  const byPath = new Map(asTheyAre.files.map((file) => [file.absolutePath, file]));
  return {
    ...withDate,
    files: withDate.files.map((file) => byPath.get(file.absolutePath) ?? file),
    warnings: [...new Set([...withDate.warnings, ...asTheyAre.warnings])],
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
