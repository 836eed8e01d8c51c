import type { FileChange, FileResult, MigrateResult } from "../migrate/types.js";

/**
 * Whether a file was written by its run: changed by a run that writes (not `--dry-run` or `--check`). A
 * `changed` file of a dry run or a check was not.
 */
export function wasWritten(file: FileResult, result: Pick<MigrateResult, "wrote">): boolean {
  return result.wrote && file.status === "changed";
}

/** A change as the JSON report gives it: the explanation (`--verbose` in the text report) is left to the rule's docs page. */
function jsonChange(change: FileChange): Omit<FileChange, "explanation"> {
  const { explanation: _explanation, ...rest } = change;
  return rest;
}

/**
 * The `--format json` document:
 * `{ "written": bool, "files": [ { "path", "status", "written", "mode", "config", "changes": [ { "ruleId", "line", "column", "message", "actionRequired"? } ], "needsReview": [...], "skipReason"?, "error"?, "brokenConfig"? } ], "warnings": [ "..." ], "tempFiles": { "removed": [...], "left": [...] }, "interrupted"?: { "filesNotMigrated" } }`.
 * The top-level `written` is true when the run wrote at least one file; a file's `written` when the run wrote it
 * (a `changed` file of `--dry-run` or `--check` is not written). Paths are relative to the working directory;
 * lines and columns are 1-based.
 */
export function formatJson(result: MigrateResult): string {
  const files = result.files.map((file) => ({
    path: file.path,
    status: file.status,
    written: wasWritten(file, result),
    mode: file.mode,
    config: file.config,
    changes: file.changes.map(jsonChange),
    needsReview: file.needsReview.map(jsonChange),
    ...(file.skipReason !== undefined ? { skipReason: file.skipReason } : {}),
    ...(file.error !== undefined ? { error: file.error } : {}),
    ...(file.brokenConfig !== undefined ? { brokenConfig: file.brokenConfig } : {}),
  }));
  const written = files.some((file) => file.written);
  const interrupted = result.interrupted ? { interrupted: result.interrupted } : {};
  return `${JSON.stringify({ written, files, warnings: result.warnings, tempFiles: result.tempFiles, ...interrupted }, null, 2)}\n`;
}
