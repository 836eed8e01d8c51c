/**
 * Prints a migrate run's report in the format asked for: text (people),
 * json (scripts; schema in README), sarif (code scanning), or diff (a patch
 * of every change, for `git apply`).
 */
import { createColors } from "picocolors";
import type { MigrateResult } from "../migrate/types.js";
import { packageVersion } from "../package-version.js";
import { formatJson } from "./format-json.js";

/** The report formats of `--format`. */
export const REPORT_FORMATS = ["text", "json", "sarif", "diff"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** How the report is rendered and where it goes. */
export interface ReportTarget {
  format: ReportFormat;
  stdout: (text: string) => void;
  /** Where the diff format says which files failed (a patch on stdout has no room for it); default: nowhere. */
  stderr?: (text: string) => void;
  /** Colour the text report. */
  color: boolean;
  /** Text only: print a unified diff of each changed file (`--dry-run`). */
  diff: boolean;
  /** Text only: nothing was written (dry run or check). */
  dryRun: boolean;
  /** Text only: the run is a `--check` (what would change is marked as failing). */
  check?: boolean;
  /** Text only: `--quiet`, failures and the summary alone. */
  quiet?: boolean;
  /** Text only: `--verbose`, each finding's explanation and docs page. */
  verbose?: boolean;
  /** Text only: the command that writes what a run that wrote nothing found (`fix-command.ts`). */
  fixCommand?: string;
  /** The working directory the report's relative paths start from (SARIF's `%SRCROOT%`). */
  cwd: string;
}

/** Renders `result` as `target.format` and writes it to `target.stdout`. */
export async function writeReport(result: MigrateResult, target: ReportTarget): Promise<void> {
  switch (target.format) {
    case "json":
      target.stdout(formatJson(result));
      return;
    // The other formatters load when asked for: the text one brings a diff library, SARIF the rules' metadata.
    case "sarif": {
      const [{ formatSarif }, { sarifToolMetadata }] = await Promise.all([import("./format-sarif.js"), import("./sarif-rule-descriptors.js")]);
      const tool = sarifToolMetadata();
      target.stdout(formatSarif(result, { ...tool, version: packageVersion(), cwd: target.cwd }));
      return;
    }
    case "diff": {
      const { formatPatch } = await import("./format-patch.js");
      const { patch, failures } = formatPatch(result);
      target.stdout(patch);
      if (failures !== "") target.stderr?.(failures);
      return;
    }
    case "text": {
      const { formatText } = await import("./format-text.js");
      target.stdout(
        formatText(result, {
          colors: createColors(target.color),
          diff: target.diff,
          dryRun: target.dryRun,
          check: target.check,
          quiet: target.quiet,
          verbose: target.verbose,
          fixCommand: target.fixCommand,
        }),
      );
    }
  }
}
