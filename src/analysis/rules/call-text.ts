import { codeText, MAX_QUOTED_CODE } from "./message-values.js";

/**
 * A call's (or any node's) source text for a message: whitespace runs collapsed, cut in the middle
 * to at most `max` characters (`codeText`). The finding factory cuts it further, to 36, only where the
 * message would pass 200 characters (`fitQuotedCode`).
 *
 * @param text the file's source text.
 * @param range the call's offsets in `text`.
 * @param max the longest result; default `MAX_QUOTED_CODE` (64).
 * @returns the call as messages quote it (`server.close(event.code, event.reason)`; `server.close(event.code, …)` for a long one).
 */
export function callText(text: string, range: readonly [number, number], max: number = MAX_QUOTED_CODE): string {
  return codeText(text.slice(range[0], range[1]), max);
}
