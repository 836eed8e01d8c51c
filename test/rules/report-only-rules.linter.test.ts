// `ws-close/no-new-websocket-in-proxy`, `ws-close/no-closing-state-check` and
// `ws-close/no-send-in-close-handler` through ESLint's own `Linter`, with its
// default parser (espree and eslint-scope, as a plain JavaScript project lints),
// and the text of their messages, which must name the date and the config.
import { Linter } from "eslint";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import plugin from "../../rules/index.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

const RULES = ["ws-close/no-new-websocket-in-proxy", "ws-close/no-closing-state-check", "ws-close/no-send-in-close-handler"];

function lint(code: string, filename: string, settings: Record<string, unknown> = {}): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat", cwd: projectRoot });
  const config: Linter.Config[] = [
    {
      files: ["**/*.js"],
      plugins: { "ws-close": plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
      settings,
      rules: Object.fromEntries(RULES.map((rule) => [rule, "error"])),
    },
  ];
  const messages = linter.verify(code, config, filename);
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  return messages;
}

function applySuggestion(code: string, suggestion: Linter.LintSuggestion): string {
  const { range, text } = suggestion.fix;
  return code.slice(0, range[0]) + text + code.slice(range[1]);
}

/** A file (it need not exist) under `fixtures/config/<dir>/src/`, relative to the linter's cwd. */
function fileUnderConfig(dir: string): string {
  return path.join("fixtures", "config", dir, "src", "relay.js");
}

const RELAY = [
  "export default {",
  "  async fetch(request, env) {",
  "    const upstream = new WebSocket(env.UPSTREAM_URL)",
  "    const [client, server] = Object.values(new WebSocketPair())",
  "    server.accept()",
  "    server.addEventListener('message', (event) => upstream.send(event.data))",
  "    upstream.addEventListener('message', (event) => server.send(event.data))",
  "    server.addEventListener('close', (event) => {",
  "      server.send('bye')",
  "      if (server.readyState === WebSocket.CLOSING) upstream.close()",
  "    })",
  "    upstream.addEventListener('close', () => server.close(1000, 'upstream left'))",
  "    return new Response(null, { status: 101, webSocket: client })",
  "  },",
  "}",
  "",
];

describe("report-only rules with espree and eslint-scope (.js files)", () => {
  it("reports all three in auto mode, with messages naming the wrangler config, and no fix", () => {
    const code = RELAY.join("\n");
    const messages = lint(code, fileUnderConfig("toml-auto-2026-05-01"));
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.fix === undefined])).toEqual([
      ["ws-close/no-new-websocket-in-proxy", 3, 22, true],
      ["ws-close/no-send-in-close-handler", 9, 7, true],
      ["ws-close/no-closing-state-check", 10, 11, true],
    ]);
    for (const message of messages) expect(message.message).toContain("(auto: wrangler.toml 2026-05-01)");
    expect(messages[1]!.message).toContain("`server.send('bye')` throws TypeError");
    expect(messages[2]!.message).toContain("is always false");
    expect(new Linter({ configType: "flat", cwd: projectRoot }).verifyAndFix(code, [
      {
        files: ["**/*.js"],
        plugins: { "ws-close": plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
        rules: Object.fromEntries(RULES.map((rule) => [rule, "error"])),
      },
    ], fileUnderConfig("toml-auto-2026-05-01")).fixed).toBe(false);
  });

  it("suggests the fetch() upgrade in a semicolon-less, single-quoted file, converting the URL at run time", () => {
    const code = RELAY.join("\n");
    const [message] = lint(code, fileUnderConfig("toml-auto-2026-05-01"));
    expect(message?.suggestions).toHaveLength(1);
    const fixed = applySuggestion(code, message!.suggestions![0]!);
    expect(fixed.split("\n").slice(2, 6)).toEqual([
      "    const upstream = (await fetch(String(env.UPSTREAM_URL).replace(/^ws/i, 'http'), { headers: { Upgrade: 'websocket' } })).webSocket",
      "    if (!upstream) throw new Error('WebSocket upgrade refused')",
      "    upstream.accept({ allowHalfOpen: true })",
      "    const [client, server] = Object.values(new WebSocketPair())",
    ]);
    expect(lint(fixed, fileUnderConfig("toml-auto-2026-05-01")).map((m) => m.ruleId)).not.toContain("ws-close/no-new-websocket-in-proxy");
  });

  it("keeps CRLF line endings in the suggestion", () => {
    const code = RELAY.join("\r\n");
    const [message] = lint(code, fileUnderConfig("toml-auto-2026-05-01"));
    const fixed = applySuggestion(code, message!.suggestions![0]!);
    expect(fixed).not.toMatch(/[^\r]\n/u);
    expect(fixed).toContain("webSocket\r\n    if (!upstream) throw new Error('WebSocket upgrade refused')\r\n    upstream.accept({ allowHalfOpen: true })\r\n");
  });

  it("mixed mode (wrangler.toml with an [env.legacy] on an old date): the proxy leg and the send, not the CLOSING check", () => {
    const messages = lint(RELAY.join("\n"), fileUnderConfig("toml-env-legacy-mixed"));
    expect(messages.map((m) => m.ruleId)).toEqual(["ws-close/no-new-websocket-in-proxy", "ws-close/no-send-in-close-handler"]);
    expect(messages[0]!.message).toContain("(mixed: wrangler.toml [env.legacy] manual)");
  });

  it("manual mode and unknown mode: nothing", () => {
    expect(lint(RELAY.join("\n"), fileUnderConfig("toml-manual-2025-06-01"))).toEqual([]);
    expect(lint(RELAY.join("\n"), fileUnderConfig("no-date"))).toEqual([]);
  });
});
