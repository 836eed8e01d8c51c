import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { Linter } from "eslint";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import plugin, { rules, type RuleMessageIds } from "../../rules/index.js";
import { codeText, MAX_QUOTED_CODE } from "../../src/analysis/rules/message-values.js";

const rule = rules["no-reserved-close-code"];
type MessageIds = RuleMessageIds<"no-reserved-close-code">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A directory with no wrangler config in it or above it: `unknown` mode. */
const noConfigDir = createTempProject("ws-close-reserved-").root;

const MANUAL = { "ws-close": { compatibilityDate: "2025-11-01" } };
const AUTO = { "ws-close": { compatibilityDate: "2026-05-01" } };
const MIXED = { "ws-close": { wranglerConfig: path.join(projectRoot, "fixtures/config/toml-env-legacy-mixed/wrangler.toml") } };
const UNKNOWN_FILE = path.join(noConfigDir, "src", "worker.ts");

const manual = { settings: MANUAL };
const auto = { settings: AUTO };

/** A Durable Object whose `webSocketClose(params)` has `body` (indented four spaces); line 4 is the body's first line. */
function durableObject(body: string, params = "ws: WebSocket, code: number, reason: string"): string {
  return `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async webSocketClose(${params}) {
${body}
  }
}`;
}

/** A `WebSocketPair` socket with an inline close handler whose body (indented two spaces) starts on line 4. */
function pairHandler(body: string, accept = "server.accept();", param = "event"): string {
  return `const [client, server] = Object.values(new WebSocketPair());
${accept}
server.addEventListener("close", (${param}) => {
${body}
});`;
}

/** The guarded reply the fix writes for an unguarded statement `call` at `indent`. */
function safeReply(indent: string, socket: string, code: string, call: string, unit = "  "): string {
  return [
    `${indent}if (${code} === 1005) {`,
    `${indent}${unit}${socket}.close();`,
    `${indent}} else if (${code} !== 1006 && ${code} !== 1015) {`,
    `${indent}${unit}${call}`,
    `${indent}}`,
  ].join("\n");
}

/** The guard the fix writes for a code forwarded from another socket's close event: an empty Close for all three. */
function forwardedReply(indent: string, socket: string, code: string, call: string, unit = "  "): string {
  return [
    `${indent}if (${code} === 1005 || ${code} === 1006 || ${code} === 1015) {`,
    `${indent}${unit}${socket}.close();`,
    `${indent}} else {`,
    `${indent}${unit}${call}`,
    `${indent}}`,
  ].join("\n");
}

/** The message data of a received-code report that its message shows (RuleTester hydrates the message from it). */
function receivedData(
  _kind: "close-event" | "web-socket-close",
  call: string,
  code: string,
  missing: readonly number[] = [1005, 1006, 1015],
  guarded = false,
): Record<string, string> {
  const listed = missing.map(String);
  return {
    call: codeText(call, MAX_QUOTED_CODE),
    code,
    codes: listed.length > 1 ? `${listed.slice(0, -1).join(", ")} or ${listed[listed.length - 1]}` : listed.join(""),
    guardNote: guarded ? " (missed by the guard here)" : "",
  };
}

const DO_ECHO = durableObject("    ws.close(code, reason);");
const DO_ECHO_FIXED = durableObject(safeReply("    ", "ws", "code", "ws.close(code, reason);"));
const PAIR_ECHO = pairHandler("  server.close(event.code, event.reason);");
const PAIR_ECHO_FIXED = pairHandler(safeReply("  ", "server", "event.code", "server.close(event.code, event.reason);"));

const HELPER_PROXY = (helper: string, serverCall = "forwardClose(backend, event)", backendCall = "forwardClose(server, event)", exported = ""): string => `${exported}function forwardClose(target: WebSocket, event: CloseEvent) {
${helper}
}
export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  server.addEventListener("close", (event) => ${serverCall});
  backend.addEventListener("close", (event) => ${backendCall});
  return client;
}`;

// ---------------------------------------------------------------------------
// Guards it recognises: silent
// ---------------------------------------------------------------------------

