import { parse as parseJsonc } from "jsonc-parser";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { configFormatOf, editCompatibilityDate } from "../../src/compat/edit-compatibility-date.js";

/** `text` with each `[from, to]` substituted once, at the one place `from` occurs: every other byte kept. */
function withReplaced(text: string, ...pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    expect(out.split(from)).toHaveLength(2);
    out = out.replace(from, to);
  }
  return out;
}

describe("editCompatibilityDate: JSON and JSONC", () => {
  const jsonc = `// Chat Worker: comments, trailing commas, odd spacing.
{
  "name": "chat", /* inline */
  "main": "src/index.ts",
  "compatibility_date":   "2025-09-15" , // the date
  "compatibility_flags": ["nodejs_compat",],
  "env": {
    // staging sets its own date
    "staging": { "compatibility_date": "2026-01-10", "vars": { "A": "1", }, },
    "production": { "route": "example.com/*", },
  },
}
`;

  it("replaces the top-level date and the dates environments set, keeping every other byte", () => {
    const edit = editCompatibilityDate(jsonc, "jsonc", "2026-04-07");
    expect(edit.text).toBe(
      withReplaced(jsonc, [`"2025-09-15"`, `"2026-04-07"`], [`"compatibility_date": "2026-01-10"`, `"compatibility_date": "2026-04-07"`]),
    );
    expect(edit.changes).toEqual([
      { environment: null, from: "2025-09-15", to: "2026-04-07" },
      { environment: "staging", from: "2026-01-10", to: "2026-04-07" },
    ]);
  });

  it("returns the text unchanged when every date already is the target", () => {
    const text = `{ "compatibility_date": "2026-04-07" }\n`;
    expect(editCompatibilityDate(text, "jsonc", "2026-04-07")).toEqual({
      text,
      changes: [{ environment: null, from: "2026-04-07", to: "2026-04-07" }],
    });
  });

  it("adds a missing top-level date after main, in the file's indentation, and keeps trailing commas", () => {
    const text = `{\n\t"name": "x",\n\t"main": "src/index.ts",\n\t"observability": { "enabled": true, },\n}\n`;
    const edit = editCompatibilityDate(text, "jsonc", "2026-05-01");
    expect(edit.text).toBe(`{\n\t"name": "x",\n\t"main": "src/index.ts",\n\t"compatibility_date": "2026-05-01",\n\t"observability": { "enabled": true, },\n}\n`);
    expect(edit.changes).toEqual([{ environment: null, from: null, to: "2026-05-01" }]);
  });

  it("keeps CRLF line endings and a byte-order mark", () => {
    const text = `\ufeff{\r\n  "compatibility_date": "2025-01-01",\r\n}\r\n`;
    expect(editCompatibilityDate(text, "jsonc", "2026-05-01").text).toBe(`\ufeff{\r\n  "compatibility_date": "2026-05-01",\r\n}\r\n`);
  });

  it("refuses a date that is not a string, and a text that does not parse", () => {
    expect(() => editCompatibilityDate(`{ "compatibility_date": 20250101 }`, "jsonc", "2026-05-01")).toThrow(/must be a string/u);
    expect(() => editCompatibilityDate(`{ "compatibility_date": `, "jsonc", "2026-05-01")).toThrow(/parses/u);
    expect(() => editCompatibilityDate(`{}`, "jsonc", "2026-02-30")).toThrow(/Invalid compatibility date/u);
  });
});

