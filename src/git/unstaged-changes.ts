/**
 * CONVENTIONS.md (after next-codemod and `ng update`): a codemod refuses to
 * write over changes of the user's that git could not give back, so that its
 * own changes can be reviewed (`git diff`) and undone (`git checkout -- .`) on
 * their own. Both compare the work tree with the index, so what counts is a
 * tracked file whose work tree differs from its index entry (unstaged changes):
 * a change that is staged is kept in the index and survives the rewrite, as
 * when lint-staged or pre-commit run a fixer on the staged files. This module
 * finds those changes; the CLI decides what to do about them.
 */
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { findGitWorkTree, runGit, splitNulFields } from "./run-git.js";

/** One tracked file with changes, as `git status --porcelain` reports it. */
export interface ChangedFile {
  /**
   * The two status letters of `git status --porcelain=v1`: index then work tree,
   * e.g. `" M"` (modified, not staged), `"M "` (staged), `"A "` (added), `" D"` (deleted), `"R "` (renamed).
   */
  status: string;
  /** Path relative to the work tree's root, `/`-separated (for a rename: the new path). */
  path: string;
}

/** The files with unstaged changes of one work tree under the paths asked about. */
export interface UnstagedWorkTree {
  /** Absolute path of the work tree's root, as git prints it. */
  root: string;
  /** The tracked files whose work tree differs from the index, in git's order. Never empty. */
  files: ChangedFile[];
}

/**
 * True when the work tree of a file with this status differs from its index entry: the second status
 * letter is not a space (`" M"`, `"MM"`, `"AM"`, `" D"`, and every unmerged state: `"UU"`, `"AA"`, ...).
 * `"M "`, `"A "`, `"R "` and `"D "` are staged only: the work tree equals the index.
 */
export function hasUnstagedChanges(file: ChangedFile): boolean {
  return file.status[1] !== " ";
}

/**
 * Parses `git status --porcelain=v1 -z` output: `XY path\0`, and for a rename or copy
 * `XY new\0old\0`.
 *
 * @returns one entry per file, untracked (`??`) and ignored (`!!`) entries left out.
 */
export function parsePorcelainStatus(output: string): ChangedFile[] {
  const fields = splitNulFields(output);
  const files: ChangedFile[] = [];
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    const status = field.slice(0, 2);
    const file = field.slice(3);
    // A rename or copy carries its original path in the next field.
    if (status.includes("R") || status.includes("C")) index++;
    if (status === "??" || status === "!!") continue;
    files.push({ status, path: file });
  }
  return files;
}

/**
 * Finds tracked files with unstaged changes (work tree modified or deleted, or unmerged: `hasUnstagedChanges`)
 * under `paths`, per git work tree. Staged changes whose work tree equals the index do not count, nor do
 * untracked files. Paths outside any work tree, and paths that do not exist, are not checked (the caller
 * reports a missing path).
 *
 * @param paths files or directories, absolute or relative to `cwd`.
 * @param cwd the directory relative paths resolve against.
 * @returns the work trees with unstaged changes, in the order their first path was given; `[]` when there are none.
 * @throws GitUnavailableError when `git` cannot be run.
 * @throws Error when `git status` fails in a work tree (its stderr in the message).
 */
export async function findUnstagedChanges(paths: readonly string[], cwd: string): Promise<UnstagedWorkTree[]> {
  const pathspecsByRoot = new Map<string, string[]>();
  const rootOfDirectory = new Map<string, string | null>();
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) continue;
    // Asked from the real path: git prints its root with symlinks resolved (macOS: /tmp is /private/tmp),
    // and a symlink may lead into another repository.
    const real = await realpath(absolute);
    const directory = info.isDirectory() ? real : path.dirname(real);
    if (!rootOfDirectory.has(directory)) rootOfDirectory.set(directory, await findGitWorkTree(directory));
    const root = rootOfDirectory.get(directory)!;
    if (root === null) continue;
    const relative = path.relative(path.resolve(root), real).split(path.sep).join("/");
    const pathspecs = pathspecsByRoot.get(root) ?? [];
    pathspecs.push(relative === "" ? "." : relative);
    pathspecsByRoot.set(root, pathspecs);
  }
  const dirty: UnstagedWorkTree[] = [];
  for (const [root, pathspecs] of pathspecsByRoot) {
    const { code, stdout, stderr } = await runGit(["status", "--porcelain=v1", "-z", "--untracked-files=no", "--", ...pathspecs], root);
    if (code !== 0) throw new Error(`git status failed in ${root}: ${stderr.trim()}`);
    const files = parsePorcelainStatus(stdout).filter(hasUnstagedChanges);
    if (files.length > 0) dirty.push({ root, files });
  }
  return dirty;
}