const guards: Valid[] = [
  {
    name: "`code && 1000`: the argument is 1000 for every reserved code",
    code: durableObject("    ws.close(code && 1000, reason);"),
  },
  {
    name: "if around the call excluding 1005, 1006 and 1015",
    code: durableObject(`    if (code !== 1005 && code !== 1006 && code !== 1015) {
      ws.close(code, reason);
    }`),
  },
  {
    name: "the safe reply the fix (and require-hibernation-close) writes: the else of === 1005, then !== 1006 && !== 1015",
    code: DO_ECHO_FIXED,
  },
  {
    name: "if/else without braces",
    code: durableObject(`    if (code === 1005) ws.close();
    else if (code !== 1006 && code !== 1015) ws.close(code, reason);`),
  },
  {
    name: "early return for all three codes",
    code: durableObject(`    if (code === 1005 || code === 1006 || code === 1015) return;
    ws.close(code, reason);`),
  },
  {
    name: "early returns one code at a time, in a block ending with return, and a throw",
    code: durableObject(`    if (code === 1005) {
      ws.close();
      return;
    }
    if (code === 1006) return;
    if (code === 1015) throw new Error("TLS");
    ws.close(code, reason);`),
  },
  {
    name: "an early return in the else branch: the call runs only when the test held",
    code: durableObject(`    if (code >= 3000) {
      console.log("application code");
    } else {
      return;
    }
    ws.close(code, reason);`),
  },
  {
    name: "ternary mapping all three to 1000",
    code: durableObject("    ws.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, reason);"),
  },
  {
    name: "ternary with the code on the right of === and loose equality",
    code: durableObject("    ws.close(1005 == code || 1006 == code || 1015 == code ? 1000 : code, reason);"),
  },
  {
    name: "nested ternaries",
    code: durableObject("    ws.close(code === 1005 ? 1000 : code === 1006 || code === 1015 ? 1001 : code, reason);"),
  },
  {
    name: "a Set of reserved codes declared in the file",
    code: `const RESERVED = new Set([1004, 1005, 1006, 1015]);
${durableObject("    ws.close(RESERVED.has(code) ? 1000 : code, reason);")}`,
  },
  {
    name: "a typed Set and an early return on membership",
    code: `const RESERVED_CODES: ReadonlySet<number> = new Set<number>([1005, 1006, 1015]);
${durableObject(`    if (RESERVED_CODES.has(code)) return;
    ws.close(code, reason);`)}`,
  },
  {
    name: "an array literal with includes, inline",
    code: durableObject("    ws.close([1005, 1006, 1015].includes(code) ? 1000 : code, reason);"),
  },
  {
    name: "a const array with includes, in a negated test",
    code: `const NO_STATUS = [1005, 1006, 1015] as const;
${durableObject(`    if (!NO_STATUS.includes(code as 1005)) {
      ws.close(code, reason);
    }`)}`,
  },
  {
    name: "a negated disjunction",
    code: durableObject("    if (!(code === 1005 || code === 1006 || code === 1015)) ws.close(code, reason);"),
  },
  {
    name: "a range: only application codes are echoed",
    code: durableObject(`    if (code >= 3000 && code <= 4999) ws.close(code, reason);
    else ws.close(1000, "bye");`),
  },
  {
    name: "a range in a ternary",
    code: durableObject("    ws.close(code < 3000 ? 1000 : code, reason);"),
  },
  {
    name: "an && chain as a statement",
    code: durableObject("    code !== 1005 && code !== 1006 && code !== 1015 && ws.close(code, reason);"),
  },
  {
    name: "an || chain as a statement",
    code: durableObject("    code === 1005 || code === 1006 || code === 1015 || ws.close(code, reason);"),
  },
  {
    name: "a guard before a callback: the callback is created only past it",
    code: durableObject(`    if (code === 1005 || code === 1006 || code === 1015) return;
    setTimeout(() => {
      ws.close(code, reason);
    }, 10);`),
  },
  {
    name: "continue in a loop skips the rest of the iteration",
    code: durableObject(`    for (let attempt = 0; attempt < 1; attempt++) {
      if (code === 1005 || code === 1006 || code === 1015) continue;
      ws.close(code, reason);
    }`),
  },
  {
    name: "a const alias of the code, guarded through the alias",
    code: durableObject(`    const received = code;
    if (received === 1005 || received === 1006 || received === 1015) return;
    ws.close(received, reason);`),
  },
  {
    name: "the alias guarded, the original passed: one value",
    code: durableObject(`    const received = code;
    if (received !== 1005 && received !== 1006 && received !== 1015) ws.close(code, reason);`),
  },
  {
    name: "a standard-API handler with event.code guarded, manual mode",
    ...manual,
    code: pairHandler(`  if (event.code === 1005 || event.code === 1006 || event.code === 1015) return;
  server.close(event.code, event.reason);`),
  },
  {
    name: "destructured { code, reason } guarded by a ternary, manual mode",
    ...manual,
    code: pairHandler("  server.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, reason);", "server.accept();", "{ code, reason }"),
  },
  {
    name: "a guard through the optional chain event?.code",
    ...manual,
    code: pairHandler(`  if (event?.code === 1005 || event?.code === 1006 || event?.code === 1015) return;
  server.close(event.code, event.reason);`),
  },
];

// ---------------------------------------------------------------------------
// Guards it cannot read (depending on the code), and what is not a received code: silent
// ---------------------------------------------------------------------------

