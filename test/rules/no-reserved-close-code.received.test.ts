// no-reserved-close-code: received codes that reach close() through a mapping `const`, or through a helper of the
// file that other calls give literal codes (issue 10; real code: cloudflare/containers, cloudflare/sandbox-sdk).
import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { rules, type RuleMessageIds } from "../../rules/index.js";
import { codeText, MAX_QUOTED_CODE } from "../../src/analysis/rules/message-values.js";

const rule = rules["no-reserved-close-code"];
type MessageIds = RuleMessageIds<"no-reserved-close-code">;
type Valid = ValidTestCase<[]>;
type Invalid = InvalidTestCase<MessageIds, []>;

const manual = { settings: { "ws-close": { compatibilityDate: "2025-11-01" } } };

/** `1005, 1006 or 1015`: the codes a message names. */
function listed(missing: readonly number[]): string {
  const items = missing.map(String);
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}` : items.join("");
}

/** Message data of a received code that reaches `close()` directly (the parts its message shows). */
function directData(_kind: "close-event" | "web-socket-close", call: string, code: string, missing: readonly number[], guarded: boolean) {
  return { call: codeText(call, MAX_QUOTED_CODE), code, codes: listed(missing), guardNote: guarded ? " (missed by the guard here)" : "" };
}

/** Message data of a received code passed to a helper whose `close()` takes it unguarded. */
function helperData(call: string, code: string, close: string, missing: readonly number[] = [1005, 1006, 1015], guarded = false) {
  return { call: codeText(call, MAX_QUOTED_CODE), code, close: codeText(close, MAX_QUOTED_CODE), codes: listed(missing), guardNote: guarded ? " (missed by the guard here)" : "" };
}

/** A Durable Object whose `webSocketClose(ws, code, reason)` has `body` (indented four spaces); line 4 is its first line. */
function durableObject(body: string): string {
  return `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
${body}
  }
}`;
}

/** A `WebSocketPair` socket whose close handler has `body` (indented two spaces); line 4 is its first line. */
function pairHandler(body: string): string {
  return `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
${body}
});`;
}

const MAP_1005_1006 = "event.code === 1005 || event.code === 1006 ? 1000 : event.code";

// ---------------------------------------------------------------------------
// A `const` that maps the received code
// ---------------------------------------------------------------------------

const mappedInvalid: Invalid[] = [
  {
    name: "const mapping 1005 and 1006 forgets 1015 (cloudflare/containers): the call is guarded against 1015, the mapping stays",
    ...manual,
    code: pairHandler(`  const code = ${MAP_1005_1006};
  server.close(code, event.reason);`),
    errors: [
      {
        messageId: "unguardedReceivedCode",
        line: 5,
        column: 3,
        data: directData("close-event", "server.close(code, event.reason)", "event.code", [1015], true),
      },
    ],
    output: pairHandler(`  const code = ${MAP_1005_1006};
  if (event.code !== 1015) {
    server.close(code, event.reason);
  }`),
  },
  {
    name: "const mapping only 1005 in webSocketClose: 1006 and 1015 are guarded",
    code: durableObject(`    const mapped = code === 1005 ? 1000 : code;
    ws.close(mapped, reason);`),
    errors: [
      {
        messageId: "unguardedReceivedCodeHibernation",
        line: 5,
        data: directData("web-socket-close", "ws.close(mapped, reason)", "code", [1006, 1015], true),
      },
    ],
    output: durableObject(`    const mapped = code === 1005 ? 1000 : code;
    if (code !== 1006 && code !== 1015) {
      ws.close(mapped, reason);
    }`),
  },
  {
    name: "const mapping through a Set that forgets 1015",
    code: `const RESERVED = new Set([1005, 1006]);
${durableObject(`    const safe = RESERVED.has(code) ? 1000 : code;
    ws.close(safe, reason);`)}`,
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 6, data: directData("web-socket-close", "ws.close(safe, reason)", "code", [1015], true) }],
    output: `const RESERVED = new Set([1005, 1006]);
