// The table of scenarios and what the client observed, as Markdown.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Environment variable naming a directory: when set, each runtime suite writes its table there. */
export const TABLE_DIR_VARIABLE = "WS_CLOSE_RUNTIME_TABLE_DIR";

/**
 * A Markdown table. Cells are escaped (`|`, newlines).
 *
 * @param header column titles.
 * @param rows one array of cells per row, as long as `header`.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string): string => cell.replace(/\|/gu, "\\|").replace(/\r?\n/gu, " ");
  const line = (cells: readonly string[]): string => `| ${cells.map(escape).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n") + "\n";
}

/**
 * Writes `markdown` to `$WS_CLOSE_RUNTIME_TABLE_DIR/<name>.md` when the variable is set.
 *
 * @returns the path written, or `null` when the variable is not set.
 */
export function writeScenarioTable(name: string, markdown: string): string | null {
  const dir = process.env[TABLE_DIR_VARIABLE];
  if (dir === undefined || dir === "") return null;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.md`);
  writeFileSync(file, markdown);
  return file;
}
