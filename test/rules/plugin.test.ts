// Meta-tests that keep the plugin, its rule files, docs and README in sync
// (the typescript-eslint model), and an end-to-end lint of the example Workers
// with ESLint's `ESLint` class, composed with typescript-eslint's own config.
import { ESLint } from "eslint";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { rewriteSource } from "../../src/analysis/index.js";
import { compatNote, describeCompatResolution, resolveCompatForFile } from "../../src/compat/index.js";
import plugin, { rules } from "../../rules/index.js";
import { RULE_DOCS_BASE_URL } from "../../src/analysis/index.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const docsDir = path.join(projectRoot, "docs", "rules");

const ruleEntries = Object.entries(rules);

describe("plugin meta", () => {
  it("has at least one rule, and the namespace ws-close", () => {
    expect(ruleEntries.length).toBeGreaterThan(0);
    expect(plugin.meta.namespace).toBe("ws-close");
    expect(plugin.rules).toBe(rules);
  });

  it("has a version read from package.json", () => {
    const manifest = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
    expect(plugin.meta.version).toBe(manifest.version);
  });

  describe.each(ruleEntries)("%s", (name, rule) => {
    const docPath = path.join(docsDir, `${name}.md`);

    it("is created with its own name", () => {
      expect((rule as { name?: string }).name).toBe(name);
    });

    it("has docs/rules/<name>.md, and meta.docs.url points to it", () => {
      expect(existsSync(docPath), docPath).toBe(true);
      expect(rule.meta.docs?.url).toBe(`${RULE_DOCS_BASE_URL}${name}.md`);
      expect(rule.meta.docs?.url?.endsWith(`docs/rules/${name}.md`)).toBe(true);
    });

    it("has a description and camelCase message ids", () => {
      expect(rule.meta.docs?.description).toMatch(/^[A-Z].+[^.]$/u);
      for (const id of Object.keys(rule.meta.messages)) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/u);
    });

    it("has a doc page titled with the rule's full name that agrees with its meta", () => {
      const doc = readFileSync(docPath, "utf8");
      expect(doc.split("\n")[0]).toBe(`# ws-close/${name}`);
      expect(doc.includes("enabled in the `recommended` config")).toBe(rule.meta.docs?.recommended === true);
      expect(doc.includes("🔧")).toBe(rule.meta.fixable !== undefined);
      expect(doc.includes("💡")).toBe(rule.meta.hasSuggestions === true);
      expect(doc).toContain("## When not to use it");
    });

  });

  it("has no doc page without a rule", () => {
    const pages = readdirSync(docsDir).filter((file) => file.endsWith(".md"));
    expect(pages.map((file) => file.slice(0, -".md".length)).sort()).toEqual(ruleEntries.map(([name]) => name).sort());
  });

  it("configs.recommended enables every recommended rule, as an error, and nothing else", () => {
    const recommended = ruleEntries.filter(([, rule]) => rule.meta.docs?.recommended).map(([name]) => `ws-close/${name}`);
    expect(recommended.length).toBeGreaterThan(0);
    expect(plugin.configs.recommended.rules).toEqual(Object.fromEntries(recommended.map((id) => [id, "error"])));
    expect(plugin.configs.recommended.plugins?.["ws-close"]).toBe(plugin);
  });
});

// ---------------------------------------------------------------------------
// End to end: ESLint on the example projects
// ---------------------------------------------------------------------------

/** A copy of `examples/<name>` in a temp directory with no wrangler config above it, removed after the test. */
function copyExample(name: string): string {
  const target = createTempProject("ws-close-e2e-").pathTo(name);
  cpSync(path.join(projectRoot, "examples", name), target, { recursive: true });
  return target;
}

function eslintFor(cwd: string, fix = false): ESLint {
  return new ESLint({
    cwd,
    fix,
    overrideConfigFile: true,
    overrideConfig: [...tseslint.configs.recommended, plugin.configs.recommended] as ESLint.Options["overrideConfig"],
  });
}

type Report = [file: string, ruleId: string | null, messageId: string | undefined, line: number, column: number, hasFix: boolean, suggestions: string[]];

async function wsCloseReports(cwd: string): Promise<Report[]> {
  const results = await eslintFor(cwd).lintFiles(["."]);
  return results
    .flatMap((result) =>
      result.messages.map(
        (m): Report => [
          path.relative(cwd, result.filePath).split(path.sep).join("/"),
          m.ruleId,
          m.messageId,
          m.line,
          m.column,
          m.fix !== undefined,
          (m.suggestions ?? []).map((s) => s.messageId ?? ""),
        ],
      ),
    )
    .filter(([, ruleId]) => ruleId === null || ruleId.startsWith("ws-close/"))
    .sort((a, b) => a[0].localeCompare(b[0]) || a[3] - b[3]);
}

