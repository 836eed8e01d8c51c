/**
 * Message templates of every rule, shared by the ESLint rules (`meta.messages`)
 * and the CLI, which renders them with `formatMessage`. Placeholders use
 * ESLint's `{{name}}` syntax.
 */

/** Messages of `ws-close/no-redundant-close`. Runtime facts: SPEC §1.2 rows 1–4 and 6. */
export const NO_REDUNDANT_CLOSE_MESSAGES = {
  redundantEcho:
    "`{{call}}` does nothing: the runtime already answered the peer's Close frame on '{{socket}}' before this close handler ran ({{compat}}; auto reply to Close frames is on from compatibility date 2026-04-07).{{throwNote}}",
  redundantCustomClose:
    "`{{call}}` is never sent: the runtime already answered the peer's Close frame on '{{socket}}' with the peer's own code and reason ({{compat}}; auto reply to Close frames is on from compatibility date 2026-04-07).",
  suggestRemoveClose: "Remove `{{call}}`; the runtime's own reply stays as it is.",
  suggestAllowHalfOpen:
    "Accept '{{socket}}' with `{ allowHalfOpen: true }` so that this handler's reply is the one sent (the reply is then required).",
  invalidConfig: "ws-close cannot tell this file's compatibility mode: {{error}}",
} as const;

/** Messages of `ws-close/require-hibernation-close`. Runtime facts: SPEC §1.2 rows 7–8, §1.4, §1.7. */
export const REQUIRE_HIBERNATION_CLOSE_MESSAGES = {
  missingCloseReply:
    "`{{className}}.webSocketClose` never closes '{{socket}}': the runtime does not answer Close frames on sockets accepted with acceptWebSocket() (Hibernation API) on any compatibility date, so the client's close hangs until the connection is dropped (1006).",
} as const;

/** Messages of `ws-close/require-close-reply`. Runtime facts: SPEC §1.1, §1.2 rows 1, 5 and proxies. */
export const REQUIRE_CLOSE_REPLY_MESSAGES = {
  missingReply:
    "This close handler never closes '{{socket}}'{{peerNote}}: without auto reply to Close frames ({{compat}}; auto reply is on from compatibility date 2026-04-07 unless web_socket_manual_reply_to_close is set), the runtime does not answer the peer's Close frame, so the peer's close hangs.",
  halfOpenMissingReply:
    "This close handler never closes '{{socket}}'{{peerNote}}: '{{socket}}' is accepted with `allowHalfOpen: true`, so the runtime does not answer the peer's Close frame on any compatibility date, and the peer's close hangs.",
  halfOpenWithoutCloseHandler:
    "'{{socket}}' is accepted with `allowHalfOpen: true` but has no close handler that closes it{{peerNote}}: the runtime does not answer the peer's Close frame on a half-open socket on any compatibility date, so the peer's close hangs. Add a close handler that replies.",
} as const;

/** The message ids of `ws-close/require-close-reply`. */
export type RequireCloseReplyMessageId = keyof typeof REQUIRE_CLOSE_REPLY_MESSAGES;

/** Messages of `ws-close/no-reserved-close-code`. Runtime facts: SPEC §1.2 rows 6 and 10, §1.3, §4. */
export const NO_RESERVED_CLOSE_CODE_MESSAGES = {
  reservedLiteralCode:
    "`{{call}}` throws InvalidAccessError on every compatibility date: close code {{code}} {{problem}}, so this Close frame is never sent.",
  unguardedReceivedCode:
    "`{{call}}` throws InvalidAccessError on every compatibility date when `{{code}}` is {{missing}}{{guardNote}}: a close event can carry these codes, and close() refuses them.{{consequence}}",
  unguardedReceivedCodeHibernation:
    "`{{call}}` throws InvalidAccessError on every compatibility date when `{{code}}` is {{missing}}{{guardNote}}: webSocketClose can receive these codes, and close() refuses them.{{consequence}}",
} as const;

/**
 * The `consequence` of a received code that throws, when 1005 is among the codes:
 * the peer is still there and waits for an answer (SPEC §1.2 row 6, §4).
 * After 1006 and 1015 no peer is left, and the consequence is empty.
 */
export const RESERVED_CODE_CONSEQUENCES = {
  closeEvent:
    " Where the runtime does not answer Close frames itself (before compatibility date 2026-04-07, with web_socket_manual_reply_to_close, or on a half-open socket), a peer that closed without a status code then gets no answer: uncaught, the connection is dropped (1006); caught, its close hangs.",
  webSocketClose:
    " An exception in webSocketClose does not drop the connection, and the runtime never answers for hibernatable sockets: a client that closed without a status code hangs.",
} as const;

