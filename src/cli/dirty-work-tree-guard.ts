/**
 * The CLI's refusal to write into a git work tree with uncommitted changes
 * (CONVENTIONS.md, after next-codemod and `ng update`): a migration's changes
 * should land on a clean tree, where `git diff` shows exactly them and
 * `git checkout -- .` undoes exactly them. `--dry-run` and `--check` write
 * nothing and are never refused; `--force` writes anyway.
 */
import path from "node:path";
import { GitUnavailableError } from "../git/run-git.js";
import { findUncommittedChanges, type UncommittedWorkTree } from "../git/uncommitted-changes.js";

/** How many changed files the refusal lists per work tree before it says "and N more". */
export const LISTED_UNCOMMITTED_FILES = 10;

/** The outcome of the check: write, or refuse with a message for stderr. */
export type DirtyWorkTreeVerdict = { refuse: false; note?: string } | { refuse: true; message: string };

/**
 * The refusal, for people: which work tree, which files (`git status --short` letters), why, and the
 * three ways on (commit or stash, `--dry-run`, `--force`).
 *
 * @param dirty what `findUncommittedChanges` found (non-empty).
 * @param cwd the directory the work tree roots are shown relative to.
 * @returns the message, ending with a newline.
 */
export function describeDirtyWorkTrees(dirty: readonly UncommittedWorkTree[], cwd: string): string {
  const lines: string[] = [];
  for (const tree of dirty) {
    const where = path.relative(cwd, tree.root) || ".";
    lines.push(
      `error: refusing to write: the git work tree ${where === "." ? "here" : `at ${where}`} has uncommitted changes to ${tree.files.length} tracked file(s) under the paths to migrate:`,
    );
    for (const file of tree.files.slice(0, LISTED_UNCOMMITTED_FILES)) lines.push(`  ${file.status} ${file.path}`);
    if (tree.files.length > LISTED_UNCOMMITTED_FILES) lines.push(`  … and ${tree.files.length - LISTED_UNCOMMITTED_FILES} more`);
  }
  lines.push(
    "Migrating on top of them would mix the tool's rewrites with your own edits, so neither could be reviewed or undone on its own.",
    "To go on: commit or stash them first (git commit / git stash), or preview with --dry-run (or --check),",
    "or pass --force to write anyway.",
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Decides whether a writing run may write under `paths`.
 *
 * @param paths the files or directories the run will write under, absolute or relative to `cwd`.
 * @param cwd the working directory.
 * @returns `refuse: true` with the message when a work tree holding one of the paths has uncommitted changes to
 *   tracked files under them, or when `git status` fails there (the tree's state is unknown); otherwise
 *   `refuse: false` (paths outside git are never refused), with a `note` for stderr when the `git` executable
 *   could not be run, so the check was not made.
 */
export async function checkWorkTreeBeforeWriting(paths: readonly string[], cwd: string): Promise<DirtyWorkTreeVerdict> {
  let dirty: UncommittedWorkTree[];
  try {
    dirty = await findUncommittedChanges(paths, cwd);
  } catch (error) {
    if (error instanceof GitUnavailableError) {
      return { refuse: false, note: `note: ${error.message}; did not check for uncommitted changes\n` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { refuse: true, message: `error: refusing to write: could not check the git work tree for uncommitted changes (${reason}); pass --force to write anyway\n` };
  }
  return dirty.length === 0 ? { refuse: false } : { refuse: true, message: describeDirtyWorkTrees(dirty, cwd) };
}
