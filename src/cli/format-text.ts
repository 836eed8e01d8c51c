/**
 * The human-readable report. Files are grouped by the Worker config that
 * governs them and the mode it gives them (`wrangler.jsonc · auto mode
 * (compatibility_date 2026-05-01) · 2 files`); each listed file shows its
 * findings and, in a dry run, its diff hunks in line order. Broken configs get
 * a group of their own, with the files they kept from being migrated. Then the
 * run's warnings, a one-line summary and, when nothing was written, the command
 * that applies what was found. Colours come from `colors` (picocolors, off when
 * piped or under `NO_COLOR`: see `color-support.ts`); marks follow
 * `run-outcome.ts`.
 */
import type { Colors } from "picocolors/types.js";
import { PLUGIN_NAMESPACE, RULES_BY_ID } from "../analysis/rules/index.js";
import type { FileChange, FileResult, MigrateResult } from "../migrate/types.js";
import { groupFiles, type BrokenConfigGroup, type FileGroup, type ModeGroup, type NoModeGroup } from "./config-groups.js";
import { colorDiff, diffHunks, inLineOrder } from "./diff-hunks.js";
import { countOf } from "./plural.js";
import { changePaint, fileMark, handFixPaint, isFailure, needsHandFix, type RunKind } from "./run-outcome.js";

export { colorDiff, unifiedDiff } from "./diff-hunks.js";

/** How the report is written. */
export interface TextReportOptions {
  colors: Colors;
  /** Print each changed file's diff hunks among its findings (`--dry-run`). */
  diff: boolean;
  /** True when nothing was written (dry run or check): says "would change". */
  dryRun: boolean;
  /** `--check`: what would change, or needs a hand fix, is marked as the failure it is there. */
  check?: boolean;
  /** `--quiet`: only the files that are failures (`isFailure`), errors and broken configs, then the summary. */
  quiet?: boolean;
  /** `--verbose`: each finding's explanation and its rule's docs page, a broken config's parser message. */
  verbose?: boolean;
  /**
   * The command that applies what a run that wrote nothing found (`Fix with: npx ws-close-migrate src/`), printed
   * last when a file would change; omitted when the caller cannot give one.
   */
  fixCommand?: string;
}

/** Indent of a finding's message, under its `line:col  action  rule` line. */
const MESSAGE_INDENT = "      ";

/** How many files of a kind a group names before it says "and N more". */
const LISTED_FILES = 5;

function runKind(options: TextReportOptions): RunKind {
  return options.check ? "check" : options.dryRun ? "dry-run" : "write";
}

/** What a rule's fix does, in the words of the report (the rule table's `fixVerbs`); `ruleId` is `ws-close/<id>`. */
function fixLabel(ruleId: string, planned: boolean): string {
  const action = RULES_BY_ID.get(ruleId.slice(PLUGIN_NAMESPACE.length + 1))?.fixVerbs ?? { done: "fixed", planned: "would fix" };
  return planned ? action.planned : action.done;
}

/** The docs page of a rule (`ws-close/<id>`), when the rule table knows it. */
function docsUrl(ruleId: string): string | undefined {
  return RULES_BY_ID.get(ruleId.slice(PLUGIN_NAMESPACE.length + 1))?.docsUrl;
}

/** A finding with how the report labels it. */
interface LabelledFinding extends FileChange {
  label: string;
  /** A rewrite (made or to make), a defect to fix by hand, or an item left for review. */
  kind: "rewrite" | "hand-fix" | "review";
}

/** One finding: `line:col  label  rule`, its message indented below, and with `verbose` its explanation and docs page. */
function findingLines(finding: LabelledFinding, options: TextReportOptions): string[] {
  const c = options.colors;
  const out = [`  ${c.dim(`${finding.line}:${finding.column}`)}  ${finding.label}  ${c.dim(finding.ruleId)}`, `${MESSAGE_INDENT}${finding.message}`];
  if (options.verbose) {
    if (finding.explanation !== undefined) out.push(...finding.explanation.split("\n").map((line) => `${MESSAGE_INDENT}${line}`));
    const url = docsUrl(finding.ruleId);
    if (url !== undefined) out.push(`${MESSAGE_INDENT}${c.dim(`Docs: ${url}`)}`);
  }
  return out;
}

