/**
 * Turns the CLI's paths into the source files to migrate, and finds the wrangler
 * configs under them, in one walk: files given directly, and every file under
 * directories, skipping `node_modules`, `.wrangler`, `dist` and what
 * `.gitignore` files ignore: those inside the directory, and those of its
 * parent directories up to the root of its git repository (so
 * `ws-close-migrate src` honours the project's root `.gitignore`).
 */
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { convertPathToPattern, globby, isIgnoredByIgnoreFiles } from "globby";
import { SOURCE_EXTENSIONS } from "../analysis/source-extensions.js";
import { WRANGLER_CONFIG_FILE_NAMES } from "../compat/find-wrangler-config.js";

/** Directories never walked into: dependencies, wrangler's local state, build output. */
export const ALWAYS_IGNORED_DIRECTORIES = ["node_modules", ".wrangler", "dist"] as const;

/** Thrown when a path given to the CLI does not exist. */
export class MissingPathError extends Error {
  constructor(readonly inputPath: string) {
    super(`No such file or directory: ${inputPath}`);
    this.name = "MissingPathError";
  }
}

/** True when `filePath` has one of the source extensions the tool reads. */
export function isSourceFile(filePath: string): boolean {
  return (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(filePath).toLowerCase());
}

/** What one walk of the paths found (`walkPaths`). */
export interface WalkedPaths {
  /** Absolute paths of the source files, sorted, without duplicates. */
  sourceFiles: string[];
  /** Absolute paths of every wrangler config file under the directories, sorted (every name, even several in one directory). */
  configFiles: string[];
}

/** Options of `walkPaths`. */
export interface WalkPathsOptions {
  /** `throw` (default): MissingPathError; `ignore`: a path that does not exist is skipped. */
  missingPaths?: "ignore" | "throw";
}

/**
 * Walks the paths once for both the source files and the wrangler configs, with the
 * same rules (see the module comment).
 *
 * @param paths files or directories, absolute or relative to `cwd`.
 * @param cwd the directory relative paths resolve against.
 * @returns see `WalkedPaths`. A file named directly is kept as a source file even when
 *   `.gitignore` ignores it (the user asked for it), but only if it has a source extension.
 * @throws MissingPathError when a path does not exist (unless `missingPaths` is `ignore`).
 */
export async function walkPaths(paths: readonly string[], cwd: string, options: WalkPathsOptions = {}): Promise<WalkedPaths> {
  const sourceFiles = new Set<string>();
  const configFiles = new Set<string>();
  const configNames = new Set<string>(WRANGLER_CONFIG_FILE_NAMES);
  const extensions = SOURCE_EXTENSIONS.map((extension) => extension.slice(1)).join(",");
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) {
      if (options.missingPaths === "ignore") continue;
      throw new MissingPathError(input);
    }
    if (info.isFile()) {
      if (isSourceFile(absolute)) sourceFiles.add(absolute);
      continue;
    }
    const found = await globby([`**/*.{${extensions}}`, `**/{${WRANGLER_CONFIG_FILE_NAMES.join(",")}}`], {
      cwd: absolute,
      absolute: true,
      gitignore: true,
      dot: false,
      ignore: ALWAYS_IGNORED_DIRECTORIES.map((directory) => `**/${convertPathToPattern(directory)}/**`),
    });
    const ignoredByParents = await parentGitignoreFilter(absolute);
    for (const file of found) {
      if (ignoredByParents(file)) continue;
      (configNames.has(path.basename(file)) ? configFiles : sourceFiles).add(path.resolve(file));
    }
  }
  return { sourceFiles: [...sourceFiles].sort(), configFiles: [...configFiles].sort() };
}

/**
 * @param paths files or directories, absolute or relative to `cwd`.
 * @param cwd the directory relative paths resolve against.
 * @returns absolute paths of the source files, sorted, without duplicates (`walkPaths`).
 * @throws MissingPathError when a path does not exist.
 */
export async function collectSourceFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  return (await walkPaths(paths, cwd)).sourceFiles;
}

/**
 * What the `.gitignore` files of `directory`'s parents, up to its git root
 * (the nearest directory holding `.git`), ignore. Nothing outside a git
 * repository, and nothing when `directory` itself is ignored: the user named it.
 */
async function parentGitignoreFilter(directory: string): Promise<(file: string) => boolean> {
  const none = () => false;
  const parents: string[] = [];
  let root: string | null = null;
  for (let dir = directory; ; ) {
    if (existsSync(path.join(dir, ".git"))) {
      root = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    parents.push(parent);
    dir = parent;
  }
  if (root === null || root === directory) return none;
  const gitignores = parents
    .filter((dir) => existsSync(path.join(dir, ".gitignore")))
    .map((dir) => convertPathToPattern(path.relative(root, path.join(dir, ".gitignore")).split(path.sep).join("/")));
  if (gitignores.length === 0) return none;
  const isIgnored = await isIgnoredByIgnoreFiles(gitignores, { cwd: root });
  if (isIgnored(path.join(directory, "ignored-probe"))) return none;
  return isIgnored;
}
