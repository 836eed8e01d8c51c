/**
 * What the `.gitignore` files of a walked tree and of its parent directories
 * (up to the root of its git repository) ignore, with `ignore`, the matcher
 * ESLint uses. As `globby`'s `gitignore` option: a path is ignored when any
 * `.gitignore` above it ignores it, relative to that file's directory.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";

/** One `.gitignore` file, parsed. */
interface GitignoreFile {
  /** The directory it sits in (absolute). */
  directory: string;
  matcher: Ignore;
}

/**
 * @param root the directory being walked (absolute).
 * @param gitignoreFiles absolute paths of the `.gitignore` files found under `root`.
 * @returns a predicate over absolute paths (files, or directories given with a trailing `/`)
 *   under `root`. When `root` itself is ignored by a parent's `.gitignore`, the parents'
 *   files are not applied: the user named that directory.
 */
export function createGitignoreFilter(root: string, gitignoreFiles: readonly string[]): (absolutePath: string) => boolean {
  const own = gitignoreFiles.flatMap((file) => parseGitignore(file));
  const parents = parentGitignoreFiles(root);
  const files = parents.length > 0 && matches(parents, `${root}${path.sep}`) ? own : [...parents, ...own];
  if (files.length === 0) return () => false;
  return (absolutePath) => matches(files, absolutePath);
}

function matches(files: readonly GitignoreFile[], absolutePath: string): boolean {
  for (const { directory, matcher } of files) {
    const relative = path.relative(directory, absolutePath);
    if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) continue;
    const slashed = relative.split(path.sep).join("/") + (absolutePath.endsWith(path.sep) ? "/" : "");
    if (matcher.ignores(slashed)) return true;
  }
  return false;
}

function parseGitignore(file: string): GitignoreFile[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // An unreadable .gitignore ignores nothing (git says the same: it warns and goes on).
    return [];
  }
  return [{ directory: path.dirname(file), matcher: ignore().add(text) }];
}

/**
 * The `.gitignore` files of `directory`'s parents, up to its git root (the nearest
 * directory holding `.git`), outermost first. None outside a git repository.
 */
function parentGitignoreFiles(directory: string): GitignoreFile[] {
  const parents: string[] = [];
  for (let dir = directory; ; ) {
    if (existsSync(path.join(dir, ".git"))) {
      return parents
        .reverse()
        .filter((parent) => existsSync(path.join(parent, ".gitignore")))
        .flatMap((parent) => parseGitignore(path.join(parent, ".gitignore")));
    }
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    parents.push(parent);
    dir = parent;
  }
}
