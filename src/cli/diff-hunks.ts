/**
 * A changed file's unified diff, hunk by hunk, so that the text report can
 * print each finding next to the hunk that covers its line.
 */
import { createTwoFilesPatch, structuredPatch } from "diff";
import type { Colors } from "picocolors/types.js";
import type { FileResult } from "../migrate/types.js";

/** Lines of context around each change, as `git diff` shows them. */
const CONTEXT_LINES = 3;

/** One hunk of a file's diff. */
export interface DiffHunk {
  /** 1-based first and last line of the file as it was that the hunk shows (context included); `last < first` for a hunk that only inserts. */
  first: number;
  last: number;
  /** The hunk as `git diff` prints it: its `@@ -a,b +c,d @@` header, then its lines, without a final newline. */
  text: string;
}

/** A unified diff of one changed file, with `--- a/` and `+++ b/` headers like git's. */
export function unifiedDiff(file: FileResult): string {
  return createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.before ?? "", file.after ?? "", undefined, undefined, {
    context: CONTEXT_LINES,
  }).replace(/^=+\n/mu, "");
}

/**
 * The hunks of a changed file's diff, in line order; none when the file has no `before` and `after` text.
 */
export function diffHunks(file: FileResult): DiffHunk[] {
  if (file.before === undefined || file.after === undefined) return [];
  const patch = structuredPatch(`a/${file.path}`, `b/${file.path}`, file.before, file.after, undefined, undefined, { context: CONTEXT_LINES });
  return patch.hunks.map((hunk) => {
    // Unified diff: a side of no lines names the line before it (as `formatPatch` writes it).
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    const header = `@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`;
    return { first: hunk.oldStart, last: hunk.oldStart + hunk.oldLines - 1, text: [header, ...hunk.lines].join("\n") };
  });
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

/**
 * Merges a file's findings (sorted by line) and its hunks into one sequence in line order: each hunk comes
 * right after the findings on the lines it covers, a finding no hunk covers sits where its line falls.
 *
 * @param items the findings, each with its 1-based `line` in the file as it was.
 * @returns the findings and hunks, in the order to print them.
 */
export function inLineOrder<T extends { line: number }>(items: readonly T[], hunks: readonly DiffHunk[]): Array<{ item: T } | { hunk: DiffHunk }> {
  const sorted = [...items].sort((a, b) => a.line - b.line);
  const out: Array<{ item: T } | { hunk: DiffHunk }> = [];
  let next = 0;
  for (const hunk of hunks) {
    while (next < sorted.length && (sorted[next] as T).line <= Math.max(hunk.last, hunk.first)) out.push({ item: sorted[next++] as T });
    out.push({ hunk });
  }
  while (next < sorted.length) out.push({ item: sorted[next++] as T });
  return out;
}
