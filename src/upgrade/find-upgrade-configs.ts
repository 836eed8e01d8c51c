/**
 * The wrangler configs an upgrade bumps: the Workers of the paths
 * (`findWorkerConfigs`): every config under them, plus the config that governs
 * each path itself (so `upgrade src/` bumps the Worker whose `wrangler.jsonc`
 * sits beside `src/`).
 */
import { findWorkerConfigs } from "../migrate/find-worker-configs.js";

/**
 * @param paths files or directories, absolute or relative to `cwd`.
 * @returns absolute config paths, sorted, without duplicates; empty when there is none.
 * @throws {MissingPathError} a path does not exist.
 */
export async function findUpgradeConfigs(paths: readonly string[], cwd: string): Promise<string[]> {
  return findWorkerConfigs(paths, cwd, { missingPaths: "throw" });
}
