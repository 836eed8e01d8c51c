/**
 * Issue 12: every message is one or two sentences of at most 200 characters, and every finding has
 * its long explanation. Here each template of each rule is filled with the longest value each
 * placeholder can take (the values come from the same helpers the rules use, given inputs far over
 * their limits), so a template that grows, or a new placeholder without a bound, fails.
 * `test/migrate/messages-on-fixtures.test.ts` checks the rendered messages of every fixture and example.
 */
import { describe, expect, it } from "vitest";
import { compatNote, projectCompatNote, type CompatResolution, type ProjectCompatResolution, type ReachingWorker } from "../../src/compat/index.js";
import { analyzeFile, configErrorText, formatMessage, INVALID_CONFIG_MESSAGE, parseSource, RULES, type RuleDefinition } from "../../src/analysis/index.js";
import { callText } from "../../src/analysis/rules/call-text.js";
import { codeText, fitQuotedCode, MAX_CODE_TEXT, nameList, shortName, shortPath } from "../../src/analysis/rules/message-values.js";
import { MAX_MESSAGE, sentenceCount } from "../support/message-bounds.js";


const LONG = "x".repeat(300);
const LONG_NAME = "backendWebSocketForTheUpstreamConnection";
const LONG_PATH = "packages/workers/realtime/chat-room/src/handlers/session-handler.ts";

/** A config deep in a monorepo that is not above the file (a Worker reached through imports): its path is shown. */
function resolution(mode: "auto" | "manual", flag: string): CompatResolution {
  return {
    mode,
    configPath: "/project/packages/workers/realtime/chat-room-legacy/wrangler.jsonc",
    overridden: false,
    environments: [{ name: null, compatibilityDate: "2026-05-01", compatibilityFlags: [flag], mode }],
  };
}

/** Environments that disagree, with long names. */
const MIXED: CompatResolution = {
  mode: "mixed",
  configPath: "/project/packages/workers/realtime/chat-room-legacy/wrangler.toml",
  overridden: false,
  environments: [
    { name: null, compatibilityDate: "2026-05-01", compatibilityFlags: [], mode: "auto" },
    { name: "staging-europe-west", compatibilityDate: "2025-06-01", compatibilityFlags: [], mode: "manual" },
    { name: "production-legacy", compatibilityDate: "2025-06-01", compatibilityFlags: [], mode: "manual" },
  ],
};

/** A file shared by Workers with long names that disagree (three of them). */
function sharedByWorkers(): ProjectCompatResolution {
  const worker = (name: string, mode: "auto" | "manual"): ReachingWorker => ({
    configPath: `/project/workers/${name}/wrangler.toml`,
    name,
    main: null,
    entries: [],
    resolution: resolution(mode, mode === "auto" ? "web_socket_auto_reply_to_close" : "web_socket_manual_reply_to_close"),
    error: null,
    unreadable: false,
    importChain: [],
  });
  const workers = [worker("realtime-chat-frontend", "auto"), worker("realtime-chat-legacy", "manual"), worker("realtime-chat-archive", "manual")];
  return { ...MIXED, decidedBy: "imports", workers, nearestConfigPath: null };
}

const options = { cwd: "/project", filePath: "/project/src/index.ts" };
const COMPAT_NOTES = {
  auto: compatNote(resolution("auto", "web_socket_auto_reply_to_close"), options),
  manual: compatNote(resolution("manual", "web_socket_manual_reply_to_close"), options),
  mixed: compatNote(MIXED, options),
  mixedWorkers: projectCompatNote(sharedByWorkers(), options),
};

/** The longest compat note a rule can show: over the modes it reports in. */
function worstCompat(rule: RuleDefinition): string {
  const modes = rule.modes === "any" ? (["auto", "manual", "mixed"] as const) : rule.modes;
  return modes.flatMap((mode) => (mode === "mixed" ? [COMPAT_NOTES.mixed, COMPAT_NOTES.mixedWorkers] : [COMPAT_NOTES[mode]])).reduce((a, b) => (b.length > a.length ? b : a));
}

