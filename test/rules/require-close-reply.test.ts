import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules, type RuleMessageIds } from "../../rules/index.js";
const rule = rules["require-close-reply"];
type MessageIds = RuleMessageIds<"require-close-reply">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A source file (it need not exist) inside `fixtures/config/<dir>/src/`, relative to the working directory. */
function fileUnderConfig(dir: string, name = "worker.ts"): string {
  return path.relative(process.cwd(), path.join(projectRoot, "fixtures/config", dir, "src", name));
}

/** A directory with no wrangler config in it or above it. */
const noConfigDir = createTempProject("ws-close-close-reply-rule-").root;

const manual = { settings: { "ws-close": { compatibilityDate: "2025-11-01" } } };
const auto = { settings: { "ws-close": { compatibilityDate: "2026-05-01" } } };
const manualFlag = { settings: { "ws-close": { compatibilityDate: "2026-05-01", compatibilityFlags: ["web_socket_manual_reply_to_close"] } } };
const mixed = { filename: fileUnderConfig("toml-env-legacy-mixed") };
const unknownMode = { filename: path.join(noConfigDir, "src", "worker.ts") };

/** One module-level socket (line 2), accepted on line 3, with a close handler from line 4 whose body is `body`. */
function pair(handler: string, accept = "server.accept();"): string {
  return `
const [client, server] = Object.values(new WebSocketPair());
${accept}
${handler}
`;
}

/** The reply appended for event expressions `code`/`reason`, at two spaces. */
function reply(code = "event.code", reason = "event.reason", socket = "server", indent = "  ", semi = ";"): string {
  return `${indent}if (${code} === 1005) {
${indent}  ${socket}.close()${semi}
${indent}} else if (${code} !== 1006 && ${code} !== 1015) {
${indent}  ${socket}.close(${code}, ${reason})${semi}
${indent}}`;
}

const FORGETS = `server.addEventListener("close", () => {
  sessions.delete(server);
});`;
const FORGETS_FIXED = `server.addEventListener("close", (event: CloseEvent) => {
  sessions.delete(server);
${reply()}
});`;

