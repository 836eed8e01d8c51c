import { describe, expect, it } from "vitest";
import { locateJsonValue, locateTomlValue, offsetToPosition } from "../../src/compat/index.js";

describe("offsetToPosition", () => {
  it("counts 1-based lines and columns across \\n, \\r\\n and \\r", () => {
    const text = "ab\ncd\r\nef\rgh";
    expect(offsetToPosition(text, 0)).toEqual({ line: 1, column: 1 });
    expect(offsetToPosition(text, 4)).toEqual({ line: 2, column: 2 });
    expect(offsetToPosition(text, 7)).toEqual({ line: 3, column: 1 });
    expect(offsetToPosition(text, 10)).toEqual({ line: 4, column: 1 });
    expect(offsetToPosition(text, 99)).toEqual({ line: 4, column: 3 });
  });
});

describe("locateJsonValue", () => {
  it("finds nested values and array elements in JSONC", () => {
    const text = '{\n  // c\n  "env": { "x": { "compatibility_flags": ["a", 1,], }, },\n}';
    expect(locateJsonValue(text, ["env", "x", "compatibility_flags", 1])).toEqual({ line: 3, column: 48 });
    expect(locateJsonValue(text, ["env", "y"])).toBeUndefined();
  });
});

describe("locateTomlValue", () => {
  const toml = [
    'name = "w"',
    'compatibility_flags = ["a"]',
    "",
    'description = """',
    "[env.fake]",
    'compatibility_date = "not a key"',
    '"""',
    "",
    '[ env . "legacy" ]   # quoted, spaced',
    '  compatibility_date = "2025-06-01"',
    "",
    "[env.other]",
    'compatibility_date = "2026-05-01"',
  ].join("\n");

  it("finds top-level keys and keys under [env.NAME] headers", () => {
    expect(locateTomlValue(toml, ["compatibility_flags", 0])).toEqual({ line: 2, column: 23 });
    expect(locateTomlValue(toml, ["env", "legacy", "compatibility_date"])).toEqual({ line: 10, column: 24 });
    expect(locateTomlValue(toml, ["env", "other", "compatibility_date"])).toEqual({ line: 13, column: 22 });
  });

  it("skips text inside multi-line strings", () => {
    expect(locateTomlValue(toml, ["env", "fake", "compatibility_date"])).toBeUndefined();
  });

  it("finds dotted keys and points at an inline table holding the key", () => {
    expect(locateTomlValue('env.a.compatibility_date = "x"', ["env", "a", "compatibility_date"])).toEqual({ line: 1, column: 28 });
    expect(locateTomlValue('[env]\na = { compatibility_date = "x" }', ["env", "a", "compatibility_date"])).toEqual({
      line: 2,
      column: 5,
    });
  });
});
