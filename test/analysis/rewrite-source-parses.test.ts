/**
 * `rewriteSource` parses a file once when there is nothing to fix, and once
 * in all: after a pass that applied fixes it parses again only the top-level
 * statements the fixes touched (`reparseSource`, issue 14), and what it gets is
 * the program a full parse of the new text gives, node for node, which this
 * file checks on every fixture and on texts made to trip it, under random edits.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { visitorKeys } from "@typescript-eslint/visitor-keys";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AstNode, RuleId, TextEdit } from "../../src/analysis/types.js";
import type { CompatResolution } from "../../src/compat/types.js";
import { transformFixtures } from "../codemods/transform-fixtures.js";

const parses = vi.hoisted(() => ({ count: 0, reparses: 0, incremental: 0 }));
vi.mock("../../src/analysis/parse/parse-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/analysis/parse/parse-source.js")>();
  return {
    ...original,
    parseSource: (text: string, filePath: string) => {
      parses.count++;
      return original.parseSource(text, filePath);
    },
    reparseSource: (...args: Parameters<typeof original.reparseSource>) => {
      parses.reparses++;
      return original.reparseSource(...args);
    },
  };
});
vi.mock("../../src/analysis/parse/reparse-edited-statements.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/analysis/parse/reparse-edited-statements.js")>();
  return {
    ...original,
    reparseEditedStatements: (...args: Parameters<typeof original.reparseEditedStatements>) => {
      const program = original.reparseEditedStatements(...args);
      if (program) parses.incremental++;
      return program;
    },
  };
});

const { rewriteSource } = await import("../../src/analysis/fix/rewrite-source.js");
const { parseSource, reparseSource } = await vi.importActual<typeof import("../../src/analysis/parse/parse-source.js")>("../../src/analysis/parse/parse-source.js");
const { applyTextEdits } = await import("../../src/analysis/fix/source-edits.js");
const { analyzeFile } = await import("../../src/analysis/analyze-file.js");

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const RULES: RuleId[] = ["no-redundant-close", "require-allow-half-open", "no-new-websocket-in-proxy", "require-hibernation-close", "no-reserved-close-code", "require-close-reply"];

function rewrite(text: string, mode: CompatResolution["mode"]) {
  const compat: CompatResolution = { mode, configPath: null, overridden: false, environments: [] };
  return rewriteSource({ text, filePath: "/project/src/index.ts", compat, compatDescription: mode, compatNote: mode, ruleIds: RULES });
}

beforeEach(() => {
  parses.count = 0;
  parses.reparses = 0;
  parses.incremental = 0;
});

describe("rewriteSource parses", () => {
  it("once when the file has no findings", () => {
    const result = rewrite(`export function serve(ws: WebSocket) {\n  ws.accept();\n  ws.addEventListener("message", () => {});\n}\n`, "auto");
    expect(result.applied).toEqual([]);
    expect(parses.count).toBe(1);
    expect(parses.reparses).toBe(0);
  });

  it("once when its findings have no fix (suggestions only)", () => {
    const text = readFileSync(path.join(REPO_ROOT, "fixtures/transforms/custom-code-needs-review/input.ts"), "utf8");
    const result = rewrite(text, "auto");
    expect(result.applied).toEqual([]);
    expect(result.unfixed.length).toBeGreaterThan(0);
    expect(parses.count).toBe(1);
    expect(parses.reparses).toBe(0);
  });

  it("once, and after each pass that applied fixes only the statements they touched", () => {
    const text = readFileSync(path.join(REPO_ROOT, "fixtures/transforms/echo-inline-handler/input.ts"), "utf8");
    const result = rewrite(text, "auto");
    expect(result.applied.length).toBeGreaterThan(0);
    expect(parses.count).toBe(1);
    expect(parses.reparses).toBe(1);
    expect(parses.incremental).toBe(1);
  });

  it("reports findings where they are in the input, though the second pass moves their nodes", () => {
    const echo = `export function echo(server: WebSocket) {\n  server.accept();\n  server.addEventListener("close", (event) => {\n    console.log(event.code);\n    server.close(event.code, event.reason);\n  });\n}\n`;
    const custom = echo.replace("echo", "custom").replace("server.close(event.code, event.reason)", `server.close(4000, "bye")`);
    // The echo's fix removes a line; the custom close (a suggestion only) lies in a statement the second pass moves up.
    const text = `${echo}export const a = 1;\nexport const b = 2;\n${custom}`;
    const result = rewrite(text, "auto");
    expect(parses.incremental).toBe(1);
    expect(result.output).toBe(text.replace("    server.close(event.code, event.reason);\n", ""));
    expect(result.applied.map((finding) => [finding.loc.start.line, finding.range[0]])).toEqual([[5, text.indexOf("server.close(event")]]);
    const customClose = text.indexOf("server.close(4000");
    expect(result.unfixed.map((finding) => [finding.loc.start.line, finding.range[0]])).toEqual([[14, customClose]]);
    const removal = result.unfixed[0]!.suggestions.find((suggestion) => suggestion.messageId === "suggestRemoveClose")!;
    expect(removal.edits[0]!.range).toEqual([text.lastIndexOf("\n", customClose) + 1, text.indexOf("\n", customClose) + 1]);
  });
});

/** Texts that make a top-level statement's parse depend on what is around it. */
const TRICKY_SOURCES: Array<{ filePath: string; text: string }> = [
  {
    filePath: "/p/directives.ts",
    text: `"use strict";\n'another directive';\nimport x from "y";\nimport type { T } from "t";\n"not a directive";\nexport const a = 1\n(x as any)\n;[1, 2].forEach((v) => v)\nconst b = a\n/re/g.test("s") ? b : a;\nexport function isT(v: unknown): v is T {\n  return !!v;\n}\nexport function check(v: unknown): asserts v is string {}\n`,
  },
  {
    filePath: "/p/script.cts",
    text: `const fs = require("fs");\nawait(1);\nfunction await(n) { return n; }\nlet t = \`a\${1}b\`\n\`tagged\`;\nmodule.exports = { fs, t };\n`,
  },
  {
    filePath: "/p/module.mts",
    text: `const value = await Promise.resolve(1);\n// a comment\n/* a block\n   comment */\nconsole.log(import.meta.url, value);\n@decorator\nclass A {\n  @field x = 1;\n}\nlabel: for (;;) { break label; }\n`,
  },
  {
    filePath: "/p/component.tsx",
    text: `import React from "react";\r\nexport const View = <T,>(props: { items: T[] }) => (\r\n  <ul>{props.items.map((item, i) => <li key={i}>{String(item)} 😀</li>)}</ul>\r\n);\r\nexport default function App() {\r\n  return <View items={[1, 2]} />;\r\n}\r\nconst s = "\u2028";\r\n`,
  },
  {
    filePath: "/p/plain.js",
    text: `var a = 1\nvar b = a\n++b\nif (a) {\n  b = a\n} else b = 2\nexport default a / b / 2\n`,
  },
];