describe("ESLint end to end on examples/", () => {
  it("lints examples/chat-room-auto: the echoes get fixes, the custom code gets suggestions, the half-open socket nothing", async () => {
    const cwd = copyExample("chat-room-auto");
    expect(await wsCloseReports(cwd)).toEqual([
      // watch(): server.close(event.code, event.reason) in its own close handler
      ["src/index.ts", "ws-close/no-redundant-close", "redundantEcho", 52, 5, true, []],
      // moderate(): moderator.close(4000, "room closed")
      [
        "src/index.ts",
        "ws-close/no-redundant-close",
        "redundantCustomClose",
        71,
        5,
        false,
        ["suggestRemoveClose", "suggestAllowHalfOpen"],
      ],
      // handleSession(websocket): websocket.close() in the onClose function declaration
      ["src/session.ts", "ws-close/no-redundant-close", "redundantEcho", 42, 5, true, []],
    ]);
  });

  it("eslint --fix on examples/chat-room-auto gives the core's rewrite, file by file", async () => {
    const cwd = copyExample("chat-room-auto");
    const results = await eslintFor(cwd, true).lintFiles(["."]);
    const changed = results.filter((result) => result.output !== undefined).map((r) => path.relative(cwd, r.filePath));
    expect(changed.sort()).toEqual([path.join("src", "index.ts"), path.join("src", "session.ts")]);
    for (const result of results) {
      const original = readFileSync(result.filePath, "utf8");
      const compat = resolveCompatForFile(result.filePath);
      const expected = rewriteSource({
        text: original,
        filePath: result.filePath,
        compat,
        compatDescription: describeCompatResolution(compat),
        compatNote: compatNote(compat),
        ruleIds: ["no-redundant-close"],
      }).output;
      expect(result.output ?? original, result.filePath).toBe(expected);
    }
    const session = results.find((r) => r.filePath.endsWith("session.ts"))?.output ?? "";
    expect(session).toContain("    broadcast(JSON.stringify({ quit: name }));\n  }\n}");
    expect(session).not.toContain("websocket.close()");
    const index = results.find((r) => r.filePath.endsWith("index.ts"))?.output ?? "";
    expect(index).toContain("  server.addEventListener(\"close\", (event) => {\n    sessions.delete(server);\n  });");
    expect(index).toContain('moderator.close(4000, "room closed");');
  });

  it("lints examples/chat-room-legacy (compatibility_date 2025-09-15): no redundant close, the two unguarded echoes get guard fixes", async () => {
    const cwd = copyExample("chat-room-legacy");
    const results = await eslintFor(cwd).lintFiles(["."]);
    expect(results.map((r) => path.relative(cwd, r.filePath))).toContain(path.join("src", "index.ts"));
    expect(await wsCloseReports(cwd)).toEqual([
      // handleSession(): websocket.close(code, reason) with { code, reason } destructured from the event
      ["src/index.ts", "ws-close/no-reserved-close-code", "unguardedReceivedCode", 67, 5, true, []],
      // watch(): websocket.close(event.code, event.reason) in the onClose function declaration
      ["src/index.ts", "ws-close/no-reserved-close-code", "unguardedReceivedCode", 80, 5, true, []],
    ]);
  });

  it("eslint --fix on examples/chat-room-legacy guards both echoes and keeps the custom code, as the core's rewrite does", async () => {
    const cwd = copyExample("chat-room-legacy");
    const [result] = await eslintFor(cwd, true).lintFiles(["src/index.ts"]);
    const original = readFileSync(result!.filePath, "utf8");
    const compat = resolveCompatForFile(result!.filePath);
    const expected = rewriteSource({
      text: original,
      filePath: result!.filePath,
      compat,
      compatDescription: describeCompatResolution(compat),
      compatNote: compatNote(compat),
      ruleIds: ["no-redundant-close", "require-hibernation-close", "no-reserved-close-code"],
    }).output;
    expect(result!.output).toBe(expected);
    expect(result!.output).toContain(
      [
        "    if (code === 1005) {",
        "      websocket.close();",
        "    } else if (code !== 1006 && code !== 1015) {",
        "      websocket.close(code, reason);",
        "    }",
      ].join("\n"),
    );
    expect(result!.output).toContain("    if (event.code === 1005) {\n      websocket.close();\n    } else if (event.code !== 1006 && event.code !== 1015) {");
    expect(result!.output).toContain('    moderator.close(4000, "room closed");\n');
    expect(await wsCloseReports(cwd)).toHaveLength(2); // the copy on disk is unchanged: lintFiles with fix does not write
  });
});
