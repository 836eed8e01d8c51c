/**
 * `ws-close/no-closing-state-check`: a close handler that compares its socket's `readyState`
 * with CLOSING, which is never true there in `auto` mode (readyState is 3).
 * Report only.
 * Detection lives in `src/analysis/findings/no-closing-state-check.ts`; this file only adapts
 * its findings to ESLint.
 */
import { NO_CLOSING_STATE_CHECK_MESSAGES, type NoClosingStateCheckMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = NoClosingStateCheckMessageId;

export default createRule<Options, MessageIds>({
  name: "no-closing-state-check",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow comparing a socket's `readyState` with CLOSING in its own close handler when the runtime already replied to the Close frame (compatibility date 2026-04-07 and later): it is always CLOSED there",
      recommended: true,
    },
    schema: [],
    messages: NO_CLOSING_STATE_CHECK_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "no-closing-state-check", null);
  },
});
