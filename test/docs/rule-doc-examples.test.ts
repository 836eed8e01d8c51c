// How examples are read from a rule page (the conventions in ./rule-doc-examples.ts).
import { describe, expect, it } from "vitest";
import { ruleDocExamples } from "./rule-doc-examples.js";

const page = [
  "# ws-close/some-rule",
  "",
  "<!-- compatibility_date: 2026-05-01 -->",
  "<!-- package.json: {\"dependencies\": {\"partyserver\": \"0.5.3\"}} -->",
  "<!-- setup: const [client, server] = Object.values(new WebSocketPair()); -->",
  "<!-- setup: server.accept(); -->",
  "```ts",
  "// ❌ the echo",
  "server.addEventListener(\"close\", (e) => server.close(e.code, e.reason));",
  "",
  "// ✅ (compatibility_date = \"2025-09-15\": the reply is needed)",
  "server.addEventListener(\"close\", (e) => server.close());",
  "```",
  "",
  "Text between blocks ends what the comments set.",
  "",
  "```js",
  "// ✅ no date",
  "ws.close();",
  "```",
  "",
  "```js",
  "// a block without markers is no example",
  "export default [];",
  "```",
  "",
  "```sh",
  "// ❌ not code the rules read",
  "```",
].join("\n");

describe("ruleDocExamples", () => {
  const examples = ruleDocExamples(page);

  it("splits a block at each ❌/✅ line comment and skips blocks without one and other languages", () => {
    expect(examples.map((example) => [example.kind, example.line, example.extension, example.label])).toEqual([
      ["incorrect", 8, "ts", "❌ the echo"],
      ["correct", 11, "ts", '✅ (compatibility_date = "2025-09-15": the reply is needed)'],
      ["correct", 18, "js", "✅ no date"],
    ]);
    expect(examples[0]!.code).toBe('// ❌ the echo\nserver.addEventListener("close", (e) => server.close(e.code, e.reason));\n');
  });

  it("takes the date from the marker line, else from the comment before the block, else none", () => {
    expect(examples.map((example) => example.compatibilityDate)).toEqual(["2026-05-01", "2025-09-15", undefined]);
  });

  it("joins the block's setup comments in order and keeps its package.json, for that block only", () => {
    expect(examples[0]!.setup).toBe("const [client, server] = Object.values(new WebSocketPair());\nserver.accept();");
    expect(examples[0]!.packageJson).toBe('{"dependencies": {"partyserver": "0.5.3"}}');
    expect(examples[2]!.setup).toBe("");
    expect(examples[2]!.packageJson).toBeUndefined();
  });

  it("rejects a package.json comment that is not JSON", () => {
    expect(() => ruleDocExamples("<!-- package.json: {dependencies} -->\n```ts\n// ❌\n```\n")).toThrow();
  });
});
