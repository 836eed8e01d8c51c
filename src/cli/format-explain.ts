/**
 * The text of `ws-close-migrate --explain FILE` (the JSON form is the
 * `FileModeExplanation` itself). Example:
 *
 * ```
 * packages/shared/src/socket.ts: mixed mode
 *   Workers searched: workers/chat/wrangler.jsonc, workers/legacy/wrangler.toml
 *   Decided by the imports of 2 Workers (from each Worker's main):
 *
 *   Worker chat (workers/chat/wrangler.jsonc): auto
 *     main:    workers/chat/src/index.ts
 *     imports: workers/chat/src/index.ts → workers/chat/src/room.ts → packages/shared/src/socket.ts
 *     top level: compatibility_date 2026-05-01, compatibility_flags none → auto (date on or after 2026-04-07)
 *   …
 *   Overrides: none
 *   Result: mixed: the Workers' environments disagree, so close replies are kept and proxy legs made half-open.
 * ```
 */
import { countOf } from "./plural.js";
import { AUTO_REPLY_TO_CLOSE, type CompatMode } from "../compat/index.js";
import type { ExplainedConfig, ExplainedEnvironment, FileModeExplanation } from "./explain-file-mode.js";

/** What each mode means for the rewrite (README's mode table; docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags). */
const MODE_CONSEQUENCES: Record<CompatMode, string> = {
  auto: "the runtime answers Close frames itself, so redundant close replies are removed",
  manual: "close handlers must answer Close frames, so their replies are kept",
  mixed: "the environments it runs under disagree, so close replies are kept and proxy legs are made half-open, which is correct under both",
  unknown: "no compatibility date, so only the date-independent migrations run",
};

/** How many of the Workers searched the text names before it gives their number. */
const LISTED_WORKERS_SEARCHED = 5;

/** Renders an explanation for people; ends with a newline. */
export function formatExplanation(explanation: FileModeExplanation): string {
  const out: string[] = [`${explanation.file}: ${explanation.mode === null ? "mode not decided" : `${explanation.mode} mode`}`];
  const searched = explanation.workersSearched;
  if (searched.length > 0) {
    // A monorepo's list is long: the count and the first few (JSON has them all).
    const shown = searched.slice(0, LISTED_WORKERS_SEARCHED).join(", ");
    const more = searched.length > LISTED_WORKERS_SEARCHED ? `, … (${searched.length} in all)` : "";
    out.push(`  Workers searched: ${shown}${more}`);
  } else if (explanation.error === undefined) {
    out.push("  Workers searched: none (no wrangler config under the paths or above them)");
  }
  for (const broken of explanation.brokenConfigs) {
    if (broken.error !== explanation.error) out.push(`  Broken config: ${broken.error}`);
  }

  if (explanation.decidedBy === "imports") {
    const count = explanation.workers.length;
    out.push(`  Decided by the imports of ${countOf(count, "Worker")} (followed from each Worker's main):`);
    for (const worker of explanation.workers) {
      out.push("", `  Worker ${worker.name ?? "(unnamed)"} (${worker.config}): ${worker.mode}`);
      out.push(`    main:    ${worker.main}`);
      out.push(`    imports: ${worker.importChain.join(" → ")}`);
      out.push(...environmentLines(worker, "    "));
    }
    if (explanation.nearestConfig !== null && !explanation.workers.some((w) => w.config === explanation.nearestConfig?.config)) {
      out.push("", `  Nearest config ${explanation.nearestConfig.config} is not used: its Worker's main does not import this file.`);
    }
  } else if (explanation.decidedBy === "nearest-config") {
    const nearest = explanation.nearestConfig;
    if (nearest === null) {
      out.push("  No Worker's main imports this file, and no wrangler config governs its directory.");
    } else if (!("environments" in nearest) || nearest.config === "(overrides only)") {
      out.push("  No Worker's main imports this file, and no wrangler config governs its directory: the overrides decide.");
      if ("environments" in nearest) out.push(...environmentLines(nearest, "  "));
    } else {
      out.push(`  No Worker's main imports this file: the nearest config decides, ${nearest.config}:`);
      out.push(...environmentLines(nearest, "    "));
    }
  }

  out.push("", `  Overrides: ${overridesText(explanation)}`);
  if (explanation.error !== undefined) {
    out.push(`  Error: ${explanation.error}`);
  } else if (explanation.mode !== null) {
    out.push(`  Result: ${explanation.mode}: ${MODE_CONSEQUENCES[explanation.mode]}.`);
    if (explanation.modeSource !== null) out.push(`  (reported as: ${explanation.modeSource})`);
  }
  return `${out.join("\n")}\n`;
}

function environmentLines(config: ExplainedConfig, indent: string): string[] {
  return config.environments.map((env) => {
    const label = env.name === null ? "top level" : `[env.${env.name}]`;
    const date = env.compatibilityDate === null ? "no compatibility_date" : `compatibility_date ${env.compatibilityDate}${originNote(env, env.dateFrom)}`;
    const flags =
      env.compatibilityFlags.length === 0 ? "compatibility_flags none" : `compatibility_flags ${env.compatibilityFlags.join(", ")}${originNote(env, env.flagsFrom)}`;
    return `${indent}${label}: ${date}, ${flags} → ${env.mode} (${decisionText(env)})`;
  });
}

function originNote(env: ExplainedEnvironment, origin: ExplainedEnvironment["dateFrom"]): string {
  if (origin === "override") return " (override)";
  if (origin === "top" && env.name !== null) return " (from the top level)";
  return "";
}

function decisionText(env: ExplainedEnvironment): string {
  switch (env.decidedBy) {
    case "enable-flag":
      return `flag ${AUTO_REPLY_TO_CLOSE.enableFlag}`;
    case "disable-flag":
      return `flag ${AUTO_REPLY_TO_CLOSE.disableFlag}`;
    case "no-date":
      return "no date, no flag";
    case "date":
      return env.mode === "auto" ? `date on or after ${AUTO_REPLY_TO_CLOSE.defaultOnFrom}` : `date before ${AUTO_REPLY_TO_CLOSE.defaultOnFrom}`;
  }
}

function overridesText(explanation: FileModeExplanation): string {
  const { compatibilityDate, compatibilityFlags } = explanation.overrides;
  const parts: string[] = [];
  if (compatibilityDate !== undefined) parts.push(`--compatibility-date ${compatibilityDate}`);
  for (const flag of compatibilityFlags ?? []) parts.push(`--compatibility-flag ${flag}`);
  if (parts.length === 0) return "none";
  const replaced = [compatibilityDate !== undefined ? "date" : null, compatibilityFlags !== undefined ? "flags" : null].filter(Boolean).join(" and ");
  return `${parts.join(" ")} (replacing every environment's ${replaced})`;
}