const unreadable: Valid[] = [
  {
    name: "a helper that validates the code",
    code: `declare function isSendable(code: number): boolean;
${durableObject("    if (isSendable(code)) ws.close(code, reason);")}`,
  },
  {
    name: "a helper that maps the code",
    code: `declare function sendableCode(code: number): number;
${durableObject("    ws.close(sendableCode(code), reason);")}`,
  },
  {
    name: "a helper that takes the whole event",
    ...manual,
    code: `declare function isSendable(event: CloseEvent): boolean;
${pairHandler("  if (isSendable(event)) server.close(event.code, event.reason);")}`,
  },
  {
    name: "a switch on the code",
    code: durableObject(`    switch (code) {
      case 1005:
      case 1006:
      case 1015:
        break;
      default:
        ws.close(code, reason);
    }`),
  },
  {
    name: "a guard that forgets 1015 together with an unreadable one: 1015 may be excluded",
    code: `declare function isSendable(code: number): boolean;
${durableObject(`    if (code === 1005 || code === 1006 || !isSendable(code)) return;
    ws.close(code, reason);`)}`,
  },
  {
    name: "a Set changed in place is not read",
    code: `const RESERVED = new Set([1005, 1006]);
RESERVED.add(1015);
${durableObject("    ws.close(RESERVED.has(code) ? 1000 : code, reason);")}`,
  },
  {
    name: "a let that is reassigned (the guard people write in place) is not a received code",
    code: durableObject(`    let sent = code;
    if (sent === 1005 || sent === 1006) sent = 1000;
    ws.close(sent, reason);`),
  },
  {
    name: "a code from a helper's parameter: not proven received",
    code: `function closeQuietly(ws: WebSocket, code: number, reason: string) {
  ws.close(code, reason);
}`,
  },
  {
    name: "a named constant is not a literal",
    code: `const GOING_AWAY = 1006;
${durableObject("    ws.close(GOING_AWAY, reason);")}`,
  },
  {
    name: "a message event's code is not a received close code",
    ...manual,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {});
server.addEventListener("message", (event) => {
  server.close((event as unknown as CloseEvent).code);
});`,
  },
  {
    name: "codes from two handlers in one call: not read",
    ...manual,
    code: `const [clientA, left] = Object.values(new WebSocketPair());
const [clientB, right] = Object.values(new WebSocketPair());
left.accept();
right.accept();
left.addEventListener("close", (a) => {
  right.addEventListener("close", (b) => {
    left.close(a.code === 1000 ? b.code : a.code);
  });
});`,
  },
];

// ---------------------------------------------------------------------------
// Targets it cannot resolve, and other silent cases
// ---------------------------------------------------------------------------

const silentTargets: Valid[] = [
  {
    name: "a helper whose caller guards the code: the helper's call is not reached with 1005, 1006 or 1015 from there",
    ...auto,
    code: HELPER_PROXY(
      "  target.close(event.code, event.reason);",
      "{ if (event.code !== 1005 && event.code !== 1006 && event.code !== 1015) forwardClose(backend, event); }",
    ),
  },
  {
    name: "an exported helper may be called from other modules with other values",
    ...auto,
    code: HELPER_PROXY("  target.close(event.code, event.reason);", undefined, undefined, "export "),
  },
  {
    name: "a helper also called with a socket the file does not prove",
    ...auto,
    code: HELPER_PROXY("  target.close(event.code, event.reason);", "forwardClose(backend, event)", "forwardClose(rooms.get(\"a\")!, event)"),
  },
  {
    name: "a helper also passed as a value: its calls are not all known",
    ...auto,
    code: `${HELPER_PROXY("  target.close(event.code, event.reason);")}
export const hooks = { forwardClose };`,
  },
  {
    name: "every socket of this.ctx.getWebSockets()",
    code: durableObject(`    for (const other of this.ctx.getWebSockets()) {
      other.close(code, reason);
      other.close(1006);
    }`),
  },
  {
    name: "a socket taken from a Map",
    ...manual,
    code: `const sockets = new Map<string, WebSocket>();
export function join(id: string, server: WebSocket): void {
  server.accept();
  server.addEventListener("close", (event) => {
    sockets.get(id)?.close(event.code, event.reason);
    sockets.get(id)?.close(1005);
  });
}`,
  },
  {
    name: "a socket kept in this.ws",
    ...manual,
    code: `export class Session {
  constructor(private ws: WebSocket) {}
  start(): void {
    this.ws.accept();
    this.ws.addEventListener("close", (event) => {
      this.ws.close(event.code, event.reason);
    });
  }
}`,
  },
  {
    name: "a new WebSocket(url) leg is not a proven Workers socket",
    ...manual,
    code: `const backend = new WebSocket("wss://backend.example/ws");
${pairHandler("  backend.close(event.code, event.reason);")}`,
  },
  {
    name: "a binding of unknown origin that is accepted but has no event handler is not proven",
    ...manual,
    code: `declare function connectUpstream(): Promise<WebSocket>;
export async function proxy(): Promise<Response> {
  const other = await connectUpstream();
  other.accept();
  other.close(1006);
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener("close", (event) => {
    other.close(event.code, event.reason);
  });
  return new Response(null, { status: 101, webSocket: client });
}`,
  },
  {
    name: "webSocketClose of a class that is not a Durable Object",
    code: `export class Recorder {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}`,
  },
  {
    name: "a partyserver Server owns the reply",
    code: `import { Server } from "partyserver";
export class Room extends Server {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}`,
  },
  {
    name: "valid literal codes, no code, and a non-integer literal",
    code: durableObject(`    ws.close(1000, "bye");
    ws.close(3000);
    ws.close(4999, reason);
    ws.close();
    ws.close(1000.5);`),
  },
  {
    name: "a code passed only as the reason is not a code",
    code: durableObject("    ws.close(1000, String(code));"),
  },
];

// ---------------------------------------------------------------------------
// The overlap with no-redundant-close
// ---------------------------------------------------------------------------

const redundantOverlap: Valid[] = [
  {
    name: "auto mode: the echo that no-redundant-close removes",
    ...auto,
    code: PAIR_ECHO,
  },
  {
    name: "auto mode: a one-argument echo that no-redundant-close removes",
    ...auto,
    code: pairHandler("  server.close(event.code);"),
  },
  {
    name: "auto mode: a destructured echo in a function declaration handler that no-redundant-close removes",
    ...auto,
    code: `export function handleSession(websocket: WebSocket): void {
  websocket.accept();
  websocket.addEventListener("close", onClose);
  function onClose({ code, reason }: CloseEvent): void {
    websocket.close(code, reason);
  }
}`,
  },
  {
    name: "auto mode: a Hono onClose echo that no-redundant-close removes",
    ...auto,
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onClose(event, ws) {
    ws.close(event.code, event.reason);
  },
}));`,
  },
  {
    name: "auto mode: an echo no-redundant-close reports but cannot remove alone (if without braces) is its business",
    ...auto,
    code: pairHandler("  if (event.wasClean) server.close(event.code, event.reason);"),
  },
];

// ---------------------------------------------------------------------------
// Invalid: literals
// ---------------------------------------------------------------------------

function literalCase(name: string, call: string, code: string, problem: string, extra: Partial<Invalid> = {}): Invalid {
  return {
    name,
    code: durableObject(`    ${call};`),
    errors: [{ messageId: "reservedLiteralCode", line: 4, column: 5, data: { call, code, problem } }],
    output: null,
    ...extra,
  };
}

const RESERVED_PROBLEM = "is reserved (1004, 1005, 1006 and 1015 may not be sent)";
const RANGE_PROBLEM = "is outside the range 1000–4999";

