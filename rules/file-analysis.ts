/**
 * Runs the analysis core once per linted file and shares the result between
 * the plugin's rules (keyed by ESLint's `SourceCode` object).
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { analyzeFile, configErrorText, mayHaveFindings, ProxyModel, type FileAnalysis, type RuleDefinition } from "../src/analysis/index.js";
import type { ScopeManagerLike } from "../src/analysis/ast/scope-lookup.js";
import { compatNote, describeCompatResolution, resolveCompatForFile, resolveFrameworkVersions, type CompatResolution } from "../src/compat/index.js";
import { readLintSettings } from "./lint-settings.js";
import path from "node:path";
import { hasCrossModuleFacts, type CrossModuleFacts } from "../src/analysis/cross-module/module-facts.js";
import { loadTypeScript } from "../src/compat/module-resolver.js";
import { createCrossModuleView, type CrossModuleView } from "../src/module-view/cross-module-view.js";

/** The message id of a broken config report (`rule-from-definition.ts` adds its template to every rule with `dependsOnMode`). */
const INVALID_CONFIG_MESSAGE_ID = "invalidConfig";

/**
 * The core's analysis of the file. When the config or the settings cannot be
 * read, `configError` says why and the file is analysed in `unknown` mode, so
 * the rules that do not depend on the date still run.
 */
export interface LintFileAnalysis {
  analysis: FileAnalysis;
  configError?: string;
  /** Set once a rule has reported `configError`: the file gets one such report, not one per rule. */
  configErrorReported?: boolean;
}

const UNKNOWN_MODE: CompatResolution = { mode: "unknown", configPath: null, overridden: false, environments: [] };

const cache = new WeakMap<object, LintFileAnalysis>();
const prefilterCache = new WeakMap<object, boolean>();

/** `mayHaveFindings` of the file `context` lints, computed once per file for all rules. */
function fileMayHaveFindings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const sourceCode = context.sourceCode;
  let result = prefilterCache.get(sourceCode);
  if (result === undefined) {
    result = mayHaveFindings(sourceCode.text);
    prefilterCache.set(sourceCode, result);
  }
  return result;
}

/** The analysis of the file `context` lints, computed once per file for all rules. */
export function analysisFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LintFileAnalysis {
  const sourceCode = context.sourceCode;
  const cached = cache.get(sourceCode);
  if (cached) return cached;
  const result = computeAnalysis(context);
  cache.set(sourceCode, result);
  return result;
}

function resolveCompat(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): { compat: CompatResolution; configError?: string } {
  const settings = readLintSettings(context.settings);
  if ("error" in settings) return { compat: UNKNOWN_MODE, configError: settings.error };
  try {
    return { compat: resolveCompatForFile(context.filename, { overrides: settings.overrides, cwd: context.cwd }) };
  } catch (error) {
    return { compat: UNKNOWN_MODE, configError: error instanceof Error ? error.message : String(error) };
  }
}

/** The analysis of a file whose text cannot hold a finding (`mayHaveFindings`). */
function emptyAnalysis(): FileAnalysis {
  return { sockets: [], durableObjects: [], proxies: new ProxyModel([]), findings: [] };
}

const views = new WeakMap<object, CrossModuleView>();

/**
 * With typed linting (`parserOptions.projectService` or `project`), the program typescript-eslint made
 * answers what the file's imports are (issue 11): the core is told what an imported function does with a
 * socket and what an imported base class defines (`src/module-view/`). Without a program the rules stay
 * per file, and nothing is computed. One view per program, so each file's facts are made once.
 */
function crossModuleFacts(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): { crossModule?: CrossModuleFacts } {
  const program = context.sourceCode.parserServices?.program;
  if (!program) return {};
  let view = views.get(program);
  if (!view) {
    // Messages name other modules relative to the project's tsconfig (the program's root), else to ESLint's cwd.
    const configFile = program.getCompilerOptions().configFilePath;
    const root = typeof configFile === "string" ? path.dirname(configFile) : context.cwd;
    view = createCrossModuleView({
      ts: loadTypeScript(),
      program: () => program,
      displayPath: (file) => path.relative(root, file).split(path.sep).join("/"),
    });
    views.set(program, view);
  }
  const facts = view.factsFor(program.getSourceFile(context.filename)?.fileName ?? context.filename);
  return hasCrossModuleFacts(facts) ? { crossModule: facts } : {};
}

/**
 * Most files of a project have no WebSocket code: a text test (`mayHaveFindings`, sound) skips
 * them before their config is looked up or the core runs, so no rule reports on them, not even
 * a broken config (whose mode nothing in the file depends on).
 */
function computeAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LintFileAnalysis {
  const sourceCode = context.sourceCode;
  if (!fileMayHaveFindings(context)) return { analysis: emptyAnalysis() };
  const { compat, configError } = resolveCompat(context);
  const analysis = analyzeFile({
    ast: sourceCode.ast as TSESTree.Program,
    scopeManager: sourceCode.scopeManager as unknown as ScopeManagerLike,
    text: sourceCode.text,
    compat,
    compatDescription: configError === undefined ? describeCompatResolution(compat, context.cwd) : "the wrangler config could not be read",
    compatNote: configError === undefined ? compatNote(compat, { cwd: context.cwd, filePath: context.filename, overrides: "settings" }) : "unknown: unreadable wrangler config",
    frameworks: resolveFrameworkVersions(context.filename, { cwd: context.cwd }),
    filePath: context.filename,
    ...crossModuleFacts(context),
  });
  return configError === undefined ? { analysis } : { analysis, configError };
}

/**
 * A rule's listeners: none for a file whose text cannot hold a finding (most files; nothing to
 * report there, not even a broken config), else a `Program` listener that calls `reportFindings`.
 */
export function findingListeners(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  definition: RuleDefinition,
): TSESLint.RuleListener {
  if (!fileMayHaveFindings(context)) return {};
  return {
    Program() {
      reportFindings(context, definition);
    },
  };
}

/**
 * Reports every finding of `definition` through `context`, with its fix and suggestions as
 * edits on the source text. A config or settings error is reported once per file, at its top,
 * by the first rule to run whose findings depend on the mode (`dependsOnMode`).
 */
function reportFindings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, definition: RuleDefinition): void {
  const result = analysisFor(context);
  if (result.configError !== undefined && definition.dependsOnMode && !result.configErrorReported) {
    result.configErrorReported = true;
    context.report({ loc: { line: 1, column: 0 }, messageId: INVALID_CONFIG_MESSAGE_ID, data: { error: configErrorText(result.configError) } });
  }
  for (const finding of result.analysis.findings) {
    if (finding.ruleId !== definition.id) continue;
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
