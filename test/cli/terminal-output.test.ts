/**
 * Output for people: the text report grouped by outcome and then by Worker
 * config, plain when piped or under NO_COLOR, and a progress bar drawn only on
 * a terminal for long runs.
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { shouldUseColor } from "../../src/cli/color-support.js";
import { createProgressReporter, PROGRESS_BAR_MIN_FILES, type ProgressStream } from "../../src/cli/progress-bar.js";
import { runCli } from "../../src/cli/run-cli.js";
import { ANSI, REPO_ROOT, copyFixture, removeCopies, run } from "./cli-fixture.js";

const execFileAsync = promisify(execFile);
const BIN = path.join(REPO_ROOT, "dist/src/cli/bin.js");

afterEach(removeCopies);

/** A stream that records what is written to it, and claims to be a terminal when `isTTY`. */
class RecordingStream extends Writable {
  written = "";
  columns = 100;
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.written += chunk.toString();
    callback();
  }
}

/** A project of one Worker and `count` small modules without WebSocket code. */
async function manyFilesProject(count: number): Promise<string> {
  const dir = await copyFixture({ withoutBroken: true });
  await mkdir(path.join(dir, "src/many"), { recursive: true });
  for (let index = 0; index < count; index++) {
    await writeFile(path.join(dir, `src/many/module-${index}.ts`), `export const value${index} = ${index};\n`);
  }
  return dir;
}

async function runWithProgressStream(cwd: string, argv: string[], stream: ProgressStream): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    color: false,
    cwd,
    progressStream: stream,
  });
  return { code, stdout, stderr };
}

describe("the grouped text report", () => {
  it("groups files by the config that governs them and its mode, in config order, and ends with the summary and the fix", async () => {
    const { stdout } = await run(await copyFixture(), ["--check"]);

    const headers = stdout.split("\n").filter((line) => / · /u.test(line));
    expect(headers).toEqual([
      "legacy/wrangler.json · manual mode (compatibility_date 2025-09-15) · 1 file",
      "wrangler.jsonc · auto mode (compatibility_date 2026-05-01) · 3 files",
    ]);
    // The failed file sits in its config's group, in path order.
    expect(stdout).toMatch(/^wrangler\.jsonc · .*\n✖ failed {2}src\/broken\.ts\n/mu);
    expect(stdout.trimEnd().split("\n").slice(-2)).toEqual([
      "4 files: 2 would change, 1 unchanged, 1 failed, 1 has findings to review (nothing written)",
      "Fix with: npx ws-close-migrate",
    ]);
  });

  it("lists the files skipped for want of a compatibility date under their config, with what to do", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    await writeFile(path.join(dir, "legacy/wrangler.json"), '{ "name": "legacy", "main": "src/index.ts" }\n');
    await writeFile(path.join(dir, "legacy/src/util.ts"), "export const answer = 42;\n");

    const { stdout } = await run(dir, ["--check", "legacy"]);

    expect(stdout).toMatch(/^legacy\/wrangler\.json · unknown mode \(no compatibility_date found\) · 2 files$/mu);
    expect(stdout).toContain(
      "! skipped the date-dependent migrations for 1 file: pass --compatibility-date or set compatibility_date in the wrangler config\n  legacy/src/util.ts\n",
    );
  });

  it("never prints file(s) or another (s) plural, in any kind of run", async () => {
    for (const argv of [["--check"], ["--dry-run"], ["--check", "--quiet"], ["--check", "--verbose"], []]) {
      const { stdout, stderr } = await run(await copyFixture(), argv);
      expect(stdout + stderr, argv.join(" ")).not.toContain("(s)");
    }
  });

  it("under --check marks the files that fail it red, and prints no green ✔", async () => {
    const { stdout } = await run(await copyFixture({ withoutBroken: true }), ["--check"], true);

    expect(stdout).toContain("\u001b[31m✖ would change");
    expect(stdout).not.toContain("✔");
    expect(stdout).not.toContain("\u001b[32m");
  });
});

describe("colour", () => {
  it("is off under NO_COLOR, whatever else is set, and with TERM=dumb; FORCE_COLOR turns it on when piped", () => {
    expect(shouldUseColor({ NO_COLOR: "1" }, true)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: "" }, true)).toBe(true);
    expect(shouldUseColor({ TERM: "dumb" }, true)).toBe(false);
    expect(shouldUseColor({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: "0" }, true)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: "0" }, false)).toBe(false);
    expect(shouldUseColor({}, true)).toBe(true);
    expect(shouldUseColor({}, false)).toBe(false);
  });

  it("the built CLI prints no ANSI codes when piped, even with FORCE_COLOR, once NO_COLOR is set", async () => {
    const dir = await copyFixture();
    const env = { ...process.env, FORCE_COLOR: "1", NO_COLOR: "1" };
    const failure = await execFileAsync(process.execPath, [BIN, "--dry-run"], { cwd: dir, env }).catch((error: { stdout: string; stderr: string }) => error);

    expect(failure.stdout).toContain("wrangler.jsonc · auto mode");
    expect(failure.stdout + failure.stderr).not.toMatch(ANSI);
  });

  it("the built CLI colours piped output under FORCE_COLOR without NO_COLOR", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "1" };
    delete env.NO_COLOR;
    const { stdout } = await execFileAsync(process.execPath, [BIN, "--dry-run"], { cwd: dir, env });

    expect(stdout).toMatch(ANSI);
  });
});

describe("the progress bar", () => {
  it(`is drawn on a terminal for more than ${PROGRESS_BAR_MIN_FILES} files, and cleared before the report`, async () => {
    const dir = await manyFilesProject(PROGRESS_BAR_MIN_FILES + 1);
    const terminal = new RecordingStream(true);

    const result = await runWithProgressStream(dir, ["--check"], terminal);

    expect(result.code).toBe(1);
    expect(terminal.written).toContain(`/${PROGRESS_BAR_MIN_FILES + 4} files`);
    expect(result.stdout).not.toContain("files |");
    expect(result.stdout).toContain(`${PROGRESS_BAR_MIN_FILES + 4} files: 2 would change`);
  });

  it("is never drawn when the stream is not a terminal", async () => {
    const dir = await manyFilesProject(PROGRESS_BAR_MIN_FILES + 1);
    const pipe = new RecordingStream(false);

    const result = await runWithProgressStream(dir, ["--check"], pipe);

    expect(result.code).toBe(1);
    expect(pipe.written).toBe("");
    expect(result.stderr).toBe("");
  });

  it(`is not drawn for ${PROGRESS_BAR_MIN_FILES} files or fewer, even on a terminal`, () => {
    const terminal = new RecordingStream(true);
    const reporter = createProgressReporter(terminal);
    for (let done = 0; done <= PROGRESS_BAR_MIN_FILES; done++) reporter.update(done, PROGRESS_BAR_MIN_FILES);
    reporter.stop();

    expect(terminal.written).toBe("");
  });

  it("stays off the built CLI's piped stderr on a long run", async () => {
    const dir = await manyFilesProject(PROGRESS_BAR_MIN_FILES + 1);

    const failure = await execFileAsync(process.execPath, [BIN, "--check"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    expect(failure.stderr).toBe("");
    expect(failure.stdout).toContain(`${PROGRESS_BAR_MIN_FILES + 4} files`);
  });
});
