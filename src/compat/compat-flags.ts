/**
 * WebSocket-related compatibility flags of the Workers runtime, kept apart from
 * the logic that uses them.
 *
 * Sources: docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date and docs/runtime-behaviour.md#close-reasons-longer-than-123-bytes; Cloudflare doc "Compatibility flags"
 * (https://developers.cloudflare.com/workers/configuration/compatibility-flags/,
 * source files `src/content/compatibility-flags/*.md` in cloudflare/cloudflare-docs);
 * workerd `src/workerd/io/compatibility-date.capnp`.
 */

/** One compatibility flag that turns on by default from a compatibility date. */
export interface CompatFlag {
  /** Flag name that turns the behaviour on before its default date. */
  readonly enableFlag: string;
  /** Flag name that turns it off again on later dates; `null` when none is defined. */
  readonly disableFlag: string | null;
  /** First compatibility date (`YYYY-MM-DD`, inclusive) on which the behaviour is on without a flag. */
  readonly defaultOnFrom: string;
  /** Page of Cloudflare's documentation that describes the flag. */
  readonly docUrl: string;
  /** One sentence on what the flag changes. */
  readonly summary: string;
}

const COMPATIBILITY_FLAGS_DOC = "https://developers.cloudflare.com/workers/configuration/compatibility-flags/";

/**
 * The runtime replies to a peer's Close frame itself for standard-API sockets
 * (never for hibernatable ones, docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime). Default on from 2026-04-07
 * (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date; Cloudflare changelog 2026-04-07 "WebSockets now automatically reply to Close frames").
 */
export const AUTO_REPLY_TO_CLOSE: CompatFlag & { readonly disableFlag: string } = Object.freeze({
  enableFlag: "web_socket_auto_reply_to_close",
  disableFlag: "web_socket_manual_reply_to_close",
  defaultOnFrom: "2026-04-07",
  docUrl: COMPATIBILITY_FLAGS_DOC,
  summary:
    "The runtime sends the reciprocal Close frame itself and the socket is CLOSED before the close event fires.",
});

/**
 * `close()` throws `SyntaxError` when the reason exceeds 123 UTF-8 bytes (docs/runtime-behaviour.md#close-reasons-longer-than-123-bytes).
 * Cloudflare's doc (cloudflare-docs `src/content/compatibility-flags/websocket-close-reason-byte-limit.md`)
 * names the disable flag `no_websocket_close_reason_byte_limit`.
 */
export const CLOSE_REASON_BYTE_LIMIT: CompatFlag = Object.freeze({
  enableFlag: "websocket_close_reason_byte_limit",
  disableFlag: "no_websocket_close_reason_byte_limit",
  defaultOnFrom: "2026-03-03",
  docUrl: COMPATIBILITY_FLAGS_DOC,
  summary: "WebSocket.close() throws SyntaxError when the reason is longer than 123 UTF-8 bytes.",
});

/** Every WebSocket-related flag this project knows, oldest default date first. */
export const WEBSOCKET_COMPAT_FLAGS: readonly CompatFlag[] = Object.freeze([
  CLOSE_REASON_BYTE_LIMIT,
  AUTO_REPLY_TO_CLOSE,
]);