/** `attach(ws)` adds the close handler `handler`; `fetch` accepts the pair's server end with `accept` and calls `call`. */
function acceptedInCaller(handler: string, call = "attach(server);", accept = "server.accept();", exported = ""): string {
  return `
${exported}function attach(ws: WebSocket) {
${handler}
}
export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    ${accept}
    ${call}
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;
}

const ATTACH_FORGETS = `  ws.addEventListener("close", () => {
    sessions.delete(ws);
  });`;

const missing = [{ messageId: "missingReply", line: 4, column: 1 }] as const;
const halfOpenMissing = [{ messageId: "halfOpenMissingReply", line: 4, column: 1 }] as const;

// ---------------------------------------------------------------------------
// Silent: the close is completed, or the code does not prove it never is
// ---------------------------------------------------------------------------

const silentCompleted: Valid[] = [
  {
    name: "manual: accept({ allowHalfOpen: false }) gets the runtime's reply on every date (measured), so none is missing",
    ...manual,
    code: pair(`server.addEventListener("close", () => {
  console.log("closed");
});`, "server.accept({ allowHalfOpen: false });"),
  },
  {
    name: "manual: the handler echoes the close",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  server.close(event.code, event.reason);
});`),
  },
  {
    name: "manual: the handler closes through a helper it passes the socket to",
    ...manual,
    code: `
function closeQuietly(ws: WebSocket, code: number) {
  try { ws.close(code); } catch {}
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => closeQuietly(server, event.code));
`,
  },
  {
    name: "manual: the handler calls closeBoth(), which closes the socket through its closure",
    ...manual,
    code: `
export function handle(backend: WebSocket) {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  const closeBoth = () => {
    server.close();
    backend.close();
  };
  server.addEventListener("close", () => closeBoth());
  return client;
}
`,
  },
  {
    name: "manual: the handler closes through a helper with a default parameter",
    ...manual,
    code: `
function closeAll(ws: WebSocket, reason = "bye") {
  ws.close(1000, reason);
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  closeAll(server);
});
`,
  },
  {
    name: "manual: the handler closes through a method of its class (this.closeBoth(ws))",
    ...manual,
    code: `
export class Relay {
  handle(ws: WebSocket) {
    ws.accept();
    ws.addEventListener("close", () => {
      this.closeBoth(ws);
    });
  }
  closeBoth(ws: WebSocket) {
    ws.close(1000, "bye");
  }
}
`,
  },
  {
    name: "manual: the handler closes the socket later, in a setTimeout callback",
    ...manual,
    code: pair(`server.addEventListener("close", (e) => {
  setTimeout(() => server.close(e.code, e.reason), 10);
});`),
  },
  {
    name: "manual: a proxy whose legs close each other through one helper (the close travels back)",
    ...manual,
    code: `
function forwardClose(target: WebSocket, e: CloseEvent) {
  target.close(e.code, e.reason);
}
export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  server.addEventListener("close", (e) => forwardClose(backend, e));
  backend.addEventListener("close", (e) => forwardClose(server, e));
  return client;
}
`,
  },
  {
    name: "manual: a proxy whose legs close each other (the close travels back)",
    ...manual,
    code: `
export default {
  async fetch(): Promise<Response> {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    const backend = upstream.webSocket!;
    const [client, server] = Object.values(new WebSocketPair());
    backend.accept();
    server.accept();
    server.addEventListener("close", (event) => backend.close(event.code, event.reason));
    backend.addEventListener("close", (event) => server.close(event.code, event.reason));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
  },
  {
    name: "manual: the handler closes a socket from a Map, which may be this one",
    ...manual,
    code: pair(`server.addEventListener("close", () => {
  rooms.get("lobby")?.close();
});`),
  },
  {
    name: "manual: the socket is handed to code the core cannot follow, which may close it",
    ...manual,
    code: pair(`register(server);
server.addEventListener("close", () => {
  sessions.delete(server);
});`),
  },
  {
    name: "manual: a second close handler is not a function of this file",
    ...manual,
    code: pair(`server.addEventListener("close", onCloseFromElsewhere);
server.addEventListener("close", () => {
  sessions.delete(server);
});`),
  },
  {
    name: "manual: a handler shared with the error event that closes the socket replies",
    ...manual,
    code: pair(`const end = () => {
  sessions.delete(server);
  server.close();
};
server.addEventListener("close", end);
server.addEventListener("error", end);`),
  },
  {
    name: "manual: a close handler that is also another socket's error handler (not this socket's alone)",
    ...manual,
    code: pair(`function cleanUp() {
  sessions.delete(server);
}
server.addEventListener("close", cleanUp);
client.addEventListener("error", cleanUp);`),
  },
  {
    name: "manual: a close and error handler also called directly",
    ...manual,
    code: pair(`function cleanUp() {
  sessions.delete(server);
}
server.addEventListener("close", cleanUp);
server.addEventListener("error", cleanUp);
cleanUp();`),
  },
  {
    name: "manual: accepted in the caller, but the listening function is exported (other callers may pass other sockets)",
    ...manual,
    code: acceptedInCaller(ATTACH_FORGETS, "attach(server);", "server.accept();", "export "),
  },
  {
    name: "manual: the listening function is also called with a socket that is not accepted in this file",
    ...manual,
    code: acceptedInCaller(ATTACH_FORGETS, "attach(server);\n    attach(other);"),
  },
  {
    name: "manual: the caller also uses the socket under its own name (it may close it there)",
    ...manual,
    code: acceptedInCaller(ATTACH_FORGETS, "attach(server);\n    server.addEventListener(\"message\", () => server.close());"),
  },
  {
    name: "auto: the caller accepts with options in a variable (half-open cannot be told)",
    ...auto,
    code: acceptedInCaller(ATTACH_FORGETS, "attach(server);", "server.accept(options);"),
  },
  {
    name: "manual: a let assigned a second time may name another socket",
    ...manual,
    code: `
let server: WebSocket | undefined;
server = new WebSocketPair()[1];
server.accept();
server.addEventListener("close", () => {
  sessions.delete(server);
});
server = undefined;
`,
  },
  {
    name: "manual: a new WebSocket(url) socket (browser code looks the same)",
    ...manual,
    code: `
const socket = new WebSocket("wss://example.com/feed");
socket.addEventListener("close", () => {
  console.log("feed closed");
});
`,
  },
  {
    name: "auto: the runtime answers a socket that is not half-open",
    ...auto,
    code: pair(FORGETS),
  },
  {
    name: "unknown: no date, and the socket is not half-open",
    ...unknownMode,
    code: pair(FORGETS),
  },
  {
    name: "auto: a half-open socket whose handler replies",
    ...auto,
    code: pair(`server.addEventListener("close", (event) => {
  server.close(event.code, event.reason);
});`, "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "auto: half-open proxy legs whose handlers close each other",
    ...auto,
    code: `
export default {
  async fetch(): Promise<Response> {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    const backend = upstream.webSocket!;
    const [client, server] = Object.values(new WebSocketPair());
    backend.accept({ allowHalfOpen: true });
    server.accept({ allowHalfOpen: true });
    server.addEventListener("close", (event) => backend.close(event.code, event.reason));
    backend.addEventListener("close", (event) => server.close(event.code, event.reason));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
  },
  {
    name: "auto: options in a variable (half-open cannot be proven)",
    ...auto,
    code: pair(FORGETS, "server.accept(options);"),
  },
  {
    name: "auto: a half-open socket without a close handler that is handed to other code",
    ...auto,
    code: pair(`attach(server);`, "server.accept({ allowHalfOpen: true });"),
  },
];

// ---------------------------------------------------------------------------
// Reported, with the reply appended
// ---------------------------------------------------------------------------

const fixed: Invalid[] = [
  {
    name: "manual: a handler without a parameter gets `event: CloseEvent`",
    ...manual,
    code: pair(FORGETS),
    errors: [...missing],
    output: pair(FORGETS_FIXED),
  },
  {
    name: "manual: the disable flag on a new date",
    ...manualFlag,
    code: pair(FORGETS),
    errors: [...missing],
    output: pair(FORGETS_FIXED),
  },
  {
    name: "manual: the handler's own parameter name is used",
    ...manual,
    code: pair(`server.addEventListener("close", (e) => {
  console.log("closed", e.code);
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (e) => {
  console.log("closed", e.code);
${reply("e.code", "e.reason")}
});`),
  },
  {
    name: "manual: a destructured ({ code, reason }) uses those names",
    ...manual,
    code: pair(`server.addEventListener("close", ({ code, reason }) => {
  console.log("closed", code, reason);
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", ({ code, reason }) => {
  console.log("closed", code, reason);
${reply("code", "reason")}
});`),
  },
  {
    name: "manual: an empty handler",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (event) => {
${reply()}
});`),
  },
  {
    name: "manual: a named function used only as this socket's close handler",
    ...manual,
    code: pair(`function onClose(event: CloseEvent) {
  sessions.delete(server);
}
server.addEventListener("close", onClose);`),
    errors: [{ messageId: "missingReply", line: 7, column: 1 }],
    output: pair(`function onClose(event: CloseEvent) {
  sessions.delete(server);
${reply()}
}
server.addEventListener("close", onClose);`),
  },
  {
    // Found by the property test (test/property): the parameter went inside the comment, `/* (event: CloseEvente) */ ()`.
    name: "manual: a comment with parentheses before the parameter list keeps its text; the parameter goes in the list",
    ...manual,
    code: pair(`function onClose /* (e) */ () {
  sessions.delete(server);
}
server.addEventListener("close", onClose);`),
    errors: [{ messageId: "missingReply", line: 7, column: 1 }],
    output: pair(`function onClose /* (e) */ (event: CloseEvent) {
  sessions.delete(server);
${reply()}
}
server.addEventListener("close", onClose);`),
  },
  {
    name: "manual: a comment with a parenthesis between `async` and an arrow's parameter list",
    ...manual,
    code: pair(`server.addEventListener("close", async /* on close (1005 too) */ () => {
  sessions.delete(server);
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", async /* on close (1005 too) */ (event: CloseEvent) => {
  sessions.delete(server);
${reply()}
});`),
  },
  {
    name: "manual: the handleSession(websocket) shape",
    ...manual,
    code: `
export function handleSession(websocket: WebSocket, room: Set<WebSocket>) {
  websocket.accept();
  room.add(websocket);
  websocket.addEventListener("close", () => {
    room.delete(websocket);
  });
}
`,
    errors: [{ messageId: "missingReply", line: 5, column: 3 }],
    output: `
export function handleSession(websocket: WebSocket, room: Set<WebSocket>) {
  websocket.accept();
  room.add(websocket);
  websocket.addEventListener("close", (event: CloseEvent) => {
    room.delete(websocket);
${reply("event.code", "event.reason", "websocket", "    ")}
  });
}
`,
  },
  {
    name: "manual: onclose in a JavaScript file without semicolons: no annotation, no semicolons",
    ...manual,
    filename: "worker.js",
    code: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.onclose = () => {
  sessions.delete(server)
}
`,
    errors: [{ messageId: "missingReply", line: 4, column: 1 }],
    output: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.onclose = (event) => {
  sessions.delete(server)
${reply("event.code", "event.reason", "server", "  ", "")}
}
`,
  },
  {
    name: "manual: a proxy leg whose close is forwarded but never travels back",
    ...manual,
    code: `
export default {
  async fetch(): Promise<Response> {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    const backend = upstream.webSocket!;
    const [client, server] = Object.values(new WebSocketPair());
    backend.accept();
    server.accept();
    server.addEventListener("close", (event) => {
      backend.close(event.code, event.reason);
    });
    backend.addEventListener("close", () => {
      console.log("backend gone");
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
    errors: [{ messageId: "missingReply", line: 9, column: 5 }],
    output: `
export default {
  async fetch(): Promise<Response> {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    const backend = upstream.webSocket!;
    const [client, server] = Object.values(new WebSocketPair());
    backend.accept();
    server.accept();
    server.addEventListener("close", (event) => {
      backend.close(event.code, event.reason);
${reply("event.code", "event.reason", "server", "      ")}
    });
    backend.addEventListener("close", () => {
      console.log("backend gone");
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
  },
  {
    name: "manual: one handler for close and error gets a close listener of its own for the reply (on error the event has no code)",
    ...manual,
    code: pair(`function cleanUp() {
  sessions.delete(server);
}
server.addEventListener("close", cleanUp);
server.addEventListener("error", cleanUp);`),
    errors: [{ messageId: "missingReply", line: 7, column: 1 }],
    output: pair(`function cleanUp() {
  sessions.delete(server);
}
server.addEventListener("close", cleanUp);
server.addEventListener("close", (event: CloseEvent) => {
${reply()}
});
server.addEventListener("error", cleanUp);`),
  },
  {
    name: "manual: the added close listener keeps the registration's quotes",
    ...manual,
    code: pair(`const end = () => {
  sessions.delete(server);
};
server.addEventListener('close', end);
server.addEventListener('error', end);`),
    errors: [{ messageId: "missingReply", line: 7, column: 1 }],
    output: pair(`const end = () => {
  sessions.delete(server);
};
server.addEventListener('close', end);
server.addEventListener('close', (event: CloseEvent) => {
${reply()}
});
server.addEventListener('error', end);`),
  },
  {
    name: "manual: onclose and onerror set to one arrow in a JavaScript file without semicolons",
    ...manual,
    filename: "worker.js",
    code: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
const end = () => {
  sessions.delete(server)
}
server.onerror = end
server.onclose = end // forget the member
`,
    errors: [{ messageId: "missingReply", line: 8, column: 1 }],
    output: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
const end = () => {
  sessions.delete(server)
}
server.onerror = end
server.onclose = end // forget the member
server.addEventListener("close", (event) => {
${reply("event.code", "event.reason", "server", "  ", "")}
})
`,
  },
  {
    name: "manual: a helper of the file that the handler gives the socket never closes it",
    ...manual,
    code: `
function forget(ws: WebSocket, why = "left") {
  sessions.delete(ws);
  console.log(why);
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  forget(server);
});
`,
    errors: [{ messageId: "missingReply", line: 8, column: 1 }],
    output: `
function forget(ws: WebSocket, why = "left") {
  sessions.delete(ws);
  console.log(why);
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event: CloseEvent) => {
  forget(server);
${reply()}
});
`,
  },
  {
    name: "manual: a proxy leg whose peer forwards its close through a helper, while its own close goes nowhere",
    ...manual,
    code: `
function forwardClose(target: WebSocket, e: CloseEvent) {
  target.close(e.code, e.reason);
}
export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  server.addEventListener("close", (e) => {
    forwardClose(backend, e);
  });
  backend.addEventListener("close", () => {
    console.log("backend gone");
  });
  return client;
}
`,
    errors: [{ messageId: "missingReply", line: 10, column: 3 }],
    output: `
function forwardClose(target: WebSocket, e: CloseEvent) {
  target.close(e.code, e.reason);
}
export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  server.addEventListener("close", (e) => {
    forwardClose(backend, e);
${reply("e.code", "e.reason", "server", "    ")}
  });
  backend.addEventListener("close", () => {
    console.log("backend gone");
  });
  return client;
}
`,
  },
  {
    name: "manual: accepted in the caller, close listener in a function of the file that every caller gives the accepted socket",
    ...manual,
    code: acceptedInCaller(ATTACH_FORGETS),
    errors: [{ messageId: "missingReply", line: 3, column: 3 }],
    output: acceptedInCaller(`  ws.addEventListener("close", (event: CloseEvent) => {
    sessions.delete(ws);
${reply("event.code", "event.reason", "ws", "    ")}
  });`),
  },
  {
    name: "auto: accepted half-open in the caller, and the listening function never replies",
    ...auto,
    code: acceptedInCaller(ATTACH_FORGETS, "attach(server);", "server.accept({ allowHalfOpen: true });"),
    errors: [{ messageId: "halfOpenMissingReply", line: 3, column: 3 }],
    output: acceptedInCaller(`  ws.addEventListener("close", (event: CloseEvent) => {
    sessions.delete(ws);
${reply("event.code", "event.reason", "ws", "    ")}
  });`, "attach(server);", "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "manual: a let declared empty and assigned a pair's end once is one socket",
    ...manual,
    code: `
let server: WebSocket | undefined;
const pair = new WebSocketPair();
server = pair[1];
server.accept();
server.addEventListener("close", () => {
  sessions.delete(server);
});
`,
    errors: [{ messageId: "missingReply", line: 6, column: 1 }],
    output: `
let server: WebSocket | undefined;
const pair = new WebSocketPair();
server = pair[1];
server.accept();
server.addEventListener("close", (event: CloseEvent) => {
  sessions.delete(server);
${reply()}
});
`,
  },
  {
    name: "mixed: an [env.legacy] on an old date needs the reply; it does nothing where the runtime answers",
    ...mixed,
    code: pair(FORGETS),
    errors: [...missing],
    output: pair(FORGETS_FIXED),
  },
  {
    name: "auto: a half-open socket whose handler never replies",
    ...auto,
    code: pair(FORGETS, "server.accept({ allowHalfOpen: true });"),
    errors: [...halfOpenMissing],
    output: pair(FORGETS_FIXED, "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "unknown: a half-open socket whose handler never replies",
    ...unknownMode,
    code: pair(FORGETS, "server.accept({ allowHalfOpen: true });"),
    errors: [...halfOpenMissing],
    output: pair(FORGETS_FIXED, "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "manual: a half-open socket gets the half-open message",
    ...manual,
    code: pair(FORGETS, "server.accept({ allowHalfOpen: true });"),
    errors: [...halfOpenMissing],
    output: pair(FORGETS_FIXED, "server.accept({ allowHalfOpen: true });"),
  },
];

// ---------------------------------------------------------------------------
// Reported without a fix: no safe place or no safe way to write the reply
// ---------------------------------------------------------------------------

const reportOnly: Invalid[] = [
  {
    name: "manual: the handler can return early",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (!sessions.has(server)) return;
  sessions.delete(server);
});`),
    errors: [...missing],
    output: null,
  },
  {
    name: "manual: the handler has no parameter and already uses the name event",
    ...manual,
    code: pair(`server.addEventListener("close", () => {
  const event = "left";
  log(event);
});`),
    errors: [...missing],
    output: null,
  },
  {
    name: "manual: the event parameter is typed Event, which has no code",
    ...manual,
    code: pair(`server.addEventListener("close", (event: Event) => {
  log(event.type);
});`),
    errors: [...missing],
    output: null,
  },
  {
    name: "manual: a destructured parameter without reason",
    ...manual,
    code: pair(`server.addEventListener("close", ({ code }) => {
  log(code);
});`),
    errors: [...missing],
    output: null,
  },
  {
    name: "manual: an expression body",
    ...manual,
    code: pair(`server.addEventListener("close", () => sessions.delete(server));`),
    errors: [...missing],
    output: null,
  },
  {
    name: "manual: the handler declares its own binding named like the socket",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  const server = "eu-1";
  log(server, event.code);
});`),
    errors: [...missing],
    output: null,
  },
  {
    name: "manual: one handler for close and error, registered inside a braceless if: no place for a listener of its own",
    ...manual,
    code: pair(`function cleanUp() {
  sessions.delete(server);
}
if (tracking) server.addEventListener("close", cleanUp);
server.addEventListener("error", cleanUp);`),
    errors: [{ messageId: "missingReply", line: 7, column: 15 }],
    output: null,
  },
  {
    name: "auto: a half-open socket without any close handler",
    ...auto,
    code: pair(`server.addEventListener("message", (event) => server.send(String(event.data)));`, "server.accept({ allowHalfOpen: true });"),
    errors: [{ messageId: "halfOpenWithoutCloseHandler", line: 3, column: 1 }],
    output: null,
  },
];

const ruleTester = new RuleTester();

ruleTester.run("require-close-reply", rule, {
  valid: [...silentCompleted],
  invalid: [...fixed, ...reportOnly],
});
