/**
 * The Workers of a run (issue 6, "Many Workers"): every wrangler config under
 * the paths given to the CLI, walked as the source files are (skipping
 * `node_modules`, `.wrangler`, `dist` and what `.gitignore` ignores), plus the
 * config that governs each path from above (`ws-close-migrate workers/chat/src`
 * still knows the chat Worker).
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { convertPathToPattern, globby } from "globby";
import { findWranglerConfig, WRANGLER_CONFIG_FILE_NAMES } from "../compat/index.js";
import { ALWAYS_IGNORED_DIRECTORIES } from "./collect-source-files.js";

/**
 * @param paths files or directories, absolute or relative to `cwd`; paths that do not exist are ignored
 *   (`collectSourceFiles` reports them).
 * @param cwd the directory relative paths resolve against.
 * @returns absolute paths of the configs (`wrangler.json`, `wrangler.jsonc`, `wrangler.toml`), sorted, without
 *   duplicates. Their contents are not read: a broken config is still listed.
 */
export async function findWorkerConfigs(paths: readonly string[], cwd: string): Promise<string[]> {
  const configs = new Set<string>();
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) continue;
    const directory = info.isDirectory() ? absolute : path.dirname(absolute);
    const governing = findWranglerConfig(directory);
    if (governing !== null) configs.add(governing);
    if (!info.isDirectory()) continue;
    const found = await globby(`**/{${WRANGLER_CONFIG_FILE_NAMES.join(",")}}`, {
      cwd: absolute,
      absolute: true,
      gitignore: true,
      dot: false,
      ignore: ALWAYS_IGNORED_DIRECTORIES.map((name) => `**/${convertPathToPattern(name)}/**`),
    });
    for (const file of found) configs.add(path.resolve(file));
  }
  return [...configs].sort();
}
