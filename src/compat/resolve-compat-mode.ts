import { AUTO_REPLY_TO_CLOSE } from "./compat-flags.js";
import { isValidCompatibilityDate } from "./compatibility-date.js";
import { locateConfigValue, type ConfigKeyPath } from "./locate-config-value.js";
import type { WranglerConfig, WranglerEnvironmentSettings } from "./read-wrangler-config.js";
import { recordOrigins, type EnvironmentOrigin } from "./resolution-origins.js";
import type { CompatMode, CompatOverrides, CompatResolution, EnvironmentCompat, EnvironmentMode } from "./types.js";
import { WranglerConfigError } from "./wrangler-config-error.js";

export { describeCompatResolution } from "./describe-compat-resolution.js";

/** Where a flag list came from, so a conflict can be reported against the file. */
export interface FlagListSource {
  /** Absolute path of the wrangler config holding the list. */
  configPath: string;
  /** Path of the list in the config, e.g. `["env", "legacy", "compatibility_flags"]`. */
  keyPath: ConfigKeyPath;
}

/**
 * The mode of one environment (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date): `auto` if `web_socket_auto_reply_to_close`
 * is listed, else `manual` if `web_socket_manual_reply_to_close` is listed,
 * else `auto` if `date >= 2026-04-07`, else `manual`; no date and neither
 * flag: `unknown` (a flag without a date still decides).
 *
 * @param date `YYYY-MM-DD` or `null`.
 * @param flags the environment's effective `compatibility_flags`.
 * @param source where `flags` came from; when given, a conflict is a {@link WranglerConfigError}.
 * @throws {WranglerConfigError} both flags listed and `source` given (with the
 *   list's line and column when they can be found).
 * @throws {Error} both flags listed without `source`, or `date` not a real `YYYY-MM-DD` date.
 */
export function modeForSettings(
  date: string | null,
  flags: readonly string[],
  source?: FlagListSource,
): EnvironmentMode {
  const enabled = flags.includes(AUTO_REPLY_TO_CLOSE.enableFlag);
  const disabled = flags.includes(AUTO_REPLY_TO_CLOSE.disableFlag);
  if (enabled && disabled) {
    // The runtime refuses a Worker that lists both (docs/runtime-behaviour.md#both-flags-at-once).
    const detail = `compatibility_flags lists both ${AUTO_REPLY_TO_CLOSE.enableFlag} and ${AUTO_REPLY_TO_CLOSE.disableFlag}; keep one`;
    if (source === undefined) throw new Error(detail);
    throw new WranglerConfigError(
      source.configPath,
      `${source.keyPath.join(".")} lists both ${AUTO_REPLY_TO_CLOSE.enableFlag} and ${AUTO_REPLY_TO_CLOSE.disableFlag}; keep one`,
      locateConfigValue(source.configPath, source.keyPath),
    );
  }
  if (date !== null && !isValidCompatibilityDate(date)) {
    throw new Error(`Invalid compatibility date "${date}": expected a real calendar date in YYYY-MM-DD form`);
  }
  if (enabled) return "auto";
  if (disabled) return "manual";
  if (date === null) return "unknown";
  return date >= AUTO_REPLY_TO_CLOSE.defaultOnFrom ? "auto" : "manual";
}

/**
 * Resolves the mode of every environment of a Worker and of the file it governs (docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags).
 *
 * Environments: the top level (`name: null`) first, then each `[env.NAME]` in
 * file order. An environment's own `compatibility_date` / `compatibility_flags`
 * replace the top level's (lists are not merged). Overrides replace the date
 * and/or flags of every environment; with no config, an override date or
 * flags make one environment named `null`.
 *
 * The file's mode: environments whose mode is `unknown` are ignored when any
 * environment is known (`wrangler deploy` refuses a Worker without a date,
 * docs/runtime-behaviour.md#no-compatibility-date); the known modes agree → that mode; disagree → `mixed`; none known → `unknown`.
 *
 * @param config the parsed config, or `null` when none was found.
 * @param overrides `settings["ws-close"]` or CLI options; `wranglerConfig` is ignored here.
 * @returns the resolution; no config and no override gives
 *   `{ mode: "unknown", configPath: null, overridden: false, environments: [] }`.
 * @throws {WranglerConfigError} an environment of the config lists both the
 *   enable and disable flag (path, and line/column when found).
 * @throws {Error} an override date that is not a real `YYYY-MM-DD` date, an
 *   override flag list that is not an array of strings or lists both flags.
 */
