/**
 * Runs the analysis core once per linted file and shares the result between
 * the plugin's rules (keyed by ESLint's `SourceCode` object).
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { analyzeFile, type FileAnalysis } from "../src/analysis/index.js";
import type { ScopeManagerLike } from "../src/analysis/scope-lookup.js";
import { describeCompatResolution, resolveCompatForFile } from "../src/compat/index.js";
import { readLintSettings } from "./lint-settings.js";

/** The core's analysis of the file, or why there is none (a broken config or setting). */
export type LintFileAnalysis = { ok: true; analysis: FileAnalysis } | { ok: false; error: string };

const cache = new WeakMap<object, LintFileAnalysis>();

/** The analysis of the file `context` lints, computed once per file for all rules. */
export function analysisFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LintFileAnalysis {
  const sourceCode = context.sourceCode;
  const cached = cache.get(sourceCode);
  if (cached) return cached;
  const result = computeAnalysis(context);
  cache.set(sourceCode, result);
  return result;
}

function computeAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LintFileAnalysis {
  const settings = readLintSettings(context.settings);
  if ("error" in settings) return { ok: false, error: settings.error };
  let compat;
  try {
    compat = resolveCompatForFile(context.filename, { overrides: settings.overrides, cwd: context.cwd });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const sourceCode = context.sourceCode;
  const analysis = analyzeFile({
    ast: sourceCode.ast as TSESTree.Program,
    scopeManager: sourceCode.scopeManager as unknown as ScopeManagerLike,
    text: sourceCode.text,
    compat,
    compatDescription: describeCompatResolution(compat, context.cwd),
  });
  return { ok: true, analysis };
}

/**
 * Reports every finding of `ruleId` through `context`, with its fix and
 * suggestions as edits on the source text. A broken config is reported once,
 * at the top of the file, by the rule named `reportsConfigErrors`.
 */
export function reportFindings(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  ruleId: string,
  invalidConfigMessageId: string | null,
): void {
  const result = analysisFor(context);
  if (!result.ok) {
    if (invalidConfigMessageId) {
      context.report({ loc: { line: 1, column: 0 }, messageId: invalidConfigMessageId, data: { error: result.error } });
    }
    return;
  }
  for (const finding of result.analysis.findings) {
    if (finding.ruleId !== ruleId) continue;
    const fixEdits = finding.fix;
    context.report({
      loc: finding.loc,
      messageId: finding.messageId,
      data: finding.data,
      fix: fixEdits ? (fixer) => fixEdits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)) : null,
      suggest: finding.suggestions.map((suggestion) => ({
        messageId: suggestion.messageId,
        data: suggestion.data,
        fix: (fixer: TSESLint.RuleFixer) => suggestion.edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
      })),
    });
  }
}
