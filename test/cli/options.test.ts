/**
 * `ws-close-migrate` options that replace the configs, invalid command lines,
 * `--help` and `--list`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli/exit-codes.js";
import { usageErrorLine } from "../../src/cli/usage-error.js";
import { copyFixture, read, removeCopies, run, snapshotTree } from "./cli-fixture.js";

afterEach(removeCopies);

interface JsonReport {
  files: {
    path: string;
    mode: string | null;
    config: string | null;
    changes: { ruleId: string; message: string }[];
    needsReview: unknown[];
    error?: string;
  }[];
}

function parse(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

/** The rule ids of each file's applied changes, by path. */
function changedRules(report: JsonReport): Record<string, string[]> {
  return Object.fromEntries(report.files.map((file) => [file.path, file.changes.map((change) => change.ruleId)]));
}

/** The paths whose bytes differ between two snapshots, sorted. */
function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after)
    .filter((file) => before[file] !== after[file])
    .sort();
}

describe("overrides", () => {
  it("--compatibility-date 2025-01-01 makes every file manual: nothing removed, only the echoes guarded", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--format", "json", "--compatibility-date", "2025-01-01"]);

    expect(result.code).toBe(0);
    const report = parse(result.stdout);
    expect(report.files).toHaveLength(3);
    for (const file of report.files) {
      expect(file.mode, file.path).toBe("manual");
      expect(file.needsReview, file.path).toEqual([]);
    }
    // The replies are required in manual mode: no-redundant-close removes nothing; the echoes of a received code are guarded.
    expect(changedRules(report)).toEqual({
      "legacy/src/index.ts": ["ws-close/no-reserved-close-code"],
      "src/index.ts": ["ws-close/no-reserved-close-code"],
      "src/plain.ts": [],
    });
    expect(changedFiles(before, await snapshotTree(dir))).toEqual(["legacy/src/index.ts", "src/index.ts"]);
    expect(await read(dir, "src/index.ts")).toContain('    server.close(4000, "bye");\n');
  });

  it("--compatibility-flag web_socket_manual_reply_to_close makes every file manual", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--format", "json", "--compatibility-flag", "web_socket_manual_reply_to_close"]);

    expect(result.code).toBe(0);
    const report = parse(result.stdout);
    for (const file of report.files) expect(file.mode, file.path).toBe("manual");
    expect(changedRules(report)).toEqual({
      "legacy/src/index.ts": ["ws-close/no-reserved-close-code"],
      "src/index.ts": ["ws-close/no-reserved-close-code"],
      "src/plain.ts": [],
    });
    expect(changedFiles(before, await snapshotTree(dir))).toEqual(["legacy/src/index.ts", "src/index.ts"]);
  });

  it("--compatibility-date 2026-05-01 wins over legacy/wrangler.json and says so", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const result = await run(dir, ["--format", "json", "--dry-run", "--compatibility-date", "2026-05-01"]);

    const legacy = parse(result.stdout).files.find((file) => file.path === "legacy/src/index.ts")!;
    expect(legacy.mode).toBe("auto");
    expect(legacy.changes).toHaveLength(1);
    expect(legacy.changes[0]!.message).toContain("(auto: --compatibility-date 2026-05-01).");
  });

  it("--compatibility-flag is repeatable: both auto and manual flags are an invalid configuration, nothing written", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const result = await run(dir, [
      "--compatibility-flag",
      "web_socket_auto_reply_to_close",
      "--compatibility-flag",
      "web_socket_manual_reply_to_close",
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: --compatibility-flag web_socket_auto_reply_to_close and web_socket_manual_reply_to_close contradict each other",
    );
    expect(result.stdout).toBe("");
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

describe("invalid command lines exit 2 and write nothing", () => {
  it("--compatibility-date 2026-13-45", async () => {
    const dir = await copyFixture();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--compatibility-date", "2026-13-45"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --compatibility-date must be a real date written YYYY-MM-DD, got "2026-13-45" (see ws-close-migrate --help)\n');
    expect(result.stdout).toBe("");
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("a path that does not exist", async () => {
    const dir = await copyFixture();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["src", "no-such-dir"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: No such file or directory: no-such-dir\n");
    expect(result.stdout).toBe("");
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("an unknown --format", async () => {
    const dir = await copyFixture();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--format", "xml"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif, diff. (see ws-close-migrate --help)\n",
    );
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

describe("an invalid command line prints one error line that points at --help, and no help", () => {
  const cases: [string, string[], string][] = [
    ["an unknown option", ["--frob"], "error: unknown option '--frob' (see ws-close-migrate --help)\n"],
    ["a misspelt option, with commander's guess", ["--forse"], "error: unknown option '--forse'; did you mean --force? (see ws-close-migrate --help)\n"],
    ["an option without its value", ["--shard"], "error: option '--shard <i/n>' argument missing (see ws-close-migrate --help)\n"],
    ["a bad --shard", ["--shard", "3/2"], 'error: --shard must be i/n with 1 ≤ i ≤ n (for example 2/4), got "3/2" (see ws-close-migrate --help)\n'],
    ["upgrade without --to", ["upgrade"], "error: required option '--to <YYYY-MM-DD>' not specified (see ws-close-migrate upgrade --help)\n"],
    ["an unknown option of upgrade", ["upgrade", "--to", "2026-05-01", "--frob"], "error: unknown option '--frob' (see ws-close-migrate upgrade --help)\n"],
    ["merge without reports", ["merge"], "error: missing required argument 'reports' (see ws-close-migrate merge --help)\n"],
  ];
  for (const [what, argv, line] of cases) {
    it(what, async () => {
      const dir = await copyFixture();
      const before = await snapshotTree(dir);

      const result = await run(dir, argv);

      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toBe(line);
      expect(result.stdout).toBe("");
      expect(await snapshotTree(dir)).toEqual(before);
    });
  }

  it("joins a message of several lines into one", () => {
    expect(usageErrorLine("error: first\n  second\n", "ws-close-migrate")).toBe("error: first second (see ws-close-migrate --help)\n");
  });
});

describe("--help and --list", () => {
  it("--help documents the exit codes", async () => {
    const result = await run(await copyFixture(), ["--help"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: ws-close-migrate [options] [paths...]");
    expect(result.stdout).toContain("--compatibility-flag <flag>");
    expect(result.stdout).toMatch(/^Exit codes:\n {2}0 {2}done; with --check: nothing would change\n {2}1 {2}--check only: a file would change, or has a defect to fix by hand\n {2}2 {2}a file could not be migrated/mu);
  });

  it("--list lists auto-reply-to-close and writes nothing", async () => {
    const dir = await copyFixture();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--list"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^auto-reply-to-close {2}.*web_socket_auto_reply_to_close, default from 2026-04-07; modes: auto, mixed\)$/mu);
    expect(result.stdout).toMatch(/^reserved-close-code {2}Guard close\(\) calls .*\(every compatibility date; modes: auto, manual, mixed, unknown\)$/mu);
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

describe("--timings", () => {
  it("prints every phase and the wall total on stderr, and leaves the report and the files as they were", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);
    const plain = await run(dir, ["--dry-run", "--format", "json", "."]);
    const timed = await run(dir, ["--dry-run", "--format", "json", "--timings", "."]);
    expect(timed.code).toBe(plain.code);
    expect(parse(timed.stdout)).toEqual(parse(plain.stdout));
    expect(plain.stderr).not.toContain("phase timings");
    const lines = timed.stderr.slice(timed.stderr.indexOf("phase timings")).trimEnd().split("\n").slice(1);
    const phases = lines.map((line) => /^ {2}(.+?) +(\d+) ms +(\d+)%$/u.exec(line));
    expect(phases.every((match) => match !== null), timed.stderr).toBe(true);
    expect(phases.map((match) => match![1])).toEqual(["walk", "read", "syntax check", "configs", "import graph", "cross-module", "parse", "analysis", "write", "report", "total (wall)"]);
    const ms = Object.fromEntries(phases.map((match) => [match![1], Number(match![2])]));
    // The fixture's files pass the prefilter and are parsed; a dry run writes nothing.
    expect(ms.parse).toBeGreaterThan(0);
    expect(ms.write).toBe(0);
    expect(ms["total (wall)"]).toBeGreaterThanOrEqual(ms.walk! + ms.read! + ms.configs!);
    expect(await snapshotTree(dir)).toEqual(before);
  });
});
