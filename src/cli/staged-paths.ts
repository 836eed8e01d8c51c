/**
 * `--staged`: turns the command line's paths into the staged source files under
 * them, for a pre-commit hook, each checked as it will be committed: a file
 * that also has unstaged changes is read from the index (and never written:
 * its file on disk is not what was checked); the CLI names those on stderr.
 * Without `--check`, the files whose work tree equals the index are rewritten
 * and staged again, and a partially staged file that needs changes fails with
 * `partiallyStagedRefusal`.
 */
import path from "node:path";
import { GitUnavailableError } from "../git/run-git.js";
import { listStagedSourceFiles, NotAGitWorkTreeError } from "../git/staged-files.js";
import { shellWord } from "./shell-word.js";

/** The files to migrate, or the message of why there are none to give (exit 2). */
export type StagedPaths =
  | { ok: true; files: string[]; stagedTexts: Map<string, Uint8Array>; note?: string }
  | { ok: false; error: string };

/**
 * @param paths the command line's paths (default `["."]`), which filter the staged files.
 * @param cwd the working directory: its repository is asked for the staged files.
 * @returns the staged source files (absolute; possibly none) and the staged texts of those that also have
 *   unstaged changes, with a note for stderr naming them; or an error message when `cwd` is not in a git
 *   work tree or git cannot be run.
 */
export async function resolveStagedPaths(paths: readonly string[], cwd: string): Promise<StagedPaths> {
  try {
    const staged = await listStagedSourceFiles(paths, cwd);
    if (staged.partiallyStaged.length === 0) return { ok: true, files: staged.files, stagedTexts: staged.stagedTexts };
    const names = staged.partiallyStaged.map((file) => path.relative(cwd, file).split(path.sep).join("/"));
    return {
      ok: true,
      files: staged.files,
      stagedTexts: staged.stagedTexts,
      note:
        `note: --staged checks what is staged; these files also have unstaged changes, so their staged version is checked ` +
        `(positions refer to it) and they are not written: ${names.join(", ")}\n`,
    };
  } catch (error) {
    if (error instanceof NotAGitWorkTreeError || error instanceof GitUnavailableError) {
      return { ok: false, error: `error: ${error.message}\n` };
    }
    throw error;
  }
}

/**
 * The error of a partially staged file whose staged version needs changes, under `--staged` without `--check`:
 * it is not rewritten (its work tree is not what is staged), and the user is told how to go on.
 *
 * @param file the file's path as reported (relative to the working directory, `/`-separated).
 * @returns one sentence naming the file and the two ways on (stage all of it, or stash the unstaged part).
 */
export function partiallyStagedRefusal(file: string): string {
  return (
    `${file} is partially staged and its staged version needs changes, so it is not rewritten: ` +
    `stage all of it (git add ${shellWord(file)}) or stash the unstaged part (git stash push --keep-index), then run again`
  );
}