/** Messages of `ws-close/require-allow-half-open`. Runtime facts: SPEC §1.2 (proxies, row 5), §1.6 (Hono). */
export const REQUIRE_ALLOW_HALF_OPEN_MESSAGES = {
  missingAllowHalfOpen:
    "Proxy leg '{{socket}}' (proxied with '{{peer}}') is accepted without `{ allowHalfOpen: true }`, so the runtime answers its Close frame at once, before '{{peer}}' has closed: the close does not travel end to end through the proxy ({{why}}). Half-open, '{{socket}}' is answered {{completion}}.",
  optionsNotLiteral:
    "Proxy leg '{{socket}}' (proxied with '{{peer}}') is accepted with `{{options}}`, which does not set `allowHalfOpen: true`, so the runtime answers its Close frame at once, before '{{peer}}' has closed: the close does not travel end to end through the proxy ({{why}}). Set `allowHalfOpen: true` in `{{options}}` by hand (other code may share it); half-open, '{{socket}}' is answered {{completion}}.",
  closeNotCompleted:
    "Proxy leg '{{socket}}' (proxied with '{{peer}}') is accepted without `{ allowHalfOpen: true }`, so the runtime answers its Close frame at once, before '{{peer}}' has closed: the close does not travel end to end through the proxy ({{why}}). It is not made half-open for you: the runtime does not answer a half-open socket, and nothing proves that this code then closes '{{socket}}': {{missing}}.",
  honoNeverHalfOpen:
    "Proxy leg '{{socket}}' (its onClose closes '{{peer}}') can never be half-open: Hono's upgradeWebSocket accepts it with plain `accept()`, without options, so the runtime answers the client's Close frame at once, before '{{peer}}' has closed, and the close no longer travels end to end through the proxy ({{compat}}; auto reply to Close frames is on from compatibility date 2026-04-07). Where the end-to-end close matters, upgrade this route with a WebSocketPair of your own and accept it with `{ allowHalfOpen: true }`.",
} as const;

/** The message ids of `ws-close/require-allow-half-open`. */
export type RequireAllowHalfOpenMessageId = keyof typeof REQUIRE_ALLOW_HALF_OPEN_MESSAGES;

/** The message ids of `ws-close/no-reserved-close-code`. */
export type NoReservedCloseCodeMessageId = keyof typeof NO_RESERVED_CLOSE_CODE_MESSAGES;

/** The message ids of `ws-close/require-hibernation-close`. */
export type RequireHibernationCloseMessageId = keyof typeof REQUIRE_HIBERNATION_CLOSE_MESSAGES;

/** The message ids of `ws-close/no-redundant-close`. */
export type NoRedundantCloseMessageId = keyof typeof NO_REDUNDANT_CLOSE_MESSAGES;

/** Messages of `ws-close/no-new-websocket-in-proxy`. Runtime facts: SPEC §1.2 (proxies); measured: `accept()` on a `new WebSocket` throws TypeError, no `open` event after `accept()`. */
export const NO_NEW_WEBSOCKET_IN_PROXY_MESSAGES = {
  newWebSocketProxyLeg:
    "'{{socket}}' (`{{construct}}`) is a proxy leg with '{{peer}}', and a `new WebSocket` socket can never be half-open (accept() throws on it): where the runtime replies to Close frames itself ({{compat}}; on from compatibility date 2026-04-07) it answers each leg's Close frame on its own, at once, so the proxy cannot coordinate its close: a client's close completes before the backend has closed.",
  suggestFetchUpgrade:
    "Connect '{{socket}}' with `fetch()` and an `Upgrade: websocket` header instead, and accept it with `{ allowHalfOpen: true }` (a half-open socket's close handler must then complete each close).",
} as const;

/** The message ids of `ws-close/no-new-websocket-in-proxy`. */
export type NoNewWebSocketInProxyMessageId = keyof typeof NO_NEW_WEBSOCKET_IN_PROXY_MESSAGES;

/** Messages of `ws-close/no-closing-state-check`. Runtime fact: SPEC §1.2, column `readyState` in handler (2 old, 3 new). */
export const NO_CLOSING_STATE_CHECK_MESSAGES = {
  closingStateCheck:
    "`{{comparison}}` is always {{result}}: in its own close handler '{{socket}}'.readyState is already 3 (CLOSED), never 2 (CLOSING), because the runtime answered the peer's Close frame before the handler ran ({{compat}}; auto reply to Close frames is on from compatibility date 2026-04-07).",
} as const;

/** The message ids of `ws-close/no-closing-state-check`. */
export type NoClosingStateCheckMessageId = keyof typeof NO_CLOSING_STATE_CHECK_MESSAGES;

/** Messages of `ws-close/no-send-in-close-handler`. Runtime fact: SPEC §1.5 (measured in the runtime-facts suite). */
export const NO_SEND_IN_CLOSE_HANDLER_MESSAGES = {
  sendInCloseHandler:
    "`{{call}}` throws TypeError where the runtime replies to Close frames itself ({{compat}}; on from compatibility date 2026-04-07): it answered the peer's Close frame on '{{socket}}' and closed its sending side before this close handler ran, so nothing is sent.",
} as const;

/** The message ids of `ws-close/no-send-in-close-handler`. */
export type NoSendInCloseHandlerMessageId = keyof typeof NO_SEND_IN_CLOSE_HANDLER_MESSAGES;

/**
 * Fills `{{name}}` placeholders exactly as ESLint does: a placeholder whose
 * name is not in `data` is left as it is.
 */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([^{}]+?)\}\}/gu, (whole, name: string) => {
    const key = name.trim();
    return Object.hasOwn(data, key) ? data[key]! : whole;
  });
}
