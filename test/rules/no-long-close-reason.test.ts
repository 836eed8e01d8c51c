import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rules, type RuleMessageIds } from "../../rules/index.js";
import { cutLiteralToUtf8Bytes, utf8ByteLength } from "../../src/analysis/fix/utf8-literal-text.js";

const rule = rules["no-long-close-reason"];
type MessageIds = RuleMessageIds<"no-long-close-reason">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

/** A directory with no wrangler config in it or above it: `unknown` mode (the rule reports in every mode). */
const noConfigDir = mkdtempSync(path.join(os.tmpdir(), "ws-close-long-reason-"));
const UNKNOWN_FILE = path.join(noConfigDir, "src", "worker.ts");
const OLD = { "ws-close": { compatibilityDate: "2026-01-01" } };
const NEW = { "ws-close": { compatibilityDate: "2026-05-01" } };

/** An accepted `WebSocketPair` socket `server`; `body` starts on line 3. */
function pair(body: string): string {
  return `const [client, server] = Object.values(new WebSocketPair());
server.accept();
${body}
`;
}

/** A Durable Object on the Hibernation API whose `webSocketMessage` has `body` (indented four spaces, from line 4). */
function hibernation(body: string): string {
  return `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
${body}
  }
}
`;
}

/** The byte clamp the suggestion wraps around `expression`. */
const clamp = (expression: string): string =>
  `new TextDecoder().decode(new TextEncoder().encode(${expression}).slice(0, 123), { stream: true })`;

const ASCII_124 = "x".repeat(124);
const ASCII_123 = "x".repeat(123);
const CYRILLIC_62 = "Ж".repeat(62); // 62 characters, 124 bytes
const CYRILLIC_61 = "Ж".repeat(61); // 122 bytes
const EMOJI_31 = "😀".repeat(31); // 31 characters, 124 bytes
const EMOJI_30 = "😀".repeat(30); // 120 bytes

const tooLong = (size: string, call = "server.close()") => ({ size, call });
const unbounded = (origin: string, call = "server.close()") => ({ origin, call });

// ---------------------------------------------------------------------------
// Silent
// ---------------------------------------------------------------------------

const silent: Valid[] = [
  { name: "exactly 123 ASCII bytes", code: pair(`server.close(1000, "${ASCII_123}");`) },
  { name: "exactly 123 bytes of two-byte characters (61 × é and one x)", code: pair(`server.close(1000, "${"é".repeat(61)}x");`) },
  { name: "61 Cyrillic letters: 122 bytes", code: pair(`server.close(1000, "${CYRILLIC_61}");`) },
  { name: "a short template with a substitution the rule cannot trace", code: pair("declare const name: string;\nserver.close(1000, `bye ${name}`);") },
  {
    name: "a proxy forwards the peer's close reason: it came in a valid Close frame, so it is at most 123 bytes",
    code: `const upstream = new WebSocket("wss://backend.example/ws");
const [client, server] = Object.values(new WebSocketPair());
server.accept();
upstream.addEventListener("close", (event) => server.close(event.code, event.reason));
server.addEventListener("close", ({ code, reason }) => upstream.close(code, reason));
`,
  },
  {
    name: "webSocketClose echoes its own reason parameter",
    code: `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}
`,
  },
  {
    name: "a long reason on a receiver that is not a proven socket (a helper's parameter)",
    code: `function shutdown(connection: { close(code: number, reason: string): void }) {
  connection.close(1000, "${ASCII_124}");
}
`,
  },
  { name: "a long reason on an unknown global", code: `declare const db: any;\ndb.close(1000, "${ASCII_124}");` },
  { name: "an identifier the rule cannot trace", code: pair("declare const reason: string;\nserver.close(1011, reason);") },
  {
    name: "a call to an unknown function (it may clamp)",
    code: pair("declare function clampReason(text: string): string;\ntry { work(); } catch (err) { server.close(1011, clampReason((err as Error).message)); }\ndeclare function work(): void;"),
  },
  { name: "err.message.slice(0, 41): at most 123 bytes", code: pair("try { work(); } catch (err) { server.close(1011, (err as Error).message.slice(0, 41)); }\ndeclare function work(): void;") },
  { name: "String(err).substring(0, 40)", code: pair("try { work(); } catch (err) { server.close(1011, String(err).substring(0, 40)); }\ndeclare function work(): void;") },
  {
    name: "the suggested clamp itself",
    code: pair(`try { work(); } catch (err) { server.close(1011, ${clamp("(err as Error).message")}); }\ndeclare function work(): void;`),
  },
  { name: "err.name is not followed", code: pair("try { work(); } catch (err) { server.close(1011, (err as Error).name); }\ndeclare function work(): void;") },
  { name: "a variable that is reassigned", code: pair(`let reason = "${ASCII_124}";\nreason = "short";\nserver.close(1000, reason);`) },
  { name: "JSON.stringify of a literal object: its size is known", code: pair(`server.close(4000, JSON.stringify({ error: "bad request", retry: false }));`) },
  { name: "JSON.stringify of a literal with an indent: its size is not computed", code: pair(`server.close(4000, JSON.stringify({ error: "bad request" }, null, 2));`) },
  { name: "close(code) without a reason", code: pair("server.close(1000);") },
  {
    name: "an error caught outside any socket's reach, closed on a non-socket",
    code: `declare const pool: { close(code: number, reason: string): void };\ntry { work(); } catch (err) { pool.close(1011, (err as Error).message); }\ndeclare function work(): void;`,
  },
];