function longest(...values: string[]): string {
  return values.reduce((a, b) => (b.length > a.length ? b : a));
}

/** The longest value of each placeholder a message uses. A new placeholder must be added here. */
function worstValues(rule: RuleDefinition): Record<string, string> {
  const compat = worstCompat(rule);
  // no-long-close-reason quotes the callee with `()`.
  const call = rule.id === "no-long-close-reason" ? `${callText(LONG, [0, LONG.length])}()` : callText(LONG, [0, LONG.length]);
  return {
    call,
    comparison: call,
    construct: call,
    close: call,
    code: codeText(LONG, 24),
    codes: "1005, 1006 or 1015",
    problem: "is reserved (1004, 1005, 1006 and 1015 may not be sent)",
    guardNote: " (missed by the guard here)",
    result: "false",
    socket: shortName(LONG_NAME),
    // One peer's name; no-new-websocket-in-proxy quotes it itself.
    peer: rule.id === "no-new-websocket-in-proxy" ? `'${shortName(LONG_NAME)}'` : shortName(LONG_NAME),
    className: shortName(LONG_NAME),
    base: shortName(LONG_NAME),
    fn: shortName(LONG_NAME),
    options: shortName(LONG_NAME),
    file: shortPath(LONG_PATH),
    callers: `${shortPath(LONG_PATH)}:12345 and 99 more`,
    unsafe: nameList([LONG, LONG, LONG].map((text) => callText(text, [0, text.length], MAX_CODE_TEXT)), (text) => `\`${text}\``),
    peerNote: longest(`, nor does '${shortName(LONG_NAME)}'`, `, nor does \`${shortName(LONG_NAME)}\``),
    baseNote: ` (nor does its base \`${shortName(LONG_NAME)}\`)`,
    compat,
    why: longest(compat, "`allowHalfOpen: false`"),
    hibernation: longest(compat, "hibernating server"),
    framework: `partyserver ${shortName(">=0.0.75 <0.5.4 || ^0.5.0-beta.1", 12)}`,
    since: "partyserver 0.5.4",
    size: "65535 UTF-8 bytes (32767 characters)",
    origin: longest("a received close reason with text added", `a received message via \`${shortName(LONG_NAME)}\``),
    bytes: "123",
  };
}

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/gu)].map((match) => match[1]!);
}