/** A file's findings, each labelled: rewrites by their verb, hand fixes and review items by what they ask of the user. */
function labelledFindings(file: FileResult, run: RunKind, c: Colors): LabelledFinding[] {
  // A `--staged` file that was not written: its rewrites are still to do.
  const planned = run !== "write" || file.status !== "changed";
  const paintChange = file.status === "changed" ? changePaint(run, c) : c.yellow;
  const applied = file.changes.map((change): LabelledFinding => ({ ...change, kind: "rewrite", label: paintChange(fixLabel(change.ruleId, planned)) }));
  const left = file.needsReview.map(
    (change): LabelledFinding =>
      needsHandFix(change) ? { ...change, kind: "hand-fix", label: handFixPaint(run, c)("fix by hand") } : { ...change, kind: "review", label: c.yellow("review") },
  );
  return [...applied, ...left].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** One listed file: its mark and path, then its findings and (with `diff`) its hunks, in line order. */
function fileLines(file: FileResult, options: TextReportOptions): string[] {
  const c = options.colors;
  const run = runKind(options);
  if (file.status === "failed") return [`${fileMark(file, run, c)}  ${c.bold(file.path)}`, `  ${file.error ?? "unknown error"}`, ""];
  // A file with no compatibility mode is skipped too, but only for the date-dependent migrations: marked by its findings.
  const skipped = file.status === "skipped" && file.mode !== "unknown";
  const head = skipped
    ? `${c.yellow(file.mode === null ? "! skipped" : "! not written")}  ${c.bold(file.path)}  ${c.dim(`(${file.skipReason ?? ""})`)}`
    : `${fileMark(file, run, c)}  ${c.bold(file.path)}`;
  const hunks = options.diff && !options.quiet && file.status === "changed" ? diffHunks(file) : [];
  const out = [head];
  // Quiet: the findings that fail the run alone (rewrites not written, hand fixes), not those left for review.
  const findings = labelledFindings(file, run, c).filter((finding) => !options.quiet || finding.kind !== "review");
  for (const entry of inLineOrder(findings, hunks)) {
    if ("hunk" in entry) out.push(colorDiff(entry.hunk.text, c));
    else out.push(...findingLines(entry.item, options));
  }
  return [...out, ""];
}

/** `examples/chat/wrangler.jsonc · auto mode (compatibility_date 2026-05-01) · 2 files`. */
function modeGroupHeader(group: ModeGroup, c: Colors): string {
  const mode = group.basis === null ? `${group.mode} mode` : `${group.mode} mode (${group.basis})`;
  return `${c.bold(group.label)} · ${mode} · ${countOf(group.files.length, "file")}`;
}

/** `a, b, c, … and 3 more`, dimmed. */
function fileList(files: readonly FileResult[], c: Colors): string {
  const names = files.slice(0, LISTED_FILES).map((file) => file.path);
  const more = files.length > LISTED_FILES ? `, … and ${files.length - LISTED_FILES} more` : "";
  return c.dim(`${names.join(", ")}${more}`);
}

/** Whether a file of a mode group gets lines of its own (an unchanged file with no findings is only counted). */
function isListed(file: FileResult, options: TextReportOptions): boolean {
  if (options.quiet) return isFailure(file, runKind(options));
  if (file.status === "unchanged") return file.needsReview.length > 0;
  // The files with no compatibility mode, and those an interrupt kept from being migrated, are named together;
  // one with no mode gets lines of its own for its findings.
  if (file.status === "skipped" && file.mode === "unknown") return file.needsReview.length > 0;
  return !isInterrupted(file);
}

function isInterrupted(file: FileResult): boolean {
  return file.status === "skipped" && (file.skipReason?.startsWith("interrupted") ?? false);
}

function modeGroupLines(group: ModeGroup, options: TextReportOptions): string[] {
  const c = options.colors;
  const listed = group.files.filter((file) => isListed(file, options));
  const out: string[] = [];
  for (const file of listed) out.push(...fileLines(file, options));
  if (!options.quiet) {
    const interrupted = group.files.filter(isInterrupted);
    if (interrupted.length > 0) {
      out.push(c.yellow(`! not migrated, the run was interrupted: ${countOf(interrupted.length, "file")}`), `  ${fileList(interrupted, c)}`, "");
    }
    const noMode = group.files.filter((file) => file.status === "skipped" && file.mode === "unknown");
    if (noMode.length > 0) {
      // The header already says why (no compatibility_date found): the reasons are left with what to do.
      const hints = new Set(noMode.map((file) => (file.skipReason ?? "").replace(`${file.modeSource ?? ""}: `, "")));
      out.push(c.yellow(`! skipped the date-dependent migrations for ${countOf(noMode.length, "file")}: ${[...hints].join("; ")}`), `  ${fileList(noMode, c)}`, "");
    }
  }
  if (out.length === 0 && options.quiet) return [];
  // A group with nothing to show is its header alone (`formatText` keeps such headers together).
  return [modeGroupHeader(group, c), ...out];
}

function noModeGroupLines(group: NoModeGroup, options: TextReportOptions): string[] {
  const listed = group.files.filter((file) => !options.quiet || isFailure(file, runKind(options)));
  if (listed.length === 0) return [];
  const c = options.colors;
  return [`${c.bold("Not migrated")} · ${countOf(listed.length, "path")}`, ...listed.flatMap((file) => fileLines(file, options))];
}

/**
 * `Broken config · workers/chat/wrangler.toml:3:7`, what is wrong in one sentence (with `verbose`, the parser's
 * words too), and the files it kept from being migrated.
 */
function brokenConfigLines(group: BrokenConfigGroup, options: TextReportOptions): string[] {
  const c = options.colors;
  const { config } = group;
  const location = `${config.path}${config.line !== undefined ? `:${config.line}${config.column !== undefined ? `:${config.column}` : ""}` : ""}`;
  const out = [`${c.red(c.bold("Broken config"))} · ${c.bold(location)}`, `  ${config.problem}.`];
  if (options.verbose && config.parserMessage !== undefined) out.push(`  ${c.dim(`parser: ${config.parserMessage}`)}`);
  const governed = group.files.filter((file) => file.brokenConfig?.relation === "governs");
  const mayImport = group.files.filter((file) => file.brokenConfig?.relation === "may-import");
  if (governed.length > 0) out.push(`  ${c.yellow(`Skipped ${countOf(governed.length, "file")}:`)} ${fileList(governed, c)}`);
  if (mayImport.length > 0) {
    out.push(`  ${c.yellow(`Skipped ${countOf(mayImport.length, "file")} its Worker may import (in auto mode they would lose replies it may need):`)} ${fileList(mayImport, c)}`);
  }
  return [...out, ""];
}

function groupLines(group: FileGroup, options: TextReportOptions): string[] {
  switch (group.kind) {
    case "mode":
      return modeGroupLines(group, options);
    case "no-mode":
      return noModeGroupLines(group, options);
    case "broken-config":
      return brokenConfigLines(group, options);
  }
}

/** Temp files an earlier, interrupted run left: removed, or (dry run, check) only named. */
function tempFileLines(result: MigrateResult, c: Colors): string[] {
  const { removed, left } = result.tempFiles;
  const out: string[] = [];
  if (removed.length > 0) out.push(`${c.yellow("! removed")}  ${countOf(removed.length, "temp file")} an interrupted run left: ${removed.join(", ")}`, "");
  if (left.length > 0) {
    out.push(`${c.yellow("! found")}  ${countOf(left.length, "temp file")} an interrupted run left (a run that writes removes them): ${left.join(", ")}`, "");
  }
  return out;
}

/** `4 files: 2 would change, 1 unchanged, 1 failed (nothing written)`, zero counts left out. */
function summaryLine(result: MigrateResult, options: TextReportOptions): string {
  const c = options.colors;
  const run = runKind(options);
  const files = result.files;
  const brokenConfigs = new Set(files.flatMap((file) => (file.brokenConfig ? [file.brokenConfig.path] : [])));
  const count = (status: FileResult["status"]) => files.filter((file) => file.status === status && file.brokenConfig === undefined).length;
  const handFixes = files.filter((file) => file.needsReview.some(needsHandFix)).length;
  const review = files.filter((file) => file.needsReview.length > 0 && !file.needsReview.some(needsHandFix)).length;
  const skippedForConfig = files.filter((file) => file.brokenConfig !== undefined).length;
  const parts: [number, string, (text: string) => string][] = [
    [count("changed"), run === "write" ? "changed" : "would change", changePaint(run, c)],
    [count("unchanged"), "unchanged", (text) => text],
    [count("skipped"), "skipped", c.yellow],
    [skippedForConfig, `skipped for ${countOf(brokenConfigs.size, "broken config")}`, c.red],
    [count("failed"), "failed", c.red],
    [handFixes, `${handFixes === 1 ? "needs" : "need"} a hand fix`, handFixPaint(run, c)],
    [review, `${review === 1 ? "has" : "have"} findings to review`, c.yellow],
  ];
  const counted = parts.filter(([n]) => n > 0).map(([n, label, paint]) => paint(`${n} ${label}`));
  const nothingWritten = options.dryRun && count("changed") > 0 ? c.dim(" (nothing written)") : "";
  return `${countOf(files.length, "file")}${counted.length > 0 ? `: ${counted.join(", ")}` : ""}${nothingWritten}`;
}

/**
 * The run's last line when it wrote nothing: the command that writes what it found, or, when only hand fixes
 * are left, that they are (a dry run or a check that found nothing prints neither).
 */
function nextStepLines(result: MigrateResult, options: TextReportOptions): string[] {
  if (!options.dryRun) return [];
  const c = options.colors;
  const wouldChange = result.files.some((file) => file.status === "changed");
  const handFixes = result.files.filter((file) => file.needsReview.some(needsHandFix)).length;
  const byHand = `${countOf(handFixes, "file")} ${handFixes === 1 ? "needs" : "need"} a hand fix (marked "fix by hand" above), which the tool cannot make safely`;
  if (wouldChange && options.fixCommand !== undefined) {
    const fix = `${options.check ? "Fix with" : "Write these changes with"}: ${c.bold(options.fixCommand)}`;
    return handFixes > 0 ? [fix, `Then ${byHand.replace(/^(\d+ files?) (needs|need)/u, "$1 still $2")}.`] : [fix];
  }
  if (!wouldChange && handFixes > 0) return [`Nothing to rewrite: ${byHand}.`];
  return [];
}

/**
 * Renders the whole report: the groups (`groupFiles`), then the run's warnings and temp files, an interrupt,
 * the summary line and the next step. With `quiet`, only failures and the summary (and the next step).
 */
export function formatText(result: MigrateResult, options: TextReportOptions): string {
  const c = options.colors;
  const out: string[] = [];
  // Headers of groups with nothing to show stand together, with a blank line after the last of them.
  let bareHeaders = false;
  for (const group of groupFiles(result.files)) {
    const lines = groupLines(group, options);
    if (lines.length === 0) continue;
    if (bareHeaders && lines.length > 1) out.push("");
    out.push(...lines);
    bareHeaders = lines.length === 1;
  }
  if (bareHeaders) out.push("");
  if (!options.quiet) {
    for (const warning of result.warnings) out.push(`${c.yellow("! warning")}  ${warning}`, "");
    out.push(...tempFileLines(result, c));
  }
  if (result.interrupted) {
    out.push(
      c.red(`Interrupted: ${countOf(result.interrupted.filesNotMigrated, "file")} not migrated; no write started after the interrupt.`),
      "",
    );
  }
  out.push(summaryLine(result, options), ...nextStepLines(result, options));
  return `${out.join("\n")}\n`;
}