// ---------------------------------------------------------------------------
// Reported
// ---------------------------------------------------------------------------

/**
 * A Durable Object whose untyped field only ever holds an accepted socket, one restored from
 * `getWebSockets()`, or nothing (real code: a reverse proxy's alarm closes it with a long literal).
 * `extra` is written after the other members (line 16 on), `close` is the call on line 15.
 */
function socketField(close: string, extra = ""): string {
  return `export class Proxy {
  state: DurableObjectState;
  ws = null;
  constructor(state: DurableObjectState) {
    this.state = state;
    const restored = state.getWebSockets();
    if (restored.length > 0) this.ws = restored[0];
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.state.acceptWebSocket(server);
    this.ws = server;
    return new Response(null, { status: 101, webSocket: client });
  }
  async alarm() { ${close} }
  webSocketClose() { this.ws = null; }${extra}
}
`;
}

const socketFieldReported: Invalid[] = [
  {
    name: "an untyped field that only ever holds a Workers socket or nothing, closed with a 124-byte literal",
    code: socketField(`this.ws.close(1002, "${ASCII_124}");`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 15,
        data: tooLong("124 UTF-8 bytes", "this.ws.close()"),
        suggestions: [{ messageId: "suggestTruncate", output: socketField(`this.ws.close(1002, "${ASCII_123}");`) }],
      },
    ],
    output: null,
  },
];

const socketFieldSilent: Valid[] = [
  {
    name: "the field is also given something that is not proven a socket",
    code: socketField(`this.ws.close(1002, "${ASCII_124}");`, `
  reset(other: { close(code: number, reason: string): void }) { (this as any).ws = other; this.ws = other as any; }`),
  },
  {
    name: "another object's member of the same name is written",
    code: socketField(`this.ws.close(1002, "${ASCII_124}");`, `
  copy(target: { ws: unknown }) { target.ws = "not a socket"; }`),
  },
];

