/**
 * A text test that tells, before parsing, whether a file can hold a finding of
 * the core. It is sound: it returns `false` only when `analyzeFile` would find
 * nothing, so skipping the parse changes no result; it may return `true` for a
 * file without findings (it only saves work).
 *
 * Why it holds, from the core's own evidence (`find-sockets.ts`,
 * `find-hono-sockets.ts`, `find-durable-objects.ts`, `proxy-model.ts`):
 * - every finding is about a socket or a Durable Object class, and each needs
 *   one of these names in the text: `accept` (`accept()`, `acceptWebSocket()`:
 *   every socket except Hono's and `new WebSocket`'s needs an `accept()` call),
 *   `WebSocket` (`new WebSocket(url)` sockets; also in `upgradeWebSocket`),
 *   `DurableObject` (a class that extends it, imported from `cloudflare:workers`),
 *   `partyserver` or `agents` (a `Server` or `Agent` subclass, imported from them);
 * - every finding but two runs through a close handler or a `close()` call, and
 *   each is spelled with "close" in some case: `close()`, `"close"` events,
 *   `onclose`, Hono's `onClose`, `webSocketClose`;
 * - the exceptions: `no-new-websocket-in-proxy` also fires on a proxy joined
 *   only by message forwarding each way (a `new WebSocket` leg, an accepted
 *   leg); `require-close-reply` on an accepted `WebSocketPair` end or `fetch()`
 *   response's `.webSocket` that has no close listener at all, on a Hono
 *   `upgradeWebSocket` handler without `onClose` (Hono accepts the socket
 *   itself), and on a `partyserver` server that has no `onClose`;
 *   `require-hibernation-close` on a class that calls `acceptWebSocket` and has
 *   no `webSocketClose`.
 * Names can be written with escapes (`ws.\u0061ccept()`, `ws["\x63lose"]()`, a
 * line continuation inside a string); the test runs on the text with every
 * backslash escape decoded, so those are found too.
 */

/** Backslash escapes of JavaScript identifiers, strings and templates, as the parser decodes them. */
const ESCAPE = /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(\r\n|[\n\r\u2028\u2029])|([\s\S]))/gu;

/**
 * `text` with every backslash escape replaced by the character it stands for
 * (a line continuation by nothing; `\n` and the like by their letter, which
 * can only make the test say `true` more often).
 */
function decodeEscapes(text: string): string {
  if (!text.includes("\\")) return text;
  return text.replace(ESCAPE, (_match, braced?: string, unicode?: string, hex?: string, octal?: string, lineBreak?: string, other?: string) => {
    const codePoint = braced ?? unicode ?? hex;
    if (codePoint !== undefined) {
      const value = Number.parseInt(codePoint, 16);
      return value <= 0x10ffff ? String.fromCodePoint(value) : "";
    }
    if (octal !== undefined) return String.fromCharCode(Number.parseInt(octal, 8));
    if (lineBreak !== undefined) return "";
    return other ?? "";
  });
}

/**
 * @param text a source file's text (any of `SOURCE_EXTENSIONS`).
 * @returns `false` when the file cannot hold a finding of any rule, in any mode
 *   (see the module comment); `true` when it may, and must be parsed to know.
 */
export function mayHaveFindings(text: string): boolean {
  const source = decodeEscapes(text);
  if (source.includes("acceptWebSocket") || source.includes("partyserver")) return true;
  const accepts = source.includes("accept");
  const webSocket = source.includes("WebSocket");
  if (/close/iu.test(source)) return accepts || webSocket || source.includes("DurableObject") || source.includes("agents");
  return (accepts && (webSocket || source.includes("webSocket"))) || source.includes("upgradeWebSocket");
}
