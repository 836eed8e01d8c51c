import { AUTO_REPLY_TO_CLOSE } from "./compat-flags.js";
import { originsOf, type EnvironmentOrigin } from "./resolution-origins.js";
import type { CompatResolution, EnvironmentCompat } from "./types.js";

/**
 * What decided one environment's mode: the auto-reply flag or its opposite when either is set, else the
 * compatibility date; with where that value came from (`origin`: the environment itself, the top level
 * it inherits, or an override).
 */
export interface ModeDecider {
  env: EnvironmentCompat;
  origin: EnvironmentOrigin;
  /** `flag`: `value` is a compatibility flag; `date`: `value` is a `YYYY-MM-DD` compatibility date. */
  kind: "date" | "flag";
  value: string;
}

/**
 * The decider of every environment of a resolution whose mode is known, in the resolution's order.
 * Same precedence as the runtime (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date): the enable
 * flag, the disable flag, then the date.
 *
 * @param res a resolution from `resolveCompatMode` or `resolveCompatForFile`.
 * @returns one decider per environment whose mode is not `unknown`; empty when none is known. Never throws.
 */
export function modeDeciders(res: CompatResolution): ModeDecider[] {
  const origins = originsOf(res);
  return res.environments.flatMap((env, index): ModeDecider[] => {
    const decider = deciderOf(env, origins[index] ?? { date: null, flags: null });
    return decider === undefined ? [] : [decider];
  });
}

function deciderOf(env: EnvironmentCompat, origin: EnvironmentOrigin): ModeDecider | undefined {
  if (env.mode === "unknown") return undefined;
  for (const flag of [AUTO_REPLY_TO_CLOSE.enableFlag, AUTO_REPLY_TO_CLOSE.disableFlag]) {
    if (env.compatibilityFlags.includes(flag)) return { env, origin, kind: "flag", value: flag };
  }
  if (env.compatibilityDate === null) return undefined;
  return { env, origin, kind: "date", value: env.compatibilityDate };
}

/** Where the deciding value came from: the environment, the top level, or an override. */
export function deciderOrigin(decider: ModeDecider): EnvironmentOrigin["date"] {
  return decider.kind === "date" ? decider.origin.date : decider.origin.flags;
}

/** True when an override (`--compatibility-date`, ESLint settings, …) gave the deciding value. */
export function isOverride(decider: ModeDecider): boolean {
  return deciderOrigin(decider) === "override";
}
