/**
 * The Workers of a run (issue 6, "Many Workers"; also the configs `upgrade`
 * bumps): every wrangler config under the paths given to the CLI, walked as the
 * source files are (`walkPaths`: skipping `node_modules`, `.wrangler`, `dist`
 * and what `.gitignore` ignores, also a parent's), plus the config that governs
 * each path from above (`ws-close-migrate workers/chat/src` still knows the
 * chat Worker). In a directory holding several config names, only the one
 * wrangler reads there is kept (`wrangler.json`, then `wrangler.jsonc`, then
 * `wrangler.toml`, docs/runtime-behaviour.md#which-wrangler-config-governs-a-file).
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { findWranglerConfig, WRANGLER_CONFIG_FILE_NAMES } from "../compat/index.js";
import { walkPaths, type WalkedPaths } from "../files/walk-paths.js";

/** Options of `findWorkerConfigs`. */
export interface FindWorkerConfigsOptions {
  /** `ignore` (default): a path that does not exist is skipped (`collectSourceFiles` reports it); `throw`: MissingPathError. */
  missingPaths?: "ignore" | "throw";
  /** The result of `walkPaths` over the same `paths`, when the caller has it: the paths are not walked again. */
  walked?: WalkedPaths;
}

/**
 * @param paths files or directories, absolute or relative to `cwd`.
 * @param cwd the directory relative paths resolve against.
 * @returns absolute paths of the configs, sorted, without duplicates. Their contents are not read: a broken
 *   config is still listed.
 * @throws {MissingPathError} with `missingPaths: "throw"`, when a path does not exist.
 */
export async function findWorkerConfigs(
  paths: readonly string[],
  cwd: string,
  options: FindWorkerConfigsOptions = {},
): Promise<string[]> {
  const missingPaths = options.missingPaths ?? "ignore";
  const walked = options.walked ?? (await walkPaths(paths, cwd, { missingPaths }));
  const configs = new Set<string>(walked.configFiles);
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) continue;
    const governing = findWranglerConfig(info.isDirectory() ? absolute : path.dirname(absolute));
    if (governing !== null) configs.add(governing);
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
