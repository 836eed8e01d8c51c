/**
 * `ws-close/no-new-websocket-in-proxy`: a `new WebSocket(url)` socket that is one leg of a proxy,
 * which can never be half-open (`auto` and `mixed` modes). Report with a
 * suggestion (the `fetch()` upgrade pattern) where it is proven valid.
 * Detection lives in `src/analysis/findings/no-new-websocket-in-proxy.ts`; this file only adapts
 * its findings to ESLint.
 */
import { NO_NEW_WEBSOCKET_IN_PROXY_MESSAGES, type NoNewWebSocketInProxyMessageId } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

export type Options = [];
export type MessageIds = NoNewWebSocketInProxyMessageId;

export default createRule<Options, MessageIds>({
  name: "no-new-websocket-in-proxy",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow `new WebSocket(url)` as a leg of a WebSocket proxy: it can never be half-open, so from compatibility date 2026-04-07 the proxy cannot coordinate its close",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: NO_NEW_WEBSOCKET_IN_PROXY_MESSAGES,
  },
  defaultOptions: [],
  create(context) {
    return findingListeners(context, "no-new-websocket-in-proxy", null);
  },
});
