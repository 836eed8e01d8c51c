/**
 * `--format sarif`: a SARIF 2.1.0 log for code scanning. The structure is checked
 * against the fields the SARIF 2.1.0 specification requires (and GitHub's upload
 * needs), without fetching the schema.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RULE_DOCS_BASE_URL } from "../../src/analysis/index.js";
import { rules } from "../../rules/index.js";
import { formatSarif, relativeUri } from "../../src/cli/format-sarif.js";
import type { MigrateResult } from "../../src/migrate/types.js";
import { packageVersion } from "../../src/package-version.js";
import { copyFixture, removeCopies, run, snapshotTree } from "./cli-fixture.js";

afterEach(removeCopies);

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn: number } };
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string }; helpUri: string }[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; locations?: SarifLocation[] }[] }[];
    results: SarifResult[];
  }[];
}

/** The required shape of a location that GitHub code scanning can place: a relative URI, 1-based line and column. */
function expectRelativeLocation(location: SarifLocation, withRegion: boolean): void {
  const artifact = location.physicalLocation.artifactLocation;
  expect(artifact.uri).not.toMatch(/^[a-z]+:|^\//u);
  expect(artifact.uriBaseId).toBe("%SRCROOT%");
  if (!withRegion) return;
  const region = location.physicalLocation.region!;
  expect(Number.isInteger(region.startLine) && region.startLine >= 1).toBe(true);
  expect(Number.isInteger(region.startColumn) && region.startColumn >= 1).toBe(true);
}

/** Every field SARIF 2.1.0 requires on the objects this log uses, and the cross references between them. */
function expectValidSarif(log: SarifLog, version = packageVersion()): void {
  expect(log.version).toBe("2.1.0");
  expect(log.$schema).toMatch(/sarif-2\.1\.0/u);
  expect(log.runs).toHaveLength(1);
  const [sarifRun] = log.runs;
  const driver = sarifRun!.tool.driver;
  expect(driver.name).toBe("ws-close-migrate");
  expect(driver.version).toBe(version);
  expect(driver.informationUri).toMatch(/^https:\/\//u);
  for (const rule of driver.rules) {
    expect(rule.id).toMatch(/^ws-close\/[a-z-]+$/u);
    expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    expect(rule.helpUri).toBe(`${RULE_DOCS_BASE_URL}${rule.id.slice("ws-close/".length)}.md`);
  }
  for (const result of sarifRun!.results) {
    expect(["error", "warning"]).toContain(result.level);
    expect(result.message.text.length).toBeGreaterThan(0);
    expect(driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    expect(result.locations).toHaveLength(1);
    expectRelativeLocation(result.locations[0]!, true);
  }
  expect(sarifRun!.invocations).toHaveLength(1);
  for (const notification of sarifRun!.invocations[0]!.toolExecutionNotifications) {
    expect(["error", "warning", "note"]).toContain(notification.level);
    expect(notification.message.text.length).toBeGreaterThan(0);
    for (const location of notification.locations ?? []) expectRelativeLocation(location, false);
  }
}

describe("--format sarif", () => {
  it("declares every plugin rule with its description and documentation URL", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const result = await run(dir, ["--check", "--format", "sarif"]);

    const log = JSON.parse(result.stdout) as SarifLog;
    expectValidSarif(log);
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(Object.keys(rules).map((name) => `ws-close/${name}`));
  });

  it("reports each change as an error and each review item as a warning, located in the file as it was; --check still exits 1", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--check", "--format", "sarif"]);

    expect(result.code).toBe(1);
    expect(await snapshotTree(dir)).toEqual(before);
    const sarifRun = (JSON.parse(result.stdout) as SarifLog).runs[0]!;
    const summary = sarifRun.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return `${r.level} ${r.ruleId} ${artifactLocation.uri}:${region!.startLine}:${region!.startColumn}`;
    });
    expect(summary).toEqual([
      "error ws-close/no-reserved-close-code legacy/src/index.ts:10:7",
      "error ws-close/no-redundant-close src/index.ts:31:5",
      "warning ws-close/no-redundant-close src/index.ts:43:5",
    ]);
    expect(sarifRun.invocations[0]).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
    expect(sarifRun.originalUriBaseIds!["%SRCROOT%"]!.uri).toMatch(/^file:\/\/.*\/$/u);
  });

  it("reports a file that does not parse as an error notification of a failed execution, and exits 2", async () => {
    const dir = await copyFixture();

    const result = await run(dir, ["--check", "--format", "sarif"]);

    expect(result.code).toBe(2);
    const log = JSON.parse(result.stdout) as SarifLog;
    expectValidSarif(log);
    const invocation = log.runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: "error",
        message: { text: expect.stringMatching(/^does not parse, left as it is: src\/broken\.ts:\d+:\d+: /u) },
        locations: [{ physicalLocation: { artifactLocation: { uri: "src/broken.ts", uriBaseId: "%SRCROOT%" } } }],
      },
    ]);
  });
});

describe("formatSarif", () => {
  it("percent-encodes each path segment of an artifact URI", () => {
    expect(relativeUri("my worker/src/100%.ts")).toBe("my%20worker/src/100%25.ts");
  });

  it("reports skipped files as notes and run warnings as warnings", () => {
    const result: MigrateResult = {
      wrote: false,
      tempFiles: { removed: [], left: [] },
      warnings: ["@cloudflare/workers-types 4.20250101.0 is older than 4.20260312.1"],
      files: [
        {
          path: "src/a.ts",
          absolutePath: "/p/src/a.ts",
          status: "skipped",
          mode: "unknown",
          config: "wrangler.toml",
          modeSource: "no compatibility_date found in wrangler.toml",
          migrations: [],
          changes: [],
          needsReview: [],
          skipReason: "no compatibility_date found in wrangler.toml",
        },
      ],
    };

    const log = JSON.parse(formatSarif(result, { version: "1.0.0", informationUri: "https://example.com", rules: [], cwd: "/p" })) as SarifLog;

    expectValidSarif(log, "1.0.0");
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.level)).toEqual(["note", "warning"]);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });
});
