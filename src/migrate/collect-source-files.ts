/**
 * Turns the CLI's paths into the source files to migrate: files given directly,
 * and every source file under directories, skipping `node_modules`, `.wrangler`,
 * `dist` and what `.gitignore` files ignore.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { convertPathToPattern, globby } from "globby";
import { SOURCE_EXTENSIONS } from "../analysis/index.js";

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

/**
 * @param paths files or directories, absolute or relative to `cwd`.
 * @param cwd the directory relative paths resolve against.
 * @returns absolute paths of the source files, sorted, without duplicates. A file
 *   named directly is kept even when `.gitignore` ignores it (the user asked for it),
 *   but only if it has a source extension.
 * @throws MissingPathError when a path does not exist.
 */
export async function collectSourceFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new MissingPathError(input);
    if (info.isFile()) {
      if (isSourceFile(absolute)) files.add(absolute);
      continue;
    }
    const extensions = SOURCE_EXTENSIONS.map((extension) => extension.slice(1)).join(",");
    const found = await globby(`**/*.{${extensions}}`, {
      cwd: absolute,
      absolute: true,
      gitignore: true,
      dot: false,
      ignore: ALWAYS_IGNORED_DIRECTORIES.map((directory) => `**/${convertPathToPattern(directory)}/**`),
    });
    for (const file of found) files.add(path.resolve(file));
  }
  return [...files].sort();
}
