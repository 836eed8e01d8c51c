/**
 * `--format sarif`: the run as a SARIF 2.1.0 log for code scanning (GitHub's
 * `upload-sarif`, and any SARIF viewer). Spec: OASIS "Static Analysis Results
 * Interchange Format (SARIF) Version 2.1.0", sections 3.13 (sarifLog), 3.14 (run),
 * 3.19 (toolComponent), 3.27 (result), 3.49 (reportingDescriptor), 3.58 (notification).
 *
 * Levels: a rewrite the tool made or would make (`changes`) is an `error`: the
 * code is wrong for its compatibility date until the fix lands, and `--check`
 * fails on it; a finding left for review (`needsReview`) is a `warning`. A file
 * that could not be migrated is a tool execution notification of level `error`
 * (it is not a finding about the code), a skipped file one of level `note`,
 * and a run warning (old `@cloudflare/workers-types`) one of level `warning`.
 */
import { pathToFileURL } from "node:url";
import type { FileChange, FileResult, MigrateResult } from "../migrate/types.js";

export const SARIF_VERSION = "2.1.0";
/** The schema SARIF 2.1.0 logs name (never fetched by this tool). */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** Artifact URIs are relative to this base, which `originalUriBaseIds` maps to the working directory. */
export const SARIF_SOURCE_ROOT = "%SRCROOT%";

export type SarifLevel = "error" | "warning" | "note";

/** SARIF §3.49: what the log says about one rule. */
export interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration?: { level: SarifLevel };
}

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: string };
    region?: { startLine: number; startColumn: number };
  };
}

/** What `formatSarif` needs besides the result. */
export interface SarifReportOptions {
  /** The tool's version (package.json). */
  version: string;
  /** The project's home page. */
  informationUri: string;
  /** The rules to declare (see `loadSarifToolMetadata`). */
  rules: readonly SarifReportingDescriptor[];
  /** The directory the files' relative paths start from (the working directory). */
  cwd: string;
}

/** A relative `/`-separated path as a relative URI reference: each segment percent-encoded. */
export function relativeUri(relativePath: string): string {
  return relativePath.split("/").map(encodeURIComponent).join("/");
}

function fileLocation(file: FileResult, change?: FileChange): SarifLocation {
  return {
    physicalLocation: {
      artifactLocation: { uri: relativeUri(file.path), uriBaseId: SARIF_SOURCE_ROOT },
      ...(change ? { region: { startLine: change.line, startColumn: change.column } } : {}),
    },
  };
}

/**
 * Renders the SARIF log: one run, the tool (`ws-close-migrate`, its version, home page and every rule), one
 * result per change (`error`) and per review item (`warning`), located by relative URI, 1-based line and
 * 1-based column in UTF-16 code units, in the file as it was before the rewrite.
 *
 * @returns the JSON text, ending with a newline.
 */
export function formatSarif(result: MigrateResult, options: SarifReportOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const toResult = (file: FileResult, change: FileChange, level: SarifLevel) => ({
    ruleId: change.ruleId,
    ...(ruleIndex.has(change.ruleId) ? { ruleIndex: ruleIndex.get(change.ruleId)! } : {}),
    level,
    message: { text: change.message },
    locations: [fileLocation(file, change)],
  });
  const results = result.files.flatMap((file) => [
    ...file.changes.map((change) => toResult(file, change, "error")),
    ...file.needsReview.map((change) => toResult(file, change, "warning")),
  ]);
  const notifications = [
    ...result.files
      .filter((file) => file.status === "failed" || file.status === "skipped")
      .map((file) => ({
        level: (file.status === "failed" ? "error" : "note") satisfies SarifLevel,
        message: { text: file.status === "failed" ? (file.error ?? "could not be migrated") : `skipped: ${file.skipReason ?? "no reason given"}` },
        locations: [fileLocation(file)],
      })),
    ...result.warnings.map((warning) => ({ level: "warning" satisfies SarifLevel, message: { text: warning } })),
  ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: "ws-close-migrate",
            version: options.version,
            informationUri: options.informationUri,
            rules: options.rules,
          },
        },
        originalUriBaseIds: { [SARIF_SOURCE_ROOT]: { uri: `${pathToFileURL(options.cwd).href.replace(/\/?$/u, "/")}` } },
        invocations: [
          {
            executionSuccessful: !result.files.some((file) => file.status === "failed"),
            toolExecutionNotifications: notifications,
          },
        ],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
