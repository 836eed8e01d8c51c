import fs from "node:fs";
import path from "node:path";

/**
 * Config file names in wrangler's search order (docs/runtime-behaviour.md#which-wrangler-config-governs-a-file): each name is looked
 * for in every directory up to the root before the next name is tried.
 */
export const WRANGLER_CONFIG_FILE_NAMES = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"] as const;

/**
 * Finds the wrangler config that governs files in `fromDir`, as wrangler does
 * (docs/runtime-behaviour.md#which-wrangler-config-governs-a-file): `wrangler.json` in `fromDir` or any parent up to the file-system
 * root, else `wrangler.jsonc` the same way, else `wrangler.toml`. So a
 * `wrangler.json` in a parent beats a `wrangler.toml` beside the file.
 *
 * @param fromDir directory to start from (made absolute against `process.cwd()`).
 * @returns absolute path of the config file, or `null` when none exists.
 * Never throws for missing or unreadable directories.
 */
export function findWranglerConfig(fromDir: string): string | null {
  const start = path.resolve(fromDir);
  for (const fileName of WRANGLER_CONFIG_FILE_NAMES) {
    const found = findUp(start, fileName);
    if (found !== null) return found;
  }
  return null;
}

function findUp(start: string, fileName: string): string | null {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, fileName);
    if (isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
