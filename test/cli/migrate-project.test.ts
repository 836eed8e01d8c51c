/**
 * `ws-close-migrate` on a copy of `fixtures/cli/chat-worker`: what it writes,
 * what it prints, and what it leaves alone.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTempProject } from "../support/temp-project.js";
import {
  ANSI,
  ECHO_LINE,
  FIXTURE,
  HAND_FIX_GATEWAY_SOURCE,
  IGNORED_ECHO_SOURCE,
  IGNORED_FILES,
  LEGACY_ECHO_LINE,
  copyFixture,
  expectedGuardedLegacyIndex,
  expectedMigratedIndex,
  read,
  removeCopies,
  run,
  snapshotTree,
} from "./cli-fixture.js";

afterEach(removeCopies);

const CUSTOM_CLOSE = `    server.close(4000, "bye");`;

describe("default run", () => {
  it("removes the redundant echo from src/index.ts, guards the echo of the manual-mode legacy/src/index.ts, and nothing else", async () => {
    const dir = await copyFixture();
    const before = await snapshotTree(dir);

    const result = await run(dir, []);

    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
    expect(await read(dir, "legacy/src/index.ts")).toBe(await expectedGuardedLegacyIndex());
    const after = await snapshotTree(dir);
    const changedFiles = Object.keys(before).filter((file) => before[file] !== after[file]);
    expect(changedFiles.sort()).toEqual(["legacy/src/index.ts", "src/index.ts"]);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    // broken.ts is reported, so the run ends with 2 even though it wrote the other file.
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
  });

  it("prints the path, the mode, the config file and line:col of each change", async () => {
    const dir = await copyFixture();
    const { stdout } = await run(dir, []);

    expect(stdout).toMatch(/^wrangler\.jsonc · auto mode \(compatibility_date 2026-05-01\) · 3 files\n(?:.*\n)*?✔ changed {2}src\/index\.ts\n/mu);
    expect(stdout).toMatch(/^ {2}31:5 {2}removed {2}ws-close\/no-redundant-close$/mu);
    expect(stdout).toMatch(/^ {6}`server\.close\(event\.code, event\.reason\)` does nothing: .*\(auto: wrangler\.jsonc 2026-05-01\)\.$/mu);
    expect(stdout).toContain("legacy/wrangler.json · manual mode (compatibility_date 2025-09-15) · 1 file\n✔ changed  legacy/src/index.ts\n");
    expect(stdout).toMatch(/^ {2}10:7 {2}guarded {2}ws-close\/no-reserved-close-code$/mu);
    expect(stdout).toMatch(/^ {6}`server\.close\(event\.code, event\.reason\)` throws InvalidAccessError on any date when `event\.code` is 1005, 1006 or 1015/mu);
    expect(stdout).toContain("4 files: 2 changed, 1 unchanged, 1 failed, 1 has findings to review\n");
  });

  it("reports the custom close(4000, \"bye\") for review and keeps it", async () => {
    const dir = await copyFixture();
    const { stdout } = await run(dir, []);

    expect(stdout).toMatch(/^ {2}43:5 {2}review {2}ws-close\/no-redundant-close$/mu);
    expect(stdout).toMatch(/^ {6}`server\.close\(4000, "bye"\)` is never sent: /mu);
    const migrated = await read(dir, "src/index.ts");
    expect(migrated).toContain(`${CUSTOM_CLOSE}\n`);
    expect(migrated).not.toContain(ECHO_LINE);
  });

  it("prints plain text without ANSI codes when color is off, and colours when on", async () => {
    const plain = await run(await copyFixture(), ["--dry-run"]);
    expect(plain.stdout).not.toMatch(ANSI);
    const colored = await run(await copyFixture(), ["--dry-run"], true);
    expect(colored.stdout).toMatch(ANSI);
  });

  it("leaves a file that does not parse byte for byte, reports it, and still migrates the rest", async () => {
    const dir = await copyFixture();
    const original = await read(dir, "src/broken.ts");

    const result = await run(dir, []);

    expect(await read(dir, "src/broken.ts")).toBe(original);
    expect((await snapshotTree(dir))["src/broken.ts"]).toBe((await snapshotTree(FIXTURE))["src/broken.ts"]);
    expect(result.stdout).toMatch(/^✖ failed {2}src\/broken\.ts\n {2}does not parse, left as it is: src\/broken\.ts:\d+:\d+: /mu);
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
    expect(result.code).toBe(2);
  });

  it("keeps the reply of the manual-mode Worker under legacy/, guarded so that it cannot throw", async () => {
    const dir = await copyFixture();
    const original = await read(dir, "legacy/src/index.ts");
    expect(original).toContain(`${LEGACY_ECHO_LINE}\n`);

    const { stdout } = await run(dir, []);

    const migrated = await read(dir, "legacy/src/index.ts");
    expect(migrated).toBe(await expectedGuardedLegacyIndex());
    expect(migrated).toContain("server.close(event.code, event.reason);");
    // The file's block in the report: its header and the indented lines under it.
    const block = /^✔ changed {2}legacy\/src\/index\.ts.*\n(?:(?: .*)?\n)*/mu.exec(stdout)?.[0] ?? "";
    expect(block).toMatch(/^ {2}10:7 {2}guarded {2}ws-close\/no-reserved-close-code$/mu);
    expect(block).not.toContain("no-redundant-close");
  });

  it("is idempotent: a second run changes nothing", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    expect((await run(dir, [])).code).toBe(0);
    const once = await snapshotTree(dir);

    const second = await run(dir, []);

    expect(second.code).toBe(0);
    expect(await snapshotTree(dir)).toEqual(once);
    expect(second.stdout.trimEnd().split("\n").at(-1)).toBe("3 files: 3 unchanged, 1 has findings to review");
  });
});

