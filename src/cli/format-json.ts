import type { MigrateResult } from "../migrate/types.js";

/**
 * The `--format json` document:
 * `{ "files": [ { "path", "status", "mode", "config", "changes": [ { "ruleId", "line", "column", "message" } ], "needsReview": [...], "skipReason"?, "error"? } ], "warnings": [ "..." ], "tempFiles": { "removed": [...], "left": [...] }, "interrupted"?: { "filesNotMigrated" } }`.
 * Paths are relative to the working directory; lines and columns are 1-based.
 */
export function formatJson(result: MigrateResult): string {
  const files = result.files.map((file) => ({
    path: file.path,
    status: file.status,
    mode: file.mode,
    config: file.config,
    changes: file.changes,
    needsReview: file.needsReview,
    ...(file.skipReason !== undefined ? { skipReason: file.skipReason } : {}),
    ...(file.error !== undefined ? { error: file.error } : {}),
  }));
  const interrupted = result.interrupted ? { interrupted: result.interrupted } : {};
  return `${JSON.stringify({ files, warnings: result.warnings, tempFiles: result.tempFiles, ...interrupted }, null, 2)}\n`;
}
