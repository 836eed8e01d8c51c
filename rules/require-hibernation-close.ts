/**
 * `ws-close/require-hibernation-close`: a Durable Object's `webSocketClose`
 * that never closes its socket. Detection lives in
 * `src/analysis/findings/require-hibernation-close.ts`; this file only adapts
 * its findings to ESLint.
 */
import { REQUIRE_HIBERNATION_CLOSE_MESSAGES, type RequireHibernationCloseMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = RequireHibernationCloseMessageId;

export default createRule<Options, MessageIds>({
  name: "require-hibernation-close",
  meta: {
    type: "problem",
    docs: {
      description:
        "Require a Durable Object's `webSocketClose` to answer the Close frame: the runtime never does for hibernatable WebSockets, on any compatibility date",
      recommended: true,
    },
    fixable: "code",
    schema: [],
    messages: REQUIRE_HIBERNATION_CLOSE_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "require-hibernation-close", null);
  },
});
