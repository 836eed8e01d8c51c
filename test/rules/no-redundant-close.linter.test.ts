// `ws-close/no-redundant-close` through ESLint's own `Linter`: with the default
// parser (espree and eslint-scope, as a plain JavaScript project lints), and the
// text of its messages, which must name the date and the config that decided.
import tsParser from "@typescript-eslint/parser";
import { Linter, type Rule } from "eslint";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import plugin from "../../rules/index.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const RULE = "ws-close/no-redundant-close";

/** The name of the parser each lint ran with, recorded by a probe rule. */
const parsersSeen: string[] = [];
const parserProbe: Rule.RuleModule = {
  meta: { type: "problem", schema: [] },
  create(context) {
    const parser = context.languageOptions.parser as { meta?: { name?: string }; name?: string } | undefined;
    parsersSeen.push(parser?.meta?.name ?? parser?.name ?? "none");
    return {};
  },
};

interface LintOptions {
  filename: string;
  settings?: Record<string, unknown>;
  /** Parse with typescript-eslint's parser instead of ESLint's default (espree). */
  typescript?: boolean;
}

function configFor(options: LintOptions): Linter.Config[] {
  return [
    {
      files: ["**/*.{js,cjs,mjs,ts}"],
      ...(options.typescript ? { languageOptions: { parser: tsParser as unknown as Linter.Parser } } : {}),
      plugins: {
        "ws-close": plugin as unknown as NonNullable<Linter.Config["plugins"]>[string],
        probe: { rules: { parser: parserProbe } },
      },
      settings: options.settings ?? {},
      rules: { [RULE]: "error", "probe/parser": "error" },
    },
  ];
}

function lint(code: string, options: LintOptions): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat", cwd: projectRoot });
  const messages = linter.verify(code, configFor(options), options.filename);
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  return messages;
}

function lintAndFix(code: string, options: LintOptions): string {
  return new Linter({ configType: "flat", cwd: projectRoot }).verifyAndFix(code, configFor(options), options.filename).output;
}

/** Applies one suggestion's fix, as an editor does. */
function applySuggestion(code: string, suggestion: Linter.LintSuggestion): string {
  const { range, text } = suggestion.fix;
  return code.slice(0, range[0]) + text + code.slice(range[1]);
}

/** A file (it need not exist) in `fixtures/config/<dir>/src/`, relative to the linter's cwd. */
function fileUnderConfig(dir: string, name = "worker.ts"): string {
  return path.join("fixtures", "config", dir, "src", name);
}

function configPath(dir: string, file: string): string {
  return path.join("fixtures", "config", dir, file);
}

const AUTO = { "ws-close": { compatibilityDate: "2026-05-01" } };