describe("--dry-run", () => {
  it("writes nothing and prints a unified diff", async () => {
    const dir = await copyFixture();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--dry-run"]);

    expect(await snapshotTree(dir)).toEqual(before);
    expect(result.stdout).toMatch(/^wrangler\.jsonc · auto mode \(compatibility_date 2026-05-01\) · 3 files\n(?:.*\n)*?→ would change {2}src\/index\.ts\n/mu);
    // The finding, then the hunk that covers its line.
    expect(result.stdout).toMatch(/^ {2}31:5 {2}would remove {2}ws-close\/no-redundant-close\n {6}.*\n@@ -28,7 \+28,6 @@\n/mu);
    expect(result.stdout).toContain(`\n-${ECHO_LINE}\n`);
    expect(result.stdout).not.toMatch(/^-.*close\(4000/mu);
    expect(result.stdout).toContain("(nothing written)");
    expect(result.code).toBe(2);
  });
});

describe("--check", () => {
  it("exits 1 and writes nothing when a file would change", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--check"]);

    expect(result.code).toBe(1);
    expect(await snapshotTree(dir)).toEqual(before);
    expect(result.stdout).toContain("would change  src/index.ts");
    // --check alone prints no diff.
    expect(result.stdout).not.toContain("--- a/src/index.ts");
  });

  it("exits 0 once a real run has migrated the tree", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    expect((await run(dir, ["--check"])).code).toBe(1);

    expect((await run(dir, [])).code).toBe(0);

    const check = await run(dir, ["--check"]);
    expect(check.code).toBe(0);
    // The custom close(4000) is left for review: it does not fail the check.
    expect(check.stdout.trimEnd().split("\n").at(-1)).toBe("3 files: 3 unchanged, 1 has findings to review");
  });

  it("exits 1 on a proxy leg it cannot make half-open safely, although nothing would change", async () => {
    const dir = createTempProject("ws-close-check-action-").root;
    await writeFile(path.join(dir, "wrangler.jsonc"), '{ "main": "gateway.ts", "compatibility_date": "2026-05-01" }\n');
    // Half-open, the forwarded close would carry the client's reply, and a try/catch on one line leaves no place for its guard.
    await writeFile(
      path.join(dir, "gateway.ts"),
      HAND_FIX_GATEWAY_SOURCE,
    );
    const check = await run(dir, ["--check", "--format", "json"]);
    const [file] = (JSON.parse(check.stdout) as { files: { status: string; needsReview: { ruleId: string; actionRequired?: true }[] }[] }).files;
    expect(file!.status).toBe("unchanged");
    expect(file!.needsReview.map((change) => [change.ruleId, change.actionRequired])).toEqual([
      ["ws-close/require-allow-half-open", true],
      ["ws-close/no-reserved-close-code", undefined],
    ]);
    expect(check.code).toBe(1);
  });

  it("exits 2 when a file does not parse, even though another would change", async () => {
    const dir = await copyFixture();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--check"]);

    expect(result.code).toBe(2);
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

interface JsonReport {
  files: {
    path: string;
    mode: string | null;
    config: string | null;
    changes: { ruleId: string; line: number; column: number; message: string }[];
    needsReview: { ruleId: string; line: number; column: number; message: string }[];
    error?: string;
  }[];
}

describe("--format json", () => {
  it("prints one JSON document with every walked file", async () => {
    const dir = await copyFixture();
    const result = await run(dir, ["--format", "json"]);

    const report = JSON.parse(result.stdout) as JsonReport;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    expect(report.files.map((file) => file.path)).toEqual(["legacy/src/index.ts", "src/broken.ts", "src/index.ts", "src/plain.ts"]);

    const byPath = new Map(report.files.map((file) => [file.path, file]));
    const index = byPath.get("src/index.ts")!;
    expect(index).toMatchObject({ mode: "auto", config: "wrangler.jsonc" });
    expect(index.error).toBeUndefined();
    expect(index.changes).toEqual([
      { ruleId: "ws-close/no-redundant-close", line: 31, column: 5, message: expect.stringMatching(/\(auto: wrangler\.jsonc 2026-05-01\)/u) },
    ]);
    expect(index.needsReview).toEqual([
      { ruleId: "ws-close/no-redundant-close", line: 43, column: 5, message: expect.stringContaining('server.close(4000, "bye")') },
    ]);

    const broken = byPath.get("src/broken.ts")!;
    expect(broken.error).toMatch(/^does not parse, left as it is: src\/broken\.ts:\d+:\d+: /u);
    expect(broken.changes).toEqual([]);

    expect(byPath.get("legacy/src/index.ts")).toMatchObject({
      mode: "manual",
      config: "legacy/wrangler.json",
      changes: [{ ruleId: "ws-close/no-reserved-close-code", line: 10, column: 7, message: expect.stringContaining("when `event.code` is 1005, 1006 or 1015") }],
      needsReview: [],
    });
    expect(byPath.get("legacy/src/index.ts")!.error).toBeUndefined();
    expect(byPath.get("src/plain.ts")).toMatchObject({ mode: "auto", config: "wrangler.jsonc", changes: [] });

    // Not a dry run: the change is written.
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
  });

  it("with --dry-run reports the same changes and writes nothing", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--format", "json", "--dry-run"]);

    expect(result.code).toBe(0);
    expect(await snapshotTree(dir)).toEqual(before);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.files.find((file) => file.path === "src/index.ts")!.changes).toHaveLength(1);
  });
});

describe("files the walk skips", () => {
  it("never touches node_modules, .wrangler, dist or gitignored files, and leaves them out of the report", async () => {
    const dir = await copyFixture();
    const result = await run(dir, ["--format", "json"]);

    const paths = (JSON.parse(result.stdout) as JsonReport).files.map((file) => file.path);
    for (const file of IGNORED_FILES) {
      expect(await read(dir, file)).toBe(IGNORED_ECHO_SOURCE);
      expect(paths).not.toContain(file);
    }
    expect(paths.some((p) => /node_modules|\.wrangler|dist\/|generated\//u.test(p))).toBe(false);
  });

  it("would migrate each skipped file when it is named directly (so the skip is the walk's doing)", async () => {
    const dir = await copyFixture();
    for (const file of IGNORED_FILES) {
      const result = await run(dir, ["--check", file]);
      expect(result.code, file).toBe(1);
    }
  });

  it("honours the project's root .gitignore when walking a subdirectory of a git repository", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    await mkdir(path.join(dir, ".git"));
    await mkdir(path.join(dir, "src/generated"));
    await writeFile(path.join(dir, "src/generated/out.ts"), IGNORED_ECHO_SOURCE);

    const result = await run(dir, ["--format", "json", "src"]);

    const paths = (JSON.parse(result.stdout) as JsonReport).files.map((file) => file.path);
    expect(paths).toEqual(["src/index.ts", "src/plain.ts"]);
    expect(await read(dir, "src/generated/out.ts")).toBe(IGNORED_ECHO_SOURCE);
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
  });

  it("still walks a gitignored directory the user names", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    await mkdir(path.join(dir, ".git"));

    const result = await run(dir, ["--check", "--format", "json", "generated"]);

    expect((JSON.parse(result.stdout) as JsonReport).files.map((file) => file.path)).toEqual(["generated/out.ts"]);
    expect(result.code).toBe(1);
  });
});
