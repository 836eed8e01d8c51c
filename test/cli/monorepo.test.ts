/**
 * `ws-close-migrate` on a copy of `fixtures/cli/monorepo`: two Workers on
 * either side of 2026-04-07 share `packages/shared/src/socket.ts` (through a
 * tsconfig `paths` alias with a `.js` specifier, and through a directory
 * import). The shared file is `mixed`, so its reply stays; `--explain` says why.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, run } from "./cli-fixture.js";
import { clearGitHookEnvironment, git } from "./git-fixture.js";
import type { FileModeExplanation } from "../../src/cli/explain-file-mode.js";
import { formatExplanation } from "../../src/cli/format-explain.js";

const MONOREPO = path.join(REPO_ROOT, "fixtures/cli/monorepo");
const SHARED_ECHO = "    server.close(event.code, event.reason);";

const copies: string[] = [];
afterEach(async () => {
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyMonorepo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-migrate-monorepo-"));
  copies.push(dir);
  await cp(MONOREPO, dir, { recursive: true });
  return dir;
}

const read = (dir: string, file: string) => readFile(path.join(dir, file), "utf8");

interface JsonFile {
  path: string;
  status: string;
  mode: string | null;
  config: string | null;
}

describe("migrating a monorepo", () => {
  it("gives each file the modes of the Workers that import it", async () => {
    const dir = await copyMonorepo();
    const { code, stdout } = await run(dir, ["--check", "--format", "json"]);
    const files = (JSON.parse(stdout) as { files: JsonFile[] }).files;
    const modes = Object.fromEntries(files.map((file) => [file.path, file.mode]));

    expect(code).toBe(1);
    expect(modes).toEqual({
      "packages/shared/src/index.ts": "manual",
      "packages/shared/src/orphan.ts": "unknown",
      "packages/shared/src/socket.ts": "mixed",
      "workers/chat/src/handlers/index.ts": "auto",
      "workers/chat/src/index.ts": "auto",
      "workers/chat/src/room.ts": "auto",
      "workers/chat/src/stats.ts": "auto",
      "workers/chat/src/unused.ts": "auto",
      "workers/legacy/src/index.ts": "manual",
    });
  });

  it("keeps the reply in the shared file (guarded) and removes it where only the new date applies", async () => {
    const dir = await copyMonorepo();
    const { code, stdout } = await run(dir, []);

    expect(code).toBe(0);
    const shared = await read(dir, "packages/shared/src/socket.ts");
    expect(shared).toContain(SHARED_ECHO.replace("    ", "      "));
    expect(shared).toContain("if (event.code === 1005) {");
    expect(await read(dir, "workers/chat/src/handlers/index.ts")).not.toContain("server.close(");
    expect(stdout).toMatch(
      /^Imported by 2 Workers · mixed mode \(compatibility_date 2026-05-01 in workers\/chat\/wrangler\.jsonc \(auto\); workers\/legacy\/wrangler\.toml: .*\) · 1 file\n✔ changed {2}packages\/shared\/src\/socket\.ts$/mu,
    );
    expect(stdout).toMatch(/^workers\/chat\/wrangler\.jsonc · auto mode \(compatibility_date 2026-05-01\) · 5 files\n✔ changed {2}workers\/chat\/src\/handlers\/index\.ts$/mu);
  });

  it("finds the Workers under every path given, and above them", async () => {
    const dir = await copyMonorepo();
    const alone = await run(dir, ["--check", "--format", "json", "packages/shared/src/socket.ts"]);
    const withWorkers = await run(dir, ["--check", "--format", "json", "packages/shared/src/socket.ts", "workers"]);
    const modeOf = (stdout: string) =>
      (JSON.parse(stdout) as { files: JsonFile[] }).files.find((file) => file.path === "packages/shared/src/socket.ts")?.mode;

    // No Worker under packages/, and no config above it: nothing tells the file's mode.
    expect(modeOf(alone.stdout)).toBe("unknown");
    expect(modeOf(withWorkers.stdout)).toBe("mixed");
  });

  it("--staged still sees every Worker under the paths that import a staged shared file", async () => {
    clearGitHookEnvironment();
    const dir = await copyMonorepo();
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "monorepo");
    await writeFile(path.join(dir, "packages/shared/src/socket.ts"), `${await read(dir, "packages/shared/src/socket.ts")}// edited\n`);
    git(dir, "add", "packages/shared/src/socket.ts");

    const { stdout } = await run(dir, ["--check", "--staged", "--format", "json"]);
    const files = (JSON.parse(stdout) as { files: JsonFile[] }).files;

    expect(files.map((file) => [file.path, file.mode])).toEqual([["packages/shared/src/socket.ts", "mixed"]]);
  });

  it("fails the files of a broken Worker config, and the auto files that Worker might import too", async () => {
    const dir = await copyMonorepo();
    await writeFile(path.join(dir, "workers/legacy/wrangler.toml"), 'main = "src/index.ts"\ncompatibility_date = \n');
    const before = await read(dir, "packages/shared/src/socket.ts");
    const { code, stdout } = await run(dir, ["--format", "json"]);
    const files = (JSON.parse(stdout) as { files: (JsonFile & { error?: string })[] }).files;
    const status = Object.fromEntries(files.map((file) => [file.path, file.status]));

    expect(code).toBe(2);
    expect(status["workers/legacy/src/index.ts"]).toBe("failed");
    // Reached from chat alone it would be auto, and lose the reply legacy may need.
    expect(status["packages/shared/src/socket.ts"]).toBe("failed");
    expect(files.find((file) => file.path === "packages/shared/src/socket.ts")?.error).toContain("whether that Worker also imports");
    expect(await read(dir, "packages/shared/src/socket.ts")).toBe(before);

    // The text report heads them with the broken config: its own file, then those its Worker may import.
    const text = (await run(dir, ["--check"])).stdout;
    expect(text).toMatch(/^Broken config · workers\/legacy\/wrangler\.toml:2:\d+\n {2}Not valid TOML here, .*\n {2}Skipped 1 file: workers\/legacy\/src\/index\.ts\n {2}Skipped \d+ files its Worker may import .*: packages\/shared\/src\/socket\.ts, /mu);
  });

  it("still migrates a manual file when a Worker that might import it is broken: its edits hold in both modes", async () => {
    const dir = await copyMonorepo();
    await writeFile(path.join(dir, "workers/chat/wrangler.jsonc"), '{ "main": "src/index.ts", ');
    const { code, stdout } = await run(dir, ["--format", "json"]);
    const files = (JSON.parse(stdout) as { files: JsonFile[] }).files;
    const byPath = Object.fromEntries(files.map((file) => [file.path, file]));

    expect(code).toBe(2);
    expect(byPath["workers/chat/src/handlers/index.ts"]?.status).toBe("failed");
    expect(byPath["packages/shared/src/socket.ts"]).toMatchObject({ status: "changed", mode: "manual" });
    expect(await read(dir, "packages/shared/src/socket.ts")).toContain("if (event.code === 1005) {");
  });
});

describe("--explain", () => {
  it("names the first five Workers searched and the number of all of them (JSON lists every one)", () => {
    const workersSearched = Array.from({ length: 7 }, (_, index) => `workers/w${index}/wrangler.jsonc`);
    const explanation: FileModeExplanation = {
      file: "src/a.ts",
      mode: "unknown",
      modeSource: "no compatibility_date found",
      decidedBy: "nearest-config",
      workersSearched,
      workers: [],
      nearestConfig: null,
      overrides: {},
      brokenConfigs: [],
    };

    expect(formatExplanation(explanation).split("\n")[1]).toBe(`  Workers searched: ${workersSearched.slice(0, 5).join(", ")}, … (7 in all)`);
    expect(formatExplanation({ ...explanation, workersSearched: workersSearched.slice(0, 5) }).split("\n")[1]).toBe(
      `  Workers searched: ${workersSearched.slice(0, 5).join(", ")}`,
    );
  });

  it("names the Workers that reach a shared file, their import chains, environments and the result", async () => {
    const dir = await copyMonorepo();
    const { code, stdout, stderr } = await run(dir, ["--explain", "packages/shared/src/socket.ts"]);

    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("packages/shared/src/socket.ts: mixed mode");
    expect(lines).toContain("  Workers searched: workers/chat/wrangler.jsonc, workers/legacy/wrangler.toml");
    expect(lines).toContain("  Decided by the imports of 2 Workers (followed from each Worker's main):");
    expect(lines).toContain("  Worker chat (workers/chat/wrangler.jsonc): auto");
    expect(lines).toContain("    imports: workers/chat/src/index.ts → workers/chat/src/room.ts → packages/shared/src/socket.ts");
    expect(lines).toContain(
      "    top level: compatibility_date 2026-05-01, compatibility_flags none → auto (date on or after 2026-04-07)",
    );
    expect(lines).toContain("  Worker legacy (workers/legacy/wrangler.toml): manual");
    expect(lines).toContain("    main:    workers/legacy/src/index.ts");
    expect(lines).toContain("    imports: workers/legacy/src/index.ts → packages/shared/src/index.ts → packages/shared/src/socket.ts");
    expect(lines).toContain(
      "    [env.staging]: compatibility_date 2025-09-15 (from the top level), compatibility_flags web_socket_manual_reply_to_close → manual (flag web_socket_manual_reply_to_close)",
    );
    expect(lines).toContain("  Overrides: none");
    expect(stdout).toMatch(/^ {2}Result: mixed: .*close replies are kept/mu);
  });

  it("says when the nearest config decides, and shows the overrides", async () => {
    const dir = await copyMonorepo();
    const { code, stdout } = await run(dir, ["--explain", "workers/chat/src/unused.ts", "--compatibility-date", "2025-01-01"]);

    expect(code).toBe(0);
    expect(stdout).toContain("workers/chat/src/unused.ts: manual mode");
    expect(stdout).toContain("  No Worker's main imports this file: the nearest config decides, workers/chat/wrangler.jsonc:");
    expect(stdout).toContain("    top level: compatibility_date 2025-01-01 (override), compatibility_flags none → manual (date before 2026-04-07)");
    expect(stdout).toContain("  Overrides: --compatibility-date 2025-01-01 (replacing every environment's date)");
  });

  it("prints the explanation as JSON with --format json", async () => {
    const dir = await copyMonorepo();
    const { code, stdout } = await run(dir, ["--explain", "packages/shared/src/orphan.ts", "--format", "json"]);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      file: "packages/shared/src/orphan.ts",
      mode: "unknown",
      decidedBy: "nearest-config",
      workers: [],
      nearestConfig: null,
      workersSearched: ["workers/chat/wrangler.jsonc", "workers/legacy/wrangler.toml"],
    });
  });

  it("exits 2 for a missing file, and for a file whose config is broken", async () => {
    const dir = await copyMonorepo();
    expect((await run(dir, ["--explain", "nope.ts"])).code).toBe(2);

    await writeFile(path.join(dir, "workers/chat/wrangler.jsonc"), '{ "main": "src/index.ts", ');
    const broken = await run(dir, ["--explain", "workers/chat/src/unused.ts"]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/Error: \S*workers\/chat\/wrangler\.jsonc:1:\d+: Not valid JSONC here/u);
  });
});