const literals: Invalid[] = [
  literalCase("literal 1004", "ws.close(1004)", "1004", RESERVED_PROBLEM),
  literalCase("literal 1005 with a reason", 'ws.close(1005, "no status")', "1005", RESERVED_PROBLEM),
  literalCase("literal 1006", 'ws.close(1006, "abnormal")', "1006", RESERVED_PROBLEM),
  literalCase("literal 1015", "ws.close(1015)", "1015", RESERVED_PROBLEM),
  literalCase("literal 999, below the range", "ws.close(999)", "999", RANGE_PROBLEM),
  literalCase("literal 5000, above the range", 'ws.close(5000, "x")', "5000", RANGE_PROBLEM),
  literalCase("literal 0", "ws.close(0)", "0", RANGE_PROBLEM),
  literalCase("literal -1", "ws.close(-1)", "-1", RANGE_PROBLEM),
  literalCase("literal 65535", "ws.close(65535)", "65535", RANGE_PROBLEM),
  literalCase("a literal behind a TypeScript assertion", "ws.close(1006 as number)", "1006", RESERVED_PROBLEM),
  {
    name: "a literal on a standard-API socket outside any close handler (manual mode)",
    ...manual,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {});
server.addEventListener("message", () => {
  server.close(1006, "bad message");
});`,
    errors: [{ messageId: "reservedLiteralCode", line: 5, column: 3 }],
    output: null,
  },
  {
    name: "a literal in a close handler in auto mode: no-redundant-close says it is never sent, and it also throws",
    ...auto,
    code: pairHandler("  server.close(1005);"),
    errors: [{ messageId: "reservedLiteralCode", line: 4, column: 3 }],
    output: null,
  },
  {
    name: "a literal on a Hono onClose socket",
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onClose(event, ws) {
    ws.close(1015, "tls");
  },
}));`,
    errors: [{ messageId: "reservedLiteralCode", line: 4, column: 5 }],
    output: null,
  },
  {
    name: "a literal in unknown mode (no wrangler config)",
    filename: UNKNOWN_FILE,
    code: pairHandler("  server.close(4000);\n  server.close(1005);"),
    errors: [{ messageId: "reservedLiteralCode", line: 5, column: 3 }],
    output: null,
  },
];

// ---------------------------------------------------------------------------
// Invalid: received codes without a guard, with the fix
// ---------------------------------------------------------------------------

const unguarded: Invalid[] = [
  {
    name: "a helper called only from close handlers with their events forwards the code: the guard goes in the helper",
    ...auto,
    code: HELPER_PROXY("  target.close(event.code, event.reason);"),
    errors: [{ messageId: "unguardedReceivedCode", line: 2, column: 3 }],
    output: HELPER_PROXY(forwardedReply("  ", "target", "event.code", "target.close(event.code, event.reason);")),
  },
  {
    name: "a helper given the code and reason, with a default reason",
    ...manual,
    code: `function closeWith(ws: WebSocket, code: number, reason = "bye") {
  ws.close(code, reason);
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => closeWith(server, event.code));`,
    errors: [{ messageId: "unguardedReceivedCode", line: 2, column: 3 }],
    output: `function closeWith(ws: WebSocket, code: number, reason = "bye") {
${forwardedReply("  ", "ws", "code", "ws.close(code, reason);")}
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => closeWith(server, event.code));`,
  },
  {
    name: "auto: one handler for close and error echoes the event; on error the guard calls close() as before (no code on the event)",
    ...auto,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
const end = (event: CloseEvent) => {
  server.close(event.code, event.reason);
};
server.addEventListener("close", end);
server.addEventListener("error", end);`,
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3 }],
    output: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
const end = (event: CloseEvent) => {
${safeReply("  ", "server", "event.code", "server.close(event.code, event.reason);")}
};
server.addEventListener("close", end);
server.addEventListener("error", end);`,
  },
  {
    name: "Cloudflare's Hibernation API example echoes code with its own reason",
    code: durableObject(
      `    // If the client closes the connection, the runtime will invoke the webSocketClose() handler.
    ws.close(code, "Durable Object is closing WebSocket");`,
      "ws: WebSocket, code: number, reason: string, wasClean: boolean",
    ),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 5,
        column: 5,
        data: receivedData("web-socket-close", 'ws.close(code, "Durable Object is closing WebSocket")', "code"),
      },
    ],
    output: durableObject(
      `    // If the client closes the connection, the runtime will invoke the webSocketClose() handler.
${safeReply("    ", "ws", "code", 'ws.close(code, "Durable Object is closing WebSocket");')}`,
      "ws: WebSocket, code: number, reason: string, wasClean: boolean",
    ),
  },
  {
    name: "webSocketClose echoes code and reason",
    code: DO_ECHO,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: DO_ECHO_FIXED,
  },
  {
    name: "webSocketClose echoes code alone: the reply keeps one argument",
    code: durableObject("    ws.close(code);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: durableObject(safeReply("    ", "ws", "code", "ws.close(code);")),
  },
  {
    name: "webSocketClose with a fallback `code || 1000`: 1005, 1006 and 1015 are truthy, so the fallback never applies",
    code: durableObject('    ws.close(code || 1000, reason || "closed");'),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 4,
        column: 5,
        data: receivedData("web-socket-close", 'ws.close(code || 1000, reason || "closed")', "code"),
      },
    ],
    output: durableObject(safeReply("    ", "ws", "code", 'ws.close(code || 1000, reason || "closed");')),
  },
  {
    name: "webSocketClose with a fallback `code ?? 1000`",
    code: durableObject("    ws.close(code ?? 1000, reason);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: durableObject(safeReply("    ", "ws", "code", "ws.close(code ?? 1000, reason);")),
  },
  {
    name: "webSocketClose with other parameter names, as a class field arrow",
    code: `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  webSocketClose = (socket: WebSocket, status: number, why: string) => {
    socket.close(status, why);
  };
}`,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5, data: receivedData("web-socket-close", "socket.close(status, why)", "status") }],
    output: `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  webSocketClose = (socket: WebSocket, status: number, why: string) => {
${safeReply("    ", "socket", "status", "socket.close(status, why);")}
  };
}`,
  },
  {
    name: "a Durable Object found by acceptWebSocket, in JavaScript style without types",
    code: `export class Room {
  constructor(state) {
    this.state = state;
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.state.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws, code, reason) {
    ws.close(code, reason);
  }
}`,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 11, column: 5 }],
    output: `export class Room {
  constructor(state) {
    this.state = state;
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.state.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws, code, reason) {
${safeReply("    ", "ws", "code", "ws.close(code, reason);")}
  }
}`,
  },
  {
    name: "standard API, manual mode: event.code echoed",
    ...manual,
    code: PAIR_ECHO,
    errors: [
      {
        messageId: "unguardedReceivedCode",
        line: 4,
        column: 3,
        data: receivedData("close-event", "server.close(event.code, event.reason)", "event.code"),
      },
    ],
    output: PAIR_ECHO_FIXED,
  },
  {
    name: "standard API, manual mode: { code, reason } destructured in the parameter",
    ...manual,
    code: pairHandler("  server.close(code, reason);", "server.accept();", "{ code, reason }"),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3, data: receivedData("close-event", "server.close(code, reason)", "code") }],
    output: pairHandler(safeReply("  ", "server", "code", "server.close(code, reason);"), "server.accept();", "{ code, reason }"),
  },
  {
    name: "standard API, manual mode: { code: status } renamed in the parameter",
    ...manual,
    code: pairHandler("  server.close(status, reason);", "server.accept();", "{ code: status, reason }"),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3, data: receivedData("close-event", "server.close(status, reason)", "status") }],
    output: pairHandler(safeReply("  ", "server", "status", "server.close(status, reason);"), "server.accept();", "{ code: status, reason }"),
  },
  {
    name: "standard API, manual mode: const { code } = event",
    ...manual,
    code: pairHandler(`  const { code, reason } = event;
  server.close(code, reason);`),
    errors: [{ messageId: "unguardedReceivedCode", line: 5, column: 3 }],
    output: pairHandler(`  const { code, reason } = event;
${safeReply("  ", "server", "code", "server.close(code, reason);")}`),
  },
  {
    name: "standard API, manual mode: a const alias of an alias",
    ...manual,
    code: pairHandler(`  const received = event.code;
  const status = received;
  server.close(status, "bye");`),
    errors: [{ messageId: "unguardedReceivedCode", line: 6, column: 3, data: receivedData("close-event", 'server.close(status, "bye")', "status") }],
    output: pairHandler(`  const received = event.code;
  const status = received;
${safeReply("  ", "server", "status", 'server.close(status, "bye");')}`),
  },
  {
    name: "standard API, manual mode: onclose assignment with a function expression",
    ...manual,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.onclose = function (event) {
  server.close(event.code, event.reason);
};`,
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3 }],
    output: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.onclose = function (event) {
${safeReply("  ", "server", "event.code", "server.close(event.code, event.reason);")}
};`,
  },
  {
    name: "standard API, manual mode: a named handler with a TypeScript this parameter (handleSession shape)",
    ...manual,
    code: `export function handleSession(websocket: WebSocket): void {
  websocket.accept();
  websocket.addEventListener("close", onClose);
  function onClose(this: WebSocket, event: CloseEvent): void {
    websocket.close(event.code, event.reason);
  }
}`,
    errors: [{ messageId: "unguardedReceivedCode", line: 5, column: 5 }],
    output: `export function handleSession(websocket: WebSocket): void {
  websocket.accept();
  websocket.addEventListener("close", onClose);
  function onClose(this: WebSocket, event: CloseEvent): void {
${safeReply("    ", "websocket", "event.code", "websocket.close(event.code, event.reason);")}
  }
}`,
  },
  {
    name: "Hono onClose, manual mode",
    ...manual,
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onClose(event, ws) {
    ws.close(event.code, event.reason);
  },
}));`,
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 5 }],
    output: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onClose(event, ws) {
${safeReply("    ", "ws", "event.code", "ws.close(event.code, event.reason);")}
  },
}));`,
  },
  {
    name: "a proxy forwards the code to its other proven leg (auto mode: not redundant, it closes another socket): an empty Close for 1005, 1006 and 1015",
    ...auto,
    code: `export async function proxy(): Promise<Response> {
  const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
  const backend = upstream.webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept({ allowHalfOpen: true });
  server.accept({ allowHalfOpen: true });
  server.addEventListener("close", (event) => {
    backend.close(event.code, event.reason);
  });
  backend.addEventListener("close", (event) => {
    server.close(event.code, event.reason);
  });
  return new Response(null, { status: 101, webSocket: client });
}`,
    errors: [
      { messageId: "unguardedReceivedCode", line: 8, column: 5 },
      { messageId: "unguardedReceivedCode", line: 11, column: 5 },
    ],
    output: `export async function proxy(): Promise<Response> {
  const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
  const backend = upstream.webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept({ allowHalfOpen: true });
  server.accept({ allowHalfOpen: true });
  server.addEventListener("close", (event) => {
${forwardedReply("    ", "backend", "event.code", "backend.close(event.code, event.reason);")}
  });
  backend.addEventListener("close", (event) => {
${forwardedReply("    ", "server", "event.code", "server.close(event.code, event.reason);")}
  });
  return new Response(null, { status: 101, webSocket: client });
}`,
  },
];

