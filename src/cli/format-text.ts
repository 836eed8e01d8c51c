/**
 * The human-readable report: per file what changed, where and why (mode and
 * config), unified diffs in a dry run, grouped by outcome and then by Worker
 * config, and a summary. Colours come from `colors` (picocolors, off when piped
 * or under `NO_COLOR`: see `color-support.ts`).
 */
import { createTwoFilesPatch } from "diff";
import type { Colors } from "picocolors/types.js";
import { PLUGIN_NAMESPACE, RULES_BY_ID } from "../analysis/rules/index.js";
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

/** Colours a unified diff: headers bold, additions green, removals red, hunk headers cyan. */
export function colorDiff(diff: string, c: Colors): string {
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

/** What a rule's fix does, in the words of the report (the rule table's `fixVerbs`); `ruleId` is `ws-close/<id>`. */
function fixLabel(ruleId: string, dryRun: boolean): string {
  const action = RULES_BY_ID.get(ruleId.slice(PLUGIN_NAMESPACE.length + 1))?.fixVerbs ?? { done: "fixed", planned: "would fix" };
  return dryRun ? action.planned : action.done;
}

/** The report's sections, in the order they are printed: what changed first, what went wrong last (next to the summary). */
type ReportGroup = "changed" | "review" | "skipped" | "failed";
const GROUP_ORDER: readonly ReportGroup[] = ["changed", "review", "skipped", "failed"];

/** The section a file is printed in, or `null` for an unchanged file with nothing to review (counted, not listed). */
function groupOf(file: FileResult): ReportGroup | null {
  if (file.status === "unchanged") return file.needsReview.length > 0 ? "review" : null;
  return file.status;
}

/** How the report names a file's Worker config; files whose config could not be read or was not found share one group. */
export const NO_CONFIG_LABEL = "(no wrangler config)";

function configLabel(file: FileResult): string {
  return file.config ?? NO_CONFIG_LABEL;
}

/** Groups `files` by config label, the labels sorted with the no-config group last; files keep their order. */
function byConfig(files: readonly FileResult[]): [string, FileResult[]][] {
  const groups = new Map<string, FileResult[]>();
  for (const file of files) {
    const label = configLabel(file);
    groups.set(label, [...(groups.get(label) ?? []), file]);
  }
  return [...groups].sort(([a], [b]) => (a === NO_CONFIG_LABEL ? 1 : b === NO_CONFIG_LABEL ? -1 : a.localeCompare(b)));
}

function groupTitle(group: ReportGroup, dryRun: boolean, c: Colors): string {
  switch (group) {
    case "changed":
      return c.green(dryRun ? "Would change" : "Changed");
    case "review":
      return c.yellow("Needs review");
    case "skipped":
      return c.yellow("Skipped");
    case "failed":
      return c.red("Failed");
  }
}

/** How many skipped files a group names before it says "and N more". */
const LISTED_SKIPPED_FILES = 5;

/** One file's lines in its section. */
function fileLines(file: FileResult, options: TextReportOptions): string[] {
  const c = options.colors;
  const why = file.mode ? `${file.mode} mode: ${file.modeSource}` : "";
  if (file.status === "failed") return [`${c.red("✖ failed")}  ${c.bold(file.path)}`, `  ${file.error ?? "unknown error"}`, ""];
  if (file.status === "changed") {
    const verb = options.dryRun ? "would change" : "changed";
    const out = [`${c.green(`✔ ${verb}`)}  ${c.bold(file.path)}  ${c.dim(`(${why})`)}`];
    for (const change of file.changes) out.push(...changeLines([change], c.green(fixLabel(change.ruleId, options.dryRun)), c));
    out.push(...changeLines(file.needsReview, c.yellow("review"), c));
    if (options.diff) out.push(colorDiff(unifiedDiff(file).trimEnd(), c));
    return [...out, ""];
  }
  return [`${c.yellow("! needs review")}  ${c.bold(file.path)}  ${c.dim(`(${why})`)}`, ...changeLines(file.needsReview, c.yellow("review"), c), ""];
}

/**
 * A config's skipped files: those with no compatibility mode (each distinct reason once, then which), then
 * each other one with its reason and changes (a `--staged` file whose staged version would change but which
 * also has unstaged changes, so was not written).
 */
function skippedLines(files: readonly FileResult[], c: Colors): string[] {
  const noMode = files.filter((file) => file.mode === "unknown");
  const interrupted = files.filter((file) => file.mode !== "unknown" && file.skipReason?.startsWith("interrupted"));
  const other = files.filter((file) => file.mode !== "unknown" && !interrupted.includes(file));
  const out: string[] = [];
  if (interrupted.length > 0) {
    const names = interrupted.slice(0, LISTED_SKIPPED_FILES).map((file) => file.path);
    const more = interrupted.length > LISTED_SKIPPED_FILES ? `, … and ${interrupted.length - LISTED_SKIPPED_FILES} more` : "";
    out.push(c.yellow(`Not migrated, the run was interrupted: ${interrupted.length} file(s)`), `  ${c.dim(`${names.join(", ")}${more}`)}`, "");
  }
  if (noMode.length > 0) {
    const names = noMode.slice(0, LISTED_SKIPPED_FILES).map((file) => file.path);
    const more = noMode.length > LISTED_SKIPPED_FILES ? `, … and ${noMode.length - LISTED_SKIPPED_FILES} more` : "";
    out.push(
      c.yellow(`Skipped the date-dependent migrations for ${noMode.length} file(s) with no compatibility mode:`),
      ...[...new Set(noMode.map((file) => file.skipReason ?? ""))].map((reason) => `  ${reason}`),
      `  ${c.dim(`${names.join(", ")}${more}`)}`,
      "",
    );
  }
  for (const file of other) {
    // No mode: the walk passed the path over (a link, a named file that is not a source file).
    const label = file.mode === null ? "! skipped" : "! not written";
    out.push(`${c.yellow(label)}  ${c.bold(file.path)}  ${c.dim(`(${file.skipReason ?? ""})`)}`);
    for (const change of file.changes) out.push(...changeLines([change], c.yellow(fixLabel(change.ruleId, true)), c));
    out.push(...changeLines(file.needsReview, c.yellow("review"), c), "");
  }
  return out;
}

/** `changed 2, unchanged 1, ...` for one config, zero counts left out. */
function configCounts(files: readonly FileResult[], dryRun: boolean, c: Colors): string {
  const counts: [FileResult["status"], string, (text: string) => string][] = [
    ["changed", dryRun ? "would change" : "changed", c.green],
    ["unchanged", "unchanged", (text) => text],
    ["skipped", "skipped", c.yellow],
    ["failed", "failed", c.red],
  ];
  return counts
    .map(([status, label, paint]) => [files.filter((file) => file.status === status).length, label, paint] as const)
    .filter(([count]) => count > 0)
    .map(([count, label, paint]) => paint(`${count} ${label}`))
    .join(", ");
}

/** Temp files an earlier, interrupted run left: removed, or (dry run, check) only named. */
function tempFileLines(result: MigrateResult, c: Colors): string[] {
  const { removed, left } = result.tempFiles;
  const out: string[] = [];
  if (removed.length > 0) out.push(`${c.yellow("! removed")}  ${removed.length} temp file(s) an interrupted run left: ${removed.join(", ")}`, "");
  if (left.length > 0) {
    out.push(`${c.yellow("! found")}  ${left.length} temp file(s) an interrupted run left (a run that writes removes them): ${left.join(", ")}`, "");
  }
  return out;
}

/**
 * Renders the whole report: the files grouped by outcome (changed, needs review, skipped, failed), each
 * outcome grouped by Worker config under a `Changed · wrangler.jsonc (1 file(s))` header; then the run's
 * warnings; then, when the files belong to more than one config, a count per config; then the totals.
 */
export function formatText(result: MigrateResult, options: TextReportOptions): string {
  const c = options.colors;
  const out: string[] = [];
  for (const group of GROUP_ORDER) {
    const files = result.files.filter((file) => groupOf(file) === group);
    for (const [label, configFiles] of byConfig(files)) {
      out.push(c.bold(`${groupTitle(group, options.dryRun, c)} · ${label} (${configFiles.length} file(s))`));
      if (group === "skipped") out.push(...skippedLines(configFiles, c));
      else for (const file of configFiles) out.push(...fileLines(file, options));
    }
  }
  for (const warning of result.warnings) out.push(`${c.yellow("! warning")}  ${warning}`, "");
  out.push(...tempFileLines(result, c));
  if (result.interrupted) {
    out.push(
      c.red(`Interrupted: ${result.interrupted.filesNotMigrated} file(s) not migrated; no write started after the interrupt.`),
      "",
    );
  }
  const configs = byConfig(result.files);
  if (configs.length > 1) {
    const width = Math.max(...configs.map(([label]) => label.length));
    out.push(c.bold("By Worker config:"));
    for (const [label, files] of configs) out.push(`  ${label.padEnd(width)}  ${configCounts(files, options.dryRun, c)}`);
    out.push("");
  }
  const count = (status: FileResult["status"]) => result.files.filter((file) => file.status === status).length;
  const paintCount = (n: number, text: string, paint: (text: string) => string) => (n > 0 ? paint(text) : text);
  const changedLabel = options.dryRun ? "would change" : "changed";
  out.push(
    `${result.files.length} file(s): ${paintCount(count("changed"), `${count("changed")} ${changedLabel}`, c.green)}, ` +
      `${count("unchanged")} unchanged, ${paintCount(count("skipped"), `${count("skipped")} skipped`, c.yellow)}, ` +
      `${paintCount(count("failed"), `${count("failed")} failed`, c.red)}` +
      (options.dryRun && count("changed") > 0 ? c.dim(" (nothing written)") : ""),
  );
  return `${out.join("\n")}\n`;
}
