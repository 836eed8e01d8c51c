/**
 * `--staged` without `--check`: after the rewrites of staged files are
 * written, they are staged too (`git add` of exactly those files), so that the
 * commit being made holds them, as lint-staged does with a fixer's changes.
 */
import path from "node:path";
import { runGit } from "./run-git.js";

/** Thrown when `git add` fails (a locked index, a file gone); the message holds the first line of git's own error. */
export class StageFilesError extends Error {
  constructor(readonly stderr: string) {
    super(`git add failed: ${stderr.trim().split("\n")[0] || "no message"}`);
    this.name = "StageFilesError";
  }
}

/**
 * Stages `files` (`git add -- <files>`, with literal pathspecs), in the repository of `cwd`. While a git hook
 * runs, git's `GIT_INDEX_FILE` is inherited, so the files go into the index of the commit being made.
 *
 * @param files absolute paths of files in the work tree of `cwd`, spelled from `cwd` (as `listStagedSourceFiles`
 *   returns them); nothing is run when empty.
 * @param cwd the directory git runs in; each file is passed relative to it.
 * @throws StageFilesError when `git add` exits non-zero.
 * @throws GitUnavailableError when `git` cannot be run.
 */
export async function stageFiles(files: readonly string[], cwd: string): Promise<void> {
  if (files.length === 0) return;
  const pathspecs = files.map((file) => path.relative(cwd, file) || ".");
  const { code, stderr } = await runGit(["add", "--", ...pathspecs], cwd);
  if (code !== 0) throw new StageFilesError(stderr);
}
