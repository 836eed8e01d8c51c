/**
 * `--staged`: turns the command line's paths into the staged source files under
 * them, for a pre-commit hook. The files are checked as they are in the work
 * tree (the version on disk), not as staged; when a staged file also has
 * unstaged changes the CLI says so on stderr, since the two can differ.
 */
import path from "node:path";
import { GitUnavailableError } from "../git/run-git.js";
import { listStagedSourceFiles, NotAGitWorkTreeError } from "../git/staged-files.js";

/** The files to migrate, or the message of why there are none to give (exit 2). */
export type StagedPaths = { ok: true; files: string[]; note?: string } | { ok: false; error: string };

/**
 * @param paths the command line's paths (default `["."]`), which filter the staged files.
 * @param cwd the working directory: its repository is asked for the staged files.
 * @returns the staged source files (absolute; possibly none), with a note for stderr naming the partially
 *   staged ones; or an error message when `cwd` is not in a git work tree or git cannot be run.
 */
export async function resolveStagedPaths(paths: readonly string[], cwd: string): Promise<StagedPaths> {
  try {
    const staged = await listStagedSourceFiles(paths, cwd);
    if (staged.partiallyStaged.length === 0) return { ok: true, files: staged.files };
    const names = staged.partiallyStaged.map((file) => path.relative(cwd, file).split(path.sep).join("/"));
    return {
      ok: true,
      files: staged.files,
      note: `note: --staged checks the working-tree version of each file; these staged files also have unstaged changes: ${names.join(", ")}\n`,
    };
  } catch (error) {
    if (error instanceof NotAGitWorkTreeError || error instanceof GitUnavailableError) {
      return { ok: false, error: `error: ${error.message}\n` };
    }
    throw error;
  }
}
