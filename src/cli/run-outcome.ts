/**
 * What a file's outcome means for the run it is part of, and how the text
 * report marks it. A file that would change, or has a defect to fix by hand,
 * fails `--check` (exit 1), so under `--check` it is marked as a failure (red
 * ✖), never with a green ✔; a plain run keeps the green ✔ for the changes it
 * wrote; a dry run marks what it would change in yellow (→).
 */
import type { Colors } from "picocolors/types.js";
import type { FileChange, FileResult } from "../migrate/types.js";

/** The kind of run: one that writes, `--dry-run`, or `--check` (which also writes nothing). */
export type RunKind = "write" | "dry-run" | "check";

/** True for a finding the tool cannot fix safely and the code must not keep (`FileChange.actionRequired`). */
export function needsHandFix(change: FileChange): boolean {
  return change.actionRequired === true;
}

/** True when the file fails `--check`: it would change, or has a defect to fix by hand. */
export function failsCheck(file: FileResult): boolean {
  return file.status === "changed" || file.needsReview.some(needsHandFix);
}

/**
 * True when the file is still a problem after this run: it failed, or would fail `--check` once the run's
 * writes are done (a change a dry run or a check did not write, a defect to fix by hand). `--quiet` prints these alone.
 */
export function isFailure(file: FileResult, run: RunKind): boolean {
  if (file.status === "failed") return true;
  if (file.needsReview.some(needsHandFix)) return true;
  // A `--staged` file whose staged version needs changes but was not written (it also has unstaged changes).
  if (file.status === "skipped" && file.changes.length > 0) return true;
  return file.status === "changed" && run !== "write";
}

/** How the text report paints what a run did or would do: green done, yellow planned, red where `--check` fails. */
export function changePaint(run: RunKind, c: Colors): (text: string) => string {
  return run === "write" ? c.green : run === "check" ? c.red : c.yellow;
}

/** How a hand fix is painted: red where it fails the run (`--check`), else yellow. */
export function handFixPaint(run: RunKind, c: Colors): (text: string) => string {
  return run === "check" ? c.red : c.yellow;
}

/** The mark before a listed file's path: `✔ changed`, `→ would change`, `✖ would change`, `! needs review`, … */
export function fileMark(file: FileResult, run: RunKind, c: Colors): string {
  if (file.status === "failed") return c.red("✖ failed");
  if (file.status === "changed") {
    // Written, but a defect the tool could not fix is left: not all done, so not a green ✔.
    if (run === "write") return file.needsReview.some(needsHandFix) ? c.yellow("! changed, needs a hand fix") : c.green("✔ changed");
    return run === "check" ? c.red("✖ would change") : c.yellow("→ would change");
  }
  if (file.needsReview.some(needsHandFix)) return run === "check" ? c.red("✖ needs a hand fix") : c.yellow("! needs a hand fix");
  return c.yellow("! needs review");
}
