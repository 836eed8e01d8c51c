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

/** The message ids of `ws-close/no-reserved-close-code`. */
export type NoReservedCloseCodeMessageId = keyof typeof NO_RESERVED_CLOSE_CODE_MESSAGES;

/** The message ids of `ws-close/require-hibernation-close`. */
export type RequireHibernationCloseMessageId = keyof typeof REQUIRE_HIBERNATION_CLOSE_MESSAGES;

/** The message ids of `ws-close/no-redundant-close`. */
export type NoRedundantCloseMessageId = keyof typeof NO_REDUNDANT_CLOSE_MESSAGES;

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
