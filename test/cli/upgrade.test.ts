/**
 * `ws-close-migrate upgrade --to DATE` on copies of `fixtures/cli/chat-worker`
 * (top level on 2026-05-01, its `legacy/` Worker on 2025-09-15).
 */
import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  ECHO_LINE,
  FIXTURE,
  LEGACY_ECHO_LINE,
  LEGACY_ECHO_LINE_NUMBER,
  copyFixture,
  expectedGuardedLegacyIndex,
  expectedMigratedIndex,
  read,
  removeCopies,
  run,
  snapshotTree,
} from "./cli-fixture.js";

afterEach(removeCopies);

const LEGACY_CONFIG = "legacy/wrangler.json";

/** `legacy/src/index.ts` once its echo is gone: every other byte kept. */
async function legacyIndexWithoutEcho(): Promise<string> {
  const lines = (await readFile(path.join(FIXTURE, "legacy/src/index.ts"), "utf8")).split("\n");
  expect(lines[LEGACY_ECHO_LINE_NUMBER - 1]).toBe(LEGACY_ECHO_LINE);
  lines.splice(LEGACY_ECHO_LINE_NUMBER - 1, 1);
  return lines.join("\n");
}

async function fixtureText(file: string): Promise<string> {
  return readFile(path.join(FIXTURE, file), "utf8");
}

function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after)
    .filter((file) => before[file] !== after[file])
    .sort();
}

