/**
 * The CLI's refusal to write over changes git does not hold (CONVENTIONS.md,
 * after next-codemod and `ng update`): a migration's changes should land where
 * `git diff` shows exactly them and `git checkout -- .` undoes exactly them.
 * Both compare the work tree with the index, so a tracked file with unstaged
 * changes under the paths refuses the run, and a file whose changes are all
 * staged does not: the index keeps the user's version (what lint-staged and
 * pre-commit hand a fixer). `--dry-run` and `--check` write nothing and are
 * never refused; `--force` writes anyway.
 */
import { countOf } from "./plural.js";
import path from "node:path";
import { GitUnavailableError } from "../git/run-git.js";
import { findUnstagedChanges, type UnstagedWorkTree } from "../git/unstaged-changes.js";

/** How many files with unstaged changes the refusal lists per work tree before it says "and N more". */
export const LISTED_UNCOMMITTED_FILES = 10;

/** The outcome of the check: write, or refuse with a message for stderr. */
export type DirtyWorkTreeVerdict = { refuse: false; note?: string } | { refuse: true; message: string };

/**
 * The refusal, for people: which work tree, which files (`git status --short` letters), why, and the
 * ways on (stage, commit or stash them, `--dry-run`, `--force`).
 *
 * @param dirty what `findUnstagedChanges` found (non-empty).
 * @param cwd the directory the work tree roots are shown relative to.
 * @returns the message, ending with a newline.
 */
export function describeDirtyWorkTrees(dirty: readonly UnstagedWorkTree[], cwd: string): string {
  const lines: string[] = [];
  for (const tree of dirty) {
    const where = path.relative(cwd, tree.root) || ".";
    const count = countOf(tree.files.length, "tracked file");
    lines.push(
      `error: refusing to write: the git work tree ${where === "." ? "here" : `at ${where}`} has unstaged changes to ${count} under the paths to migrate:`,
    );
    for (const file of tree.files.slice(0, LISTED_UNCOMMITTED_FILES)) lines.push(`  ${file.status} ${file.path}`);
    if (tree.files.length > LISTED_UNCOMMITTED_FILES) lines.push(`  … and ${tree.files.length - LISTED_UNCOMMITTED_FILES} more`);
  }
  lines.push(
    "Rewriting them would mix the tool's changes with edits git does not hold, so neither could be reviewed or undone on its own.",
    "To go on: stage them (git add; git diff then shows only the rewrites), commit or stash them, preview with --dry-run, or pass --force.",
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Decides whether a writing run may write under `paths`.
 *
 * @param paths the files or directories the run will write under, absolute or relative to `cwd`.
 * @param cwd the working directory.
 * @returns `refuse: true` with the message when a work tree holding one of the paths has unstaged changes to
 *   tracked files under them (staged changes do not count: `findUnstagedChanges`), or when `git status` fails there (the tree's state is unknown); otherwise
 *   `refuse: false` (paths outside git are never refused), with a `note` for stderr when the `git` executable
 *   could not be run, so the check was not made.
 */
export async function checkWorkTreeBeforeWriting(paths: readonly string[], cwd: string): Promise<DirtyWorkTreeVerdict> {
  let dirty: UnstagedWorkTree[];
  try {
    dirty = await findUnstagedChanges(paths, cwd);
  } catch (error) {
    if (error instanceof GitUnavailableError) {
      return { refuse: false, note: `note: ${error.message}; did not check for unstaged changes\n` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { refuse: true, message: `error: refusing to write: could not check the git work tree for unstaged changes (${reason}); pass --force to write anyway\n` };
  }
  return dirty.length === 0 ? { refuse: false } : { refuse: true, message: describeDirtyWorkTrees(dirty, cwd) };
}
