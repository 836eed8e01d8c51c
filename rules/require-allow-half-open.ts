/**
 * `ws-close/require-allow-half-open`: a proxy leg accepted without
 * `{ allowHalfOpen: true }` in `auto` or `mixed` mode, which loses the
 * end-to-end close. Detection lives in
 * `src/analysis/findings/require-allow-half-open.ts`; this file only adapts its
 * findings to ESLint.
 */
import { REQUIRE_ALLOW_HALF_OPEN_MESSAGES, type RequireAllowHalfOpenMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = RequireAllowHalfOpenMessageId;

export default createRule<Options, MessageIds>({
  name: "require-allow-half-open",
  meta: {
    type: "problem",
    docs: {
      description:
        "Require `accept({ allowHalfOpen: true })` on both legs of a WebSocket proxy, so that a close still travels end to end when the runtime replies to Close frames (compatibility date 2026-04-07 and later)",
      recommended: true,
    },
    fixable: "code",
    schema: [],
    messages: REQUIRE_ALLOW_HALF_OPEN_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "require-allow-half-open", null);
  },
});
