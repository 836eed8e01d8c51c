/**
 * The analysis core (DESIGN.md): socket model, findings and text edits. It
 * imports neither ESLint nor jscodeshift.
 */
export { analyzeFile, type AnalyzeFileInput, type FileAnalysis } from "./analyze-file.js";
export { parseSource, SourceParseError, SOURCE_EXTENSIONS, type ParsedSource } from "./parse/parse-source.js";
export { applyTextEdits } from "./fix/source-edits.js";
export {
  formatMessage,
  NO_CLOSING_STATE_CHECK_MESSAGES,
  NO_NEW_WEBSOCKET_IN_PROXY_MESSAGES,
  NO_SEND_IN_CLOSE_HANDLER_MESSAGES,
  type NoClosingStateCheckMessageId,
  type NoNewWebSocketInProxyMessageId,
  type NoSendInCloseHandlerMessageId,
  NO_REDUNDANT_CLOSE_MESSAGES,
  NO_RESERVED_CLOSE_CODE_MESSAGES,
  REQUIRE_ALLOW_HALF_OPEN_MESSAGES,
  REQUIRE_CLOSE_REPLY_MESSAGES,
  REQUIRE_HIBERNATION_CLOSE_MESSAGES,
  type NoRedundantCloseMessageId,
  type NoReservedCloseCodeMessageId,
  type RequireAllowHalfOpenMessageId,
  type RequireCloseReplyMessageId,
  type RequireHibernationCloseMessageId,
} from "./rules/messages.js";
export type * from "./model/durable-object-model.js";
export type * from "./model/socket-model.js";
export type * from "./types.js";
export { rewriteSource, MAX_FIX_PASSES, type RewriteSourceInput, type RewriteSourceResult } from "./fix/rewrite-source.js";
export { ProxyModel, type CloseForward, type MessageForwardLink, type ProxyLink } from "./model/proxy-model.js";
export { mayHaveFindings } from "./parse/source-prefilter.js";
