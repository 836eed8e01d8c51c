import path from "node:path";
import { deciderOrigin, isOverride, modeDeciders, type ModeDecider } from "./mode-deciders.js";
import type { CompatResolution } from "./types.js";


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
  const deciders = modeDeciders(res);

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

function deciderKey(d: ModeDecider): string {
  const origin = deciderOrigin(d);
  return JSON.stringify([d.kind, d.value, origin, origin === "env" ? d.env.name : null]);
}

function describeSingle(deciders: readonly ModeDecider[], where: string | null): string {
  const first = deciders[0] as ModeDecider;
  if (isOverride(first) || where === null) {
    return first.kind === "date"
      ? `the compatibilityDate override ${first.value}`
      : `the compatibilityFlags override ${first.value}`;
  }
  const setting = first.kind === "date" ? `compatibility_date ${first.value}` : `compatibility_flags ${first.value}`;
  const environment = deciderOrigin(first) === "env" && first.env.name !== null ? ` [env.${first.env.name}]` : "";
  return `${setting} in ${where}${environment}`;
}

function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(path.resolve(cwd), absolute);
  return relative === "" || path.isAbsolute(relative) ? absolute : relative;
}
