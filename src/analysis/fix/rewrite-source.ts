/**
 * Applies the core's fixes to a source text the way `eslint --fix` does:
 * non-overlapping fixes per pass, then a fresh analysis of the new text, until
 * no fix is left (at most `MAX_FIX_PASSES`), so a transform's output equals
 * ESLint's. The text is parsed once; after a pass, only the statements its
 * edits touched are parsed again (`reparseSource`).
 */
import type { CompatResolution, FrameworkVersions } from "../../compat/types.js";
import { analyzeFile } from "../analyze-file.js";
import type { CrossModuleFacts } from "../cross-module/module-facts.js";
import { collectGarbageAfter } from "../parse/collect-garbage.js";
import { parseSource, reparseSource, type ParsedSource } from "../parse/parse-source.js";
import { applyTextEdits } from "./source-edits.js";
import type { Finding, RuleId, TextEdit } from "../types.js";

/** ESLint's own limit of fix passes per file. */
export const MAX_FIX_PASSES = 10;

/** The inputs of `rewriteSource`. */
export interface RewriteSourceInput {
  text: string;
  /** Decides the parser options (see `parseSource`); the file is not read. */
  filePath: string;
  compat: CompatResolution;
  compatDescription: string;
  /** The short form for messages (see `compatNote`). */
  compatNote: string;
  /** The partyserver and agents versions the file runs with (`resolveFrameworkVersions`); default none (unknown). */
  frameworks?: FrameworkVersions;
  /** The rules whose fixes to apply. */
  ruleIds: readonly RuleId[];
  /** What the cross-module view knows of the modules the file imports (`module-facts.ts`); default none. */
  crossModule?: CrossModuleFacts;
}

/** What `rewriteSource` did. */
export interface RewriteSourceResult {
  output: string;
  /** The findings whose fixes were applied, located in the text they were found in (the input for the first pass). */
  applied: Finding[];
  /** Findings of `ruleIds` without a fix (suggestions only, or no safe edit), located in the input text. */
  unfixed: Finding[];
  /** Wall milliseconds spent parsing (re-parses included) and in the rules and their fixes. */
  timings: { parseMs: number; analysisMs: number };
}

/**
 * @throws SourceParseError when `text` (or, never expected, an intermediate output) does not parse.
 */
export function rewriteSource(input: RewriteSourceInput): RewriteSourceResult {
  const wanted = new Set<RuleId>(input.ruleIds);
  let text = input.text;
  const timings = { parseMs: 0, analysisMs: 0 };
  let started = performance.now();
  let parsed: ParsedSource | null = parseSource(text, input.filePath);
  timings.parseMs += performance.now() - started;
  started = performance.now();
  const applied: Finding[] = [];
  let unfixed: Finding[] | null = null;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    // Detached from the AST, whose positions the next pass moves in place (`reparseSource`).
    const findings = findingsOf(parsed, input, wanted).map(detach);
    const { ast } = parsed;
    // Its scopes are done with: the collector may take them while the next pass analyses the new text.
    parsed = null;
    // Fixes remove statements and never resolve a finding without a fix, so the first pass
    // holds every such finding, at its position in the text the user has.
    unfixed ??= findings.filter((finding) => !finding.fix);
    const fixable = findings
      .filter((finding) => finding.fix && finding.fix.length > 0)
      .map((finding) => ({ finding, ...extent(finding.fix!) }))
      .sort((a, b) => a.start - b.start);
    const edits: TextEdit[] = [];
    // As ESLint's fixer: a fix that starts at or before the end of the previous one waits for the next pass.
    let end = -1;
    const made = new Set<string>();
    for (const fix of fixable) {
      if (fix.start <= end) {
        // A fix whose every edit this pass already makes is done by it: the guard in a helper that several
        // calls reach, or the guards require-allow-half-open makes along with the option they need.
        if (fix.finding.fix!.every((edit) => made.has(editKey(edit)))) applied.push(fix.finding);
        continue;
      }
      edits.push(...fix.finding.fix!);
      for (const edit of fix.finding.fix!) made.add(editKey(edit));
      end = fix.end;
      applied.push(fix.finding);
    }
    if (edits.length === 0) break;
    const previous = { text, ast };
    text = applyTextEdits(text, edits);
    if (pass + 1 === MAX_FIX_PASSES) break; // ESLint too stops here, without looking at the last output
    // This pass's scopes and analysis are garbage now (about 150 MB for a 5 MB file), and the next pass makes as much.
    collectGarbageAfter(text.length);
    // The next pass looks for the findings these fixes create (or let through), as `eslint --fix` does: on the
    // whole file, but parsing again only the statements the edits touched. A full parse of a 5 MB file took
    // 5.7 s of the 19 s the CLI spent on it with one rewrite (issue 14).
    timings.analysisMs += performance.now() - started;
    started = performance.now();
    parsed = reparseSource(previous, edits, text, input.filePath);
    timings.parseMs += performance.now() - started;
    started = performance.now();
  }
  timings.analysisMs += performance.now() - started;
  return { output: text, applied, unfixed: unfixed ?? [], timings };
}

/** An edit as a key: two fixes that make the same edit give the same key. */
function editKey(edit: TextEdit): string {
  return `${edit.range[0]}:${edit.range[1]}:${edit.text}`;
}

/** Where a fix's edits start and end (a loop: a spread of a long edit list would overflow the call stack). */
function extent(edits: readonly TextEdit[]): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const { range } of edits) {
    start = Math.min(start, range[0]);
    end = Math.max(end, range[1]);
  }
  return { start, end };
}

/** A copy of `finding` whose ranges and locations are its own, not its nodes'. */
function detach(finding: Finding): Finding {
  const copyEdit = ({ range, text }: TextEdit): TextEdit => ({ range: [range[0], range[1]], text });
  const { start, end } = finding.loc;
  return {
    ...finding,
    range: [finding.range[0], finding.range[1]],
    loc: { start: { ...start }, end: { ...end } },
    ...(finding.fix ? { fix: finding.fix.map(copyEdit) } : {}),
    suggestions: finding.suggestions.map((suggestion) => ({ ...suggestion, edits: suggestion.edits.map(copyEdit) })),
  };
}

function findingsOf(parsed: ParsedSource, input: RewriteSourceInput, wanted: ReadonlySet<RuleId>): Finding[] {
  const { findings } = analyzeFile({
    ast: parsed.ast,
    scopeManager: parsed.scopeManager,
    text: parsed.text,
    compat: input.compat,
    compatDescription: input.compatDescription,
    compatNote: input.compatNote,
    ...(input.frameworks ? { frameworks: input.frameworks } : {}),
    ...(input.crossModule ? { crossModule: input.crossModule } : {}),
    filePath: input.filePath,
  });
  return findings.filter((finding) => wanted.has(finding.ruleId));
}
