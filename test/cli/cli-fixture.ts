/**
 * Helpers of the CLI suites: a fresh temporary copy of `fixtures/cli/chat-worker`
 * per test, an in-process `runCli` with captured output, and a byte snapshot of
 * a whole tree.
 */
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/run-cli.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURE = path.join(REPO_ROOT, "fixtures/cli/chat-worker");

/** The redundant echo the migration removes from `src/index.ts` (line 31, column 5). */
export const ECHO_LINE = "    server.close(event.code, event.reason);";
export const ECHO_LINE_NUMBER = 31;

/** The echo in the manual-mode Worker `legacy/src/index.ts` (line 10, column 7): required there, but it throws on 1005, 1006 and 1015. */
export const LEGACY_ECHO_LINE = "      server.close(event.code, event.reason);";
export const LEGACY_ECHO_LINE_NUMBER = 10;

/** What `ws-close/no-reserved-close-code` puts in place of `LEGACY_ECHO_LINE`. */
export const LEGACY_GUARDED_ECHO = [
  "      if (event.code === 1005) {",
  "        server.close();",
  "      } else if (event.code !== 1006 && event.code !== 1015) {",
  "        server.close(event.code, event.reason);",
  "      }",
];

/** A Worker module with a redundant echo, for the directories the CLI must never walk into. */
export const IGNORED_ECHO_SOURCE = `export function attach(server) {
  server.accept();
  server.addEventListener("close", (event) => {
    server.close(event.code, event.reason);
  });
}
`;

/**
 * Files the walk must skip. They cannot be committed in the fixture (the
 * repository's `.gitignore` ignores `node_modules/` and `dist/`), so each test
 * writes them into its copy. `generated/` is ignored by the fixture's own `.gitignore`.
 */
/**
 * A proxy (2026-05-01) whose client leg cannot be made half-open safely: its forwarded close sits in a
 * try/catch on one line, which leaves no place for a guard. A hand fix; nothing is rewritten.
 */
export const HAND_FIX_GATEWAY_SOURCE = `export default {
  async fetch(): Promise<Response> {
    const backend = (await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } })).webSocket!;
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    backend.accept({ allowHalfOpen: true });
    server.addEventListener("close", (e) => { try { backend.close(e.code, e.reason); } catch {} });
    backend.addEventListener("close", () => server.close());
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

export const IGNORED_FILES = ["node_modules/some-lib/index.js", ".wrangler/tmp/bundle.js", "dist/index.js", "generated/out.ts"] as const;

const tempDirs: string[] = [];

export interface CopyOptions {
  /** Leave `src/broken.ts` out of the copy (for `--check` exit codes 0 and 1). */
  withoutBroken?: boolean;
}

/** Copies the fixture to a fresh temporary directory and adds the ignored files. */
export async function copyFixture(options: CopyOptions = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-migrate-cli-"));
  tempDirs.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  for (const file of IGNORED_FILES) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), IGNORED_ECHO_SOURCE);
  }
  if (options.withoutBroken) await rm(path.join(dir, "src/broken.ts"));
  return dir;
}

/** Removes every directory `copyFixture` made (call from `afterEach`). */
export async function removeCopies(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd`. */
export async function run(cwd: string, argv: readonly string[], color = false): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color,
    cwd,
  });
  return { code, stdout, stderr };
}

/** SHA-256 of every file under `dir`, dot directories and `node_modules` included, by relative path. */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, absolute).split(path.sep).join("/");
    snapshot[relative] = createHash("sha256").update(await readFile(absolute)).digest("hex");
  }
  return snapshot;
}

export function read(dir: string, file: string): Promise<string> {
  return readFile(path.join(dir, file), "utf8");
}

/** `src/index.ts` of the fixture as the migration must leave it: the echo line gone, every other byte kept. */
export async function expectedMigratedIndex(): Promise<string> {
  const lines = (await readFile(path.join(FIXTURE, "src/index.ts"), "utf8")).split("\n");
  if (lines[ECHO_LINE_NUMBER - 1] !== ECHO_LINE) throw new Error(`fixture changed: line ${ECHO_LINE_NUMBER} of src/index.ts is not the echo`);
  lines.splice(ECHO_LINE_NUMBER - 1, 1);
  return lines.join("\n");
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/u;

/** `legacy/src/index.ts` of the fixture as every run leaves it: the echo guarded, every other byte kept. */
export async function expectedGuardedLegacyIndex(): Promise<string> {
  const lines = (await readFile(path.join(FIXTURE, "legacy/src/index.ts"), "utf8")).split("\n");
  if (lines[LEGACY_ECHO_LINE_NUMBER - 1] !== LEGACY_ECHO_LINE) {
    throw new Error(`fixture changed: line ${LEGACY_ECHO_LINE_NUMBER} of legacy/src/index.ts is not the echo`);
  }
  lines.splice(LEGACY_ECHO_LINE_NUMBER - 1, 1, ...LEGACY_GUARDED_ECHO);
  return lines.join("\n");
}
