/**
 * `--format diff`: every change of a run as one unified diff with git's `--- a/` and `+++ b/` headers,
 * paths relative to the working directory, so that `git apply` (or `patch -p1`) applies it there.
 */
import type { MigrateResult } from "../migrate/types.js";
import { countOf } from "./plural.js";
import { unifiedDiff } from "./diff-hunks.js";

/** A run as a patch, and the one-line-per-file account of the files that failed. */
export interface FormattedPatch {
  /** The diffs of the changed files (written or that would be written), in the report's file order; empty when none changed. */
  patch: string;
  /** `error: <path>: <reason>` lines, then a summary line; empty when no file failed. */
  failures: string;
}

/**
 * Renders the changed files of `result` as one patch.
 *
 * @param result a `migrate` run; files whose `status` is `changed` carry `before` and `after`.
 * @returns the patch and the failures, each ending with a newline when not empty. Never throws.
 */
export function formatPatch(result: MigrateResult): FormattedPatch {
  const patch = result.files
    .filter((file) => file.status === "changed" && file.before !== undefined && file.after !== undefined && file.before !== file.after)
    .map((file) => unifiedDiff(file))
    .join("");
  const failed = result.files.filter((file) => file.status === "failed");
  const failures =
    failed.length === 0
      ? ""
      : `${failed.map((file) => `error: ${file.path}: ${file.error ?? "failed"}`).join("\n")}\n${countOf(failed.length, "file")} failed and ${failed.length === 1 ? "is" : "are"} not in the patch.\n`;
  return { patch, failures };
}
