/**
 * Bad input on purpose, through the built executable on real temp trees (README "Safety"): symbolic
 * links into another Worker and in loops, files that are not UTF-8, read-only files and unreadable
 * directories (as an unprivileged user when the tests run as root), an interrupt during a burst of
 * writes, temp files left by a killed run, and the rule for which files a walk takes. Every case
 * asserts by hash that no byte changed where none may.
 */
import { execFile, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./cli-fixture.js";

const BIN = path.join(REPO_ROOT, "dist/src/cli/bin.js");
/** `nobody` on Debian, which the tests become when they run as root (root may read and write anything). */
const UNPRIVILEGED = { uid: 65534, gid: 65534 };
const AS_ROOT = process.getuid?.() === 0;
/**
 * Whether `nobody` can run the built CLI from this checkout (its directories must be world-readable,
 * as a clone under /work or /home is). Root may read and write anything, so without it the
 * permission case cannot be shown and is skipped, saying so.
 */
const UNPRIVILEGED_CAN_RUN =
  !AS_ROOT ||
  spawnSync(process.execPath, [BIN, "--version"], { ...UNPRIVILEGED, cwd: os.tmpdir(), timeout: 20_000 }).status === 0;

const ECHO_LINE = "    server.close(event.code, event.reason);\n";
/** A Worker module whose echo reply `auto` mode removes (and `manual` mode keeps, guarded). */
const attachSource = (name: string) =>
  `export function ${name}(server: WebSocket) {\n  server.accept();\n  server.addEventListener("close", (event) => {\n    console.log("closed");\n${ECHO_LINE}  });\n}\n`;
/** What `auto` mode makes of `attachSource(name)`: the echo goes. */
const attachMigrated = (name: string) => attachSource(name).replace(ECHO_LINE, "");
/** A reply `manual` mode requires, already guarded: nothing to change there. */
const LEGACY_SOURCE = `export function attach(server: WebSocket) {
  server.accept();
  server.addEventListener("close", (event) => {
    if (event.code === 1005) {
      server.close();
    } else if (event.code !== 1006 && event.code !== 1015) {
      server.close(event.code, event.reason);
    }
  });
}
`;

const tempDirs: string[] = [];
afterEach(async () => {
  for (const dir of tempDirs.splice(0)) {
    // Undo the chmods of the permission tests so that the tree can be removed.
    await chmodTree(dir).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodTree(path.join(dir, entry.name));
  }
}

/** A temp tree from `{ relative path: text or bytes }`, directories made as needed. */
async function makeTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-safety-"));
  tempDirs.push(dir);
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await writeFile(path.join(dir, relative), content);
  }
  return dir;
}

const AUTO_CONFIG = '{ "compatibility_date": "2026-05-01", "main": "src/index.ts" }\n';
const LEGACY_CONFIG = '{ "compatibility_date": "2025-09-15", "main": "src/index.ts" }\n';

async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

/** Every file under `dir` (links as links, by their target) with the hash of its bytes. */
async function hashTree(dir: string, relative = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(path.join(dir, relative), { withFileTypes: true })) {
    const name = path.posix.join(relative, entry.name);
    if (entry.isSymbolicLink()) out[name] = `link`;
    else if (entry.isDirectory()) Object.assign(out, await hashTree(dir, name));
    else out[name] = await sha256(path.join(dir, name));
  }
  return out;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI in `cwd`, killed after `timeoutMs` (a hang fails the test instead of stalling
 * the suite); as `nobody` when `unprivileged` and the tests run as root.
 */
function runBin(args: readonly string[], cwd: string, options: { timeoutMs?: number; unprivileged?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        env: { ...process.env, NO_COLOR: "1" },
        timeout: options.timeoutMs ?? 20_000,
        maxBuffer: 64 * 1024 * 1024,
        ...(options.unprivileged && AS_ROOT ? UNPRIVILEGED : {}),
      },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: unknown; signal?: NodeJS.Signals | null; killed?: boolean }) | null;
        if (failure?.killed) reject(new Error(`the CLI did not finish within ${options.timeoutMs ?? 20_000} ms: ${stderr}`));
        else if (failure && typeof failure.code !== "number" && !failure.signal) reject(failure);
        else resolve({ code: failure ? ((failure.code as number | undefined) ?? null) : 0, signal: failure?.signal ?? null, stdout, stderr });
      },
    );
  });
}