/** Replacement texts, many of them chosen to join or split statements, open comments or change the prologue. */
const SNIPPETS = ["", "\n", ";", "foo();\n", "(x)", "[0]", `"use strict";\n`, "}", "{", "/*", "*/", "`", "await x;\n", `import "y";\n`, "export {};\n", "\r\n", "😀", "ws.close();\n", "<T>", "=> 1", "// c\n", "class C {}\n", "\u2028"];

const editsArbitrary = fc.array(
  fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    kind: fc.constantFrom("line", "span"),
    length: fc.nat(30),
    snippet: fc.constantFrom(...SNIPPETS),
  }),
  { minLength: 1, maxLength: 3 },
);

/** Random edits as non-overlapping `TextEdit`s: a line removed or replaced, or a short span replaced. */
function toEdits(text: string, raw: ReadonlyArray<{ at: number; kind: string; length: number; snippet: string }>): TextEdit[] {
  const edits: TextEdit[] = [];
  let end = -1;
  for (const { at, kind, length, snippet } of [...raw].sort((a, b) => a.at - b.at)) {
    let start = Math.min(text.length, Math.floor(at * text.length));
    let stop = Math.min(text.length, start + length);
    if (kind === "line") {
      start = text.lastIndexOf("\n", start - 1) + 1;
      const newline = text.indexOf("\n", start);
      stop = newline === -1 ? text.length : newline + 1;
    }
    if (start <= end) continue;
    edits.push({ range: [start, stop], text: snippet });
    end = stop;
  }
  return edits;
}

