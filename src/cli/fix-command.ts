/**
 * The command a check or a dry run ends with (`Fix with: npx ws-close-migrate
 * src/`): the same paths and the options that decide what is migrated, without
 * the ones that keep it from writing (`--check`, `--dry-run`) or only shape
 * the report (`--format`, `--quiet`, `--verbose`, `--timings`).
 */

import { shellWord } from "./shell-word.js";

/** The options of a run that decide which files are migrated and how. */
export interface FixCommandOptions {
  /** The paths as given on the command line; none for the default `.`. */
  paths: readonly string[];
  staged?: boolean;
  followSymlinks?: boolean;
  /** False with `--no-cross-module`. */
  crossModule?: boolean;
  compatibilityDate?: string;
  compatibilityFlags?: readonly string[];
  shard?: string;
}

/** How the command is run: through npx, which finds the project's own install (or fetches the package). */
const COMMAND = "npx ws-close-migrate";

/**
 * @returns the command line that writes what the run found, e.g. `npx ws-close-migrate --compatibility-date
 *   2026-05-01 src/`; a path that starts with `-` comes after `--`.
 */
export function fixCommand(options: FixCommandOptions): string {
  const words: string[] = [COMMAND];
  if (options.staged) words.push("--staged");
  if (options.followSymlinks) words.push("--follow-symlinks");
  if (options.crossModule === false) words.push("--no-cross-module");
  if (options.compatibilityDate !== undefined) words.push("--compatibility-date", shellWord(options.compatibilityDate));
  for (const flag of options.compatibilityFlags ?? []) words.push("--compatibility-flag", shellWord(flag));
  if (options.shard !== undefined) words.push("--shard", shellWord(options.shard));
  if (options.paths.some((path) => path.startsWith("-"))) words.push("--");
  words.push(...options.paths.map((path) => shellWord(path)));
  return words.join(" ");
}