interface JsonFile {
  path: string;
  status: string;
  mode: string | null;
  config: string | null;
  skipReason?: string;
  error?: string;
}
interface JsonReport {
  files: JsonFile[];
  tempFiles: { removed: string[]; left: string[] };
  interrupted?: { filesNotMigrated: number };
}

function report(run: Run): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

function byPath(run: Run): Record<string, JsonFile> {
  return Object.fromEntries(report(run).files.map((file) => [file.path, file]));
}

describe("symbolic links", () => {
  async function twoWorkers(): Promise<string> {
    const dir = await makeTree({
      "auto/wrangler.jsonc": AUTO_CONFIG,
      "auto/src/index.ts": attachSource("attach"),
      "legacy/wrangler.jsonc": LEGACY_CONFIG,
      "legacy/src/index.ts": LEGACY_SOURCE,
    });
    await symlink("../../legacy/src/index.ts", path.join(dir, "auto/src/linked.ts"));
    return dir;
  }

  it("never rewrites another Worker's file through a link, and says the link was skipped", async () => {
    const dir = await twoWorkers();
    const legacyHash = await sha256(path.join(dir, "legacy/src/index.ts"));

    const run = await runBin(["--format", "json", "auto"], dir);
    expect(run.code).toBe(0);
    const files = byPath(run);
    expect(files["auto/src/index.ts"]?.status).toBe("changed");
    expect(files["auto/src/linked.ts"]).toMatchObject({ status: "skipped", skipReason: expect.stringContaining("symbolic link, not followed") });
    expect(await sha256(path.join(dir, "legacy/src/index.ts"))).toBe(legacyHash);
    expect((await lstat(path.join(dir, "auto/src/linked.ts"))).isSymbolicLink()).toBe(true);

    // Named on the command line, a link is skipped the same way.
    const named = await runBin(["--format", "json", "auto/src/linked.ts"], dir);
    expect(report(named).files).toEqual([expect.objectContaining({ path: "auto/src/linked.ts", status: "skipped" })]);
    expect(await sha256(path.join(dir, "legacy/src/index.ts"))).toBe(legacyHash);
  });

  it("with --follow-symlinks, takes the target at its real path, under its own Worker's date", async () => {
    const dir = await twoWorkers();
    const legacyHash = await sha256(path.join(dir, "legacy/src/index.ts"));
    const run = await runBin(["--follow-symlinks", "--format", "json", "auto"], dir);
    expect(run.code).toBe(0);
    const files = byPath(run);
    expect(Object.keys(files).sort()).toEqual(["auto/src/index.ts", "legacy/src/index.ts"]);
    expect(files["legacy/src/index.ts"]).toMatchObject({ status: "unchanged", mode: "manual", config: "legacy/wrangler.jsonc" });
    expect(await sha256(path.join(dir, "legacy/src/index.ts"))).toBe(legacyHash);
  });

  it("finishes on a two-link loop, listing and writing each file once", async () => {
    for (const follow of [[], ["--follow-symlinks"]]) {
      const dir = await makeTree({ "wrangler.jsonc": AUTO_CONFIG, "src/index.ts": attachSource("attach") });
      await symlink(".", path.join(dir, "src/a"));
      await symlink("a", path.join(dir, "src/b"));
      const run = await runBin([...follow, "--format", "json", "."], dir, { timeoutMs: 20_000 });
      expect(run.code).toBe(0);
      const sources = report(run).files.filter((file) => file.path.endsWith(".ts"));
      expect(sources).toEqual([expect.objectContaining({ path: "src/index.ts", status: "changed" })]);
      expect(await readFile(path.join(dir, "src/index.ts"), "utf8")).toBe(attachMigrated("attach"));
    }
  });
});