describe("editCompatibilityDate: TOML", () => {
  const toml = `# Chat Worker
name = "chat" # the name
main = "src/index.ts"
compatibility_date = "2025-09-15"   # bumped by hand last year
compatibility_flags = [ "nodejs_compat" ]

[vars]
compatibility_date = "not a setting, a variable"

[env.staging]
compatibility_date = '2026-01-10' # literal string
route = { pattern = "staging.example.com/*", zone_name = "example.com" }

[env.production]
route = "example.com/*"

[[durable_objects.bindings]]
name = "ROOM"
class_name = "Room"
`;

  it("replaces only the date strings of the top level and of [env.NAME], keeping quote style and comments", () => {
    const edit = editCompatibilityDate(toml, "toml", "2026-04-07");
    expect(edit.text).toBe(withReplaced(toml, [`"2025-09-15"`, `"2026-04-07"`], [`'2026-01-10'`, `'2026-04-07'`]));
    expect(edit.changes).toEqual([
      { environment: null, from: "2025-09-15", to: "2026-04-07" },
      { environment: "staging", from: "2026-01-10", to: "2026-04-07" },
    ]);
    expect((parseToml(edit.text) as { vars: { compatibility_date: string } }).vars.compatibility_date).toBe("not a setting, a variable");
  });

  it("finds env dates in dotted keys, an [env] table and inline tables", () => {
    const dotted = `compatibility_date = "2025-01-01"
env.a.compatibility_date = "2025-02-02"
env.z = { compatibility_date = "2025-05-05" }
`;
    const table = `compatibility_date = "2025-01-01"

[env]
b = { compatibility_date = "2025-03-03", vars = { X = "1" } }
c.compatibility_date = "2025-04-04"
`;
    for (const text of [dotted, table]) {
      expect(editCompatibilityDate(text, "toml", "2026-05-01").text).toBe(text.replace(/2025-0\d-0\d/gu, "2026-05-01"));
    }
    const environments = (text: string) =>
      editCompatibilityDate(text, "toml", "2026-05-01").changes.map((change) => [change.environment, change.from]);
    expect(environments(dotted)).toEqual([
      [null, "2025-01-01"],
      ["a", "2025-02-02"],
      ["z", "2025-05-05"],
    ]);
    expect(environments(table)).toEqual([
      [null, "2025-01-01"],
      ["b", "2025-03-03"],
      ["c", "2025-04-04"],
    ]);
  });

  it("adds a missing top-level date on its own line after main, keeping CRLF", () => {
    const text = `name = "x"\r\nmain = "src/index.ts" # entry\r\n\r\n[env.staging]\r\ncompatibility_date = "2025-01-01"\r\n`;
    const edit = editCompatibilityDate(text, "toml", "2026-05-01");
    expect(edit.text).toBe(
      `name = "x"\r\nmain = "src/index.ts" # entry\r\ncompatibility_date = "2026-05-01"\r\n\r\n[env.staging]\r\ncompatibility_date = "2026-05-01"\r\n`,
    );
    expect(edit.changes).toEqual([
      { environment: null, from: null, to: "2026-05-01" },
      { environment: "staging", from: "2025-01-01", to: "2026-05-01" },
    ]);
    expect(parseToml(edit.text)).toMatchObject({ compatibility_date: "2026-05-01", env: { staging: { compatibility_date: "2026-05-01" } } });
  });

  it("adds a date at the start of a file with no top-level key", () => {
    const edit = editCompatibilityDate(`[vars]\nA = "1"\n`, "toml", "2026-05-01");
    expect(edit.text).toBe(`compatibility_date = "2026-05-01"\n\n[vars]\nA = "1"\n`);
    expect(parseToml(edit.text)).toEqual({ compatibility_date: "2026-05-01", vars: { A: "1" } });
  });

  it("refuses an unquoted TOML date, as wrangler does", () => {
    expect(() => editCompatibilityDate(`compatibility_date = 2025-01-01\n`, "toml", "2026-05-01")).toThrow(/quoted string/u);
  });
});

describe("configFormatOf", () => {
  it("reads .json and .jsonc as JSONC and .toml as TOML", () => {
    expect(configFormatOf("/a/wrangler.json")).toBe("jsonc");
    expect(configFormatOf("/a/wrangler.jsonc")).toBe("jsonc");
    expect(configFormatOf("/a/wrangler.toml")).toBe("toml");
    expect(() => configFormatOf("/a/wrangler.yaml")).toThrow(/Unsupported/u);
  });

  it("keeps a JSONC config valid after an edit", () => {
    const text = `{ "compatibility_date": "2025-01-01", "env": { "x": { "compatibility_date": "2025-01-02" } } }`;
    expect(parseJsonc(editCompatibilityDate(text, "jsonc", "2026-05-01").text)).toEqual({
      compatibility_date: "2026-05-01",
      env: { x: { compatibility_date: "2026-05-01" } },
    });
  });
});
