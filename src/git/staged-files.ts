/**
 * `--staged`: the source files of the commit being made, for a pre-commit hook,
 * and what will be committed of each: a file that also has unstaged changes is
 * checked as it is staged (`stagedTexts`, read from the index), the others as
 * they are on disk (the same text).
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { inAlwaysIgnoredDirectory, isSourceFile } from "../files/source-file-names.js";
import { findGitWorkTree, runGit, runGitForBytes, splitNulFields } from "./run-git.js";

/** Thrown when `--staged` is used outside a git work tree. */
export class NotAGitWorkTreeError extends Error {
  constructor(readonly directory: string) {
    super(`--staged needs a git work tree, and ${directory} is not in one`);
    this.name = "NotAGitWorkTreeError";
  }
}

/** The staged source files under the paths asked about. */
export interface StagedSourceFiles {
  /** Absolute path of the work tree's root. */
  root: string;
  /** Absolute paths of the staged (added, copied, modified or renamed) source files, sorted. */
  files: string[];
  /** The subset of `files` that also has unstaged changes: the work tree differs from what will be committed. */
  partiallyStaged: string[];
  /** The staged bytes (the index's blob, as `git show :path` prints it) of each `partiallyStaged` file, by absolute path. */
  stagedTexts: Map<string, Uint8Array>;
}

/** True when `file` lies in `directory` or is `directory` (both absolute). */
function isWithin(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

async function diffNames(args: readonly string[], root: string): Promise<string[]> {
  const { code, stdout, stderr } = await runGit(["diff", ...args, "--name-only", "-z", "--no-renames"], root);
  if (code !== 0) throw new Error(`git diff failed in ${root}: ${stderr.trim()}`);
  return splitNulFields(stdout);
}

/**
 * Lists the staged files of the work tree that holds `cwd` (`git diff --cached --name-only --diff-filter=ACMR`,
 * deletions left out), keeping the source files (SOURCE_EXTENSIONS) that lie under one of `paths` and outside
 * `node_modules`, `.wrangler` and `dist`.
 *
 * @param paths files or directories, absolute or relative to `cwd`, that filter the staged files.
 * @param cwd the directory whose repository is asked (and that relative paths resolve against).
 * @throws NotAGitWorkTreeError when `cwd` is in no git work tree.
 * @throws GitUnavailableError when `git` cannot be run.
 * @throws Error when git fails to list the files or to print a staged text.
 */
export async function listStagedSourceFiles(paths: readonly string[], cwd: string): Promise<StagedSourceFiles> {
  const root = await findGitWorkTree(cwd);
  if (root === null) throw new NotAGitWorkTreeError(cwd);
  const scopes = paths.map((input) => path.resolve(cwd, input));
  // Paths from git are relative to the root, whose printed form has symlinks resolved; `cwd` may not,
  // so a file is matched against the scopes both through the root and through `cwd`'s own spelling.
  const cwdRoot = path.resolve(cwd, path.relative(await realpath(cwd), root));
  const staged = (await diffNames(["--cached", "--diff-filter=ACMR"], root))
    .filter((file) => isSourceFile(file) && !inAlwaysIgnoredDirectory(file))
    .map((file) => path.join(cwdRoot, ...file.split("/")))
    .filter((file) => scopes.some((scope) => isWithin(file, scope)))
    .sort();
  const unstaged = new Set((await diffNames([], root)).map((file) => path.join(cwdRoot, ...file.split("/"))));
  const partiallyStaged = staged.filter((file) => unstaged.has(file));
  const stagedTexts = new Map<string, Uint8Array>();
  for (const file of partiallyStaged) {
    const relative = path.relative(cwdRoot, file).split(path.sep).join("/");
    const { code, stdout, stderr } = await runGitForBytes(["show", `:${relative}`], root);
    if (code !== 0) throw new Error(`git show :${relative} failed in ${root}: ${stderr.trim()}`);
    stagedTexts.set(file, stdout);
  }
  return { root, files: staged, partiallyStaged, stagedTexts };
}

