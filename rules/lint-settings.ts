/**
 * Reads ESLint `settings["ws-close"]`, which override the wrangler config
 * (docs/rules/no-redundant-close.md#how-the-mode-is-decided): `{ compatibilityDate?: "YYYY-MM-DD", compatibilityFlags?: string[], wranglerConfig?: string }`.
 */
import { PLUGIN_NAMESPACE } from "../src/analysis/index.js";
import type { CompatOverrides } from "../src/compat/types.js";

/** The key of this plugin's entry in ESLint's shared `settings`. */
export const SETTINGS_KEY = PLUGIN_NAMESPACE;

/**
 * @param settings ESLint's shared settings object (`context.settings`).
 * @returns the overrides, or an `error` message when a setting has the wrong type.
 */
export function readLintSettings(settings: Readonly<Record<string, unknown>>): { overrides: CompatOverrides } | { error: string } {
  const raw = settings[SETTINGS_KEY];
  if (raw === undefined) return { overrides: {} };
  if (typeof raw !== "object" || raw === null) return { error: `settings["${SETTINGS_KEY}"] must be an object` };
  const { compatibilityDate, compatibilityFlags, wranglerConfig } = raw as Record<string, unknown>;
  const overrides: CompatOverrides = {};
  if (compatibilityDate !== undefined) {
    if (typeof compatibilityDate !== "string") return { error: `settings["${SETTINGS_KEY}"].compatibilityDate must be a "YYYY-MM-DD" string` };
    overrides.compatibilityDate = compatibilityDate;
  }
  if (compatibilityFlags !== undefined) {
    if (!Array.isArray(compatibilityFlags) || !compatibilityFlags.every((flag) => typeof flag === "string")) {
      return { error: `settings["${SETTINGS_KEY}"].compatibilityFlags must be an array of strings` };
    }
    overrides.compatibilityFlags = compatibilityFlags;
  }
  if (wranglerConfig !== undefined) {
    if (typeof wranglerConfig !== "string") return { error: `settings["${SETTINGS_KEY}"].wranglerConfig must be a path string` };
    overrides.wranglerConfig = wranglerConfig;
  }
  return { overrides };
}