describe("rule messages (issue 12: one or two sentences, at most 200 characters)", () => {
  it("builds compat notes that are short whatever the project", () => {
    expect(COMPAT_NOTES.auto).toBe("auto: …/wrangler.jsonc flag web_socket_auto_reply_to_close");
    expect(COMPAT_NOTES.manual).toBe("manual: …/wrangler.jsonc flag web_socket_manual_reply_to_close");
    expect(COMPAT_NOTES.mixed).toBe("mixed: …/wrangler.toml [env.staging-…est] and 1 more manual");
    expect(COMPAT_NOTES.mixedWorkers).toBe("mixed: Worker realti…end auto, realti…acy manual and 1 more");
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const values = worstValues(rule);
      for (const [messageId, template] of Object.entries(rule.messages) as [string, string][]) {
        it(`${messageId}: at most ${MAX_MESSAGE} characters and two sentences with the longest values`, () => {
          for (const name of placeholders(template)) expect(values, `${messageId}: no longest value for {{${name}}}`).toHaveProperty(name);
          // As the finding factory renders it: quoted code whole when it fits, cut otherwise.
          const message = formatMessage(template, fitQuotedCode(template, values));
          expect(message.length, message).toBeLessThanOrEqual(MAX_MESSAGE);
          expect(sentenceCount(message), message).toBeLessThanOrEqual(2);
          expect(message, "a message ends with a period").toMatch(/\.$/u);
        });
      }
    });
  }

  it("has an explanation for every finding's message id, and none for a suggestion's", () => {
    for (const rule of RULES) {
      const suggestionIds = Object.keys(rule.messages).filter((id) => id.startsWith("suggest"));
      for (const messageId of Object.keys(rule.messages)) {
        const explanation = (rule.explanations as Record<string, string | undefined>)[messageId];
        if (suggestionIds.includes(messageId)) {
          expect(explanation, `${rule.id}: ${messageId}`).toBeUndefined();
          continue;
        }
        expect(explanation, `${rule.id}: ${messageId}`).toEqual(expect.any(String));
        // The explanation says more than the message does.
        expect(explanation!.length, `${rule.id}: ${messageId}`).toBeGreaterThan((rule.messages as Record<string, string>)[messageId]!.length);
      }
      for (const id of Object.keys(rule.explanations)) expect(Object.keys(rule.messages), `${rule.id}: explanation of an unknown id`).toContain(id);
    }
  });

  it("renders an explanation with the finding's data and the long compat phrase, the message with the short note", () => {
    const compat = resolution("auto", "web_socket_auto_reply_to_close");
    const text = `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  server.close(event.code, event.reason);
});
server.addEventListener("close", () => server.close());
`;
    const render = (source: string) =>
      analyzeFile({
        ...parseSource(source, "/project/src/index.ts"),
        compat,
        compatDescription: "the long phrase",
        compatNote: "auto: the note",
        filePath: "/project/src/index.ts",
      }).findings;
    const [echo] = render(text);
    expect(echo!.message).toBe("`server.close(event.code, event.reason)` does nothing: the runtime already answered the peer's Close frame before this handler ran (auto: the note).");
    expect(echo!.explanation).toBe(
      "`server.close(event.code, event.reason)` does nothing: the runtime already answered the peer's Close frame on 'server' before this close handler ran " +
        "(the long phrase; auto reply to Close frames is on from compatibility date 2026-04-07). It also throws InvalidAccessError when the peer " +
        "closed without a status code (1005) or the connection dropped (1006).",
    );
    // A bare close() does not throw on 1005: its explanation has no throw note.
    const [bare] = render(text.replace("server.close(event.code, event.reason);", "server.close();"));
    expect(bare!.explanation).not.toContain("InvalidAccessError");
  });

  it("keeps a broken config's message within the bound", () => {
    const error = configErrorText(`packages/workers/chat/wrangler.toml:14:7: ${LONG}`);
    const message = formatMessage(INVALID_CONFIG_MESSAGE, { error });
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(message.endsWith("…")).toBe(true);
  });

  it("cuts a long call in the middle, keeping its callee and its closing parenthesis", () => {
    const text = "server.close(event.code, event.reason ?? 'the backend went away unexpectedly')";
    expect(callText(text, [0, text.length], MAX_CODE_TEXT)).toBe("server.close(event.code, …)");
    expect(callText(text, [0, text.length])).toBe("server.close(event.code, event.reason ?? 'the backend went …)");
    expect(codeText("server.close(event.code, event.reason ?? 'the backend went away')")).toBe("server.close(event.code, …)");
    expect(callText("ws.close(1000, 'bye')", [0, 21])).toBe("ws.close(1000, 'bye')");
    expect(callText("server.close(event.code, event.reason)", [0, 38])).toBe("server.close(event.code, event.reason)");
  });

  it("quotes code whole while the message fits, and cuts it to 36 characters only when it does not", () => {
    const template = "`{{call}}` does nothing ({{compat}}).";
    const call = "server.close(event.code, event.reason)";
    expect(fitQuotedCode(template, { call, compat: "auto: wrangler.jsonc 2026-05-01" }).call).toBe(call);
    const crowded = fitQuotedCode(template, { call, compat: "x".repeat(170) });
    expect(crowded.call).toBe("server.close(event.code, …)");
    expect(crowded.compat).toBe("x".repeat(170));
    expect(shortPath("packages/workers/realtime/chat-room/src/handlers/session.ts")).toBe("…/src/handlers/session.ts");
    expect(shortName("this.sockets.upstreamBackend")).toBe("this.socke…amBackend");
  });
});
