/**
 * Turns the CLI's paths into the source files to migrate, and finds the
 * wrangler configs under them, in one walk (`fast-glob`):
 * - files named directly, and every file under directories, by the same name
 *   rule (`source-file-names.ts`: lower-case source extensions, dotfiles
 *   included); a named file with a source extension in upper case is reported
 *   as skipped, other files that are not source files are passed over;
 * - never into `ALWAYS_IGNORED_DIRECTORIES` nor what `.gitignore` files ignore
 *   (those under the directory and those of its parents up to the git root); a
 *   file named directly is taken even when ignored: the user asked for it;
 * - never through a symbolic link unless `followSymlinks`: a link (named or
 *   found) is reported as skipped, so the walk cannot leave the given roots nor
 *   loop. Followed, a link counts as its target's real path (whose wrangler
 *   config then decides its mode), each real path once, and a linked directory
 *   is walked once whatever the links and loops that lead to it;
 * - a directory that cannot be read is one failure, and the walk goes on;
 * - temp files of an interrupted run (`temp-files.ts`) are listed for removal.
 */
import { lstatSync, readdir, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import fastGlob from "fast-glob";
import { WRANGLER_CONFIG_FILE_NAMES } from "../compat/find-wrangler-config.js";
import { createGitignoreFilter } from "./gitignore-filter.js";
import { ALWAYS_IGNORED_DIRECTORIES, caseMismatchReason, isSourceFile } from "./source-file-names.js";
import { isTempFilePath } from "./temp-files.js";

export { ALWAYS_IGNORED_DIRECTORIES, isSourceFile } from "./source-file-names.js";

/** Thrown when a path given to the CLI does not exist. */
export class MissingPathError extends Error {
  constructor(readonly inputPath: string) {
    super(`No such file or directory: ${inputPath}`);
    this.name = "MissingPathError";
  }
}

/** A path the walk did not take, and why (one short sentence). */
export interface WalkSkip {
  absolutePath: string;
  reason: string;
}

/** A path the walk could not read: a directory, or a link it could not resolve. */
export interface WalkFailure {
  absolutePath: string;
  error: string;
}

/** What one walk of the paths found (`walkPaths`). */
export interface WalkedPaths {
  /** Absolute paths of the source files, sorted, without duplicates (real paths where a followed link led). */
  sourceFiles: string[];
  /** Absolute paths of every wrangler config file under the directories, sorted (every name, even several in one directory). */
  configFiles: string[];
  /** Links not followed, and named files with a source extension in another case, sorted by path. */
  skipped: WalkSkip[];
  /** Directories that could not be read (the rest of the walk went on), sorted by path. */
  failed: WalkFailure[];
  /** Temp files of atomic writes found in the walked directories (stale or not: `isStaleTempFile` decides). */
  tempFiles: string[];
}

/** Options of `walkPaths`. */
export interface WalkPathsOptions {
  /** `throw` (default): MissingPathError; `ignore`: a path that does not exist is skipped. */
  missingPaths?: "ignore" | "throw";
  /** Follow symbolic links to their real paths (CLI `--follow-symlinks`). Default `false`: report them as skipped. */
  followSymlinks?: boolean;
}

const SYMLINK_SKIP_REASON = "symbolic link, not followed: --follow-symlinks migrates its target at its real path";

/**
 * Walks the paths once for both the source files and the wrangler configs, with the
 * rules of the module comment.
 *
 * @param paths files or directories, absolute or relative to `cwd`.
 * @param cwd the directory relative paths resolve against.
 * @throws MissingPathError when a path does not exist (unless `missingPaths` is `ignore`); a broken
 *   link named directly counts as missing.
 */
export async function walkPaths(paths: readonly string[], cwd: string, options: WalkPathsOptions = {}): Promise<WalkedPaths> {
  const walk = new Walk(Boolean(options.followSymlinks));
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    const link = lstatOrNull(absolute);
    const info = statOrNull(absolute);
    if (!link || !info) {
      if (options.missingPaths === "ignore") continue;
      throw new MissingPathError(input);
    }
    if (link.isSymbolicLink() && !walk.followSymlinks) {
      walk.skip(absolute, SYMLINK_SKIP_REASON);
      continue;
    }
    const real = link.isSymbolicLink() ? realpathSync(absolute) : absolute;
    if (info.isFile()) {
      const reason = caseMismatchReason(absolute);
      if (reason !== null) walk.skip(absolute, reason);
      else if (isSourceFile(absolute)) walk.sourceFiles.add(real);
      continue;
    }
    if (info.isDirectory()) await walk.directory(real);
  }
  return walk.result();
}

