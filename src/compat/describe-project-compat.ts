import { describeCompatResolution } from "./describe-compat-resolution.js";
import type { ProjectCompatResolution } from "./project-compat-resolver.js";

/**
 * A short phrase saying where a file's mode came from in a run over many
 * Workers, for CLI output and rule messages (the project counterpart of
 * `describeCompatResolution`, whose wording it keeps wherever one config decides):
 * - reached by no Worker's `main`, or by the Worker of its nearest config alone:
 *   `describeCompatResolution` of that config (`compatibility_date 2026-05-01 in wrangler.jsonc`);
 * - reached by one other Worker: `compatibility_date 2026-05-01 in workers/chat/wrangler.jsonc (whose main imports this file)`;
 * - reached by several: `imported by 2 Workers: compatibility_date 2026-05-01 in workers/chat/wrangler.jsonc (auto);
 *   compatibility_date 2025-09-15 in workers/legacy/wrangler.toml (manual)`.
 *
 * @param res a resolution from `ProjectCompatResolver.resolve`.
 * @param cwd directory config paths are shown relative to; default `process.cwd()`.
 * @returns the phrase, without a trailing period. Never throws.
 */
export function describeProjectCompatResolution(res: ProjectCompatResolution, cwd: string = process.cwd()): string {
  const [only, ...others] = res.workers;
  if (res.decidedBy === "nearest-config" || only === undefined) return describeCompatResolution(res, cwd);
  if (others.length === 0) {
    const phrase = describeCompatResolution(only.resolution, cwd);
    return only.configPath === res.nearestConfigPath ? phrase : `${phrase} (whose main imports this file)`;
  }
  const items = res.workers.map((worker) => {
    const phrase = describeCompatResolution(worker.resolution, cwd);
    // A Worker whose environments differ is already described environment by environment, each with its mode.
    return /\((?:auto|manual|unknown)\)$/u.test(phrase) ? phrase : `${phrase} (${worker.resolution.mode})`;
  });
  return `imported by ${res.workers.length} Workers: ${items.join("; ")}`;
}