describe("no-redundant-close with espree and eslint-scope (.js files)", () => {
  it("lints with espree, reports an echo and fixes it", () => {
    const code = [
      "export function handleSession(websocket) {",
      "  websocket.accept();",
      '  websocket.addEventListener("close", (event) => {',
      "    sessions.delete(websocket);",
      "    websocket.close(event.code, event.reason);",
      "  });",
      "}",
      "",
    ].join("\n");
    parsersSeen.length = 0;
    const messages = lint(code, { filename: "src/worker.js", settings: AUTO });
    expect(parsersSeen).toEqual(["espree"]);
    expect(messages.map((m) => [m.ruleId, m.messageId, m.line, m.column])).toEqual([[RULE, "redundantEcho", 5, 5]]);
    expect(lintAndFix(code, { filename: "src/worker.js", settings: AUTO })).toBe(
      [
        "export function handleSession(websocket) {",
        "  websocket.accept();",
        '  websocket.addEventListener("close", (event) => {',
        "    sessions.delete(websocket);",
        "  });",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("resolves every socket form, handler form and echo form through eslint-scope", () => {
    const code = `const pair = new WebSocketPair();
const [a, first] = Object.values(pair);
const second = pair[1];
const { 0: c, 1: third } = new WebSocketPair();
first.accept();
second.accept();
third.accept();
first.addEventListener("close", ({ code, reason }) => first.close(code, reason));
second.onclose = onSecondClose;
function onSecondClose(event) {
  second.close(event.code);
}
const onThirdClose = () => {
  log("third");
  third.close();
};
third.addEventListener("close", onThirdClose);
`;
    const messages = lint(code, { filename: "src/forms.mjs", settings: AUTO });
    expect(messages.map((m) => [m.messageId, m.line, m.column])).toEqual([
      ["redundantEcho", 8, 55],
      ["redundantEcho", 11, 3],
      ["redundantEcho", 15, 3],
    ]);
    expect(lintAndFix(code, { filename: "src/forms.mjs", settings: AUTO })).toBe(`const pair = new WebSocketPair();
const [a, first] = Object.values(pair);
const second = pair[1];
const { 0: c, 1: third } = new WebSocketPair();
first.accept();
second.accept();
third.accept();
first.addEventListener("close", ({ code, reason }) => {});
second.onclose = onSecondClose;
function onSecondClose(event) {}
const onThirdClose = () => {
  log("third");
};
third.addEventListener("close", onThirdClose);
`);
  });

  it("offers both suggestions for a custom code, and no fix", () => {
    const code = `const [client, moderator] = Object.values(new WebSocketPair());
moderator.accept();
moderator.addEventListener("close", () => {
  broadcast("room closed");
  moderator.close(4000, "room closed");
});
`;
    const [message, ...rest] = lint(code, { filename: "src/moderator.js", settings: AUTO });
    expect(rest).toEqual([]);
    expect(message?.messageId).toBe("redundantCustomClose");
    expect(message?.fix).toBeUndefined();
    const suggestions = message?.suggestions ?? [];
    expect(suggestions.map((s) => s.messageId)).toEqual(["suggestRemoveClose", "suggestAllowHalfOpen"]);
    expect(applySuggestion(code, suggestions[0]!)).toBe(`const [client, moderator] = Object.values(new WebSocketPair());
moderator.accept();
moderator.addEventListener("close", () => {
  broadcast("room closed");
});
`);
    expect(applySuggestion(code, suggestions[1]!)).toBe(`const [client, moderator] = Object.values(new WebSocketPair());
moderator.accept({ allowHalfOpen: true });
moderator.addEventListener("close", () => {
  broadcast("room closed");
  moderator.close(4000, "room closed");
});
`);
  });

  it("stays silent where eslint-scope shows the target is not proven", () => {
    const code = `const [c1, left] = Object.values(new WebSocketPair());
const [c2, right] = Object.values(new WebSocketPair());
left.accept();
right.accept();
function closeBoth() {
  left.close();
  right.close();
}
left.addEventListener("close", closeBoth);
right.addEventListener("close", closeBoth);

let moved = Object.values(new WebSocketPair())[1];
moved.accept();
moved.addEventListener("close", () => moved.close());
moved = null;

const feed = new WebSocket("wss://feed.example/ws");
feed.accept();
feed.addEventListener("close", () => feed.close());

const [c3, half] = Object.values(new WebSocketPair());
half.accept({ allowHalfOpen: true });
half.addEventListener("close", () => half.close());
`;
    expect(lint(code, { filename: "src/silent.js", settings: AUTO })).toEqual([]);
  });

  it("lints a CommonJS .cjs script", () => {
    const code = `module.exports = function handleSession(ws) {
  ws.accept();
  ws.onclose = function () {
    ws.close();
  };
};
`;
    expect(lint(code, { filename: "src/session.cjs", settings: AUTO }).map((m) => [m.messageId, m.line, m.column])).toEqual([
      ["redundantEcho", 4, 5],
    ]);
  });

  it("stays silent in manual mode read from the wrangler config", () => {
    const code = `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => server.close(event.code, event.reason));
`;
    expect(lint(code, { filename: fileUnderConfig("toml-manual-2025-06-01", "worker.js") })).toEqual([]);
    expect(lint(code, { filename: fileUnderConfig("toml-auto-2026-05-01", "worker.js") }).map((m) => m.messageId)).toEqual([
      "redundantEcho",
    ]);
  });
});

describe("no-redundant-close messages", () => {
  const ECHO = `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  server.close(event.code, event.reason);
});
`;
  const BARE = ECHO.replace("server.close(event.code, event.reason)", "server.close()");
  const CUSTOM = ECHO.replace("server.close(event.code, event.reason)", 'server.close(4000, "room closed")');

  function onlyMessage(code: string, options: LintOptions): Linter.LintMessage {
    const messages = lint(code, { typescript: true, ...options });
    expect(messages).toHaveLength(1);
    return messages[0]!;
  }

  it("an echo names the call, what the runtime did, and the config's date in a few words", () => {
    const message = onlyMessage(ECHO, { filename: fileUnderConfig("jsonc-auto-2026-05-01") });
    expect(message.message).toBe(
      "`server.close(event.code, event.reason)` does nothing: the runtime already answered the peer's Close frame before this handler ran " +
        "(auto: wrangler.jsonc 2026-05-01).",
    );
  });

  it("a bare close() names its config by base name when the config is above the file", () => {
    const message = onlyMessage(BARE, { filename: fileUnderConfig("toml-auto-2026-05-01") });
    expect(message.message).toBe(
      "`server.close()` does nothing: the runtime already answered the peer's Close frame before this handler ran (auto: wrangler.toml 2026-05-01).",
    );
  });

  it("names the environment when only one environment sets the date", () => {
    const message = onlyMessage(ECHO, { filename: fileUnderConfig("env-only-dates") });
    expect(message.message).toContain("(auto: wrangler.jsonc [env.production] 2026-05-01).");
  });

  it("names the flag when a flag decided the mode", () => {
    const message = onlyMessage(ECHO, { filename: fileUnderConfig("flag-enable-old-date") });
    expect(message.message).toContain("(auto: wrangler.toml flag web_socket_auto_reply_to_close).");
  });

  it("names the setting when settings override the files, and a config elsewhere by its last directories", () => {
    const date = onlyMessage(ECHO, { filename: fileUnderConfig("toml-manual-2025-06-01"), settings: AUTO });
    expect(date.message).toContain("(auto: settings compatibilityDate 2026-05-01).");
    const config = onlyMessage(ECHO, {
      filename: fileUnderConfig("toml-manual-2025-06-01"),
      settings: { "ws-close": { wranglerConfig: path.join(projectRoot, configPath("json-auto-2026-04-07", "wrangler.json")) } },
    });
    expect(config.message).toContain("(auto: …/json-auto-2026-04-07/wrangler.json 2026-04-07).");
  });

  it("a custom code says it is never sent, and each suggestion says what it does", () => {
    const message = onlyMessage(CUSTOM, { filename: fileUnderConfig("jsonc-auto-2026-05-01") });
    expect(message.messageId).toBe("redundantCustomClose");
    expect(message.message).toBe(
      "`server.close(4000, \"room closed\")` is never sent: the runtime already answered the peer's Close frame with the peer's own code " +
        "(auto: wrangler.jsonc 2026-05-01).",
    );
    expect(message.suggestions?.map((s) => s.desc)).toEqual([
      "Remove `server.close(4000, \"room closed\")`; the runtime's own reply stays as it is.",
      "Accept 'server' with `{ allowHalfOpen: true }` so that this handler's reply is the one sent (the reply is then required).",
    ]);
  });

  it("a broken config is reported once, at line 1, with the file and the line:column of the error", () => {
    const message = onlyMessage(ECHO, { filename: fileUnderConfig("broken-jsonc") });
    expect([message.messageId, message.line, message.column]).toEqual(["invalidConfig", 1, 1]);
    expect(message.message).toMatch(/^ws-close cannot tell this file's compatibility mode: /u);
    expect(message.message).toContain(`${configPath("broken-jsonc", "wrangler.jsonc")}:4:3: `);
  });

  it("a broken TOML config names its file and position too", () => {
    const message = onlyMessage(ECHO, { filename: fileUnderConfig("broken-toml") });
    expect(message.messageId).toBe("invalidConfig");
    expect(message.message).toMatch(new RegExp(`${configPath("broken-toml", "wrangler.toml").replace(/[\\.]/gu, "\\$&")}:3:\\d+: `, "u"));
  });

  it("a setting of the wrong type is reported as invalidConfig, naming the setting", () => {
    const message = onlyMessage(ECHO, { filename: "src/worker.ts", settings: { "ws-close": { compatibilityDate: 20260501 } } });
    expect(message.messageId).toBe("invalidConfig");
    expect(message.message).toBe(
      'ws-close cannot tell this file\'s compatibility mode: settings["ws-close"].compatibilityDate must be a "YYYY-MM-DD" string',
    );
  });
});
