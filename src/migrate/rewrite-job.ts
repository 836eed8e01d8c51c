/**
 * One file's parse-and-rewrite, as plain data in and out, so that it can run
 * in this thread or in a worker thread (`rewrite-pool.ts`) with the same result.
 *
 * The parser (`@typescript-eslint/typescript-estree`, which loads `typescript`,
 * about a second of start-up) is imported on the first job, not when the CLI
 * starts: a run whose files all fail the text prefilter never loads it.
 */
import type { RewriteSourceResult } from "../analysis/fix/rewrite-source.js";
import type { RuleId } from "../analysis/types.js";
import type { CrossModuleFacts } from "../analysis/cross-module/module-facts.js";
import type { CompatResolution, FrameworkVersions } from "../compat/types.js";

/** The inputs of one rewrite: `rewriteSource`'s, all structured-cloneable. */
export interface RewriteJob {
  text: string;
  /** Absolute path; its extension picks the parser options. The file is not read. */
  filePath: string;
  compat: CompatResolution;
  compatDescription: string;
  /** The short form for messages (`projectCompatNote`). */
  compatNote: string;
  /** The partyserver and agents versions the file runs with (`resolveFrameworkVersions`). */
  frameworks?: FrameworkVersions;
  ruleIds: readonly RuleId[];
  /** What the cross-module view knows of the modules the file imports (`src/modules/`); absent with `--no-cross-module`. */
  crossModule?: CrossModuleFacts;
}

/**
 * What came of a job:
 * - `rewritten`: `rewriteSource`'s result (`output` equals the input text when nothing applies);
 * - `parse-error`: the text does not parse, at 1-based `line` and `column`;
 * - `error`: anything else went wrong (a bug, or a worker that died), in `message`;
 * - `cancelled`: the job never ran (`RewriteScheduler.cancel`: the run was interrupted).
 */
export type RewriteJobOutcome =
  | { kind: "rewritten"; result: RewriteSourceResult }
  | { kind: "parse-error"; line: number; column: number; reason: string }
  | { kind: "error"; message: string }
  | { kind: "cancelled" };

let rewriteModule: Promise<typeof import("../analysis/fix/rewrite-source.js")> | null = null;
let parseErrorModule: Promise<typeof import("../analysis/parse/source-parse-error.js")> | null = null;

/**
 * Starts loading the parser and the core (once per thread; `runRewriteJob` waits for it).
 * @returns the loaded modules; rejects when they cannot be loaded.
 */
export function loadRewriteModules(): Promise<[typeof import("../analysis/fix/rewrite-source.js"), typeof import("../analysis/parse/source-parse-error.js")]> {
  rewriteModule ??= import("../analysis/fix/rewrite-source.js");
  parseErrorModule ??= import("../analysis/parse/source-parse-error.js");
  return Promise.all([rewriteModule, parseErrorModule]);
}

/**
 * Runs one job in this thread. Never throws: every failure is an outcome.
 */
export async function runRewriteJob(job: RewriteJob): Promise<RewriteJobOutcome> {
  try {
    const [{ rewriteSource }, { SourceParseError }] = await loadRewriteModules();
    try {
      return { kind: "rewritten", result: rewriteSource(job) };
    } catch (error) {
      if (error instanceof SourceParseError) return { kind: "parse-error", line: error.line, column: error.column, reason: error.reason };
      throw error;
    }
  } catch (error) {
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
}
