/**
 * The built executable (`dist/src/cli/bin.js`, made by `npm run build`, which
 * `npm test` runs first): its shebang entry runs the CLI and sets the exit code.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { ANSI, REPO_ROOT, copyFixture, expectedMigratedIndex, read, removeCopies, snapshotTree } from "./cli-fixture.js";

const execFileAsync = promisify(execFile);
const BIN = path.join(REPO_ROOT, "dist/src/cli/bin.js");

afterEach(removeCopies);

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

async function runBin(args: readonly string[], cwd: string): Promise<Exit> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failure.code !== "number") throw error;
    return { code: failure.code, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
}

describe("dist/src/cli/bin.js", () => {
  it("starts with a node shebang", async () => {
    expect((await read(REPO_ROOT, "dist/src/cli/bin.js")).startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("--check exits 1, then 0 after a real run, with the directory passed as a path", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const check = await runBin(["--check", dir], REPO_ROOT);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("would change");
    expect(check.stdout).not.toMatch(ANSI);
    expect(await snapshotTree(dir)).toEqual(before);

    const migrate = await runBin([dir], REPO_ROOT);
    expect(migrate.code).toBe(0);
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());

    expect((await runBin(["--check", dir], REPO_ROOT)).code).toBe(0);
  });

  it("exits 2 when a file does not parse", async () => {
    const dir = await copyFixture();
    const result = await runBin(["--check", "."], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("✖ failed  src/broken.ts");
  });
});
