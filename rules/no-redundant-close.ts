/**
 * `ws-close/no-redundant-close`: a `close()` on a socket inside its own close
 * handler, when the runtime already answered the Close frame (`auto` mode).
 * Detection lives in `src/analysis/findings/no-redundant-close.ts`; this file
 * only adapts its findings to ESLint.
 */
import { NO_REDUNDANT_CLOSE_MESSAGES, type NoRedundantCloseMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = NoRedundantCloseMessageId;

export default createRule<Options, MessageIds>({
  name: "no-redundant-close",
  meta: {
    type: "suggestion",
    docs: {
      description:
        "Disallow `close()` replies in a WebSocket close handler when the runtime already replies to Close frames (compatibility date 2026-04-07 and later)",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [],
    messages: NO_REDUNDANT_CLOSE_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "no-redundant-close", "invalidConfig");
  },
});
