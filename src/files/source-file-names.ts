/**
 * Which paths the tool reads, by name alone: the same rule for a file found by
 * a directory walk and for a file named on the command line (README, "Which
 * files it reads").
 */
import path from "node:path";
import { SOURCE_EXTENSIONS } from "./source-extensions.js";

/**
 * Directories never walked into: git's own data, dependencies, wrangler's local state, build output.
 * Every other directory is walked, dot-directories included (as ESLint 9 lints dotfiles).
 */
export const ALWAYS_IGNORED_DIRECTORIES = [".git", "node_modules", ".wrangler", "dist"] as const;

/**
 * True when `filePath` ends in one of `SOURCE_EXTENSIONS`, in lower case: `.TS` is not a
 * source file here, as it is not one for TypeScript's `include` on a case-sensitive file system.
 */
export function isSourceFile(filePath: string): boolean {
  return (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(filePath));
}

/**
 * Why a file named on the command line with a source extension in another case (`index.TS`) is not
 * read; `null` for any other name. Other files that are not source files are passed over in silence,
 * as in a walk (a pre-commit hook names every staged file).
 */
export function caseMismatchReason(filePath: string): string | null {
  const extension = path.extname(filePath);
  if (isSourceFile(filePath) || !(SOURCE_EXTENSIONS as readonly string[]).includes(extension.toLowerCase())) return null;
  return `not a source file: extensions are matched in lower case (${extension.toLowerCase()}, not ${extension})`;
}

/** True when one segment of the `/`-separated relative path is an always-ignored directory. */
export function inAlwaysIgnoredDirectory(relativePath: string): boolean {
  return relativePath.split("/").some((segment) => (ALWAYS_IGNORED_DIRECTORIES as readonly string[]).includes(segment));
}
