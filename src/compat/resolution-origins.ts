import type { CompatResolution } from "./types.js";

/**
 * Where one environment's effective setting came from: an override, the
 * config's top level, or the environment's own `[env.NAME]` table; `null`
 * when the setting is absent.
 */
export type SettingOrigin = "override" | "top" | "env" | null;

/** Origins of the date and flags of one environment of a {@link CompatResolution}. */
export interface EnvironmentOrigin {
  date: SettingOrigin;
  flags: SettingOrigin;
}

// Kept beside, not inside, the resolution: `CompatResolution` is a fixed
// shape that consumers compare and serialise, and only the wording of
// `describeCompatResolution` needs to know where a value came from.
const originsByResolution = new WeakMap<CompatResolution, readonly EnvironmentOrigin[]>();

/** Records the origins of `resolution.environments` (same order). Internal to `src/compat/`. */
export function recordOrigins(resolution: CompatResolution, origins: readonly EnvironmentOrigin[]): void {
  originsByResolution.set(resolution, origins);
}

/**
 * Origins of each environment of `resolution`: the recorded ones when this
 * object came from `resolveCompatMode`, else inferred (a copy loses them):
 * without a config everything is an override; with one, an environment whose
 * value equals the top level's is taken to inherit it.
 */
export function originsOf(resolution: CompatResolution): readonly EnvironmentOrigin[] {
  const recorded = originsByResolution.get(resolution);
  if (recorded !== undefined && recorded.length === resolution.environments.length) return recorded;
  const top = resolution.environments.find((env) => env.name === null);
  return resolution.environments.map((env) => {
    if (resolution.configPath === null) {
      return { date: env.compatibilityDate === null ? null : "override", flags: "override" };
    }
    const inheritsDate = env.name === null || env.compatibilityDate === top?.compatibilityDate;
    const inheritsFlags =
      env.name === null || env.compatibilityFlags.join("\n") === top?.compatibilityFlags.join("\n");
    return {
      date: env.compatibilityDate === null ? null : inheritsDate ? "top" : "env",
      flags: inheritsFlags ? "top" : "env",
    };
  });
}