// ---------------------------------------------------------------------------
// Invalid: guards that forget a code, and what is not a guard
// ---------------------------------------------------------------------------

const incompleteGuards: Invalid[] = [
  {
    name: "a ternary that forgets 1015",
    code: durableObject("    ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);"),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 4,
        column: 5,
        data: receivedData("web-socket-close", "ws.close(code === 1005 || code === 1006 ? 1000 : code, reason)", "code", [1015], true),
      },
    ],
    output: durableObject(`    if (code !== 1015) {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    }`),
  },
  {
    name: "a ternary that forgets 1006 and 1015",
    code: durableObject("    ws.close(code === 1005 ? 1000 : code, reason);"),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        data: receivedData("web-socket-close", "ws.close(code === 1005 ? 1000 : code, reason)", "code", [1006, 1015], true),
      },
    ],
    output: durableObject(`    if (code !== 1006 && code !== 1015) {
      ws.close(code === 1005 ? 1000 : code, reason);
    }`),
  },
  {
    name: "a Set that forgets 1015",
    code: `const RESERVED_CODES = new Set([1005, 1006]);
${durableObject("    ws.close(RESERVED_CODES.has(code) ? 1000 : code, reason);")}`,
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 5,
        column: 5,
        data: receivedData("web-socket-close", "ws.close(RESERVED_CODES.has(code) ? 1000 : code, reason)", "code", [1015], true),
      },
    ],
    output: `const RESERVED_CODES = new Set([1005, 1006]);
${durableObject(`    if (code !== 1015) {
      ws.close(RESERVED_CODES.has(code) ? 1000 : code, reason);
    }`)}`,
  },
  {
    name: "an early return that forgets 1006",
    code: durableObject(`    if (code === 1005 || code === 1015) return;
    ws.close(code, reason);`),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 5,
        column: 5,
        data: receivedData("web-socket-close", "ws.close(code, reason)", "code", [1006], true),
      },
    ],
    output: durableObject(`    if (code === 1005 || code === 1015) return;
    if (code !== 1006) {
      ws.close(code, reason);
    }`),
  },
  {
    name: "an early return that forgets 1005: the guard answers it with an empty Close",
    code: durableObject(`    if (code === 1006 || code === 1015) return;
    ws.close(code, reason);`),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 5,
        column: 5,
        data: receivedData("web-socket-close", "ws.close(code, reason)", "code", [1005], true),
      },
    ],
    output: durableObject(`    if (code === 1006 || code === 1015) return;
    if (code === 1005) {
      ws.close();
    } else {
      ws.close(code, reason);
    }`),
  },
  {
    name: "an if that excludes only 1005, in a standard-API handler (mixed mode)",
    settings: MIXED,
    code: pairHandler(`  if (event.code !== 1005) {
    server.close(event.code, event.reason);
  }`),
    errors: [{ messageId: "unguardedReceivedCode", line: 5, column: 5 }],
    output: pairHandler(`  if (event.code !== 1005) {
    if (event.code !== 1006 && event.code !== 1015) {
      server.close(event.code, event.reason);
    }
  }`),
  },
  {
    name: "an includes() array that forgets 1015",
    code: durableObject(`    if ([1005, 1006].includes(code)) return;
    ws.close(code, reason);`),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 5, column: 5 }],
    output: durableObject(`    if ([1005, 1006].includes(code)) return;
    if (code !== 1015) {
      ws.close(code, reason);
    }`),
  },
  {
    name: "a range that lets all three through: the call, the body of an if without braces, is guarded in a new block",
    code: durableObject("    if (code >= 1001) ws.close(code, reason);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 23 }],
    output: durableObject(`    if (code >= 1001) {
${safeReply("      ", "ws", "code", "ws.close(code, reason);")}
    }`),
  },
  {
    name: "try/catch is not a guard: caught, the client still gets no answer",
    code: durableObject(`    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }`),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 5, column: 7 }],
    output: durableObject(`    try {
${safeReply("      ", "ws", "code", "ws.close(code, reason);")}
    } catch {
      // already closed
    }`),
  },
  {
    name: "a readyState check is not a guard",
    ...manual,
    code: pairHandler(`  if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CLOSING) {
    server.close(event.code, event.reason);
  }`),
    errors: [{ messageId: "unguardedReceivedCode", line: 5, column: 5 }],
    output: pairHandler(`  if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CLOSING) {
${safeReply("    ", "server", "event.code", "server.close(event.code, event.reason);")}
  }`),
  },
  {
    name: "wasClean is not a guard on the code",
    ...manual,
    code: pairHandler(`  if (event.wasClean) {
    server.close(event.code, event.reason);
  }`),
    errors: [{ messageId: "unguardedReceivedCode", line: 5, column: 5, data: receivedData("close-event", "server.close(event.code, event.reason)", "event.code") }],
    output: pairHandler(`  if (event.wasClean) {
${safeReply("    ", "server", "event.code", "server.close(event.code, event.reason);")}
  }`),
  },
  {
    name: "a guard in another handler does not count",
    ...manual,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (first) => {
  if (first.code === 1005 || first.code === 1006 || first.code === 1015) return;
});
server.addEventListener("close", (event) => {
  server.close(event.code, event.reason);
});`,
    errors: [{ messageId: "unguardedReceivedCode", line: 7, column: 3 }],
    output: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (first) => {
  if (first.code === 1005 || first.code === 1006 || first.code === 1015) return;
});
server.addEventListener("close", (event) => {
${safeReply("  ", "server", "event.code", "server.close(event.code, event.reason);")}
});`,
  },
  {
    name: "an early return after the call does not guard it",
    code: durableObject(`    ws.close(code, reason);
    if (code === 1005 || code === 1006 || code === 1015) return;`),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: durableObject(`${safeReply("    ", "ws", "code", "ws.close(code, reason);")}
    if (code === 1005 || code === 1006 || code === 1015) return;`),
  },
  {
    name: "a guard inside a nested function does not guard its caller",
    code: durableObject(`    const check = () => {
      if (code === 1005 || code === 1006 || code === 1015) return;
    };
    check();
    ws.close(code, reason);`),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 8, column: 5 }],
    output: durableObject(`    const check = () => {
      if (code === 1005 || code === 1006 || code === 1015) return;
    };
    check();
${safeReply("    ", "ws", "code", "ws.close(code, reason);")}`),
  },
];

