import path from "node:path";
import { findWranglerConfig } from "./find-wrangler-config.js";
import { readWranglerConfig } from "./read-wrangler-config.js";
import { resolveCompatMode } from "./resolve-compat-mode.js";
import type { CompatOverrides, CompatResolution } from "./types.js";

/**
 * How long a resolution (or the error it threw) is reused, in milliseconds.
 * Short, so a long-lived ESLint process in an editor sees config edits
 * (the eslint-plugin-n model, CONVENTIONS.md).
 */
export const COMPAT_CACHE_TTL_MS = 2000;

/** Options of {@link resolveCompatForFile}. */
export interface ResolveCompatForFileOptions {
  /** Overrides that win over the config (ESLint `settings["ws-close"]`, CLI options). */
  overrides?: CompatOverrides;
  /** Directory that relative `filePath` and `overrides.wranglerConfig` resolve against; default `process.cwd()`. */
  cwd?: string;
  /** Clock in milliseconds since the epoch; default `Date.now` (tests pass their own). */
  now?: () => number;
}

type CacheEntry = { expiresAt: number; resolution: CompatResolution } | { expiresAt: number; error: unknown };

const cache = new Map<string, CacheEntry>();
const PRUNE_ABOVE_ENTRIES = 500;

/**
 * The compatibility mode that governs `filePath` (docs/runtime-behaviour.md#which-wrangler-config-governs-a-file): the wrangler config
 * found walking up from the file's directory (`findWranglerConfig`), or
 * `overrides.wranglerConfig` when given, read with `readWranglerConfig` and
 * resolved with `resolveCompatMode`.
 *
 * Results, and errors, are cached per (directory, overrides) for
 * {@link COMPAT_CACHE_TTL_MS}; a cached error is thrown again. The returned
 * object is shared between callers: treat it as read-only.
 *
 * @param filePath the linted or rewritten source file (absolute, or relative to `cwd`); it need not exist.
 * @returns the resolution; `{ mode: "unknown", configPath: null, overridden: false, environments: [] }`
 *   when no config is found and nothing is overridden.
 * @throws {WranglerConfigError} the config is missing (explicit `wranglerConfig`), unreadable, invalid,
 *   or lists both flags.
 * @throws {Error} an invalid override (date, flags, or a `wranglerConfig` that is not a string).
 */
export function resolveCompatForFile(filePath: string, options: ResolveCompatForFileOptions = {}): CompatResolution {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const now = (options.now ?? Date.now)();
  const overrides = options.overrides ?? {};
  const explicitConfig = explicitConfigPath(overrides, cwd);
  const directory = path.dirname(path.resolve(cwd, filePath));
  const key = JSON.stringify([
    explicitConfig === null ? directory : null,
    explicitConfig,
    overrides.compatibilityDate ?? null,
    overrides.compatibilityFlags ?? null,
  ]);

  const cached = cache.get(key);
  if (cached !== undefined && now < cached.expiresAt) {
    if ("error" in cached) throw cached.error;
    return cached.resolution;
  }

  if (cache.size > PRUNE_ABOVE_ENTRIES) {
    for (const [entryKey, entry] of cache) if (entry.expiresAt <= now) cache.delete(entryKey);
  }
  const expiresAt = now + COMPAT_CACHE_TTL_MS;
  try {
    const configPath = explicitConfig ?? findWranglerConfig(directory);
    const config = configPath === null ? null : readWranglerConfig(configPath);
    const resolution = resolveCompatMode(config, overrides);
    cache.set(key, { expiresAt, resolution });
    return resolution;
  } catch (error) {
    cache.set(key, { expiresAt, error });
    throw error;
  }
}

/** Empties the cache of {@link resolveCompatForFile} (tests; a CLI run that rewrites configs). */
export function clearCompatCache(): void {
  cache.clear();
}

function explicitConfigPath(overrides: CompatOverrides, cwd: string): string | null {
  const value: unknown = overrides.wranglerConfig;
  if (value === undefined) return null;
  if (typeof value !== "string" || value === "") {
    throw new Error(`Invalid wranglerConfig override ${JSON.stringify(value)}: expected a file path`);
  }
  return path.resolve(cwd, value);
}
