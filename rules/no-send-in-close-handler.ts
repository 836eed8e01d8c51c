/**
 * `ws-close/no-send-in-close-handler`: a socket that is not half-open calls `send()` on itself in
 * its own close handler, which throws TypeError in `auto` mode. Report only.
 * Detection lives in `src/analysis/findings/no-send-in-close-handler.ts`; this file only adapts
 * its findings to ESLint.
 */
import { NO_SEND_IN_CLOSE_HANDLER_MESSAGES, type NoSendInCloseHandlerMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = NoSendInCloseHandlerMessageId;

export default createRule<Options, MessageIds>({
  name: "no-send-in-close-handler",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow `send()` on a socket inside its own close handler when the runtime already replied to the Close frame (compatibility date 2026-04-07 and later): it throws TypeError",
      recommended: true,
    },
    schema: [],
    messages: NO_SEND_IN_CLOSE_HANDLER_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "no-send-in-close-handler", null);
  },
});