const reported: Invalid[] = [
  {
    name: "ASCII over the limit: 124 bytes, cut to 123",
    code: pair(`server.close(1000, "${ASCII_124}");`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 3,
        column: 20,
        data: tooLong("124 UTF-8 bytes"),
        suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(1000, "${ASCII_123}");`) }],
      },
    ],
    output: null,
  },
  {
    name: "multi-byte: 62 Cyrillic letters are 124 bytes, though only 62 characters",
    code: pair(`server.close(4000, '${CYRILLIC_62}');`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 3,
        column: 20,
        data: tooLong("124 UTF-8 bytes (62 characters)"),
        suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(4000, '${CYRILLIC_61}');`) }],
      },
    ],
    output: null,
  },
  {
    name: "multi-byte: 31 emoji are 124 bytes; the cut never splits a surrogate pair",
    code: pair(`server.close(4000, "${EMOJI_31}");`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 3,
        column: 20,
        data: tooLong("124 UTF-8 bytes (31 characters)"),
        suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(4000, "${EMOJI_30}");`) }],
      },
    ],
    output: null,
  },
  {
    name: "escapes stay as written: an escaped quote kept, a surrogate pair written as two \\u escapes not split",
    code: pair(`server.close(4000, 'It\\'s ${"x".repeat(116)}\\uD83D\\uDE00');`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 3,
        column: 20,
        data: tooLong("125 UTF-8 bytes (122 characters)"),
        suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(4000, 'It\\'s ${"x".repeat(116)}');`) }],
      },
    ],
    output: null,
  },
  {
    name: "a template literal without substitutions keeps its backticks",
    code: pair(`server.close(4000, \`${"y".repeat(130)}\`);`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 3,
        column: 20,
        data: tooLong("130 UTF-8 bytes"),
        suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(4000, \`${"y".repeat(123)}\`);`) }],
      },
    ],
    output: null,
  },
  {
    name: "a template literal whose fixed text alone is over the limit: clamped",
    code: pair(`declare const id: string;\nserver.close(4000, \`${"z".repeat(124)} \${id}\`);`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 4,
        column: 20,
        data: tooLong("at least 125 UTF-8 bytes"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`declare const id: string;\nserver.close(4000, ${clamp(`\`${"z".repeat(124)} \${id}\``)});`) }],
      },
    ],
    output: null,
  },
  {
    name: "a const used only as this reason: the cut goes to its declaration",
    code: pair(`const GOING_AWAY = "${CYRILLIC_62}";\nserver.close(1001, GOING_AWAY);`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 4,
        column: 20,
        data: tooLong("124 UTF-8 bytes (62 characters)"),
        suggestions: [{ messageId: "suggestTruncate", output: pair(`const GOING_AWAY = "${CYRILLIC_61}";\nserver.close(1001, GOING_AWAY);`) }],
      },
    ],
    output: null,
  },
  {
    name: "a const also used elsewhere: clamped at the call, the constant left alone",
    code: pair(`const GOING_AWAY = "${ASCII_124}";\nconsole.log(GOING_AWAY);\nserver.close(1001, GOING_AWAY);`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 5,
        column: 20,
        data: tooLong("124 UTF-8 bytes"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`const GOING_AWAY = "${ASCII_124}";\nconsole.log(GOING_AWAY);\nserver.close(1001, ${clamp("GOING_AWAY")});`) }],
      },
    ],
    output: null,
  },
  {
    name: "received: a message's data sent back as the reason",
    code: pair(`server.addEventListener("message", (event) => {\n  server.close(1003, event.data);\n});`),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 4,
        column: 22,
        data: unbounded("a received message"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`server.addEventListener("message", (event) => {\n  server.close(1003, ${clamp("event.data")});\n});`) }],
      },
    ],
    output: null,
  },
  {
    name: "received: a field of a parsed message, and a destructured { data }",
    code: pair(`server.addEventListener("message", ({ data }) => {\n  const request = JSON.parse(data as string);\n  server.close(4000, request.reason);\n});`),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 5,
        column: 22,
        data: unbounded("a received message"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: pair(`server.addEventListener("message", ({ data }) => {\n  const request = JSON.parse(data as string);\n  server.close(4000, ${clamp("request.reason")});\n});`),
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "computed: err.message in a catch",
    code: pair("try {\n  work();\n} catch (err) {\n  server.close(1011, (err as Error).message);\n}\ndeclare function work(): void;"),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 6,
        column: 22,
        data: unbounded("an error's text"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`try {\n  work();\n} catch (err) {\n  server.close(1011, ${clamp("(err as Error).message")});\n}\ndeclare function work(): void;`) }],
      },
    ],
    output: null,
  },
  {
    name: "computed: a template with the error, in a .catch() callback",
    code: pair("work().catch((e) => server.close(1011, `failed: ${e}`));\ndeclare function work(): Promise<void>;"),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 3,
        column: 40,
        data: unbounded("an error's text"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`work().catch((e) => server.close(1011, ${clamp("`failed: ${e}`")}));\ndeclare function work(): Promise<void>;`) }],
      },
    ],
    output: null,
  },
  {
    name: "computed: a concatenation with String(e)",
    code: pair(`try { work(); } catch (e) { server.close(1011, "error: " + String(e)); }\ndeclare function work(): void;`),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 3,
        column: 48,
        data: unbounded("an error's text"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`try { work(); } catch (e) { server.close(1011, ${clamp(`"error: " + String(e)`)}); }\ndeclare function work(): void;`) }],
      },
    ],
    output: null,
  },
  {
    name: "computed: JSON.stringify of a value",
    code: pair(`declare const state: object;\nserver.close(4000, JSON.stringify(state));`),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 4,
        column: 20,
        data: unbounded("`JSON.stringify()`"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`declare const state: object;\nserver.close(4000, ${clamp("JSON.stringify(state)")});`) }],
      },
    ],
    output: null,
  },
  {
    name: "each branch on its own: the error's text in `instanceof ? message : fallback` is clamped, the fallback kept",
    code: pair(`try { work(); } catch (err) { server.close(1011, err instanceof Error ? err.message : "internal error"); }\ndeclare function work(): void;`),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 3,
        column: 73,
        data: unbounded("an error's text"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: pair(`try { work(); } catch (err) { server.close(1011, err instanceof Error ? ${clamp("err.message")} : "internal error"); }\ndeclare function work(): void;`),
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "a cut in characters is not a cut in bytes: .slice(0, 100) can be 300 bytes",
    code: pair(`try { work(); } catch (err) { server.close(1011, String(err).slice(0, 100)); }\ndeclare function work(): void;`),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 3,
        column: 50,
        // The message says where the reason comes from; the cut and its byte bound are in the explanation.
        data: unbounded("an error's text"),
        suggestions: [{ messageId: "suggestClamp", output: pair(`try { work(); } catch (err) { server.close(1011, ${clamp("String(err).slice(0, 100)")}); }\ndeclare function work(): void;`) }],
      },
    ],
    output: null,
  },
  {
    name: "the peer's close reason with text added can exceed 123 bytes",
    code: `const upstream = new WebSocket("wss://backend.example/ws");
