/**
 * Temporary projects for tests: a fresh directory under `os.tmpdir()`, some
 * files written into it (a wrangler config, sources), removed again by vitest.
 *
 * With no files it is also the "no wrangler config in it or above it" directory
 * the rule tests use for `unknown` mode: the config search walks up from a file
 * and `os.tmpdir()` holds no wrangler config.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, onTestFinished } from "vitest";

/** A temporary directory that vitest removes (see {@link createTempProject}). */
export interface TempProject {
  /** Absolute path of the directory. */
  readonly root: string;
  /** Absolute path of `relativePath` (`/`-separated) inside the project; the file need not exist. */
  pathTo(relativePath: string): string;
  /**
   * Writes `text` (UTF-8) to `relativePath` inside the project, creating its
   * parent directories, and returns the file's absolute path.
   */
  write(relativePath: string, text: string): string;
}

/** Options of {@link createTempProject}. */
export interface TempProjectOptions {
  /**
   * Return `root` with symbolic links resolved (`realpathSync`), for tests that
   * compare paths the code under test resolved itself (on macOS `os.tmpdir()`
   * is under the link `/var`). Default `false`: `root` starts with `os.tmpdir()` as it is spelled.
   */
  realpath?: boolean;
}

/**
 * Makes a fresh directory `<os.tmpdir()>/<prefix>XXXXXX` (`mkdtempSync`),
 * writes `files` into it (relative path → text, parents created) and registers
 * its removal with vitest: called inside a test, it is removed when that test
 * finishes (`onTestFinished`); called while a file or `describe` body is being
 * collected, after that file's or suite's tests (`afterAll`). Do not call it
 * from a `beforeAll`/`afterAll` hook. Removal ignores a directory already gone.
 *
 * @param prefix start of the directory's name, e.g. `"ws-close-rule-"`.
 * @throws what `mkdtempSync` or `writeFileSync` throws (a full disk, no permission).
 */
export function createTempProject(prefix: string, files: Readonly<Record<string, string>> = {}, options: TempProjectOptions = {}): TempProject {
  const created = mkdtempSync(path.join(os.tmpdir(), prefix));
  const root = options.realpath === true ? realpathSync(created) : created;
  registerCleanup(() => rmSync(root, { recursive: true, force: true }));
  const project: TempProject = {
    root,
    pathTo: (relativePath) => path.join(root, ...relativePath.split("/")),
    write(relativePath, text) {
      const file = project.pathTo(relativePath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
  };
  for (const [relativePath, text] of Object.entries(files)) project.write(relativePath, text);
  return project;
}

/** Runs `cleanup` when the current test finishes or, outside a test, after the suite being collected. */
function registerCleanup(cleanup: () => void): void {
  try {
    onTestFinished(cleanup);
  } catch {
    // vitest throws "Hook onTestFinished() can only be called inside a test": we are collecting.
    afterAll(cleanup);
  }
}
