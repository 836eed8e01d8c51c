/**
 * Values a rule puts into its messages, cut so that a message stays within 200 characters
 * (issue 12) whatever the code looks like: quoted code is shown whole up to {@link MAX_QUOTED_CODE}
 * characters and cut in the middle to {@link MAX_CODE_TEXT} only when the message would be too long
 * (`server.close(event.code, …)`, {@link fitQuotedCode}); a long name or path keeps its start and its end.
 */
import { formatMessage } from "./format-message.js";

/** The longest message, in UTF-16 code units. */
export const MAX_MESSAGE = 200;
/** Longest quoted source text (a call, a comparison, an argument) when the message is too long with it whole. */
export const MAX_CODE_TEXT = 36;
/** Longest quoted source text a rule hands to its message (`callText`); {@link fitQuotedCode} may cut it further. */
export const MAX_QUOTED_CODE = 64;
/** Longest name of a socket, class, function or options object. */
export const MAX_NAME = 20;
/** Longest file path (of another module named in a message). */
export const MAX_PATH = 32;

/**
 * Source text as messages quote it: whitespace runs collapsed to one space; when longer than `max`, the
 * start up to a boundary (`, `, `(`, a space) and the closing brackets, with `…` between them.
 *
 * @param raw the source text.
 * @param max the longest result, in UTF-16 code units; default {@link MAX_CODE_TEXT}.
 * @returns `server.close(event.code, event.reason)` → `server.close(event.code, …)`.
 */
export function codeText(raw: string, max: number = MAX_CODE_TEXT): string {
  const text = raw.replace(/\s+/gu, " ");
  if (text.length <= max) return text;
  const tail = /[)\]}]{0,3}$/u.exec(text)![0];
  let head = text.slice(0, max - 1 - tail.length);
  const boundary = Math.max(head.lastIndexOf(", ") + 2, head.lastIndexOf("(") + 1, head.lastIndexOf(" ") + 1);
  if (boundary >= head.length / 2) head = head.slice(0, boundary);
  return `${head}…${tail}`;
}

/**
 * A name or path cut in the middle when longer than `max`: `this.sockets.upstream` → `this.soc…stream`.
 *
 * @param value the name.
 * @param max the longest result; default {@link MAX_NAME}.
 */
export function shortName(value: string, max: number = MAX_NAME): string {
  if (value.length <= max) return value;
  const keep = max - 1;
  const start = Math.ceil(keep / 2);
  return `${value.slice(0, start)}…${value.slice(value.length - (keep - start))}`;
}

/**
 * A file path of another module, for a message: its last directories and its base name, with `…/`
 * for the rest when longer than {@link MAX_PATH} (`…/handlers/session.ts`); a base name alone that is
 * still too long is cut as a name.
 */
export function shortPath(file: string): string {
  if (file.length <= MAX_PATH) return file;
  const parts = file.split("/");
  for (let keep = parts.length - 1; keep >= 1; keep--) {
    const cut = `…/${parts.slice(-keep).join("/")}`;
    if (cut.length <= MAX_PATH) return cut;
  }
  return shortName(parts.at(-1)!, MAX_PATH);
}

/**
 * Names in quotes for a message: `'a'`, or `'a' and 2 more`.
 *
 * @param names the names, unquoted; at least one.
 * @param quote how one name is quoted; default `'…'` around its `shortName`.
 */
export function nameList(names: readonly string[], quote: (name: string) => string = (name) => `'${shortName(name)}'`): string {
  return names.length <= 1 ? names.map(quote).join("") : `${quote(names[0]!)} and ${names.length - 1} more`;
}

/**
 * The data a message is rendered with, so that it stays within {@link MAX_MESSAGE} characters: unchanged when
 * the message fits; otherwise each value quoted as code in the template (`` `{{call}}` ``) is cut to
 * {@link MAX_CODE_TEXT} with {@link codeText}. Other values are already short (names, paths, notes).
 *
 * @param template the message template, ESLint `{{name}}` placeholders.
 * @param data the values; not modified.
 * @returns `data` itself when the message fits, else a copy with the quoted code cut.
 */
export function fitQuotedCode(template: string, data: Readonly<Record<string, string>>): Record<string, string> {
  if (formatMessage(template, data).length <= MAX_MESSAGE) return { ...data };
  const fitted: Record<string, string> = { ...data };
  for (const match of template.matchAll(/`\{\{\s*(\w+)\s*\}\}`/gu)) {
    const name = match[1]!;
    if (Object.hasOwn(fitted, name)) fitted[name] = codeText(fitted[name]!);
  }
  return fitted;
}