describe("upgrade --to", () => {
  it("bumps legacy/ to 2026-05-01, then removes its now-redundant echo (and the top level's), touching nothing else", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const result = await run(dir, ["upgrade", "--to", "2026-05-01"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(await read(dir, LEGACY_CONFIG)).toBe((await fixtureText(LEGACY_CONFIG)).replace('"2025-09-15"', '"2026-05-01"'));
    expect(await read(dir, "wrangler.jsonc")).toBe(await fixtureText("wrangler.jsonc"));
    expect(await read(dir, "legacy/src/index.ts")).toBe(await legacyIndexWithoutEcho());
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
    expect(changedFiles(before, await snapshotTree(dir))).toEqual(["legacy/src/index.ts", LEGACY_CONFIG, "src/index.ts"]);
  });

  it("prints the bump, every WebSocket flag it crosses with its date and consequence, and the code it migrated", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const { stdout } = await run(dir, ["upgrade", "--to", "2026-05-01"]);

    expect(stdout).toContain(`✔ bumped  ${LEGACY_CONFIG}\n  compatibility_date 2025-09-15 → 2026-05-01\n`);
    expect(stdout).toMatch(/^ {2}crosses 2026-03-03 {2}websocket_close_reason_byte_limit: close\(\) with a reason longer than 123 UTF-8 bytes throws SyntaxError/mu);
    expect(stdout).toMatch(/^ {2}crosses 2026-04-07 {2}web_socket_auto_reply_to_close: standard-API sockets get the runtime's Close reply/mu);
    expect(stdout).toContain("· unchanged  wrangler.jsonc  (already 2026-05-01)");
    expect(stdout).toContain("2 configs: 1 changed, 1 unchanged\n");
    expect(stdout).toContain("legacy/wrangler.json · auto mode (compatibility_date 2026-05-01) · 1 file\n✔ changed  legacy/src/index.ts\n");
  });

  it("crosses only the flags between the old and the new date", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const { stdout, code } = await run(dir, ["upgrade", "--to", "2026-03-03", "legacy"]);
    expect(code).toBe(0);
    expect(stdout).toContain("websocket_close_reason_byte_limit");
    expect(stdout).not.toContain("crosses 2026-04-07");
    // Still before 2026-04-07: the echo is required, so it is guarded, not removed.
    expect(await read(dir, "legacy/src/index.ts")).toBe(await expectedGuardedLegacyIndex());
  });

  it("skips a crossed flag the config already decides with compatibility_flags, and says so", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const config = `{\n  "name": "chat-worker-legacy",\n  "main": "src/index.ts",\n  "compatibility_date": "2025-09-15",\n  "compatibility_flags": ["web_socket_manual_reply_to_close"]\n}\n`;
    await writeFile(path.join(dir, LEGACY_CONFIG), config);

    const { stdout, code } = await run(dir, ["upgrade", "--to", "2026-05-01", "legacy"]);

    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^ {2}skips {3}2026-04-07 {2}web_socket_auto_reply_to_close in top level: compatibility_flags lists web_socket_manual_reply_to_close, so the date changes nothing \(it stays off\)$/mu,
    );
    expect(stdout).not.toMatch(/crosses 2026-04-07/u);
    expect(await read(dir, LEGACY_CONFIG)).toBe(config.replace("2025-09-15", "2026-05-01"));
    // Manual mode still: the echo stays, guarded.
    expect(await read(dir, "legacy/src/index.ts")).toBe(await expectedGuardedLegacyIndex());
  });

  it("refuses to move a date backwards: exit 2, nothing written", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);
    const { stdout, code } = await run(dir, ["upgrade", "--to", "2026-01-01"]);
    expect(code).toBe(2);
    expect(stdout).toContain("✖ refused  wrangler.jsonc\n  compatibility_date 2026-05-01 is later than 2026-01-01; upgrade never moves a date backwards");
    expect(stdout).toContain("Nothing was written");
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("rejects an invalid or missing --to with exit 2", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const invalid = await run(dir, ["upgrade", "--to", "2026-02-30"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('--to must be a real date written YYYY-MM-DD, got "2026-02-30"');
    const missing = await run(dir, ["upgrade"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--to <YYYY-MM-DD>' not specified");
  });

  it("ends with 2 when a source file fails, after writing the rest", async () => {
    const dir = await copyFixture();
    const { code, stdout } = await run(dir, ["upgrade", "--to", "2026-05-01"]);
    expect(code).toBe(2);
    expect(stdout).toContain("✖ failed  src/broken.ts");
    expect(await read(dir, "legacy/src/index.ts")).toBe(await legacyIndexWithoutEcho());
  });
});

describe("upgrade --dry-run and --check", () => {
  it("--dry-run writes nothing and shows the config diff and the code diff for the new date", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const { stdout, code } = await run(dir, ["upgrade", "--to", "2026-05-01", "--dry-run"]);

    expect(code).toBe(0);
    expect(await snapshotTree(dir)).toEqual(before);
    expect(stdout).toContain(
      `--- a/${LEGACY_CONFIG}\n+++ b/${LEGACY_CONFIG}\n@@ -1,5 +1,5 @@\n {\n   "name": "chat-worker-legacy",\n   "main": "src/index.ts",\n-  "compatibility_date": "2025-09-15"\n+  "compatibility_date": "2026-05-01"\n }\n`,
    );
    expect(stdout).toContain("legacy/wrangler.json · auto mode (the compatibilityDate override 2026-05-01) · 1 file\n→ would change  legacy/src/index.ts\n");
    expect(stdout).toContain(`\n-${LEGACY_ECHO_LINE}\n`);
    expect(stdout).toContain(`\n-${ECHO_LINE}\n`);
    expect(stdout).toContain("→ would bump  legacy/wrangler.json");
  });

  it("--check exits 1 while the upgrade would change something, 0 once it is done, and writes nothing", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);
    const check = await run(dir, ["upgrade", "--to", "2026-05-01", "--check"]);
    expect(check.code).toBe(1);
    // It fails the check: marked as a failure, not with a green ✔.
    expect(check.stdout).toContain("✖ would bump  legacy/wrangler.json");
    expect(check.stdout).not.toContain("✔");
    expect(await snapshotTree(dir)).toEqual(before);

    expect((await run(dir, ["upgrade", "--to", "2026-05-01"])).code).toBe(0);
    expect((await run(dir, ["upgrade", "--to", "2026-05-01", "--check"])).code).toBe(0);
  });

  it("--check exits 1 when only a config would change", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    await run(dir, ["upgrade", "--to", "2026-05-01"]);
    expect((await run(dir, ["upgrade", "--to", "2026-06-01", "--check"])).code).toBe(1);
  });
});