/** The program as comparable text: every property but `parent`. */
function serialize(program: unknown): string {
  return JSON.stringify(program, (key, value: unknown) =>
    key === "parent" ? undefined : typeof value === "bigint" ? `${value}n` : value instanceof RegExp ? String(value) : value,
  );
}

/** Every node's `parent` is the node that holds it. */
function parentsHold(program: AstNode): boolean {
  const stack: AstNode[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!child || typeof child !== "object" || !("type" in child)) continue;
        if ((child as AstNode).parent !== node) return false;
        stack.push(child as AstNode);
      }
    }
  }
  return true;
}

function fullParse(text: string, filePath: string): string | null {
  try {
    return serialize(parseSource(text, filePath).ast);
  } catch {
    return null;
  }
}

/** Checks `reparseSource` against a full parse for random edits of `text`; returns how many edits kept the text parsable. */
function checkReparse(text: string, filePath: string, runs: number): number {
  let parsable = 0;
  fc.assert(
    fc.property(editsArbitrary, (raw) => {
      const edits = toEdits(text, raw);
      const next = applyTextEdits(text, edits);
      const expected = fullParse(next, filePath);
      const previous = parseSource(text, filePath);
      if (expected === null) {
        expect(() => reparseSource({ text, ast: previous.ast }, edits, next, filePath)).toThrow();
        return;
      }
      parsable++;
      const reparsed = reparseSource({ text, ast: previous.ast }, edits, next, filePath);
      expect(serialize(reparsed.ast)).toBe(expected);
      expect(parentsHold(reparsed.ast)).toBe(true);
    }),
    { numRuns: runs, seed: 14 },
  );
  return parsable;
}

describe("reparseSource gives what a full parse gives", () => {
  it.each(transformFixtures().map((fixture) => [fixture.name, fixture] as const))("on fixture %s, under random edits", (_name, fixture) => {
    expect(checkReparse(fixture.input, fixture.inputPath, 100)).toBeGreaterThan(0);
    expect(parses.incremental).toBeGreaterThan(0);
  });

  it.each(TRICKY_SOURCES.map((source) => [path.basename(source.filePath), source] as const))("on %s, under random edits", (_name, { filePath, text }) => {
    expect(fullParse(text, filePath)).not.toBeNull();
    expect(checkReparse(text, filePath, 150)).toBeGreaterThan(0);
  });

  it("on every fixture's own fixes, in each mode", () => {
    for (const fixture of transformFixtures()) {
      for (const mode of ["auto", "manual", "mixed"] as const) {
        const compat: CompatResolution = { mode, configPath: null, overridden: false, environments: [] };
        const { ast, scopeManager } = parseSource(fixture.input, fixture.inputPath);
        const { findings } = analyzeFile({ ast, scopeManager, text: fixture.input, compat, compatDescription: mode, compatNote: mode, filePath: fixture.inputPath });
        // Every fix and suggestion, as far as they do not overlap.
        const edits: TextEdit[] = [];
        for (const edit of findings.flatMap((finding) => [...(finding.fix ?? []), ...finding.suggestions.flatMap((suggestion) => suggestion.edits)])) {
          if (edits.every((other) => edit.range[1] < other.range[0] || other.range[1] < edit.range[0])) edits.push(edit);
        }
        if (edits.length === 0) continue;
        const next = applyTextEdits(fixture.input, edits);
        const reparsed = reparseSource({ text: fixture.input, ast }, edits, next, fixture.inputPath);
        expect(serialize(reparsed.ast), `${fixture.name} (${mode})`).toBe(fullParse(next, fixture.inputPath));
      }
    }
    expect(parses.incremental).toBeGreaterThan(0);
  });
});
