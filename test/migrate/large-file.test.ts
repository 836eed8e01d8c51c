/**
 * A very large file (issue 14, item 7): the built CLI (`npm run build` first)
 * migrates a generated 5 MB TypeScript file whose one Worker WebSocket handler
 * echoes the peer's close, in auto mode. The echo's line goes, and every other
 * byte stays as it was. The run's wall time and peak memory are printed, never
 * asserted: `npm run bench:large-file` measures them against the targets.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { ECHO_LINE, LARGE_FILE_NAME, writeLargeFileProject } from "../../bench/generate-large-file.mjs";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = path.join(REPO_ROOT, "dist/src/cli/bin.js");
const SIZE = 5 * 1024 * 1024;

// Outside any git work tree, so that the CLI writes without `--force`.
const scratch = mkdtempSync(path.join(os.tmpdir(), "ws-close-large-file-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** The child's own peak resident set size, in kilobytes (`process.resourceUsage().maxRSS` at its exit). */
  peakRssKb: number;
}

/** Runs the built CLI in a child process, its peak memory reported by a preloaded exit hook. */
function runBin(args: readonly string[]): Promise<Run> {
  const hook = path.join(scratch, "max-rss.cjs");
  const rssFile = path.join(scratch, "max-rss.txt");
  writeFileSync(hook, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const env = { ...process.env, NO_COLOR: "1", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${hook}`.trim() };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
        wallMs: performance.now() - started,
        peakRssKb: existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) : Number.NaN,
      });
    });
  });
}

it("removes the one echo of a 5 MB file and leaves every other byte as it was", { timeout: 300_000 }, async () => {
  expect(existsSync(BIN), "run `npm run build` first").toBe(true);
  const project = path.join(scratch, "project");
  const { file, text, echoStart, echoEnd } = writeLargeFileProject({ dir: project, bytes: SIZE });
  const input = readFileSync(file);
  // ASCII: the text's offsets are byte offsets.
  expect(input.length).toBe(text.length);
  expect(input.subarray(echoStart, echoEnd).toString()).toBe(ECHO_LINE);

  const run = await runBin([project, "--format", "json"]);
  console.log(
    `ws-close-migrate on a ${(input.length / 1024 / 1024).toFixed(1)} MB file: ${(run.wallMs / 1000).toFixed(2)} s wall, ` +
      `${Math.round(run.peakRssKb / 1024)} MB peak RSS`,
  );
  expect(run.code, run.stderr).toBe(0);

  const report = JSON.parse(run.stdout) as { files: Array<{ path: string; status: string; changes: Array<{ ruleId: string; line: number }> }> };
  const migrated = report.files.find((entry) => entry.path.endsWith(LARGE_FILE_NAME));
  expect(migrated?.status).toBe("changed");
  const echoLine = text.slice(0, echoStart).split("\n").length;
  expect(migrated?.changes.map((change) => [change.ruleId, change.line])).toEqual([["ws-close/no-redundant-close", echoLine]]);

  const output = readFileSync(file);
  expect(output.length).toBe(input.length - ECHO_LINE.length);
  // Before the echo's line and after it, byte for byte.
  expect(sha256(output.subarray(0, echoStart))).toBe(sha256(input.subarray(0, echoStart)));
  expect(sha256(output.subarray(echoStart))).toBe(sha256(input.subarray(echoEnd)));
});
