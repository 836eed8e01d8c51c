/**
 * The human-readable report: per file what changed, where and why (mode and
 * config), unified diffs in a dry run, and a summary line.
 */
import { createTwoFilesPatch } from "diff";
import type { Colors } from "picocolors/types.js";
import type { FileChange, FileResult, MigrateResult } from "../migrate/types.js";

/** How the report is written. */
export interface TextReportOptions {
  colors: Colors;
  /** Print a unified diff for each changed file. */
  diff: boolean;
  /** True when nothing was written (dry run or check): says "would change". */
  dryRun: boolean;
}

/** A unified diff of one changed file, `a/` and `b/` prefixed like git's. */
export function unifiedDiff(file: FileResult): string {
  return createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.before ?? "", file.after ?? "", undefined, undefined, {
    context: 3,
  }).replace(/^=+\n/mu, "");
}

function colorDiff(diff: string, c: Colors): string {
  return diff
    .split("\n")
    .map((line) => {
      if (line.startsWith("+++") || line.startsWith("---")) return c.bold(line);
      if (line.startsWith("+")) return c.green(line);
      if (line.startsWith("-")) return c.red(line);
      if (line.startsWith("@@")) return c.cyan(line);
      return line;
    })
    .join("\n");
}

/** Indent of a change's message, under its `line:col  action  rule` line. */
const MESSAGE_INDENT = "      ";

/** Each change on two lines: `line:col  action  rule`, then the (long) message indented below it. */
function changeLines(changes: readonly FileChange[], label: string, c: Colors): string[] {
  return changes.flatMap((change) => [
    `  ${c.dim(`${change.line}:${change.column}`)}  ${label}  ${c.dim(change.ruleId)}`,
    `${MESSAGE_INDENT}${change.message}`,
  ]);
}

/** What a rule's fix does, in the words of the report. */
const FIX_ACTIONS: Record<string, { done: string; planned: string }> = {
  "ws-close/no-redundant-close": { done: "removed", planned: "would remove" },
  "ws-close/require-hibernation-close": { done: "added reply", planned: "would add reply" },
  "ws-close/no-reserved-close-code": { done: "guarded", planned: "would guard" },
  "ws-close/require-allow-half-open": { done: "made half-open", planned: "would make half-open" },
};

function fixLabel(ruleId: string, dryRun: boolean): string {
  const action = FIX_ACTIONS[ruleId] ?? { done: "fixed", planned: "would fix" };
  return dryRun ? action.planned : action.done;
}

/** Renders the whole report. */
export function formatText(result: MigrateResult, options: TextReportOptions): string {
  const c = options.colors;
  const out: string[] = [];
  for (const file of result.files) {
    const why = file.mode ? `${file.mode} mode: ${file.modeSource}` : "";
    if (file.status === "failed") {
      out.push(`${c.red("✖ failed")}  ${c.bold(file.path)}`, `  ${file.error ?? "unknown error"}`, "");
      continue;
    }
    if (file.status === "changed") {
      const verb = options.dryRun ? "would change" : "changed";
      out.push(`${c.green(`✔ ${verb}`)}  ${c.bold(file.path)}  ${c.dim(`(${why})`)}`);
      for (const change of file.changes) out.push(...changeLines([change], c.green(fixLabel(change.ruleId, options.dryRun)), c));
      out.push(...changeLines(file.needsReview, c.yellow("review"), c));
      if (options.diff) out.push(colorDiff(unifiedDiff(file).trimEnd(), c));
      out.push("");
      continue;
    }
    if (file.needsReview.length > 0) {
      out.push(`${c.yellow("! needs review")}  ${c.bold(file.path)}  ${c.dim(`(${why})`)}`);
      out.push(...changeLines(file.needsReview, c.yellow("review"), c), "");
    }
  }
  const count = (status: FileResult["status"]) => result.files.filter((file) => file.status === status).length;
  const skipped = result.files.filter((file) => file.status === "skipped");
  if (skipped.length > 0) {
    const reasons = [...new Set(skipped.map((file) => file.skipReason ?? ""))];
    out.push(c.yellow(`Skipped the date-dependent migrations for ${skipped.length} file(s) with no compatibility mode:`));
    for (const reason of reasons) out.push(`  ${reason}`);
    out.push("");
  }
  for (const warning of result.warnings) out.push(`${c.yellow("! warning")}  ${warning}`, "");
  const changedLabel = options.dryRun ? "would change" : "changed";
  out.push(
    `${result.files.length} file(s): ${count("changed")} ${changedLabel}, ${count("unchanged")} unchanged, ${skipped.length} skipped, ${count("failed")} failed` +
      (options.dryRun && count("changed") > 0 ? c.dim(" (nothing written)") : ""),
  );
  return `${out.join("\n")}\n`;
}
