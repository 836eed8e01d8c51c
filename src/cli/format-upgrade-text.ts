/**
 * The human-readable report of `ws-close-migrate upgrade`: each config's dates
 * and the WebSocket flags the bump crosses (with what they mean for the code),
 * the config diffs in a dry run, then the code migration's own report.
 */
import { createTwoFilesPatch } from "diff";
import type { Colors } from "picocolors/types.js";
import { colorDiff, formatText } from "./format-text.js";
import { countOf } from "./plural.js";
import { flagConsequence } from "../upgrade/crossed-flags.js";
import type { ConfigUpgrade, FlagCrossing, UpgradeResult } from "../upgrade/upgrade.js";

/** How the report is written. */
export interface UpgradeTextOptions {
  colors: Colors;
  /** Print unified diffs of the configs and of the code. */
  diff: boolean;
  /** True when nothing was written (dry run or check). */
  dryRun: boolean;
  /** `upgrade --check`: what would change is marked as the failure it is there (red ✖). */
  check?: boolean;
}

/** A unified diff of one changed config, `a/` and `b/` prefixed like git's. */
export function configDiff(config: ConfigUpgrade): string {
  return createTwoFilesPatch(`a/${config.path}`, `b/${config.path}`, config.before ?? "", config.after ?? "", undefined, undefined, {
    context: 3,
  }).replace(/^=+\n/mu, "");
}

function environmentLabel(environment: string | null): string {
  return environment === null ? "top level" : `[env.${environment}]`;
}

/** One line per crossed flag: its date, name and consequence; environments named when not all of them cross it. */
export function crossingLines(config: ConfigUpgrade, c: Colors): string[] {
  const byFlag = new Map<string, FlagCrossing[]>();
  for (const crossing of config.crossings) byFlag.set(crossing.flag.enableFlag, [...(byFlag.get(crossing.flag.enableFlag) ?? []), crossing]);
  const lines: string[] = [];
  for (const crossings of byFlag.values()) {
    const flag = (crossings[0] as FlagCrossing).flag;
    const turnsOn = crossings.filter((crossing) => crossing.explicitly === null);
    const head = `${c.dim(flag.defaultOnFrom)}  ${c.bold(flag.enableFlag)}`;
    if (turnsOn.length > 0) {
      const where = turnsOn.length === config.environments.length ? "" : ` (${turnsOn.map((x) => environmentLabel(x.environment)).join(", ")})`;
      lines.push(`  crosses ${head}${where}: ${flagConsequence(flag)}`);
    }
    for (const crossing of crossings.filter((x) => x.explicitly !== null)) {
      const listed = crossing.explicitly === "enabled" ? flag.enableFlag : flag.disableFlag ?? "";
      const effect = crossing.explicitly === "enabled" ? "it is on already" : "it stays off";
      lines.push(
        `  ${c.dim("skips")}   ${head} in ${environmentLabel(crossing.environment)}: compatibility_flags lists ${listed}, so the date changes nothing (${effect})`,
      );
    }
  }
  return lines;
}

function dateLines(config: ConfigUpgrade): string[] {
  return config.dates
    .filter((date) => date.from !== date.to)
    .map((date) => {
      const key = date.environment === null ? "compatibility_date" : `[env.${date.environment}] compatibility_date`;
      return date.from === null ? `  ${key} added: ${date.to} (there was none)` : `  ${key} ${date.from} → ${date.to}`;
    });
}

/** Renders the whole report. */
export function formatUpgradeText(result: UpgradeResult, options: UpgradeTextOptions): string {
  const c = options.colors;
  const out: string[] = [`Upgrading compatibility_date to ${result.to}${options.dryRun ? c.dim(" (nothing written)") : ""}`, ""];
  if (result.configs.length === 0) out.push(c.yellow("No wrangler config found under the paths: only the code is migrated."), "");
  for (const config of result.configs) {
    if (config.status === "failed" || config.status === "refused") {
      out.push(`${c.red(`✖ ${config.status}`)}  ${c.bold(config.path)}`, `  ${config.error ?? ""}`, "");
      continue;
    }
    if (config.status === "unchanged") {
      out.push(`${c.dim("· unchanged")}  ${c.bold(config.path)}  ${c.dim(`(already ${result.to})`)}`, "");
      continue;
    }
    const mark = options.check ? c.red("✖ would bump") : options.dryRun ? c.yellow("→ would bump") : c.green("✔ bumped");
    out.push(`${mark}  ${c.bold(config.path)}`, ...dateLines(config), ...crossingLines(config, c));
    if (options.diff) out.push(colorDiff(configDiff(config).trimEnd(), c));
    out.push("");
  }
  const count = (status: ConfigUpgrade["status"]) => result.configs.filter((config) => config.status === status).length;
  const counts = [
    [count("changed"), options.dryRun ? "would change" : "changed"],
    [count("unchanged"), "unchanged"],
    [count("refused"), "refused"],
    [count("failed"), "failed"],
  ] as const;
  const counted = counts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`);
  out.push(`${countOf(result.configs.length, "config")}${counted.length > 0 ? `: ${counted.join(", ")}` : ""}`);
  if (result.code === null) {
    out.push(c.red("Nothing was written: fix the configs above (or pick a later --to) and run again."));
    return `${out.join("\n")}\n`;
  }
  out.push("", c.bold(options.dryRun
        ? `Code, as it would be migrated once the configs are on ${result.to} (computed with ${result.to} as a compatibilityDate override, flags from the configs):`
        : "Code, migrated for the new dates:"), "");
  return `${out.join("\n")}\n${formatText(result.code, { colors: c, diff: options.diff, dryRun: options.dryRun, check: options.check })}`;
}
