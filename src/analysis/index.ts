/**
 * The analysis core (DESIGN.md): socket model, findings and text edits. It
 * imports neither ESLint nor jscodeshift.
 */
export { analyzeFile, type AnalyzeFileInput, type FileAnalysis } from "./analyze-file.js";
export { parseSource, SourceParseError, SOURCE_EXTENSIONS, type ParsedSource } from "./parse/parse-source.js";
export { applyTextEdits } from "./fix/source-edits.js";
export { formatMessage } from "./rules/format-message.js";
export {
  INVALID_CONFIG_MESSAGE,
  configErrorText,
  MAX_CONFIG_ERROR,
  PLUGIN_NAMESPACE,
  qualifiedRuleName,
  RULE_DOCS_BASE_URL,
  RULES,
  RULES_BY_ID,
  type FileModel,
  type MigrationName,
  type RuleDefinition,
  type RuleId,
} from "./rules/index.js";
export type * from "./model/durable-object-model.js";
export type * from "./model/socket-model.js";
export type * from "./types.js";
export { rewriteSource, MAX_FIX_PASSES, type RewriteSourceInput, type RewriteSourceResult } from "./fix/rewrite-source.js";
export { ProxyModel, type CloseForward, type MessageForwardLink, type ProxyLink } from "./model/proxy-model.js";
export { mayHaveFindings } from "./parse/source-prefilter.js";