// ---------------------------------------------------------------------------
// Invalid: every mode
// ---------------------------------------------------------------------------

const everyMode: Invalid[] = [
  {
    name: "auto mode: webSocketClose (the runtime never answers hibernatable sockets)",
    ...auto,
    code: DO_ECHO,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: DO_ECHO_FIXED,
  },
  {
    name: "manual mode: webSocketClose",
    ...manual,
    code: DO_ECHO,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: DO_ECHO_FIXED,
  },
  {
    name: "mixed mode: a standard-API echo (kept for the legacy environment) is guarded",
    settings: MIXED,
    code: PAIR_ECHO,
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3 }],
    output: PAIR_ECHO_FIXED,
  },
  {
    name: "unknown mode: a standard-API echo is guarded",
    filename: UNKNOWN_FILE,
    code: PAIR_ECHO,
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3 }],
    output: PAIR_ECHO_FIXED,
  },
  {
    name: "unknown mode: webSocketClose",
    filename: UNKNOWN_FILE,
    code: DO_ECHO,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: DO_ECHO_FIXED,
  },
  {
    name: "auto mode: a half-open socket's echo is required, and guarded",
    ...auto,
    code: pairHandler("  server.close(event.code, event.reason);", "server.accept({ allowHalfOpen: true });"),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3 }],
    output: pairHandler(safeReply("  ", "server", "event.code", "server.close(event.code, event.reason);"), "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "auto mode: one handler for both legs is not proven redundant (each close also forwards), so its closes are guarded as forwards (an empty Close for 1005, 1006 and 1015)",
    ...auto,
    code: `const [clientA, left] = Object.values(new WebSocketPair());
const [clientB, right] = Object.values(new WebSocketPair());
left.accept();
right.accept();
function closeBoth(event: CloseEvent) {
  left.close(event.code, event.reason);
  right.close(event.code, event.reason);
}
left.addEventListener("close", closeBoth);
right.addEventListener("close", closeBoth);`,
    errors: [
      { messageId: "unguardedReceivedCode", line: 6, column: 3 },
      { messageId: "unguardedReceivedCode", line: 7, column: 3 },
    ],
    output: `const [clientA, left] = Object.values(new WebSocketPair());
const [clientB, right] = Object.values(new WebSocketPair());
left.accept();
right.accept();
function closeBoth(event: CloseEvent) {
${forwardedReply("  ", "left", "event.code", "left.close(event.code, event.reason);")}
${forwardedReply("  ", "right", "event.code", "right.close(event.code, event.reason);")}
}
left.addEventListener("close", closeBoth);
right.addEventListener("close", closeBoth);`,
  },
  {
    name: "auto mode: a custom reason with the received code is no-redundant-close's to resolve first: reported without a fix",
    ...auto,
    code: pairHandler('  server.close(event.code, "bye");'),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3 }],
    output: null,
  },
];