describe("encodings", () => {
  it("leaves a latin-1 file byte for byte and fails it with its path and 'not UTF-8'", async () => {
    const latin1 = Buffer.concat([Buffer.from("// caf"), Buffer.from([0xe9]), Buffer.from("\n"), Buffer.from(attachSource("attach"))]);
    const dir = await makeTree({ "wrangler.jsonc": AUTO_CONFIG, "src/latin.ts": latin1, "src/index.ts": attachSource("attach") });
    const before = await sha256(path.join(dir, "src/latin.ts"));

    for (const args of [["--dry-run"], ["--check"], []]) {
      const run = await runBin([...args, "--format", "json", "."], dir);
      expect(run.code).toBe(2);
      expect(byPath(run)["src/latin.ts"]).toMatchObject({ status: "failed", error: "not UTF-8 (byte 0xE9 at line 1, column 7); left as it is" });
      expect(await sha256(path.join(dir, "src/latin.ts"))).toBe(before);
    }
    // The other file of the run was migrated all the same.
    expect(await readFile(path.join(dir, "src/index.ts"), "utf8")).toBe(attachMigrated("attach"));
  });

  it("keeps a UTF-8 byte order mark and every multi-byte character", async () => {
    const source = `// ünïcödé 漢字 😀\n${attachSource("attach")}`;
    const dir = await makeTree({ "wrangler.jsonc": AUTO_CONFIG, "src/bom.ts": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(source)]) });
    const run = await runBin(["--format", "json", "."], dir);
    expect(run.code).toBe(0);
    const after = await readFile(path.join(dir, "src/bom.ts"));
    expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(after.subarray(3).toString("utf8")).toBe(source.replace(ECHO_LINE, ""));
  });
});

describe("permissions", () => {
  it.skipIf(!UNPRIVILEGED_CAN_RUN)("fails a read-only file and an unreadable directory by path, keeps their bytes and mode, and goes on", async () => {
    const dir = await makeTree({
      "wrangler.jsonc": AUTO_CONFIG,
      "src/index.ts": attachSource("attach"),
      "src/readonly.ts": attachSource("readOnly"),
      "src/secret/hidden.ts": attachSource("hidden"),
    });
    if (AS_ROOT) {
      for (const relative of ["", "wrangler.jsonc", "src", "src/index.ts", "src/readonly.ts", "src/secret", "src/secret/hidden.ts"]) {
        await chown(path.join(dir, relative), UNPRIVILEGED.uid, UNPRIVILEGED.gid);
      }
    }
    await chmod(path.join(dir, "src/readonly.ts"), 0o444);
    await chmod(path.join(dir, "src/secret"), 0o000);
    const readOnlyHash = await sha256(path.join(dir, "src/readonly.ts"));

    const run = await runBin(["--format", "json", "."], dir, { unprivileged: true });
    expect(run.code).toBe(2);
    const files = byPath(run);
    expect(files["src/readonly.ts"]).toMatchObject({ status: "failed", error: expect.stringContaining("read-only") });
    expect(files["src/secret"]).toMatchObject({ status: "failed", error: expect.stringContaining("cannot read this directory") });
    expect(files["src/index.ts"]?.status).toBe("changed");
    expect(await sha256(path.join(dir, "src/readonly.ts"))).toBe(readOnlyHash);
    expect((await stat(path.join(dir, "src/readonly.ts"))).mode & 0o777).toBe(0o444);
    expect((await readdir(path.join(dir, "src"))).sort()).toEqual(["index.ts", "readonly.ts", "secret"]);
    await chmod(path.join(dir, "src/secret"), 0o755);
    expect(await readFile(path.join(dir, "src/secret/hidden.ts"), "utf8")).toBe(attachSource("hidden"));
  });
});

