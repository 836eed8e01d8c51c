/**
 * The wrangler configs an upgrade bumps: every config under the given paths,
 * plus the config that governs each path itself (so `upgrade src/` bumps the
 * Worker whose `wrangler.jsonc` sits beside `src/`).
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { globby, convertPathToPattern } from "globby";
import { findWranglerConfig, WRANGLER_CONFIG_FILE_NAMES } from "../compat/index.js";
import { ALWAYS_IGNORED_DIRECTORIES, MissingPathError } from "../migrate/collect-source-files.js";

/**
 * Finds the configs to upgrade. Under a directory, `.gitignore`d files and
 * `node_modules`, `.wrangler`, `dist` are skipped (as for source files); in a
 * directory holding several config names, only the one wrangler reads there
 * is kept (`wrangler.json`, then `wrangler.jsonc`, then `wrangler.toml`, SPEC §2).
 * For each path, the config found walking up from it (`findWranglerConfig`) is
 * added too.
 *
 * @param paths files or directories, absolute or relative to `cwd`.
 * @returns absolute config paths, sorted, without duplicates; empty when there is none.
 * @throws {MissingPathError} a path does not exist.
 */
export async function findUpgradeConfigs(paths: readonly string[], cwd: string): Promise<string[]> {
  const configs = new Set<string>();
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new MissingPathError(input);
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
    for (const config of found) configs.add(path.resolve(config));
  }
  return [...preferredPerDirectory(configs)].sort();
}

/** Keeps, per directory, the config name wrangler looks for first. */
function preferredPerDirectory(configs: Iterable<string>): Set<string> {
  const byDirectory = new Map<string, string>();
  const rank = (config: string) => (WRANGLER_CONFIG_FILE_NAMES as readonly string[]).indexOf(path.basename(config));
  for (const config of configs) {
    const directory = path.dirname(config);
    const current = byDirectory.get(directory);
    if (current === undefined || rank(config) < rank(current)) byDirectory.set(directory, config);
  }
  return new Set(byDirectory.values());
}
