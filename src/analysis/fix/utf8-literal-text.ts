/**
 * UTF-8 sizes of JavaScript strings, and the cut of a string literal's source
 * text to a UTF-8 byte budget that keeps its quote character, its escapes as
 * written and whole characters (a surrogate pair, written plainly or as two
 * `\u` escapes, is never split).
 */

/**
 * @param text any JavaScript string.
 * @returns its length in UTF-8 bytes as `TextEncoder` encodes it: a lone
 *   surrogate counts as U+FFFD, 3 bytes.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The number of code points of `text` (what a reader counts as characters, emoji included). */
export function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** One character or escape of a literal's source (`raw`) and the string it stands for (`cooked`). */
interface LiteralPiece {
  raw: string;
  cooked: string;
}

const SINGLE_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v" };
const LINE_TERMINATORS = new Set(["\n", "\r", "\u2028", "\u2029"]);

/** The escape at `body[i]` (a backslash), or `null` when it is malformed. */
function readEscape(body: string, i: number): LiteralPiece | null {
  const next = body[i + 1];
  if (next === undefined) return null;
  if (next === "\r" && body[i + 2] === "\n") return { raw: body.slice(i, i + 3), cooked: "" };
  if (LINE_TERMINATORS.has(next)) return { raw: body.slice(i, i + 2), cooked: "" };
  if (next === "u" && body[i + 2] === "{") {
    const end = body.indexOf("}", i + 3);
    const hex = end < 0 ? "" : body.slice(i + 3, end);
    if (!/^[0-9a-fA-F]+$/u.test(hex) || Number.parseInt(hex, 16) > 0x10ffff) return null;
    return { raw: body.slice(i, end + 1), cooked: String.fromCodePoint(Number.parseInt(hex, 16)) };
  }
  if (next === "u" || next === "x") {
    const length = next === "u" ? 4 : 2;
    const hex = body.slice(i + 2, i + 2 + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`, "u").test(hex)) return null;
    return { raw: body.slice(i, i + 2 + length), cooked: String.fromCharCode(Number.parseInt(hex, 16)) };
  }
  if (next >= "0" && next <= "7") {
    // `\0`, or a legacy octal escape of a sloppy-mode string: up to three digits when the first is 0–3.
    let digits = /^[0-7]{1,3}/u.exec(body.slice(i + 1, i + 4))![0];
    if (digits.length === 3 && digits[0]! > "3") digits = digits.slice(0, 2);
    return { raw: `\\${digits}`, cooked: String.fromCharCode(Number.parseInt(digits, 8)) };
  }
  if (SINGLE_ESCAPES[next] !== undefined) return { raw: body.slice(i, i + 2), cooked: SINGLE_ESCAPES[next]! };
  const character = String.fromCodePoint(body.codePointAt(i + 1)!);
  return { raw: `\\${character}`, cooked: character };
}

/** The pieces of a literal's body (the text between its quotes), or `null` when an escape is malformed. */
function literalPieces(body: string, template: boolean): LiteralPiece[] | null {
  const pieces: LiteralPiece[] = [];
  let i = 0;
  while (i < body.length) {
    let piece: LiteralPiece | null;
    if (body[i] === "\\") piece = readEscape(body, i);
    else if (template && body[i] === "\r") piece = { raw: body[i + 1] === "\n" ? "\r\n" : "\r", cooked: "\n" };
    else {
      const character = String.fromCodePoint(body.codePointAt(i)!);
      piece = { raw: character, cooked: character };
    }
    if (!piece) return null;
    pieces.push(piece);
    i += piece.raw.length;
  }
  return pieces;
}

/** Joins a piece that ends in a high surrogate with the next one when that starts with a low surrogate: one character. */
function characterPieces(pieces: readonly LiteralPiece[]): LiteralPiece[] {
  const characters: LiteralPiece[] = [];
  for (const piece of pieces) {
    const last = characters[characters.length - 1];
    if (
      last &&
      last.cooked.length > 0 &&
      isHighSurrogate(last.cooked.charCodeAt(last.cooked.length - 1)) &&
      piece.cooked.length > 0 &&
      isLowSurrogate(piece.cooked.charCodeAt(0))
    ) {
      characters[characters.length - 1] = { raw: last.raw + piece.raw, cooked: last.cooked + piece.cooked };
    } else characters.push(piece);
  }
  return characters;
}

/** A cut literal: its new source text and the UTF-8 bytes of the string it stands for. */
export interface CutLiteral {
  text: string;
  bytes: number;
}

/**
 * Cuts a string literal (`"…"`, `'…'`) or a template literal without
 * substitutions to at most `maxBytes` UTF-8 bytes of its value, keeping its
 * quote character and every escape as written, and ending on a whole
 * character.
 *
 * @param literalText the literal's source text, quotes included.
 * @param cooked the literal's value (the parser's `value`, or a template quasi's `cooked`):
 *   the cut is made only when the source text reads back to exactly this value.
 * @param maxBytes the UTF-8 budget (123 for a close reason).
 * @returns the new literal text and its value's size, or `null` when the text
 *   is not such a literal or does not read back to `cooked`.
 */
export function cutLiteralToUtf8Bytes(literalText: string, cooked: string, maxBytes: number): CutLiteral | null {
  const quote = literalText[0];
  if ((quote !== '"' && quote !== "'" && quote !== "`") || literalText.length < 2 || literalText[literalText.length - 1] !== quote) return null;
  // A template's `${` is a substitution unless escaped; the caller passes templates without substitutions.
  const body = literalText.slice(1, -1);
  const pieces = literalPieces(body, quote === "`");
  if (!pieces || pieces.map((piece) => piece.cooked).join("") !== cooked) return null;
  let raw = "";
  let bytes = 0;
  for (const character of characterPieces(pieces)) {
    const size = utf8ByteLength(character.cooked);
    if (bytes + size > maxBytes) break;
    raw += character.raw;
    bytes += size;
  }
  return { text: `${quote}${raw}${quote}`, bytes };
}