describe("interrupts", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s during a 1,500-file write burst: every file is whole, old or new, and no temp file is left", async (signal, exitCode) => {
    const count = 1500;
    const name = (index: number) => `src/f${String(index).padStart(4, "0")}.ts`;
    const files: Record<string, string> = { "wrangler.jsonc": AUTO_CONFIG };
    for (let index = 0; index < count; index++) files[name(index)] = attachSource(`attach${index}`);
    const dir = await makeTree(files);
    const oldHash = new Map<string, string>();
    const newHash = new Map<string, string>();
    for (let index = 0; index < count; index++) {
      oldHash.set(name(index), createHash("sha256").update(attachSource(`attach${index}`)).digest("hex"));
      newHash.set(name(index), createHash("sha256").update(attachMigrated(`attach${index}`)).digest("hex"));
    }

    const child = spawn(process.execPath, [BIN, "--format", "json", "."], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
    const stdout: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // The files are written in path order: once the first is, the burst is under way.
    const first = path.join(dir, name(0));
    const deadline = Date.now() + 30_000;
    while ((await readFile(first, "utf8")) === files[name(0)] && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill(signal);
    const code = await exited;

    expect(code).toBe(exitCode);
    const run = JSON.parse(Buffer.concat(stdout).toString("utf8")) as JsonReport;
    const onDisk = await hashTree(dir);
    expect(Object.keys(onDisk).filter((file) => file.endsWith(".tmp"))).toEqual([]);
    let written = 0;
    for (let index = 0; index < count; index++) {
      const hash = onDisk[name(index)];
      expect([oldHash.get(name(index)), newHash.get(name(index))]).toContain(hash);
      if (hash === newHash.get(name(index))) written++;
    }
    // The report says exactly what the disk holds.
    const reportedChanged = run.files.filter((file) => file.status === "changed").map((file) => file.path);
    expect(reportedChanged.length).toBe(written);
    for (const file of reportedChanged) expect(onDisk[file]).toBe(newHash.get(file));
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(count);
    expect(run.interrupted?.filesNotMigrated).toBe(count - written);

    // A second run finishes the job.
    const rest = await runBin(["--format", "json", "."], dir, { timeoutMs: 60_000 });
    expect(rest.code).toBe(0);
    const final = await hashTree(dir);
    for (let index = 0; index < count; index++) expect(final[name(index)]).toBe(newHash.get(name(index)));
    expect(Object.keys(final).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  }, 120_000);

  it("a later run removes the temp files a killed run left, and only those", async () => {
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", ""]);
      child.on("exit", () => resolve(child.pid!));
    });
    const stale = `src/index.ts.ws-close-migrate-${dead}-abcdef.tmp`;
    // The test runner is alive: its temp file belongs to a write under way.
    const live = `src/index.ts.ws-close-migrate-${process.pid}-123456.tmp`;
    const dir = await makeTree({ "wrangler.jsonc": AUTO_CONFIG, "src/index.ts": attachSource("attach"), [stale]: "", [live]: "" });

    const dry = await runBin(["--dry-run", "--format", "json", "."], dir);
    expect(report(dry).tempFiles).toEqual({ removed: [], left: [stale] });
    expect((await readdir(path.join(dir, "src"))).length).toBe(3);

    const real = await runBin(["--format", "json", "."], dir);
    expect(real.code).toBe(0);
    expect(report(real).tempFiles).toEqual({ removed: [stale], left: [] });
    expect((await readdir(path.join(dir, "src"))).sort()).toEqual(["index.ts", path.basename(live)]);
  });
});

describe("which files a walk takes", () => {
  it("walks dotfiles, takes lower-case extensions only, named or walked, and fails a file that does not parse", async () => {
    const dir = await makeTree({
      "wrangler.jsonc": AUTO_CONFIG,
      "src/.hidden/dot.ts": attachSource("dot"),
      "src/.dotfile.ts": attachSource("dotfile"),
      "src/UPPER.TS": attachSource("upper"),
      "src/no-websocket.ts": "export const x = ;\n",
      "src/notes.md": "# notes\n",
    });
    const upperHash = await sha256(path.join(dir, "src/UPPER.TS"));
    const brokenHash = await sha256(path.join(dir, "src/no-websocket.ts"));

    const check = await runBin(["--check", "--format", "json", "."], dir);
    expect(check.code).toBe(2);
    expect(byPath(check)).toEqual({
      "src/.dotfile.ts": expect.objectContaining({ status: "changed" }),
      "src/.hidden/dot.ts": expect.objectContaining({ status: "changed" }),
      "src/no-websocket.ts": expect.objectContaining({
        status: "failed",
        error: "does not parse, left as it is: src/no-websocket.ts:1:18: Expression expected.",
      }),
    });

    const named = await runBin(["--check", "--format", "json", "src/UPPER.TS", "src/notes.md", "src/.dotfile.ts"], dir);
    expect(byPath(named)).toEqual({
      "src/.dotfile.ts": expect.objectContaining({ status: "changed" }),
      "src/UPPER.TS": expect.objectContaining({ status: "skipped", skipReason: "not a source file: extensions are matched in lower case (.ts, not .TS)" }),
    });
    expect(await sha256(path.join(dir, "src/UPPER.TS"))).toBe(upperHash);
    expect(await sha256(path.join(dir, "src/no-websocket.ts"))).toBe(brokenHash);
  });
});
