/**
 * `ws-close/require-close-reply`: a standard-API socket whose peer's Close
 * frame is never answered, on a date without auto reply (`manual`, `mixed`) or
 * because the socket is half-open (any mode). Detection lives in
 * `src/analysis/findings/require-close-reply.ts`; this file only adapts its
 * findings to ESLint.
 */
import { REQUIRE_CLOSE_REPLY_MESSAGES, type RequireCloseReplyMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = RequireCloseReplyMessageId;

export default createRule<Options, MessageIds>({
  name: "require-close-reply",
  meta: {
    type: "problem",
    docs: {
      description:
        "Require a close handler to answer the peer's Close frame where the runtime does not: before compatibility date 2026-04-07 (or with web_socket_manual_reply_to_close), and on half-open sockets",
      recommended: true,
    },
    fixable: "code",
    schema: [],
    messages: REQUIRE_CLOSE_REPLY_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "require-close-reply", null);
  },
});
