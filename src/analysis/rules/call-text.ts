/** A call's source text for a message: whitespace runs collapsed to one space, cut to 60 characters. */
const MAX_CALL_TEXT = 60;

/**
 * @param text the file's source text.
 * @param range the call's offsets in `text`.
 * @returns the call as messages quote it (`server.close(event.code, event.reason)`), ending in `…` when cut.
 */
export function callText(text: string, range: readonly [number, number]): string {
  const raw = text.slice(range[0], range[1]).replace(/\s+/gu, " ");
  return raw.length > MAX_CALL_TEXT ? `${raw.slice(0, MAX_CALL_TEXT - 1)}…` : raw;
}