${durableObject(`    const safe = RESERVED.has(code) ? 1000 : code;
    if (code !== 1015) {
      ws.close(safe, reason);
    }`)}`,
  },
  {
    name: "a const holding a fallback (code || 1000) passes all three on unchanged: guarded like the bare code",
    code: durableObject(`    const c = code || 1000;
    ws.close(c, reason);`),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 5, data: directData("web-socket-close", "ws.close(c, reason)", "code", [1005, 1006, 1015], false) }],
    output: durableObject(`    const c = code || 1000;
    if (code === 1005) {
      ws.close();
    } else if (code !== 1006 && code !== 1015) {
      ws.close(c, reason);
    }`),
  },
  {
    name: "no fix: the const is read in a nested callback (the guard would not be in the function that reads the code)",
    code: durableObject(`    const c = code === 1005 || code === 1006 ? 1000 : code;
    queueMicrotask(() => {
      ws.close(c, reason);
    });`),
    errors: [{ messageId: "unguardedReceivedCodeHibernation", line: 6, data: directData("web-socket-close", "ws.close(c, reason)", "c", [1015], true) }],
    output: null,
  },
];

const mappedValid: Valid[] = [
  {
    name: "const mapping 1005, 1006 and 1015",
    ...manual,
    code: pairHandler(`  const code = event.code === 1005 || event.code === 1006 || event.code === 1015 ? 1000 : event.code;
  server.close(code, event.reason);`),
  },
  {
    name: "a let that is reassigned holds no received code the rule follows",
    code: durableObject(`    let c = code === 1005 ? 1000 : code;
    if (c === 1006) c = 1000;
    ws.close(c, reason);`),
  },
  {
    name: "a mapping whose test the rule cannot read",
    code: `declare function isSendable(code: number): boolean;
${durableObject(`    const c = isSendable(code) ? code : 1000;
    ws.close(c, reason);`)}`,
  },
  {
    name: "a test on the mapped const before the close is not read: silent",
    code: durableObject(`    const c = code === 1005 || code === 1006 ? 1000 : code;
    if (c !== 1015) ws.close(c, reason);`),
  },
];

// ---------------------------------------------------------------------------
// A helper whose code parameter some calls give a received code
// ---------------------------------------------------------------------------

const SAFE_CLOSE = `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    try {
      ws.close(code, reason);
    } catch {
      /* already closed */
    }
  };`;

/** The guard the fix writes in the helper when a call forwards another socket's code: an empty Close for all three. */
const SAFE_CLOSE_GUARDED = `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    try {
      if (code === 1005 || code === 1006 || code === 1015) {
        ws.close();
      } else {
        ws.close(code, reason);
      }
    } catch {
      /* already closed */
    }
  };`;

/** The codex proxy's shape (cloudflare/sandbox-sdk): close and error of each leg through one helper; the calls from line 13. */
function helperProxy(helper: string, calls: string, exported = ""): string {
  return `${exported}export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
