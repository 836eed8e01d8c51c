/**
 * Vitest global setup: brings `dist/` up to date with the sources before any
 * test file runs, for the whole suite and for a subset (`npx vitest run
 * test/rules`) alike. Suites that start the built CLI or the rewrite worker
 * threads run `dist/`, so a stale build would test old code.
 *
 * How it decides: after each build it writes a stamp,
 * `node_modules/.cache/ws-close-migrate/dist-stamp.json`, holding two SHA-256
 * hashes: of the build's inputs (every root file that `tsconfig.build.json`
 * compiles, both tsconfig files, `package.json`, `package-lock.json` and the
 * TypeScript version) and of every file in `dist/`. The build is skipped only
 * when both hashes equal the stamp's. Contents are hashed, not modification
 * times, so a `git checkout` that restores an older file, a file added or
 * deleted under `src/`, and a `dist/` rewritten by anything else (`npm run build`
 * in another checkout, a hand edit, a deletion) all lead to a rebuild. Hashing
 * costs a few tens of milliseconds; a build about 6 s.
 *
 * A rebuild removes `dist/` first (no output of a deleted source survives),
 * then runs `tsc -p tsconfig.build.json`; when tsc fails the setup throws an
 * error holding tsc's output, and vitest runs no test.
 */
import { spawnSync } from "node:child_process";
import { createHash, type Hash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { TestProject } from "vitest/node";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const buildConfig = path.join(projectRoot, "tsconfig.build.json");
const distDir = path.join(projectRoot, "dist");
const stampFile = path.join(projectRoot, "node_modules/.cache/ws-close-migrate/dist-stamp.json");
/** Files that change what tsc emits without being compiled themselves. */
const extraInputs = ["tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

/** What the stamp file holds: hex SHA-256 of the inputs and of `dist/` after the last build. */
interface DistStamp {
  inputs: string;
  dist: string;
}

/**
 * The root files `tsconfig.build.json` compiles, as tsc reads the config
 * (`extends`, `include`, `exclude`), sorted. Throws when the config does not parse.
 */
function buildRootFiles(): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(buildConfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${buildConfig}`);
  return [...parsed.fileNames].sort();
}

/** Feeds a file's path (relative to the project, `/`-separated) and its bytes into `hash`; a missing file hashes as absent. */
function hashFile(hash: Hash, file: string): void {
  hash.update(path.relative(projectRoot, file).split(path.sep).join("/"));
  hash.update("\0");
  hash.update(existsSync(file) ? readFileSync(file) : "<absent>");
  hash.update("\0");
}

/** Hex SHA-256 of everything the build reads (see the file comment). */
function hashInputs(): string {
  const hash = createHash("sha256");
  hash.update(`typescript ${ts.version}\0`);
  for (const file of buildRootFiles()) hashFile(hash, file);
  for (const file of extraInputs) hashFile(hash, path.join(projectRoot, file));
  return hash.digest("hex");
}

/** Every regular file under `dir`, depth first in sorted order. */
function filesUnder(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Hex SHA-256 of every file in `dist/`, or `null` when there is no `dist/`. */
function hashDist(): string | null {
  if (!existsSync(distDir)) return null;
  const hash = createHash("sha256");
  for (const file of filesUnder(distDir)) hashFile(hash, file);
  return hash.digest("hex");
}

/** The stamp of the last build by this setup, or `null` when there is none or it cannot be read. */
function readStamp(): DistStamp | null {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8")) as Partial<DistStamp>;
    return typeof stamp.inputs === "string" && typeof stamp.dist === "string" ? { inputs: stamp.inputs, dist: stamp.dist } : null;
  } catch {
    return null;
  }
}

/**
 * Removes `dist/` and runs `tsc -p tsconfig.build.json` in the project root.
 * Throws an error whose message holds tsc's stdout and stderr when tsc exits non-zero.
 */
function build(): void {
  rmSync(distDir, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", buildConfig], { cwd: projectRoot, encoding: "utf8" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trimEnd();
    throw new Error(`the build of dist/ failed (tsc -p tsconfig.build.json, exit ${result.status ?? result.signal}):\n${output}`);
  }
}

/**
 * Builds `dist/` unless the stamp shows it was built by this setup from the
 * current inputs and has not changed since. Returns whether it built.
 */
export function ensureDistIsCurrent(): boolean {
  const inputs = hashInputs();
  const stamp = readStamp();
  if (stamp !== null && stamp.inputs === inputs && stamp.dist === hashDist()) return false;
  const started = performance.now();
  build();
  const dist = hashDist();
  if (dist === null) throw new Error("tsc -p tsconfig.build.json succeeded but wrote no dist/");
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify({ inputs, dist } satisfies DistStamp)}\n`);
  console.log(`[build-dist] built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** Vitest's entry: builds before the first run and again before each watch-mode rerun when sources changed. */
export default function setup(project: TestProject): void {
  ensureDistIsCurrent();
  project.onTestsRerun(() => {
    ensureDistIsCurrent();
  });
}
