/**
 * `ws-close/no-reserved-close-code`: a `close()` whose code throws
 * `InvalidAccessError` on every compatibility date, a reserved or out-of-range
 * literal, or a received close code passed on without a guard against 1005,
 * 1006 and 1015. Detection lives in
 * `src/analysis/findings/no-reserved-close-code.ts`; this file only adapts its
 * findings to ESLint.
 */
import { NO_RESERVED_CLOSE_CODE_MESSAGES, type NoReservedCloseCodeMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = NoReservedCloseCodeMessageId;

export default createRule<Options, MessageIds>({
  name: "no-reserved-close-code",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow WebSocket `close()` codes that throw: reserved or out-of-range literals, and received close codes passed on without excluding 1005, 1006 and 1015",
      recommended: true,
    },
    fixable: "code",
    schema: [],
    messages: NO_RESERVED_CLOSE_CODE_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "no-reserved-close-code", null);
  },
});
