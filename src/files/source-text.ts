/**
 * Source files as bytes on disk and as text for the parser, without losing a
 * byte between the two: decoding is strict UTF-8 (a file that is not UTF-8 is
 * refused, never decoded with U+FFFD in place of its bytes), and a UTF-8 byte
 * order mark is taken off for the parser and put back on write, as ESLint does.
 */

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** A file's text, and what must be put back around it when it is written. */
export interface SourceText {
  /** The text after the byte order mark. */
  text: string;
  /** Whether the file starts with a UTF-8 byte order mark. */
  bom: boolean;
}

/** Thrown by `decodeSourceText` for bytes that are not UTF-8. */
export class NotUtf8Error extends Error {
  /**
   * @param line 1-based line of the first invalid byte.
   * @param column 1-based column (in characters of the valid text before it) of the first invalid byte.
   * @param byteOffset 0-based offset of the first invalid byte in the file.
   */
  constructor(
    readonly line: number,
    readonly column: number,
    readonly byteOffset: number,
    detail: string,
  ) {
    super(`not UTF-8 (${detail} at line ${line}, column ${column}); left as it is`);
    this.name = "NotUtf8Error";
  }
}

/**
 * Decodes a source file's bytes.
 *
 * @throws NotUtf8Error when `bytes` is not valid UTF-8 (a UTF-16 file, with or without its byte
 *   order mark, is not), naming the first invalid byte.
 */
export function decodeSourceText(bytes: Uint8Array): SourceText {
  const bom = bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    // `ignoreBOM`: the mark was taken off above; a second one is content, kept as U+FEFF.
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), bom };
  } catch {
    throw invalidUtf8(body, bom ? 3 : 0);
  }
}

/**
 * The bytes to write for `text` in a file whose `SourceText` had `bom`.
 */
export function encodeSourceText(text: string, bom: boolean): Buffer {
  const encoded = Buffer.from(text, "utf8");
  return bom ? Buffer.concat([Buffer.from(UTF8_BOM), encoded]) : encoded;
}

/** Locates the first byte of `body` that does not start a valid UTF-8 sequence. */
function invalidUtf8(body: Uint8Array, offsetBase: number): NotUtf8Error {
  const firstTwo = body.length >= 2 ? (body[0]! << 8) | body[1]! : -1;
  if (offsetBase === 0 && (firstTwo === 0xfffe || firstTwo === 0xfeff)) {
    return new NotUtf8Error(1, 1, 0, "a UTF-16 byte order mark");
  }
  let valid = 0;
  // Grow the valid prefix sequence by sequence; the first sequence that does not decode is the culprit.
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  while (valid < body.length) {
    if (body[valid]! < 0x80) {
      valid++;
      continue;
    }
    const length = sequenceLength(body[valid]!);
    const end = valid + length;
    if (length === 0 || end > body.length) break;
    try {
      decoder.decode(body.subarray(valid, end));
    } catch {
      break;
    }
    valid = end;
  }
  const prefix = new TextDecoder("utf-8", { ignoreBOM: true }).decode(body.subarray(0, valid));
  const lastBreak = prefix.lastIndexOf("\n");
  const line = prefix.split("\n").length;
  const column = prefix.length - lastBreak;
  const byte = body[valid] ?? 0;
  return new NotUtf8Error(line, column, offsetBase + valid, `byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")}`);
}

/** The length of the UTF-8 sequence that `lead` starts, or 0 when it cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