// ---------------------------------------------------------------------------
// Invalid: reported without a fix, and the fix's formatting
// ---------------------------------------------------------------------------

const fixShapes: Invalid[] = [
  {
    name: "the body of an if without braces: guarded inside a new block, so the branch runs when it did",
    ...manual,
    code: pairHandler("  if (sessions.has(server)) server.close(event.code, event.reason);"),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 29 }],
    output: pairHandler(`  if (sessions.has(server)) {
${safeReply("    ", "server", "event.code", "server.close(event.code, event.reason);")}
  }`),
  },
  {
    name: "the body of an else without braces, an else follows on the same line as the if",
    ...manual,
    code: pairHandler("  if (event.wasClean) console.log(event.code); else server.close(event.code, event.reason);"),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 53 }],
    output: pairHandler(`  if (event.wasClean) console.log(event.code); else {
${safeReply("    ", "server", "event.code", "server.close(event.code, event.reason);")}
  }`),
  },
  {
    name: "the consequent of an if with an else on the same line: the else stays after the new block",
    ...manual,
    code: pairHandler("  if (event.wasClean) server.close(event.code, event.reason); else console.log(event.code);"),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 23 }],
    output: pairHandler(`  if (event.wasClean) {
${safeReply("    ", "server", "event.code", "server.close(event.code, event.reason);")}
  } else console.log(event.code);`),
  },
  {
    name: "the right side of &&: written as an if around the guard (the test runs once, as before)",
    code: durableObject("    ready && ws.close(code, reason);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 14 }],
    output: durableObject(`    if (ready) {
${safeReply("      ", "ws", "code", "ws.close(code, reason);")}
    }`),
  },
  {
    name: "the right side of ||: if (!(test)) around the guard",
    code: durableObject("    this.closed || ws.close(code, reason);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 20 }],
    output: durableObject(`    if (!(this.closed)) {
${safeReply("      ", "ws", "code", "ws.close(code, reason);")}
    }`),
  },
  {
    name: "void ws.close(…): the statement is guarded as written",
    code: durableObject("    void ws.close(code, reason);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 10 }],
    output: durableObject(safeReply("    ", "ws", "code", "void ws.close(code, reason);")),
  },
  {
    name: "no fix: the right side of ??",
    code: durableObject("    this.pending ?? ws.close(code, reason);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 21 }],
    output: null,
  },
  {
    name: "no fix: try/catch on one line",
    code: durableObject("    try { ws.close(code, reason); } catch {}"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 11 }],
    output: null,
  },
  {
    name: "an arrow callback's expression body becomes a block with the guard (close() returns undefined either way)",
    code: durableObject("    setTimeout(() => ws.close(code, reason), 10);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 22 }],
    output: durableObject(`    setTimeout(() => {
${safeReply("      ", "ws", "code", "ws.close(code, reason);")}
    }, 10);`),
  },
  {
    name: "an expression-bodied close handler of another socket, in a file without semicolons",
    ...manual,
    code: `const [clientA, left] = Object.values(new WebSocketPair())
const [clientB, right] = Object.values(new WebSocketPair())
left.accept()
right.accept()
left.addEventListener("close", (event) => right.close(event.code, event.reason))
right.addEventListener("close", () => left.close())`,
    errors: [{ messageId: "unguardedReceivedCode", line: 5, column: 43 }],
    output: `const [clientA, left] = Object.values(new WebSocketPair())
const [clientB, right] = Object.values(new WebSocketPair())
left.accept()
right.accept()
left.addEventListener("close", (event) => {
  if (event.code === 1005 || event.code === 1006 || event.code === 1015) {
    right.close()
  } else {
    right.close(event.code, event.reason)
  }
})
right.addEventListener("close", () => left.close())`,
  },
  {
    name: "no fix: a parenthesised arrow body",
    code: durableObject("    setTimeout(() => (ws.close(code, reason)), 10);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 23 }],
    output: null,
  },
  {
    name: "return ws.close(…): the guard, then return; (close() returns undefined)",
    code: durableObject("    if (this.closed) return ws.close(code, reason);\n    this.closed = true;"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 29 }],
    output: durableObject(`    if (this.closed) {
${safeReply("      ", "ws", "code", "ws.close(code, reason);")}
      return;
    }
    this.closed = true;`),
  },
  {
    name: "no fix: an argument with a side effect",
    code: `declare function describe(code: number): string;
${durableObject("    ws.close(code, describe(code));")}`,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 5, column: 5 }],
    output: null,
  },
  {
    name: "no fix: the code is passed only on a condition independent of it (it may throw)",
    code: durableObject("    ws.close(this.echo ? code : 1000, reason);"),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 4,
        column: 5,
        data: receivedData("web-socket-close", "ws.close(this.echo ? code : 1000, reason)", "code"),
      },
    ],
    output: null,
  },
  {
    name: "fixed inside a block-bodied callback",
    code: durableObject(`    queueMicrotask(() => {
      ws.close(code, reason);
    });`),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 5, column: 7 }],
    output: durableObject(`    queueMicrotask(() => {
${safeReply("      ", "ws", "code", "ws.close(code, reason);")}
    });`),
  },
  {
    name: "a trailing line comment stays after the guard",
    code: durableObject("    ws.close(code, reason); // reciprocate"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 }],
    output: durableObject(`${safeReply("    ", "ws", "code", "ws.close(code, reason);")} // reciprocate`),
  },
  {
    name: "optional call and a TypeScript assertion are kept as written",
    code: durableObject("    ws?.close(code as number, reason);"),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5, data: receivedData("web-socket-close", "ws?.close(code as number, reason)", "code") }],
    output: durableObject(`    if (code === 1005) {
      ws?.close();
    } else if (code !== 1006 && code !== 1015) {
      ws?.close(code as number, reason);
    }`),
  },
  {
    name: "semicolon-less code with tab indentation",
    ...manual,
    code: `const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", (event) => {
\tconsole.log("closed")
\tserver.close(event.code, event.reason)
})`,
    errors: [{ messageId: "unguardedReceivedCode", line: 5, column: 2 }],
    output: `const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", (event) => {
\tconsole.log("closed")
\tif (event.code === 1005) {
\t\tserver.close()
\t} else if (event.code !== 1006 && event.code !== 1015) {
\t\tserver.close(event.code, event.reason)
\t}
})`,
  },
  {
    name: "CRLF line endings",
    ...manual,
    code: PAIR_ECHO.replace(/\n/gu, "\r\n"),
    errors: [{ messageId: "unguardedReceivedCode", line: 4, column: 3 }],
    output: PAIR_ECHO_FIXED.replace(/\n/gu, "\r\n"),
  },
  {
    name: "two echoes in one handler: both fixed",
    code: durableObject(`    ws.close(code, reason);
    ws.close(code);`),
    errors: [
      { messageId: "unguardedReceivedCodeHibernation", line: 4, column: 5 },
      { messageId: "unguardedReceivedCodeHibernation", line: 5, column: 5 },
    ],
    output: durableObject(`${safeReply("    ", "ws", "code", "ws.close(code, reason);")}
${safeReply("    ", "ws", "code", "ws.close(code);")}`),
  },
];