${helper}
${calls}
  return client;
}`;
}

const CODEX_CALLS = `  server.addEventListener("close", (e: CloseEvent) => safeClose(backend, e.code, e.reason));
  backend.addEventListener("close", (e: CloseEvent) => safeClose(server, e.code, e.reason));
  server.addEventListener("error", () => safeClose(backend, 1011, "Client error"));
  backend.addEventListener("error", () => safeClose(server, 1011, "Backend error"));`;

const helperInvalid: Invalid[] = [
  {
    name: "a received code passed to a helper that other calls give 1011 (cloudflare/sandbox-sdk): reported at each call, guarded in the helper",
    ...manual,
    code: helperProxy(SAFE_CLOSE, CODEX_CALLS),
    errors: [
      {
        messageId: "unguardedReceivedCodeThroughHelper",
        line: 13,
        column: 55,
        data: helperData("safeClose(backend, e.code, e.reason)", "e.code", "ws.close(code, reason)"),
      },
      {
        messageId: "unguardedReceivedCodeThroughHelper",
        line: 14,
        column: 56,
        data: helperData("safeClose(server, e.code, e.reason)", "e.code", "ws.close(code, reason)"),
      },
    ],
    output: helperProxy(SAFE_CLOSE_GUARDED, CODEX_CALLS),
  },
  {
    name: "a function declaration helper; a call that guards 1005 itself still lets 1006 and 1015 through, and the helper's guard covers both calls",
    ...manual,
    code: `function closeWith(target: WebSocket, code: number, reason: string): void {
  target.close(code, reason);
}
${helperProxy(
  "",
  `  server.addEventListener("close", (e) => {
    if (e.code !== 1005) closeWith(backend, e.code, e.reason);
  });
  backend.addEventListener("close", (e) => closeWith(server, e.code, e.reason));
  server.addEventListener("message", () => closeWith(backend, 4000, "done"));`,
)}`,
    errors: [
      {
        messageId: "unguardedReceivedCodeThroughHelper",
        line: 11,
        data: helperData("closeWith(backend, e.code, e.reason)", "e.code", "target.close(code, reason)", [1006, 1015], true),
      },
      {
        messageId: "unguardedReceivedCodeThroughHelper",
        line: 13,
        data: helperData("closeWith(server, e.code, e.reason)", "e.code", "target.close(code, reason)"),
      },
    ],
    output: `function closeWith(target: WebSocket, code: number, reason: string): void {
  if (code === 1005 || code === 1006 || code === 1015) {
    target.close();
  } else {
    target.close(code, reason);
  }
}
${helperProxy(
  "",
  `  server.addEventListener("close", (e) => {
    if (e.code !== 1005) closeWith(backend, e.code, e.reason);
  });
  backend.addEventListener("close", (e) => closeWith(server, e.code, e.reason));
  server.addEventListener("message", () => closeWith(backend, 4000, "done"));`,
)}`,
  },
  {
    name: "a helper every reporting call makes echo its own socket's code: nothing after 1006 and 1015, as an echo's guard",
    ...manual,
    code: helperProxy(
      SAFE_CLOSE,
      `  server.addEventListener("close", (e) => safeClose(server, e.code, e.reason));
  server.addEventListener("error", () => safeClose(server, 1011, "Client error"));`,
    ),
    errors: [{ messageId: "unguardedReceivedCodeThroughHelper", line: 13, data: helperData("safeClose(server, e.code, e.reason)", "e.code", "ws.close(code, reason)") }],
    output: helperProxy(
      SAFE_CLOSE_GUARDED.replace("if (code === 1005 || code === 1006 || code === 1015) {", "if (code === 1005) {").replace("} else {", "} else if (code !== 1006 && code !== 1015) {"),
      `  server.addEventListener("close", (e) => safeClose(server, e.code, e.reason));
  server.addEventListener("error", () => safeClose(server, 1011, "Client error"));`,
    ),
  },
  {
    name: "no fix: the helper's close shares its line with try/catch",
    ...manual,
    code: helperProxy(
      `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    try { ws.close(code, reason); } catch {}
  };`,
      CODEX_CALLS.split("\n").slice(0, 3).join("\n"),
    ),
    errors: [
      { messageId: "unguardedReceivedCodeThroughHelper", line: 9 },
      { messageId: "unguardedReceivedCodeThroughHelper", line: 10 },
    ],
    output: null,
  },
];

const helperValid: Valid[] = [
  {
    name: "the helper tests its code parameter before the close",
    ...manual,
    code: helperProxy(
      `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    if (code === 1005 || code === 1006 || code === 1015) ws.close();
    else ws.close(code, reason);
  };`,
      CODEX_CALLS,
    ),
  },
  {
    name: "the helper reassigns its code parameter",
    ...manual,
    code: helperProxy(
      `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    code = code >= 3000 ? code : 1000;
    ws.close(code, reason);
  };`,
      CODEX_CALLS,
    ),
  },
  {
    name: "the helper is passed as a value: its callers are not all known",
    ...manual,
    code: helperProxy(SAFE_CLOSE, `${CODEX_CALLS}\n  register(safeClose);`).replace("export async", "declare function register(f: unknown): void;\nexport async"),
  },
  {
    name: "the helper is exported: its callers are not all known",
    ...manual,
    code: `export function closeWith(target: WebSocket, code: number, reason: string): void {
  target.close(code, reason);
}
${helperProxy(
  "",
  `  server.addEventListener("close", (e) => closeWith(backend, e.code, e.reason));
  server.addEventListener("message", () => closeWith(backend, 4000, "done"));`,
)}`,
  },
  {
    name: "the helper closes in a callback of its own (it may run later, or not at all)",
    ...manual,
    code: helperProxy(
      `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    queueMicrotask(() => ws.close(code, reason));
  };`,
      CODEX_CALLS,
    ),
  },
  {
    name: "every call that passes a received code maps all three reserved codes",
    ...manual,
    code: helperProxy(
      SAFE_CLOSE,
      `  server.addEventListener("close", (e) => safeClose(backend, e.code === 1005 || e.code === 1006 || e.code === 1015 ? 1000 : e.code, e.reason));
  server.addEventListener("error", () => safeClose(backend, 1011, "Client error"));`,
    ),
  },
  {
    name: "the calls give the helper literal codes only",
    ...manual,
    code: helperProxy(
      SAFE_CLOSE,
      `  server.addEventListener("close", () => safeClose(backend, 1000, "client left"));
  server.addEventListener("error", () => safeClose(backend, 1011, "Client error"));`,
    ),
  },
];

new RuleTester().run("no-reserved-close-code (mapped codes, helpers given received codes)", rule, {
  valid: [...mappedValid, ...helperValid],
  invalid: [...mappedInvalid, ...helperInvalid],
});
