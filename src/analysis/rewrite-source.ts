/**
 * Applies the core's fixes to a source text the way `eslint --fix` does:
 * non-overlapping fixes per pass, then a fresh parse and analysis, until no fix
 * is left (at most `MAX_FIX_PASSES`), so a transform's output equals ESLint's.
 */
import type { CompatResolution } from "../compat/types.js";
import { analyzeFile } from "./analyze-file.js";
import { parseSource } from "./parse-source.js";
import { applyTextEdits } from "./source-edits.js";
import type { Finding, RuleId, TextEdit } from "./types.js";

/** ESLint's own limit of fix passes per file. */
export const MAX_FIX_PASSES = 10;

/** The inputs of `rewriteSource`. */
export interface RewriteSourceInput {
  text: string;
  /** Decides the parser options (see `parseSource`); the file is not read. */
  filePath: string;
  compat: CompatResolution;
  compatDescription: string;
  /** The rules whose fixes to apply. */
  ruleIds: readonly RuleId[];
}

/** What `rewriteSource` did. */
export interface RewriteSourceResult {
  output: string;
  /** The findings whose fixes were applied, located in the text they were found in (the input for the first pass). */
  applied: Finding[];
  /** Findings of `ruleIds` without a fix (suggestions only, or no safe edit), located in the input text. */
  unfixed: Finding[];
}

/**
 * @throws SourceParseError when `text` (or, never expected, an intermediate output) does not parse.
 */
export function rewriteSource(input: RewriteSourceInput): RewriteSourceResult {
  const wanted = new Set<RuleId>(input.ruleIds);
  let text = input.text;
  const applied: Finding[] = [];
  let unfixed: Finding[] | null = null;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const findings = findingsOf(text, input, wanted);
    // Fixes remove statements and never resolve a finding without a fix, so the first pass
    // holds every such finding, at its position in the text the user has.
    unfixed ??= findings.filter((finding) => !finding.fix);
    const fixable = findings
      .filter((finding) => finding.fix && finding.fix.length > 0)
      .map((finding) => ({ finding, start: Math.min(...finding.fix!.map((edit) => edit.range[0])) }))
      .sort((a, b) => a.start - b.start);
    const edits: TextEdit[] = [];
    // As ESLint's fixer: a fix that starts at or before the end of the previous one waits for the next pass.
    let end = -1;
    for (const { finding, start } of fixable) {
      if (start <= end) continue;
      edits.push(...finding.fix!);
      end = Math.max(...finding.fix!.map((edit) => edit.range[1]));
      applied.push(finding);
    }
    if (edits.length === 0) break;
    text = applyTextEdits(text, edits);
  }
  return { output: text, applied, unfixed: unfixed ?? [] };
}

function findingsOf(text: string, input: RewriteSourceInput, wanted: ReadonlySet<RuleId>): Finding[] {
  const parsed = parseSource(text, input.filePath);
  const { findings } = analyzeFile({
    ast: parsed.ast,
    scopeManager: parsed.scopeManager,
    text,
    compat: input.compat,
    compatDescription: input.compatDescription,
    filePath: input.filePath,
  });
  return findings.filter((finding) => wanted.has(finding.ruleId));
}
