import { codeText } from "./message-values.js";

/**
 * A call's (or any node's) source text for a message: whitespace runs collapsed, cut in the middle
 * to at most 36 characters (`codeText`).
 *
 * @param text the file's source text.
 * @param range the call's offsets in `text`.
 * @returns the call as messages quote it (`server.close(event.code, …)` for a long one).
 */
export function callText(text: string, range: readonly [number, number]): string {
  return codeText(text.slice(range[0], range[1]));
}
