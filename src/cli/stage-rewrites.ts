/**
 * `--staged` without `--check`: the files it rewrote are staged again (`git add`
 * of exactly those files), so that the commit being made holds the rewrites, as
 * lint-staged does with a fixer's changes. Only files whose work tree equalled
 * the index were rewritten (`staged-paths.ts`), so staging them adds nothing
 * but the rewrites. A dry run says what it would stage.
 */
import { GitUnavailableError } from "../git/run-git.js";
import { StageFilesError, stageFiles } from "../git/stage-files.js";
import type { MigrateResult } from "../migrate/types.js";
import { countOf } from "./plural.js";
import { shellWord } from "./shell-word.js";

/** What staging did: a line for stderr (absent when there was nothing to stage), and whether it failed. */
export interface StagingOutcome {
  message?: string;
  /** True when `git add` failed: the rewrites are written but not staged (the CLI exits 2). */
  failed: boolean;
}

/**
 * Stages the files the run rewrote (status `changed`), or, without `write`, says which it would stage.
 *
 * @param result the run's result (`--staged` without `--check`).
 * @param options `write`: the run wrote its changes; `cwd`: the working directory, where git runs.
 * @returns the outcome; an interrupted run stages nothing and says so.
 * @throws what `stageFiles` throws other than `StageFilesError` and `GitUnavailableError` (neither is expected).
 */
export async function stageStagedRewrites(result: MigrateResult, options: { write: boolean; cwd: string }): Promise<StagingOutcome> {
  const rewritten = result.files.filter((file) => file.status === "changed");
  if (rewritten.length === 0) return { failed: false };
  const names = rewritten.map((file) => shellWord(file.path)).join(" ");
  if (!options.write) return { failed: false, message: `note: without --dry-run, --staged would stage the ${countOf(rewritten.length, "file")} it rewrites (git add): ${names}\n` };
  if (result.interrupted) return { failed: false, message: `note: interrupted, so the rewritten files are not staged: git add ${names}\n` };
  try {
    await stageFiles(
      rewritten.map((file) => file.absolutePath),
      options.cwd,
    );
  } catch (error) {
    if (!(error instanceof StageFilesError || error instanceof GitUnavailableError)) throw error;
    const them = rewritten.length === 1 ? "it" : "them";
    return { failed: true, message: `error: rewrote ${countOf(rewritten.length, "file")} but could not stage ${them} (${error.message}): git add ${names}\n` };
  }
  return { failed: false, message: `note: staged the ${countOf(rewritten.length, "file")} it rewrote (git add): ${names}\n` };
}
