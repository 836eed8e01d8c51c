import { describe, expect, it } from "vitest";
import { decodeSourceText, encodeSourceText, NotUtf8Error } from "../../src/files/source-text.js";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

describe("decodeSourceText", () => {
  it("decodes UTF-8, multi-byte characters included, and encodes it back byte for byte", () => {
    const original = bytes("const s = \"é 漢 😀\";\r\n");
    const source = decodeSourceText(original);
    expect(source).toEqual({ text: "const s = \"é 漢 😀\";\r\n", bom: false });
    expect(encodeSourceText(source.text, source.bom).equals(original)).toBe(true);
  });

  it("takes a UTF-8 byte order mark off the text and puts it back on encode", () => {
    const original = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("x();\n")]);
    const source = decodeSourceText(original);
    expect(source).toEqual({ text: "x();\n", bom: true });
    expect(encodeSourceText("y();\n", true)).toEqual(Buffer.from([0xef, 0xbb, 0xbf, ...bytes("y();\n")]));
  });

  it("refuses a latin-1 byte and names its line and column", () => {
    const latin1 = new Uint8Array([...bytes("a();\n// caf"), 0xe9, ...bytes("\n")]);
    expect(() => decodeSourceText(latin1)).toThrow(NotUtf8Error);
    try {
      decodeSourceText(latin1);
    } catch (error) {
      expect(error).toMatchObject({ line: 2, column: 7, byteOffset: 11 });
      expect((error as Error).message).toBe("not UTF-8 (byte 0xE9 at line 2, column 7); left as it is");
    }
  });

  it("refuses a truncated multi-byte sequence at the end of the file", () => {
    const truncated = new Uint8Array([...bytes("x"), 0xe6, 0xbc]);
    expect(() => decodeSourceText(truncated)).toThrow(/byte 0xE6 at line 1, column 2/u);
  });

  it("refuses UTF-16 with its byte order mark", () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from("x", "utf16le")]);
    expect(() => decodeSourceText(utf16)).toThrow(/UTF-16 byte order mark at line 1, column 1/u);
  });
});
