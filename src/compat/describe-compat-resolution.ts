import path from "node:path";
import { AUTO_REPLY_TO_CLOSE } from "./compat-flags.js";
import { originsOf, type EnvironmentOrigin } from "./resolution-origins.js";
import type { CompatResolution, EnvironmentCompat } from "./types.js";

interface Decider {
  env: EnvironmentCompat;
  origin: EnvironmentOrigin;
  kind: "date" | "flag";
  value: string;
}

/**
 * A short phrase saying where a file's mode came from, for rule messages and
 * CLI output (conventions: "every message states the configured value and
 * where it came from"). Examples:
 * - `compatibility_date 2026-05-01 in wrangler.jsonc`
 * - `compatibility_date 2026-05-01 in wrangler.toml [env.legacy]` (only that environment has a date)
 * - `compatibility_flags web_socket_manual_reply_to_close in wrangler.toml` (a flag decided, docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date)
 * - `the compatibilityDate override 2026-05-01`
 * - `wrangler.toml: top level 2026-05-01 (auto), [env.legacy] 2025-06-01 (manual)` (environments that
 *   differ; an environment that inherits the top level's deciding value is not listed again)
 * - `no compatibility_date found in wrangler.toml` / `no compatibility_date found`
 *
 * Environments whose mode is `unknown` are left out when others are known,
 * as in the mode itself.
 *
 * @param res a resolution from `resolveCompatMode` or `resolveCompatForFile`.
 * @param cwd directory the config path is shown relative to; default `process.cwd()`.
 * @returns the phrase, without a trailing period. Never throws.
 */
export function describeCompatResolution(res: CompatResolution, cwd: string = process.cwd()): string {
  const where = res.configPath === null ? null : displayPath(res.configPath, cwd);
  const origins = originsOf(res);
  const deciders = res.environments.flatMap((env, index): Decider[] => {
    const origin = origins[index] ?? { date: null, flags: null };
    const decider = deciderOf(env, origin);
    return decider === undefined ? [] : [decider];
  });

  if (deciders.length === 0) return where === null ? "no compatibility_date found" : `no compatibility_date found in ${where}`;

  const keys = new Set(deciders.map(deciderKey));
  if (keys.size === 1) return describeSingle(deciders, where);

  // Environments that inherit the top level's deciding value fold into "top level".
  const distinct = deciders.filter((d, index) => deciders.findIndex((other) => deciderKey(other) === deciderKey(d)) === index);
  const items = distinct.map((d) => {
    const label = d.env.name === null ? "top level" : `[env.${d.env.name}]`;
    const value = isOverride(d) ? `${d.kind === "date" ? "compatibilityDate" : "compatibilityFlags"} override ${d.value}` : d.value;
    return `${label} ${value} (${d.env.mode})`;
  });
  return `${where ?? "overrides"}: ${items.join(", ")}`;
}

function deciderOf(env: EnvironmentCompat, origin: EnvironmentOrigin): Decider | undefined {
  if (env.mode === "unknown") return undefined;
  // Same precedence as the runtime (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date): enable flag, disable flag, then the date.
  for (const flag of [AUTO_REPLY_TO_CLOSE.enableFlag, AUTO_REPLY_TO_CLOSE.disableFlag]) {
    if (env.compatibilityFlags.includes(flag)) return { env, origin, kind: "flag", value: flag };
  }
  if (env.compatibilityDate === null) return undefined;
  return { env, origin, kind: "date", value: env.compatibilityDate };
}

function originOf(d: Decider): EnvironmentOrigin["date"] {
  return d.kind === "date" ? d.origin.date : d.origin.flags;
}

function isOverride(d: Decider): boolean {
  return originOf(d) === "override";
}

function deciderKey(d: Decider): string {
  const origin = originOf(d);
  return JSON.stringify([d.kind, d.value, origin, origin === "env" ? d.env.name : null]);
}

function describeSingle(deciders: readonly Decider[], where: string | null): string {
  const first = deciders[0] as Decider;
  if (isOverride(first) || where === null) {
    return first.kind === "date"
      ? `the compatibilityDate override ${first.value}`
      : `the compatibilityFlags override ${first.value}`;
  }
  const setting = first.kind === "date" ? `compatibility_date ${first.value}` : `compatibility_flags ${first.value}`;
  const environment = originOf(first) === "env" && first.env.name !== null ? ` [env.${first.env.name}]` : "";
  return `${setting} in ${where}${environment}`;
}

function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(path.resolve(cwd), absolute);
  return relative === "" || path.isAbsolute(relative) ? absolute : relative;
}
