/**
 * Runs the `git` executable. The CLI asks git itself (never parses `.git`) so
 * that worktrees, submodules, `GIT_DIR` and `GIT_INDEX_FILE` (set by git while
 * a hook runs) mean what git says they mean.
 */
import { execFile } from "node:child_process";

/** Thrown when the `git` executable cannot be started (not installed, not on `PATH`). */
export class GitUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`could not run git: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "GitUnavailableError";
  }
}

/** What one git command printed, and its exit code. */
export interface GitOutput {
  /** The exit code: 0 on success; 128 for "not a git repository" and other fatal errors. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `git <args>` in `cwd` with the process's environment.
 *
 * @param args arguments after `git`; `--literal-pathspecs` is always prepended so that
 *   file names holding `*`, `?` or `[` are taken literally.
 * @param cwd the directory git runs in (it finds the repository from there).
 * @returns the exit code and output (UTF-8); a non-zero exit is returned, not thrown.
 * @throws GitUnavailableError when `git` cannot be spawned.
 */
export async function runGit(args: readonly string[], cwd: string): Promise<GitOutput> {
  const { code, stdout, stderr } = await runGitForBytes(args, cwd);
  return { code, stdout: stdout.toString("utf8"), stderr };
}

/**
 * `runGit`, with the standard output as bytes: for file contents, which must be decoded as the
 * file itself would be (`decodeSourceText`), not leniently.
 *
 * @throws GitUnavailableError when `git` cannot be spawned.
 */
export function runGitForBytes(args: readonly string[], cwd: string): Promise<Omit<GitOutput, "stdout"> & { stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["--literal-pathspecs", ...args],
      { cwd, encoding: "buffer", maxBuffer: 256 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new GitUnavailableError(error));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr: stderr.toString("utf8") });
      },
    );
  });
}

/**
 * The root of the git work tree that holds `directory`.
 *
 * @param directory an existing directory (absolute).
 * @returns the work tree's root as git prints it (an absolute, symlink-resolved path), or `null`
 *   when `directory` is in no work tree (outside any repository, or inside a bare one or `.git`).
 * @throws GitUnavailableError when `git` cannot be spawned.
 */
export async function findGitWorkTree(directory: string): Promise<string | null> {
  const { code, stdout } = await runGit(["rev-parse", "--show-toplevel"], directory);
  const root = stdout.trim();
  return code === 0 && root !== "" ? root : null;
}

/** Splits git's `-z` output into its NUL-terminated fields (the empty tail dropped). */
export function splitNulFields(output: string): string[] {
  const fields = output.split("\0");
  if (fields.at(-1) === "") fields.pop();
  return fields;
}