export function resolveCompatMode(config: WranglerConfig | null, overrides: CompatOverrides = {}): CompatResolution {
  const dateOverride = checkedDateOverride(overrides.compatibilityDate);
  const flagsOverride = checkedFlagsOverride(overrides.compatibilityFlags);
  const overridden = dateOverride !== undefined || flagsOverride !== undefined;

  const environments: EnvironmentCompat[] = [];
  const origins: EnvironmentOrigin[] = [];
  const add = (name: string | null, date: string | null, flags: readonly string[], origin: EnvironmentOrigin, source?: FlagListSource) => {
    const mode = modeForSettings(date, flags, source);
    environments.push({ name, compatibilityDate: date, compatibilityFlags: [...flags], mode });
    origins.push(origin);
  };

  if (config === null) {
    if (overridden) {
      add(null, dateOverride ?? null, flagsOverride ?? [], {
        date: dateOverride === undefined ? null : "override",
        flags: "override",
      });
    }
  } else {
    const top: WranglerEnvironmentSettings = config;
    const tables: [string | null, WranglerEnvironmentSettings][] = [[null, top], ...Object.entries(config.env)];
    for (const [name, own] of tables) {
      const ownDate = name !== null && own.compatibilityDate !== undefined;
      const ownFlags = name !== null && own.compatibilityFlags !== undefined;
      const date = dateOverride ?? (ownDate ? own.compatibilityDate : top.compatibilityDate) ?? null;
      const flags = flagsOverride ?? (ownFlags ? own.compatibilityFlags : top.compatibilityFlags) ?? [];
      const origin: EnvironmentOrigin = {
        date: dateOverride !== undefined ? "override" : date === null ? null : ownDate ? "env" : "top",
        flags: flagsOverride !== undefined ? "override" : ownFlags ? "env" : "top",
      };
      const source =
        flagsOverride === undefined
          ? { configPath: config.path, keyPath: ownFlags ? ["env", name as string, "compatibility_flags"] : ["compatibility_flags"] }
          : undefined;
      add(name, date, flags, origin, source);
    }
  }

  const resolution: CompatResolution = {
    mode: combineModes(environments.map((env) => env.mode)),
    configPath: config?.path ?? null,
    overridden,
    environments,
  };
  recordOrigins(resolution, origins);
  return resolution;
}

/**
 * The mode of a file that runs under every given environment mode (docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags):
 * `unknown` modes are ignored when any is known; agreement → that mode;
 * disagreement → `mixed`; nothing known → `unknown`.
 */
export function combineModes(modes: readonly EnvironmentMode[]): CompatMode {
  const known = new Set(modes.filter((mode) => mode !== "unknown"));
  if (known.size === 0) return "unknown";
  if (known.size > 1) return "mixed";
  return [...known][0] as CompatMode;
}

function checkedDateOverride(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidCompatibilityDate(value)) {
    throw new Error(
      `Invalid compatibilityDate override ${JSON.stringify(value)}: expected a real calendar date in YYYY-MM-DD form`,
    );
  }
  return value;
}

function checkedFlagsOverride(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((flag) => typeof flag === "string")) {
    throw new Error(`Invalid compatibilityFlags override ${JSON.stringify(value)}: expected an array of strings`);
  }
  if (value.includes(AUTO_REPLY_TO_CLOSE.enableFlag) && value.includes(AUTO_REPLY_TO_CLOSE.disableFlag)) {
    throw new Error(
      `The compatibilityFlags override lists both ${AUTO_REPLY_TO_CLOSE.enableFlag} and ${AUTO_REPLY_TO_CLOSE.disableFlag}; keep one`,
    );
  }
  return value as string[];
}
