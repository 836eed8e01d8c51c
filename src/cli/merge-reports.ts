/**
 * `ws-close-migrate merge`: the JSON or SARIF reports of the shards of a run
 * (`--shard i/n` on each machine of a CI matrix) merged into the report one
 * run over every file prints. A run orders its files by path and its warnings
 * by text, so the merge only has to interleave: files by path, warnings and
 * temp files deduplicated and sorted, interrupted files summed.
 */


import { compareText } from "../migrate/report-order.js";

/** Thrown when the inputs cannot be merged; the message names the report and why. */
export class MergeReportsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MergeReportsError";
  }
}

interface JsonReport {
  /** Absent in the reports of versions before it. */
  written?: boolean;
  files: Array<{ path: string } & Record<string, unknown>>;
  warnings: string[];
  tempFiles: { removed: string[]; left: string[] };
  interrupted?: { filesNotMigrated: number };
}

interface SarifLog {
  $schema?: string;
  version: string;
  runs: Array<{
    results: Array<{ locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }> }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }>;
  } & Record<string, unknown>>;
}

interface SarifNotification {
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }>;
  message: { text: string };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

/** A SARIF relative URI back to the path a run sorted by (each segment percent-decoded). */
function pathOfUri(uri: string | undefined): string {
  return (uri ?? "").split("/").map(decodeURIComponent).join("/");
}

function mergeJson(reports: readonly JsonReport[], names: readonly string[]): string {
  const seen = new Map<string, string>();
  const files = reports.flatMap((report, index) =>
    report.files.map((file) => {
      const other = seen.get(file.path);
      if (other !== undefined) throw new MergeReportsError(`${file.path} is in both ${other} and ${names[index]}: were they made with the same --shard?`);
      seen.set(file.path, names[index]!);
      return file;
    }),
  );
  files.sort((a, b) => compareText(a.path, b.path));
  const filesNotMigrated = reports.reduce((sum, report) => sum + (report.interrupted?.filesNotMigrated ?? 0), 0);
  const interrupted = reports.some((report) => report.interrupted) ? { interrupted: { filesNotMigrated } } : {};
  const merged = {
    // Written when any shard wrote a file.
    written: reports.some((report) => report.written === true),
    files,
    warnings: unique(reports.flatMap((report) => report.warnings)),
    tempFiles: {
      removed: unique(reports.flatMap((report) => report.tempFiles.removed)),
      left: unique(reports.flatMap((report) => report.tempFiles.left)),
    },
    ...interrupted,
  };
  return `${JSON.stringify(merged, null, 2)}\n`;
}

function mergeSarif(logs: readonly SarifLog[]): string {
  const runs = logs.map((log) => log.runs[0]!);
  const byPath = <T extends { locations?: SarifNotification["locations"] }>(items: T[]): T[] =>
    items
      .map((item, order) => ({ item, order, path: pathOfUri(item.locations?.[0]?.physicalLocation?.artifactLocation?.uri) }))
      .sort((a, b) => compareText(a.path, b.path) || a.order - b.order)
      .map(({ item }) => item);
  const notifications = runs.flatMap((run) => run.invocations[0]!.toolExecutionNotifications);
  const located = byPath(notifications.filter((notification) => notification.locations));
  const warnings = new Map<string, SarifNotification>();
  for (const notification of notifications.filter((candidate) => !candidate.locations)) warnings.set(notification.message.text, notification);
  const run = {
    ...runs[0]!,
    invocations: [
      {
        ...runs[0]!.invocations[0]!,
        executionSuccessful: runs.every((candidate) => candidate.invocations[0]!.executionSuccessful),
        toolExecutionNotifications: [...located, ...[...warnings.keys()].sort(compareText).map((text) => warnings.get(text)!)],
      },
    ],
    results: byPath(runs.flatMap((candidate) => candidate.results)),
  };
  return `${JSON.stringify({ ...logs[0]!, runs: [run] }, null, 2)}\n`;
}

/**
 * @param reports the reports' texts, each with a name for messages (its path).
 * @returns the merged report's text, in the reports' format.
 * @throws MergeReportsError when there is no report, one is neither a `--format json` nor a `--format sarif`
 *   report of this tool, the formats differ, or two reports hold the same file.
 */
export function mergeReports(reports: ReadonlyArray<{ name: string; text: string }>): string {
  if (reports.length === 0) throw new MergeReportsError("no report to merge");
  const parsed = reports.map(({ name, text }) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new MergeReportsError(`${name} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const object = value as Partial<JsonReport & SarifLog>;
    if (object && typeof object === "object" && object.version === "2.1.0" && Array.isArray(object.runs) && object.runs.length === 1) return { kind: "sarif" as const, value: object as SarifLog };
    if (object && typeof object === "object" && Array.isArray(object.files) && Array.isArray(object.warnings) && object.tempFiles) return { kind: "json" as const, value: object as JsonReport };
    throw new MergeReportsError(`${name} is neither a --format json nor a --format sarif report of ws-close-migrate`);
  });
  const kinds = new Set(parsed.map((report) => report.kind));
  if (kinds.size > 1) throw new MergeReportsError("the reports mix --format json and --format sarif");
  const names = reports.map((report) => report.name);
  return parsed[0]!.kind === "json"
    ? mergeJson(parsed.map((report) => report.value as JsonReport), names)
    : mergeSarif(parsed.map((report) => report.value as SarifLog));
}