describe("upgrade on TOML and JSON output", () => {
  const TOML = `# A Worker with environments
name = "rooms"
main = "src/index.ts"
compatibility_date = "2025-12-01" # top level

[env.staging]
compatibility_date = "2026-03-10"
route = { pattern = "staging.example.com/*", zone_name = "example.com" }

[env.production]
vars = { MODE = "prod" }
`;

  it("bumps the top level and [env.staging] in place and lists the flags per environment", async () => {
    // The legacy Worker alone, with a TOML config (in the fixture, the parent's wrangler.jsonc would win over it, docs/runtime-behaviour.md#which-wrangler-config-governs-a-file).
    const dir = await copyFixture({ withoutBroken: true });
    await rm(path.join(dir, "wrangler.jsonc"));
    await rm(path.join(dir, LEGACY_CONFIG));
    await writeFile(path.join(dir, "legacy/wrangler.toml"), TOML);

    const { stdout, code } = await run(dir, ["upgrade", "--to", "2026-04-07", "legacy", "--format", "json"]);

    expect(code, stdout).toBe(0);
    expect(await read(dir, "legacy/wrangler.toml")).toBe(TOML.replace('"2025-12-01"', '"2026-04-07"').replace('"2026-03-10"', '"2026-04-07"'));
    const report = JSON.parse(stdout) as {
      to: string;
      written: boolean;
      configs: { path: string; status: string; written: boolean; dates: unknown[]; crossedFlags: { environment: string | null; flag: string; defaultOnFrom: string }[] }[];
      files: { path: string; status: string }[];
    };
    expect(report.to).toBe("2026-04-07");
    expect(report.written).toBe(true);
    expect(report.configs).toHaveLength(1);
    const config = report.configs[0]!;
    expect(config).toMatchObject({ path: "legacy/wrangler.toml", status: "changed", written: true });
    expect(config.dates).toEqual([
      { environment: null, from: "2025-12-01", to: "2026-04-07" },
      { environment: "staging", from: "2026-03-10", to: "2026-04-07" },
    ]);
    expect(config.crossedFlags.map((crossed) => [crossed.environment, crossed.flag])).toEqual([
      [null, "websocket_close_reason_byte_limit"],
      [null, "web_socket_auto_reply_to_close"],
      ["staging", "web_socket_auto_reply_to_close"],
      ["production", "websocket_close_reason_byte_limit"],
      ["production", "web_socket_auto_reply_to_close"],
    ]);
    expect(report.files).toContainEqual(expect.objectContaining({ path: "legacy/src/index.ts", status: "changed", written: true }));

    const again = JSON.parse((await run(dir, ["upgrade", "--to", "2026-04-07", "legacy", "--format", "json", "--dry-run"])).stdout) as typeof report;
    expect(again.written).toBe(false);
    expect(again.configs[0]).toMatchObject({ status: "unchanged", written: false });
  });
});

describe("upgrade in a git work tree", () => {
  const git = (dir: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
      stdio: "pipe",
    });

  it("refuses to write over uncommitted changes unless --force; --dry-run is exempt", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "fixture");
    await writeFile(path.join(dir, "src/plain.ts"), "export const edited = true;\n");
    // Without .git/: `git status` may refresh the index file.
    const workTree = async () => Object.fromEntries(Object.entries(await snapshotTree(dir)).filter(([file]) => !file.startsWith(".git/")));
    const before = await workTree();

    const refused = await run(dir, ["upgrade", "--to", "2026-05-01"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to write");
    expect(await workTree()).toEqual(before);

    expect((await run(dir, ["upgrade", "--to", "2026-05-01", "--dry-run"])).code).toBe(0);
    expect(await workTree()).toEqual(before);

    expect((await run(dir, ["upgrade", "--to", "2026-05-01", "--force"])).code).toBe(0);
    expect(await read(dir, LEGACY_CONFIG)).toContain('"compatibility_date": "2026-05-01"');
  });
});
