/** The bound on messages of issue 12: one or two sentences, at most 200 characters. */

/** The longest message, in UTF-16 code units (what `String.length` counts). */
export const MAX_MESSAGE = 200;

/**
 * The sentences of a message: prose split at `.`, `!` or `?` followed by a space or the end; code
 * in backquotes is left out (`event.code` holds a period).
 */
export function sentenceCount(message: string): number {
  const prose = message.replace(/`[^`]*`/gu, "code");
  return prose.split(/[.!?](?:\s+|$)/u).filter((part) => part.trim() !== "").length;
}