/** The state of one `walkPaths` call. */
class Walk {
  readonly sourceFiles = new Set<string>();
  private readonly configFiles = new Set<string>();
  private readonly skipped = new Map<string, string>();
  private readonly failed = new Map<string, string>();
  private readonly tempFiles = new Set<string>();
  /** Real paths of the directories walked, so that no directory is walked twice. */
  private readonly walkedDirectories: string[] = [];

  constructor(readonly followSymlinks: boolean) {}

  skip(absolutePath: string, reason: string): void {
    this.skipped.set(absolutePath, reason);
  }

  /** Walks the directory at real path `root`, unless a walk already covered it. */
  async directory(root: string): Promise<void> {
    if (this.walkedDirectories.some((walked) => root === walked || root.startsWith(walked + path.sep))) return;
    this.walkedDirectories.push(root);
    const unreadable = new Map<string, string>();
    const entries = await fastGlob("**", {
      cwd: root,
      absolute: true,
      dot: true,
      onlyFiles: false,
      objectMode: true,
      followSymbolicLinks: false,
      ignore: ALWAYS_IGNORED_DIRECTORIES.flatMap((directory) => [`**/${directory}`, `**/${directory}/**`]),
      fs: { readdir: readdirRecordingDenials(unreadable) as unknown as typeof readdir },
    });
    for (const [directory, error] of unreadable) this.failed.set(directory, error);
    const gitignores = entries.filter((entry) => entry.name === ".gitignore" && !entry.dirent.isDirectory()).map((entry) => path.resolve(entry.path));
    const ignored = createGitignoreFilter(root, gitignores);
    const linkedDirectories: string[] = [];
    for (const entry of entries) {
      const absolute = path.resolve(entry.path);
      const { dirent } = entry;
      if (dirent.isDirectory() || ignored(absolute)) continue;
      if (dirent.isSymbolicLink()) {
        const target = this.linkTarget(absolute);
        if (target?.isDirectory) linkedDirectories.push(target.realPath);
        else if (target && isSourceFile(absolute) && isSourceFile(target.realPath)) this.sourceFiles.add(target.realPath);
        continue;
      }
      if (!dirent.isFile()) continue;
      if (isTempFilePath(absolute)) this.tempFiles.add(absolute);
      else if ((WRANGLER_CONFIG_FILE_NAMES as readonly string[]).includes(entry.name)) this.configFiles.add(absolute);
      else if (isSourceFile(absolute)) this.sourceFiles.add(absolute);
    }
    for (const linked of linkedDirectories) await this.directory(linked);
  }

  /**
   * What a link found by the walk leads to, when the walk follows links; otherwise (or when it
   * is broken) the link is reported and `null` returned. Links to other things than source
   * files and directories are passed over in silence, as any file that is not a source file.
   */
  private linkTarget(link: string): { realPath: string; isDirectory: boolean } | null {
    const target = statOrNull(link);
    if (!target || !(target.isDirectory() || isSourceFile(link))) {
      if (!target && isSourceFile(link)) this.skip(link, "broken symbolic link");
      return null;
    }
    if (!this.followSymlinks) {
      this.skip(link, SYMLINK_SKIP_REASON);
      return null;
    }
    try {
      return { realPath: realpathSync(link), isDirectory: target.isDirectory() };
    } catch (error) {
      this.failed.set(link, `cannot resolve the symbolic link: ${(error as Error).message}`);
      return null;
    }
  }

  result(): WalkedPaths {
    const byPath = <T>(entries: Map<string, string>, make: (absolutePath: string, text: string) => T): T[] =>
      [...entries.keys()].sort().map((absolutePath) => make(absolutePath, entries.get(absolutePath)!));
    return {
      sourceFiles: [...this.sourceFiles].sort(),
      configFiles: [...this.configFiles].sort(),
      skipped: byPath(this.skipped, (absolutePath, reason) => ({ absolutePath, reason })),
      failed: byPath(this.failed, (absolutePath, error) => ({ absolutePath, error })),
      tempFiles: [...this.tempFiles].sort(),
    };
  }
}

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void;

/**
 * `fs.readdir` for fast-glob that turns a directory it may not read (EACCES, EPERM) into an
 * empty one and records it, so that one such directory does not end the whole walk.
 */
function readdirRecordingDenials(denied: Map<string, string>) {
  return (directory: string, options: { withFileTypes: true }, callback: ReaddirCallback): void => {
    readdir(directory, options, (error, entries) => {
      if (error && (error.code === "EACCES" || error.code === "EPERM")) {
        denied.set(path.resolve(directory), "cannot read this directory (permission denied); its files were not migrated");
        callback(null, []);
        return;
      }
      callback(error, entries);
    });
  };
}
