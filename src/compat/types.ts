/**
 * Types shared by the compatibility-config resolver (`src/compat/`) and its
 * consumers (the analysis core, the ESLint rules, the transforms and the CLI).
 *
 * Facts: docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date and docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags; flag table in `compat-flags.ts`.
 */

/**
 * How the runtime treats a peer's Close frame for a standard-API socket.
 * - `auto`: the runtime replies itself (`web_socket_auto_reply_to_close`).
 * - `manual`: the code must reply (`web_socket_manual_reply_to_close`, or a date before 2026-04-07).
 * - `mixed`: the file runs under environments (or Workers) that disagree.
 * - `unknown`: no compatibility date was found.
 */
export type CompatMode = "auto" | "manual" | "mixed" | "unknown";

/** The mode of one environment of one Worker; never `mixed`. */
export type EnvironmentMode = "auto" | "manual" | "unknown";

/** Compatibility settings of one environment as the runtime sees them after env overrides. */
export interface EnvironmentCompat {
  /** `null` for the top level, else the `[env.NAME]` name. */
  name: string | null;
  /** `YYYY-MM-DD`, or `null` when neither the environment nor the top level sets one. */
  compatibilityDate: string | null;
  /** Effective flags: an environment's list replaces the top-level list (docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags). */
  compatibilityFlags: string[];
  mode: EnvironmentMode;
}

/** Overrides that win over the wrangler config (ESLint `settings["ws-close"]`, CLI options). */
export interface CompatOverrides {
  /** `YYYY-MM-DD`; replaces the date of every environment. */
  compatibilityDate?: string;
  /** Replaces the flags of every environment. */
  compatibilityFlags?: string[];
  /** Path of the wrangler config to use instead of searching (absolute, or relative to `cwd`). */
  wranglerConfig?: string;
}

/** Where a file's mode came from and what it is. */
export interface CompatResolution {
  mode: CompatMode;
  /** Absolute path of the wrangler config that decided, or `null` when none was found or used. */
  configPath: string | null;
  /** True when an override (settings or CLI option) replaced a date or flags. */
  overridden: boolean;
  /** One entry per environment (the top level first). Empty when no config and no override. */
  environments: EnvironmentCompat[];
}

/** The frameworks whose own close reply depends on their version (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions). */
export type FrameworkName = "partyserver" | "agents";

/**
 * A framework's version as far as the project shows: an exact version when a lock file gave it,
 * else the semver range the nearest `package.json` asks for (`resolveFrameworkVersions`).
 */
export interface FrameworkVersion {
  range: string;
  /** Absolute path of the `package-lock.json` or `package.json` it came from. */
  source: string;
}

/** The frameworks found for one file; a missing entry means unknown. */
export type FrameworkVersions = Partial<Record<FrameworkName, FrameworkVersion>>;