const [client, server] = Object.values(new WebSocketPair());
server.accept();
upstream.addEventListener("close", (event) => server.close(1000, "upstream: " + event.reason));
`,
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 4,
        column: 66,
        data: unbounded("a received close reason with text added"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: `const upstream = new WebSocket("wss://backend.example/ws");
const [client, server] = Object.values(new WebSocketPair());
server.accept();
upstream.addEventListener("close", (event) => server.close(1000, ${clamp(`"upstream: " + event.reason`)}));
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "Hibernation API: ws.close() in webSocketMessage with the error's text",
    code: hibernation(`    try {\n      handle(message);\n    } catch (err) {\n      ws.close(1011, err instanceof Error ? err.message : "internal error");\n    }`).replace(
      "export class",
      "declare function handle(message: string | ArrayBuffer): void;\nexport class",
    ),
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 8,
        column: 45,
        data: unbounded("an error's text", "ws.close()"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: hibernation(`    try {\n      handle(message);\n    } catch (err) {\n      ws.close(1011, err instanceof Error ? ${clamp("err.message")} : "internal error");\n    }`).replace(
              "export class",
              "declare function handle(message: string | ArrayBuffer): void;\nexport class",
            ),
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "Hibernation API: the received message itself, and a long literal (two findings)",
    code: hibernation(`    if (message === "quit") ws.close(1000, "${ASCII_124}");\n    else ws.close(4000, \`unknown command: \${message}\`);`),
    errors: [
      {
        messageId: "reasonTooLong",
        line: 4,
        column: 44,
        data: tooLong("124 UTF-8 bytes", "ws.close()"),
        suggestions: [
          {
            messageId: "suggestTruncate",
            output: hibernation(`    if (message === "quit") ws.close(1000, "${ASCII_123}");\n    else ws.close(4000, \`unknown command: \${message}\`);`),
          },
        ],
      },
      {
        messageId: "reasonUnbounded",
        line: 5,
        column: 25,
        data: unbounded("a received message", "ws.close()"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: hibernation(`    if (message === "quit") ws.close(1000, "${ASCII_124}");\n    else ws.close(4000, ${clamp("`unknown command: ${message}`")});`),
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "Hibernation API: every socket of getWebSockets(), a socket passed to acceptWebSocket()",
    code: `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    load().catch((error) => server.close(1011, error.message));
    return new Response(null, { status: 101, webSocket: client });
  }
  shutdown() {
    for (const ws of this.ctx.getWebSockets()) ws.close(1001, "${CYRILLIC_62}");
  }
}
declare function load(): Promise<void>;
`,
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 6,
        column: 48,
        data: unbounded("an error's text"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    load().catch((error) => server.close(1011, ${clamp("error.message")}));
    return new Response(null, { status: 101, webSocket: client });
  }
  shutdown() {
    for (const ws of this.ctx.getWebSockets()) ws.close(1001, "${CYRILLIC_62}");
  }
}
declare function load(): Promise<void>;
`,
          },
        ],
      },
      {
        messageId: "reasonTooLong",
        line: 10,
        column: 63,
        data: tooLong("124 UTF-8 bytes (62 characters)", "ws.close()"),
        suggestions: [
          {
            messageId: "suggestTruncate",
            output: `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    load().catch((error) => server.close(1011, error.message));
    return new Response(null, { status: 101, webSocket: client });
  }
  shutdown() {
    for (const ws of this.ctx.getWebSockets()) ws.close(1001, "${CYRILLIC_61}");
  }
}
declare function load(): Promise<void>;
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "Hono: ws.close() in onMessage goes to the raw socket",
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onMessage(event, ws) {
    ws.close(1003, \`unsupported: \${event.data}\`);
  },
}));
`,
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 4,
        column: 20,
        data: unbounded("a received message", "ws.close()"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onMessage(event, ws) {
    ws.close(1003, ${clamp("`unsupported: ${event.data}`")});
  },
}));
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "a new WebSocket(url) with a handler (browsers throw SyntaxError too), the error of .then()'s second callback",
    code: `const socket = new WebSocket("wss://example.com/ws");
socket.addEventListener("message", () => {});
connect().then(() => {}, (failure) => socket.close(4000, failure.stack));
declare function connect(): Promise<void>;
`,
    errors: [
      {
        messageId: "reasonUnbounded",
        line: 3,
        column: 58,
        data: unbounded("an error's text", "socket.close()"),
        suggestions: [
          {
            messageId: "suggestClamp",
            output: `const socket = new WebSocket("wss://example.com/ws");
socket.addEventListener("message", () => {});
connect().then(() => {}, (failure) => socket.close(4000, ${clamp("failure.stack")}));
declare function connect(): Promise<void>;
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "reported on every date: old",
    settings: OLD,
    code: pair(`server.close(1000, "${ASCII_124}");`),
    errors: [{ messageId: "reasonTooLong", line: 3, column: 20, suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(1000, "${ASCII_123}");`) }] }],
    output: null,
  },
  {
    name: "reported on every date: new",
    settings: NEW,
    code: pair(`server.close(1000, "${ASCII_124}");`),
    errors: [{ messageId: "reasonTooLong", line: 3, column: 20, suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(1000, "${ASCII_123}");`) }] }],
    output: null,
  },
  {
    name: "reported with no wrangler config (unknown mode)",
    filename: UNKNOWN_FILE,
    code: pair(`server.close(1000, "${ASCII_124}");`),
    errors: [{ messageId: "reasonTooLong", line: 3, column: 20, suggestions: [{ messageId: "suggestTruncate", output: pair(`server.close(1000, "${ASCII_123}");`) }] }],
    output: null,
  },
];

// ---------------------------------------------------------------------------
// Callbacks of same-file functions and classes, `instanceof Error`, sockets typed `WebSocket`
// ---------------------------------------------------------------------------

/**
 * One `reasonUnbounded` finding at `leaf`, the reason of the only `<call>(<code>, <leaf>)`
 * in `code`, with the clamp around it as the suggestion.
 */
function unboundedAt(name: string, code: string, closeCall: string, leaf: string, origin = "an error's text"): Invalid {
  const callAt = code.indexOf(`${closeCall}(`);
  const offset = code.indexOf(`, ${leaf})`, callAt) + 2;
  if (callAt < 0 || offset < 2 || code.indexOf(`${closeCall}(`, callAt + 1) >= 0) throw new Error(`no single ${closeCall} call in ${name}`);
  const before = code.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const output = code.slice(0, offset) + clamp(leaf) + code.slice(offset + leaf.length);
  return {
    name,
    code,
    errors: [{ messageId: "reasonUnbounded", line, column, data: unbounded(origin, `${closeCall}()`), suggestions: [{ messageId: "suggestClamp", output }] }],
    output: null,
  };
}

/** Cloudflare's chat demo's rate limiter client: the constructor stores `reportError`, called only with a caught error. */
const RATE_LIMITER = `class RateLimiterClient {
  reportError: (err: any) => void;
  constructor(getLimiterStub: () => unknown, reportError: (err: any) => void) {
    this.reportError = reportError;
    getLimiterStub();
  }
  async callLimiter() {
    try {
      await work();
    } catch (err) {
      this.reportError(err);
    }
  }
}
declare function work(): Promise<void>;
`;

/** The same client with a TypeScript parameter property (`private readonly reportError`) instead of the assignment. */
const RATE_LIMITER_PARAMETER_PROPERTY = `class RateLimiterClient {
  constructor(getLimiterStub: () => unknown, private readonly reportError: (err: any) => void) {
    getLimiterStub();
  }
  async callLimiter() {
    try {
      await work();
    } catch (err) {
      this.reportError(err);
    }
  }
}
declare function work(): Promise<void>;
`;

const callbackReported: Invalid[] = [
  unboundedAt(
    "a callback kept by a TypeScript parameter property and called only from a catch",
    pair(`${RATE_LIMITER_PARAMETER_PROPERTY}const limiter = new RateLimiterClient(() => null, (err) => server.close(1011, err.stack));`),
    "server.close",
    "err.stack",
  ),
  unboundedAt(
    "a callback stored by a same-file class's constructor and called only from a catch: err.stack (Cloudflare's chat demo)",
    pair(`${RATE_LIMITER}const limiter = new RateLimiterClient(() => null, (err) => server.close(1011, err.stack));`),
    "server.close",
    "err.stack",
  ),
  unboundedAt(
    "the same class in a Durable Object, for each socket of getWebSockets()",
    `import { DurableObject } from "cloudflare:workers";
${RATE_LIMITER}export class Room extends DurableObject {
  restore() {
    this.ctx.getWebSockets().forEach((webSocket) => {
      const limiter = new RateLimiterClient(() => null, (err) => webSocket.close(1011, err.stack));
    });
  }
}
`,
    "webSocket.close",
    "err.stack",
  ),
  unboundedAt(
    "an exported class: other modules may call the field with anything, but this file's own calls pass a caught error",
    pair(`export ${RATE_LIMITER}const limiter = new RateLimiterClient(() => null, (err) => server.close(1011, err.message));`),
    "server.close",
    "err.message",
  ),
  unboundedAt(
    "a callback a same-file function calls directly with the error it caught",
    pair(`function withRetry(task: () => void, onError: (error: unknown) => void) {
  try {
    task();
  } catch (error) {
    onError?.(error);
  }
}
withRetry(() => work(), (failure) => server.close(1011, String(failure)));
declare function work(): void;`),
    "server.close",
    "String(failure)",
  ),
  unboundedAt(
    "a callback of a const arrow, called with the message it received",
    pair(`const onEach = (handle: (text: unknown) => void) => server.addEventListener("message", (event) => handle(event.data));
onEach((text) => server.close(1003, \`unsupported: \${text}\`));`),
    "server.close",
    "`unsupported: ${text}`",
    "a received message",
  ),
  unboundedAt(
    "error text on one branch of ?: through a const, on a private field annotated WebSocket (sandbox-sdk's DeferredTransport)",
    `export class DeferredTransport {
  #ws: WebSocket | null = null;
  activate(ws: WebSocket): void {
    this.#ws = ws;
  }
  abort(reason: unknown): void {
    if (this.#ws) {
      const message = reason instanceof Error ? reason.message : String(reason);
      this.#ws.close(3000, message);
    }
  }
}
`,
    "this.#ws.close",
    "message",
  ),
  unboundedAt(
    "a parameter annotated WebSocket, the error narrowed by if (x instanceof Error)",
    `export function fail(ws: WebSocket, problem: unknown) {
  if (problem instanceof TypeError) {
    ws.close(1011, problem.message);
  }
}
`,
    "ws.close",
    "problem.message",
  ),
  unboundedAt(
    "a constructor parameter property annotated WebSocket, narrowed on the right of &&",
    `export class Session {
  constructor(private readonly socket: WebSocket) {}
  end(cause: unknown) {
    const text = cause instanceof Error && cause.stack;
    this.socket.close(1011, text);
  }
}
`,
    "this.socket.close",
    "text",
  ),
];

const callbackSilent: Valid[] = [
  {
    name: "a parameter property whose field other code of the file also calls (not every call is the class's)",
    code: pair(`class Limiter {
  constructor(public reportError: (err: any) => void) {}
  check() {
    try { work(); } catch (err) { this.reportError(err); }
  }
}
const limiter = new Limiter((err) => server.close(1011, String(err)));
limiter.reportError("short");
declare function work(): void;`),
  },
  {
    name: "a callback the class calls only with a short literal",
    code: pair(`class Limiter {
  constructor(private readonly reportError: (text: string) => void) {}
  check() {
    this.reportError("rate limited");
  }
}
new Limiter((text) => server.close(4000, text));`),
  },
  {
    name: "a callback stored by the constructor and called with a short literal (its field is the callback)",
    code: pair(`class Limiter {
  reportError: (text: string) => void;
  constructor(reportError: (text: string) => void) {
    this.reportError = reportError;
  }
  check() {
    this.reportError("rate limited");
  }
}
new Limiter((text) => server.close(4000, text));`),
  },
  {
    name: "a callback the class also passes on to code the file does not show",
    code: pair(`class Limiter {
  reportError: (err: any) => void;
  constructor(reportError: (err: any) => void) {
    this.reportError = reportError;
    register(this.reportError);
  }
  async check() {
    try { await work(); } catch (err) { this.reportError(err); }
  }
}
new Limiter((err) => server.close(1011, err.stack));
declare function register(callback: (err: any) => void): void;
declare function work(): Promise<void>;`),
  },
  {
    name: "a callback parameter passed on directly",
    code: pair(`function watch(onError: (err: any) => void) {
  register(onError);
}
watch((err) => server.close(1011, err.stack));
declare function register(callback: (err: any) => void): void;`),
  },
  {
    name: "a callback of a function of another module",
    code: pair(`import { withRetry } from "./retry";
withRetry(() => null, (err: any) => server.close(1011, err.message));`),
  },
  {
    name: "a callback called with a caught error and with a short literal: the calls disagree",
    code: pair(`function run(onError: (err: any) => void) {
  try { work(); } catch (err) { onError(err); }
  onError("timeout");
}
run((err) => server.close(1011, err.message));
declare function work(): void;`),
  },
  {
    name: "a field called through a this that is not the instance (a nested function)",
    code: pair(`class Limiter {
  reportError: (err: any) => void;
  constructor(reportError: (err: any) => void) {
    this.reportError = reportError;
  }
  check() {
    try { work(); } catch (err) {
      const later = function (this: any) { this.reportError(err); };
      later();
    }
  }
}
new Limiter((err) => server.close(1011, err.stack));
declare function work(): void;`),
  },
  {
    name: "a field read by destructuring (it may be passed on)",
    code: pair(`class Limiter {
  reportError: (err: any) => void;
  constructor(reportError: (err: any) => void) {
    this.reportError = reportError;
  }
  check() {
    const { reportError } = this;
    try { work(); } catch (err) { this.reportError(err); }
    register(reportError);
  }
}
new Limiter((err) => server.close(1011, err.stack));
declare function work(): void;
declare function register(callback: (err: any) => void): void;`),
  },
  {
    name: "the clamp already applied in the callback",
    code: pair(`${RATE_LIMITER}new RateLimiterClient(() => null, (err) => server.close(1011, ${clamp("err.stack")}));`),
  },
  {
    name: "a field that is not annotated WebSocket",
    code: `export class Transport {
  #conn: { close(code: number, reason: string): void } | null = null;
  abort(reason: unknown) {
    this.#conn?.close(3000, reason instanceof Error ? reason.message : "aborted");
  }
}
`,
  },
  {
    name: "a WebSocket type the file imports is not the global one",
    code: `import type { WebSocket } from "./my-socket";
export function fail(ws: WebSocket, problem: unknown) {
  if (problem instanceof Error) ws.close(1011, problem.message);
}
`,
  },
  {
    name: "instanceof Error on a variable that is reassigned",
    code: `export function fail(ws: WebSocket, problem: unknown) {
  if (problem instanceof Error) {
    problem = "short";
    ws.close(1011, String(problem));
  }
}
`,
  },
  {
    name: "the text of a value on the failing side of instanceof Error",
    code: `export function fail(ws: WebSocket, problem: unknown) {
  ws.close(1011, problem instanceof Error ? "internal error" : String(problem));
}
`,
  },
];

const ruleTester = new RuleTester();

ruleTester.run("no-long-close-reason", rule, {
  valid: [...silent, ...callbackSilent, ...socketFieldSilent],
  invalid: [...reported, ...callbackReported, ...socketFieldReported],
});

describe("cutLiteralToUtf8Bytes", () => {
  it("cuts on a character boundary and reads back to a prefix of the value", () => {
    for (const value of [ASCII_124, CYRILLIC_62, EMOJI_31, `a${EMOJI_31}`, `ab${EMOJI_31}`, `${"中".repeat(50)}`]) {
      const cut = cutLiteralToUtf8Bytes(JSON.stringify(value), value, 123)!;
      const read = JSON.parse(cut.text) as string;
      expect(value.startsWith(read)).toBe(true);
      expect(utf8ByteLength(read)).toBe(cut.bytes);
      expect(cut.bytes).toBeLessThanOrEqual(123);
      expect(cut.bytes).toBeGreaterThan(119);
      expect(read).not.toMatch(/[\uD800-\uDBFF]$/u);
    }
  });

  it("refuses a text that does not read back to the value", () => {
    expect(cutLiteralToUtf8Bytes('"abc"', "abd", 123)).toBeNull();
    expect(cutLiteralToUtf8Bytes("abc", "abc", 123)).toBeNull();
  });

  it("keeps line continuations, hex, octal and braced escapes whole", () => {
    const text = `'\\x41\\u{1F600}\\101\\\n${"b".repeat(120)}'`;
    const value = `A😀A${"b".repeat(120)}`;
    expect(cutLiteralToUtf8Bytes(text, value, 123)).toEqual({ text: `'\\x41\\u{1F600}\\101\\\n${"b".repeat(117)}'`, bytes: 123 });
  });
});