const ruleTester = new RuleTester();

ruleTester.run("no-reserved-close-code", rule, {
  valid: [...guards, ...unreadable, ...silentTargets, ...redundantOverlap],
  invalid: [...literals, ...unguarded, ...incompleteGuards, ...everyMode, ...fixShapes],
});

// ---------------------------------------------------------------------------
// Plain JavaScript through ESLint's own Linter (espree and eslint-scope), with `eslint --fix`
// ---------------------------------------------------------------------------

describe("with ESLint's default parser (espree), as a JavaScript project lints", () => {
  const JS_DURABLE_OBJECT = `import { DurableObject } from "cloudflare:workers";
const RESERVED = new Set([1005, 1006]);
export class Room extends DurableObject {
  async webSocketClose(ws, code, reason) {
    ws.close(RESERVED.has(code) ? 1000 : code, reason);
    ws.close(1006);
  }
}
`;

  function config(): Linter.Config[] {
    return [
      {
        files: ["**/*.js"],
        languageOptions: { globals: { Set: "readonly", WebSocketPair: "readonly" } },
        plugins: { "ws-close": plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
        settings: MANUAL,
        rules: { "ws-close/no-reserved-close-code": "error" },
      },
    ];
  }

  it("reads a global Set guard and reports the code it forgets, and the literal", () => {
    const messages = new Linter({ configType: "flat", cwd: projectRoot }).verify(JS_DURABLE_OBJECT, config(), "worker.js");
    expect(messages.map((m) => [m.messageId, m.line, m.column, m.fix !== undefined])).toEqual([
      ["unguardedReceivedCodeHibernation", 5, 5, true],
      ["reservedLiteralCode", 6, 5, false],
    ]);
    expect(messages[0]!.message).toContain("when `code` is 1015 (missed by the guard here)");
  });

  it("eslint --fix guards the forgotten code and leaves the literal for the author", () => {
    const { output } = new Linter({ configType: "flat", cwd: projectRoot }).verifyAndFix(JS_DURABLE_OBJECT, config(), "worker.js");
    expect(output).toBe(
      JS_DURABLE_OBJECT.replace(
        "    ws.close(RESERVED.has(code) ? 1000 : code, reason);\n",
        "    if (code !== 1015) {\n      ws.close(RESERVED.has(code) ? 1000 : code, reason);\n    }\n",
      ),
    );
  });

  it("guards a standard-API echo in a semicolon-less JavaScript Worker", () => {
    const code = `export default {
  fetch() {
    const [client, server] = Object.values(new WebSocketPair())
    server.accept()
    server.addEventListener("close", ({ code, reason }) => {
      server.close(code, reason)
    })
    return new Response(null, { status: 101, webSocket: client })
  },
}
`;
    const { output } = new Linter({ configType: "flat", cwd: projectRoot }).verifyAndFix(code, config(), "worker.js");
    expect(output).toBe(
      code.replace(
        "      server.close(code, reason)\n",
        [
          "      if (code === 1005) {",
          "        server.close()",
          "      } else if (code !== 1006 && code !== 1015) {",
          "        server.close(code, reason)",
          "      }",
          "",
        ].join("\n"),
      ),
    );
  });
});
