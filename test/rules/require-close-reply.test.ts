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
// Silent: other code may close the socket, so no close handler is proven to owe the reply
// (issue 10, precision 1)
// ---------------------------------------------------------------------------

const silentClosedElsewhere: Valid[] = [
  {
    name: "manual: the message handler starts the close itself: the close event may be the peer's answer",
    ...manual,
    code: pair(`ws.addEventListener("message", (e) => { if (e.data === "bye") ws.close(1000, "done"); });
ws.addEventListener("close", () => console.log("closed"));`, "ws.accept();").replace("[client, server]", "[client, ws]"),
  },
  {
    name: "manual: a library's callback closes the socket (it owns the other leg)",
    ...manual,
    code: `
import { connectRelay } from "relay-lib";
const relay = connectRelay("wss://relay.example");
const [client, server] = Object.values(new WebSocketPair());
server.accept();
relay.on("close", () => server.close());
server.addEventListener("close", () => relay.disconnect());
`,
  },
  {
    name: "manual: the code awaits the close event and then completes the handshake",
    ...manual,
    code: `
export async function probe(url: string) {
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  const client = response.webSocket!;
  client.accept();
  const closed = new Promise((r) => client.addEventListener("close", r));
  await closed; client.close(1000, "reply");
}
`,
  },
  {
    name: "manual: a timer closes the socket",
    ...manual,
    code: pair(`setTimeout(() => server.close(1000, "idle"), 30_000);
server.addEventListener("close", () => {
  sessions.delete(server);
});`),
  },
  {
    name: "manual: a helper outside the close handler closes the socket through its closure",
    ...manual,
    code: pair(`function kick() {
  server.close(4000, "kicked");
}
server.addEventListener("message", () => kick());
server.addEventListener("close", () => {
  sessions.delete(server);
});`),
  },
  {
    name: "manual: the socket is stored in a Set the file reads back and closes",
    ...manual,
    code: `
const sessions = new Set<WebSocket>();
export function closeAll() {
  for (const session of sessions) session.close(1001, "going away");
}
export function handle(): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  sessions.add(server);
  server.addEventListener("close", () => {
    sessions.delete(server);
  });
  return new Response(null, { status: 101, webSocket: client });
}
`,
  },
  {
    name: "manual: the socket is stored in a Set whose elements the file hands to another module",
    ...manual,
    code: `
import { kick } from "./moderation";
const sessions = new Set<WebSocket>();
export function kickAll() {
  for (const session of sessions) kick(session);
}
export function handle(): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  sessions.add(server);
  server.addEventListener("close", () => {
    sessions.delete(server);
  });
  return new Response(null, { status: 101, webSocket: client });
}
`,
  },
  {
    name: "manual: the socket is stored in a Set the file spreads into an array",
    ...manual,
    code: `
const sessions = new Set<WebSocket>();
export const everyone = () => [...sessions];
export function handle(): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  sessions.add(server);
  server.addEventListener("close", () => {
    sessions.delete(server);
  });
  return new Response(null, { status: 101, webSocket: client });
}
`,
  },
  {
    name: "manual: the socket is stored in a Set other modules read (exported)",
    ...manual,
    code: `
export const sessions = new Set<WebSocket>();
const [client, server] = Object.values(new WebSocketPair());
server.accept();
sessions.add(server);
server.addEventListener("close", () => {
  sessions.delete(server);
});
`,
  },
  {
    name: "manual: the socket is added to an object of another module (its add() may close it)",
    ...manual,
    code: `
import { room } from "./room";
const [client, server] = Object.values(new WebSocketPair());
server.accept();
room.add(server);
server.addEventListener("close", () => {
  room.delete(server);
});
`,
  },
  {
    name: "manual: the socket is stored in a Map that is handed to other code",
    ...manual,
    code: `
const sessions = new Map<string, WebSocket>();
startJanitor(sessions);
const [client, server] = Object.values(new WebSocketPair());
server.accept();
sessions.set("a", server);
server.addEventListener("close", () => {
  sessions.delete("a");
});
`,
  },
];

// ---------------------------------------------------------------------------
// Reported, with the reply appended
// ---------------------------------------------------------------------------

const fixed: Invalid[] = [
  {
    name: "manual: the socket is kept in a Map the file reads back only to send (no close can reach it)",
    ...manual,
    code: `
const members = new Map<WebSocket, string>();
function broadcast(text: string) {
  for (const socket of members.keys()) socket.send(text);
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
members.set(server, "guest");
server.addEventListener("close", () => {
  members.delete(server);
  broadcast("left");
});
`,
    errors: [{ messageId: "missingReply", line: 9, column: 1 }],
    output: `
const members = new Map<WebSocket, string>();
function broadcast(text: string) {
  for (const socket of members.keys()) socket.send(text);
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
members.set(server, "guest");
server.addEventListener("close", (event: CloseEvent) => {
  members.delete(server);
  broadcast("left");
${reply()}
});
`,
  },
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
    name: "manual: no close listener, and accept() is not a statement of its own",
    ...manual,
    code: pair(`server.addEventListener("message", (event) => server.send(String(event.data)));`, "if (ready) server.accept();"),
    errors: [{ messageId: "missingCloseListener", line: 3, column: 12 }],
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
    name: "manual: no close listener, and other code follows accept() on its line",
    ...manual,
    code: pair(`server.addEventListener("message", (event) => server.send(String(event.data)));`, "server.accept(); server.send(\"hi\");"),
    errors: [{ messageId: "missingCloseListener", line: 3, column: 1 }],
    output: null,
  },
];

// ---------------------------------------------------------------------------
// An accepted socket without any close listener (issue 10, recall 6)
// ---------------------------------------------------------------------------

/** The listener added after `accept()`, at `indent`. */
function listener(socket = "server", indent = "", param = "(event: CloseEvent)", semi = ";", quote = '"'): string {
  return `${indent}${socket}.addEventListener(${quote}close${quote}, ${param} => {
${reply("event.code", "event.reason", socket, `${indent}  `, semi)}
${indent}})${semi}`;
}

const ECHOES = `server.addEventListener("message", (event) => server.send(String(event.data)));`;

const noListener: Invalid[] = [
  {
    name: "manual: pair ends taken as [pair[0], pair[1]] (a relay's shape), accepted without a close listener",
    ...manual,
    code: `
const pair = new WebSocketPair();
const [client, server] = [pair[0], pair[1]];
server.accept();
${ECHOES}
`,
    errors: [{ messageId: "missingCloseListener", line: 4, column: 1 }],
    output: `
const pair = new WebSocketPair();
const [client, server] = [pair[0], pair[1]];
server.accept();
${listener()}
${ECHOES}
`,
  },
  {
    name: "manual: a WebSocketPair end accepted without a close listener gets one after accept()",
    ...manual,
    code: pair(ECHOES),
    errors: [{ messageId: "missingCloseListener", line: 3, column: 1 }],
    output: pair(ECHOES, `server.accept();\n${listener()}`),
  },
  {
    name: "mixed: the listener is added where one environment's date is old",
    ...mixed,
    code: pair(ECHOES),
    errors: [{ messageId: "missingCloseListener", line: 3, column: 1 }],
    output: pair(ECHOES, `server.accept();\n${listener()}`),
  },
  {
    name: "manual: a fetch() response's socket, in JavaScript without semicolons, with single quotes and a comment after accept()",
    ...manual,
    filename: "worker.js",
    code: `
export async function connect(url) {
  const response = await fetch(url, { headers: { Upgrade: 'websocket' } })
  const backend = response.webSocket
  backend.accept() // the backend leg
  backend.addEventListener('message', (event) => console.log(event.data))
  return response.status
}
`,
    errors: [{ messageId: "missingCloseListener", line: 5, column: 3 }],
    output: `
export async function connect(url) {
  const response = await fetch(url, { headers: { Upgrade: 'websocket' } })
  const backend = response.webSocket
  backend.accept() // the backend leg
${listener("backend", "  ", "(event)", "", "'")}
  backend.addEventListener('message', (event) => console.log(event.data))
  return response.status
}
`,
  },
  {
    name: "auto: a half-open socket without any close handler gets the listener",
    ...auto,
    code: pair(ECHOES, "server.accept({ allowHalfOpen: true });"),
    errors: [{ messageId: "halfOpenWithoutCloseHandler", line: 3, column: 1 }],
    output: pair(ECHOES, `server.accept({ allowHalfOpen: true });\n${listener()}`),
  },
];

const silentNoListener: Valid[] = [
  {
    name: "manual: [pair[0], other]: the binding at index 1 is not a pair end, so nothing proves it a socket",
    ...manual,
    code: `
declare const other: WebSocket;
const pair = new WebSocketPair();
const [client, server] = [pair[0], other];
server.accept();
${ECHOES}
`,
  },
  {
    name: "auto: an accepted socket without a close listener gets the runtime's reply",
    ...auto,
    code: pair(ECHOES),
  },
  {
    name: "manual: accept({ allowHalfOpen: false }) without a close listener gets the runtime's reply on every date",
    ...manual,
    code: pair(ECHOES, "server.accept({ allowHalfOpen: false });"),
  },
  {
    name: "manual: a socket that arrives as a parameter may get its close listener from its caller",
    ...manual,
    code: `
export function handleSession(websocket: WebSocket) {
  websocket.accept();
  websocket.addEventListener("message", (event) => websocket.send(String(event.data)));
}
`,
  },
  {
    name: "manual: a socket without a close listener that is handed to other code",
    ...manual,
    code: pair(`attach(server);`),
  },
  {
    name: "manual: a socket without a close listener that the file closes itself",
    ...manual,
    code: pair(`server.addEventListener("message", () => server.close(1000, "done"));`),
  },
  {
    name: "manual: a close listener that is not a function of this file",
    ...manual,
    code: pair(`server.addEventListener("close", onCloseFromElsewhere);`),
  },
  {
    name: "manual: an onclose assignment of a function from elsewhere",
    ...manual,
    code: pair(`server.onclose = handlers.close;`),
  },
  {
    name: "manual: a proxy leg without a close listener that its peer's close handler closes",
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
      backend.close();
      server.close();
    });
    backend.addEventListener("message", (event) => server.send(event.data));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
  },
];

// ---------------------------------------------------------------------------
// A reply behind a readyState guard the closing socket never passes (issue 10, recall 9):
// in its own close handler the socket's readyState is 2 (CLOSING) where the runtime does not reply
// ---------------------------------------------------------------------------

const guardedOff: Invalid[] = [
  {
    name: "manual: a close behind readyState === WebSocket.OPEN never runs; the safe reply is appended",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WebSocket.OPEN) server.close(event.code, event.reason);
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WebSocket.OPEN) server.close(event.code, event.reason);
${reply()}
});`),
  },
  {
    name: "manual: readyState === 1 (and the constant on the left)",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (1 === server.readyState) {
    server.close(event.code, event.reason);
  }
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (event) => {
  if (1 === server.readyState) {
    server.close(event.code, event.reason);
  }
${reply()}
});`),
  },
  {
    name: "manual: the safeClose(ws) helper idiom with an OPEN guard",
    ...manual,
    code: `
function safeClose(ws: WebSocket, code: number, reason: string) {
  if (ws.readyState === WebSocket.OPEN) {
    ws.close(code, reason);
  }
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  safeClose(server, event.code, event.reason);
});
`,
    errors: [{ messageId: "missingReply", line: 9, column: 1 }],
    output: `
function safeClose(ws: WebSocket, code: number, reason: string) {
  if (ws.readyState === WebSocket.OPEN) {
    ws.close(code, reason);
  }
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  safeClose(server, event.code, event.reason);
${reply()}
});
`,
  },
  {
    name: "manual: OPEN || CONNECTING is never true while closing, nor is a close in a timer behind it",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  setTimeout(() => {
    if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CONNECTING) server.close();
  }, 10);
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (event) => {
  setTimeout(() => {
    if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CONNECTING) server.close();
  }, 10);
${reply()}
});`),
  },
  {
    name: "manual: a close after an early return on readyState !== OPEN: the reply goes before the return",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  sessions.delete(server);
  if (server.readyState !== WebSocket.OPEN) return;
  server.close(event.code, event.reason);
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (event) => {
  sessions.delete(server);
${reply()}
  if (server.readyState !== WebSocket.OPEN) return;
  server.close(event.code, event.reason);
});`),
  },
  {
    name: "manual: an early return while closing after another statement that can return: reported without a fix",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (!sessions.has(server)) return;
  if (server.readyState !== WebSocket.OPEN) return;
  server.close(event.code, event.reason);
});`),
    errors: [...missing],
    output: null,
  },
  {
    name: "manual: a guard on a const of the file (const WS_READY_STATE_OPEN = 1)",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WS_READY_STATE_OPEN) server.close();
});
const WS_READY_STATE_OPEN = 1;`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WS_READY_STATE_OPEN) server.close();
${reply()}
});
const WS_READY_STATE_OPEN = 1;`),
  },
  {
    name: "manual: a guard written with the socket's own constant and &&",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  server.readyState === server.OPEN && server.close();
});`),
    errors: [...missing],
    output: pair(`server.addEventListener("close", (event) => {
  server.readyState === server.OPEN && server.close();
${reply()}
});`),
  },
  {
    name: "auto: a half-open socket whose only reply is behind an OPEN guard",
    ...auto,
    code: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WebSocket.OPEN) server.close(event.code, event.reason);
});`, "server.accept({ allowHalfOpen: true });"),
    errors: [...halfOpenMissing],
    output: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WebSocket.OPEN) server.close(event.code, event.reason);
${reply()}
});`, "server.accept({ allowHalfOpen: true });"),
  },
];

/** A relay to a `new WebSocket` upstream whose close handler closes `server` only while it is OPEN (`serverHandler` from line 9). */
function relayWithOpenGuard(serverHandler: string): string {
  return `
export function relay(): Response {
  const upstream = new WebSocket("wss://api.example/realtime");
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  upstream.addEventListener("close", (event) => {
    if (server.readyState === WebSocket.OPEN) server.close(event.code, event.reason);
  });
${serverHandler}
  return new Response(null, { status: 101, webSocket: client });
}
`;
}

guardedOff.push(
  {
    name: "manual: a relay whose upstream close handler closes the client leg only while OPEN: in the chain the client started, it is CLOSING",
    ...manual,
    code: relayWithOpenGuard(`  server.addEventListener("close", () => {
    if (upstream.readyState < WebSocket.CLOSING) upstream.close(1000, "Client disconnected");
  });`),
    errors: [{ messageId: "missingReply", line: 9, column: 3 }],
    output: relayWithOpenGuard(`  server.addEventListener("close", (event: CloseEvent) => {
    if (upstream.readyState < WebSocket.CLOSING) upstream.close(1000, "Client disconnected");
${reply("event.code", "event.reason", "server", "    ")}
  });`),
  },
  {
    name: "manual: the backend leg's close is forwarded to the client, whose close handler closes the backend only while OPEN",
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
      if (backend.readyState === WebSocket.OPEN) backend.close(event.code, event.reason);
    });
    backend.addEventListener("close", (event) => server.close(event.code, event.reason));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
    errors: [{ messageId: "missingReply", line: 12, column: 5 }],
    output: null,
  },
);

const guardPasses: Valid[] = [
  {
    name: "manual: readyState === OPEN || readyState === CLOSING passes while closing",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CLOSING) server.close(event.code, event.reason);
});`),
  },
  {
    name: "manual: OPEN || CLOSING with consts of the file passes while closing",
    ...manual,
    code: pair(`const WS_READY_STATE_OPEN = 1;
const WS_READY_STATE_CLOSING = 2;
server.addEventListener("close", (event) => {
  if (server.readyState === WS_READY_STATE_OPEN || server.readyState === WS_READY_STATE_CLOSING) server.close();
});`),
  },
  {
    name: "manual: a let bound to a number is not a constant the core reads",
    ...manual,
    code: pair(`let OPEN_STATE = 1;
server.addEventListener("close", (event) => {
  if (server.readyState === OPEN_STATE) server.close();
});
OPEN_STATE = 2;`),
  },
  {
    name: "manual: readyState !== CLOSED passes while closing",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (server.readyState !== WebSocket.CLOSED) server.close(event.code, event.reason);
});`),
  },
  {
    name: "manual: an early return on readyState === CLOSED does not return while closing",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WebSocket.CLOSED) return;
  server.close(event.code, event.reason);
});`),
  },
  {
    name: "manual: a guard the core cannot read counts as passed",
    ...manual,
    code: pair(`server.addEventListener("close", (event) => {
  if (isOpen(server)) server.close(event.code, event.reason);
});`),
  },
  {
    name: "manual: a proxy whose peer's close handler closes this leg unguarded",
    ...manual,
    code: `
export function relay(): Response {
  const upstream = new WebSocket("wss://api.example/realtime");
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  upstream.addEventListener("close", (event) => {
    server.close(1000, "upstream closed");
  });
  server.addEventListener("close", () => {
    if (upstream.readyState < WebSocket.CLOSING) upstream.close(1000, "Client disconnected");
  });
  return new Response(null, { status: 101, webSocket: client });
}
`,
  },
  {
    name: "manual: a proxy whose peer's close handler closes this leg behind readyState !== CLOSED (passes while closing)",
    ...manual,
    code: `
export function relay(): Response {
  const upstream = new WebSocket("wss://api.example/realtime");
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  upstream.addEventListener("close", (event) => {
    if (server.readyState !== WebSocket.CLOSED) server.close(1000, "upstream closed");
  });
  server.addEventListener("close", () => {
    if (upstream.readyState < WebSocket.CLOSING) upstream.close(1000, "Client disconnected");
  });
  return new Response(null, { status: 101, webSocket: client });
}
`,
  },
  {
    name: "manual: an OPEN-guarded close in a handler shared with the error event (it runs while open there)",
    ...manual,
    code: pair(`function end() {
  if (server.readyState === WebSocket.OPEN) server.close(1011, "error");
}
server.addEventListener("error", end);
server.addEventListener("close", end);
server.addEventListener("close", () => console.log("closed"));`),
  },
  {
    name: "auto: an OPEN guard where the runtime replies itself",
    ...auto,
    code: pair(`server.addEventListener("close", (event) => {
  if (server.readyState === WebSocket.OPEN) server.close(event.code, event.reason);
});`),
  },
];

// ---------------------------------------------------------------------------
// Hono's onClose(event, ws) (issue 10, recall 8): hono/cloudflare-workers accepts the socket
// without options and never replies itself (its upgradeWebSocket only forwards the close event)
// ---------------------------------------------------------------------------

/** A Hono route (onClose's property on line 5) whose events object's members are `members`. */
function honoRoute(members: string): string {
  return `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket((c) => {
  const name = c.req.param("name");
  return {
${members}
  };
});
`;
}

const HONO_ON_CLOSE_LOGS = `    onClose(event, ws) {
      console.log(name, "left", event.code);
    },`;

const honoInvalid: Invalid[] = [
  {
    name: "manual: a Hono onClose that never closes ws gets the safe reply",
    ...manual,
    code: honoRoute(`    onMessage(event, ws) {
      ws.send(String(event.data));
    },
${HONO_ON_CLOSE_LOGS}`),
    errors: [{ messageId: "missingReply", line: 8, column: 5 }],
    output: honoRoute(`    onMessage(event, ws) {
      ws.send(String(event.data));
    },
    onClose(event, ws) {
      console.log(name, "left", event.code);
${reply("event.code", "event.reason", "ws", "      ")}
    },`),
  },
  {
    name: "mixed: a Hono onClose arrow with its own parameter names",
    ...mixed,
    code: honoRoute(`    onClose: (evt, socket) => {
      console.log(name, "left");
    },`),
    errors: [{ messageId: "missingReply", line: 5, column: 5 }],
    output: honoRoute(`    onClose: (evt, socket) => {
      console.log(name, "left");
${reply("evt.code", "evt.reason", "socket", "      ")}
    },`),
  },
  {
    name: "manual: a Hono onClose whose close is behind readyState === 1 (CLOSING there)",
    ...manual,
    code: honoRoute(`    onClose(event, ws) {
      if (ws.readyState === 1) ws.close(1000, "bye");
    },`),
    errors: [{ messageId: "missingReply", line: 5, column: 5 }],
    output: honoRoute(`    onClose(event, ws) {
      if (ws.readyState === 1) ws.close(1000, "bye");
${reply("event.code", "event.reason", "ws", "      ")}
    },`),
  },
];

const HONO_ECHO_MESSAGE = `    onMessage(event, ws) {
      ws.send(String(event.data));
    },`;

const HONO_ADDED_ON_CLOSE = `    onClose(event, ws) {
${reply("event.code", "event.reason", "ws", "      ")}
    },`;

const honoWithoutOnClose: Invalid[] = [
  {
    name: "manual: a Hono events object without onClose gets one (Hono then adds no close listener)",
    ...manual,
    code: honoRoute(HONO_ECHO_MESSAGE),
    errors: [{ messageId: "honoWithoutOnClose", line: 4, column: 10 }],
    output: honoRoute(`${HONO_ECHO_MESSAGE}
${HONO_ADDED_ON_CLOSE}`),
  },
  {
    name: "manual: without a trailing comma, the comma goes after the last member",
    ...manual,
    code: honoRoute(HONO_ECHO_MESSAGE.slice(0, -1)),
    errors: [{ messageId: "honoWithoutOnClose", line: 4, column: 10 }],
    output: honoRoute(`${HONO_ECHO_MESSAGE}
${HONO_ADDED_ON_CLOSE.slice(0, -1)}`),
  },
  {
    name: "manual: Hono's own example, an onClose without parameters: event and ws are added with the reply",
    ...manual,
    code: honoRoute(`${HONO_ECHO_MESSAGE}
    onClose: () => {
      console.log("Connection closed");
    },`),
    errors: [{ messageId: "missingReply", line: 8, column: 5 }],
    output: honoRoute(`${HONO_ECHO_MESSAGE}
    onClose: (event, ws) => {
      console.log("Connection closed");
${reply("event.code", "event.reason", "ws", "      ")}
    },`),
  },
  {
    name: "manual: an onClose method without parameters gets (event, ws)",
    ...manual,
    code: honoRoute(`    onClose() {
      console.log("closed");
    },`),
    errors: [{ messageId: "missingReply", line: 5, column: 5 }],
    output: honoRoute(`    onClose(event, ws) {
      console.log("closed");
${reply("event.code", "event.reason", "ws", "      ")}
    },`),
  },
  {
    name: "manual: an onClose method with only its event parameter gets ws",
    ...manual,
    code: honoRoute(`    onClose(evt) {
      console.log("closed", evt.code);
    },`),
    errors: [{ messageId: "missingReply", line: 5, column: 5 }],
    output: honoRoute(`    onClose(evt, ws) {
      console.log("closed", evt.code);
${reply("evt.code", "evt.reason", "ws", "      ")}
    },`),
  },
  {
    name: "manual: an onClose without ws that reads another ws: reported without a fix (the name is taken)",
    ...manual,
    code: honoRoute(`    onClose: () => {
      ws.send("bye");
    },`),
    errors: [{ messageId: "missingReply", line: 5, column: 5 }],
    output: null,
  },
  {
    name: "manual: an events object on one line is reported without a fix",
    ...manual,
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({ onMessage(event, ws) { ws.send("pong"); } }));
`,
    errors: [{ messageId: "honoWithoutOnClose", line: 2, column: 46 }],
    output: null,
  },
];

const honoValid: Valid[] = [
  {
    name: "auto: a Hono events object without onClose (the runtime replies)",
    ...auto,
    code: honoRoute(HONO_ECHO_MESSAGE),
  },
  {
    name: "manual: a Hono events object without onClose whose onMessage closes ws",
    ...manual,
    code: honoRoute(`    onMessage(event, ws) {
      ws.close(1000, "one message only");
    },`),
  },
  {
    name: "manual: a Hono events object with a computed key that may be onClose",
    ...manual,
    code: honoRoute(`${HONO_ECHO_MESSAGE}
    [handlerName]: () => {},`),
  },
  {
    name: "manual: an onClose without ws that closes something (it may reach the socket another way)",
    ...manual,
    code: honoRoute(`    onClose: () => {
      sockets.get(name)?.close();
    },`),
  },
  {
    name: "manual: hono/deno is not the Workers adapter",
    ...manual,
    code: honoRoute(HONO_ECHO_MESSAGE).replace("hono/cloudflare-workers", "hono/deno"),
  },
  {
    name: "auto: Hono accepts without options, so the runtime replies",
    ...auto,
    code: honoRoute(HONO_ON_CLOSE_LOGS),
  },
  {
    name: "manual: a Hono onClose that replies",
    ...manual,
    code: honoRoute(`    onClose(event, ws) {
      ws.close(1000, "bye");
    },`),
  },
  {
    name: "manual: Hono's onMessage starts the close itself",
    ...manual,
    code: honoRoute(`    onMessage(event, ws) {
      if (event.data === "bye") ws.close(1000, "done");
    },
${HONO_ON_CLOSE_LOGS}`),
  },
  {
    name: "manual: Hono's onMessage keeps ws where other code can close it",
    ...manual,
    code: honoRoute(`    onMessage(event, ws) {
      register(name, ws);
    },
${HONO_ON_CLOSE_LOGS}`),
  },
  {
    name: "manual: a Hono handler reads ws.raw, the raw socket",
    ...manual,
    code: honoRoute(`    onMessage(event, ws) {
      track(ws.raw);
    },
${HONO_ON_CLOSE_LOGS}`),
  },
  {
    name: "manual: a Hono events object with a spread",
    ...manual,
    code: honoRoute(`    ...shared,
${HONO_ON_CLOSE_LOGS}`),
  },
  {
    name: "manual: a Hono handler from elsewhere",
    ...manual,
    code: honoRoute(`    onMessage: handleMessage,
${HONO_ON_CLOSE_LOGS}`),
  },
];


// ---------------------------------------------------------------------------
// Sockets kept in a class field collection (field-collections.ts)
// ---------------------------------------------------------------------------

const ROOM_CLOSE = `    socket.addEventListener("close", () => {
      this.clients.delete(socket);
    });`;
const ROOM_CLOSE_FIXED = `    socket.addEventListener("close", (event: CloseEvent) => {
      this.clients.delete(socket);
${reply("event.code", "event.reason", "socket", "      ")}
    });`;
const ROOM_RELAY = `    socket.addEventListener("message", (event) => {
      for (const client of this.clients) {
        if (client !== socket) client.send(event.data);
      }
    });`;

/**
 * A Durable Object of the TheoManager-relay shape: `constructor(state, env)`, `fetch`, the module asks
 * for a stub, the sockets in `this.clients`. `members` replaces the field's declaration, the
 * constructor's `init` and the class's `extra` members; `head` goes first.
 */
function room({
  head = "",
  classHead = "export class Room {",
  members = "",
  init = "    this.clients = new Set();",
  relay = ROOM_RELAY,
  extra = "",
  close = ROOM_CLOSE,
}: { head?: string; classHead?: string; members?: string; init?: string; relay?: string; extra?: string; close?: string } = {}): string {
  return `${head}
export default {
  async fetch(request: Request, env: Env) {
    return env.ROOM.get(env.ROOM.idFromName("lobby")).fetch(request);
  },
};

${classHead}
${members}
  constructor(state: DurableObjectState, env: Env) {
    this.state = state;
${init}
  }

  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.handleSession(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  handleSession(socket: WebSocket) {
    socket.accept();
    this.clients.add(socket);
${relay}
${close}
  }
${extra}
}
`;
}

/** The line and column of the room's close registration. */
function roomError(code: string, messageId: MessageIds = "missingReply") {
  const line = code.split("\n").findIndex((text) => text.includes(`socket.addEventListener("close"`)) + 1;
  return [{ messageId, line, column: 5 }];
}

/** An invalid room case: the reply is appended to the close handler; `edit` changes both code and output. */
function roomFixed(name: string, parts: Parameters<typeof room>[0], edit = (code: string) => code): Invalid {
  const code = edit(room(parts));
  return { name, ...manual, code, errors: roomError(code), output: edit(room({ ...parts, close: ROOM_CLOSE_FIXED })) };
}

/** The Worker makes the class's instances itself: the class is no Durable Object the runtime makes. */
function plainClass(code: string): string {
  return code.replace(
    `    return env.ROOM.get(env.ROOM.idFromName("lobby")).fetch(request);`,
    `    return new Hub(env.STATE, env).fetch(request);`,
  );
}

const WHITEBOARD = `export class WhiteboardRoom {
  constructor(state, env) {
    this.state = state;
    this.sessions = new Map();
  }

  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.handleSession(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  handleSession(ws) {
    ws.accept();
    const session = {};
    this.sessions.set(ws, session);
    ws.addEventListener("message", (event) => this.broadcast(event.data, session));
    ws.addEventListener("close", () => {
      this.sessions.delete(ws);
      if (this.sessions.size === 0) this.state.storage.delete("passcode");
    });
  }

  broadcast(message, origin) {
    for (const [ws, session] of this.sessions.entries()) {
      if (session !== origin) {
        try {
          ws.send(message);
        } catch {
          this.sessions.delete(ws);
        }
      }
    }
  }
}

export default {
  fetch(request, env) {
    return env.ROOMS.get(env.ROOMS.idFromName("a")).fetch(request);
  },
};
`;

const fieldFixed: Invalid[] = [
  roomFixed("manual: a Durable Object keeps its sockets in this.clients and only relays to them", {}),
  {
    name: "manual: a Durable Object keeps its sockets as keys of this.sessions, sends while iterating entries(), reads size",
    ...manual,
    filename: "worker.js",
    code: WHITEBOARD,
    errors: [{ messageId: "missingReply", line: 18, column: 5 }],
    output: WHITEBOARD.replace(
      `    ws.addEventListener("close", () => {
      this.sessions.delete(ws);
      if (this.sessions.size === 0) this.state.storage.delete("passcode");
    });`,
      `    ws.addEventListener("close", (event) => {
      this.sessions.delete(ws);
      if (this.sessions.size === 0) this.state.storage.delete("passcode");
${reply("event.code", "event.reason", "ws", "      ")}
    });`,
    ),
  },
  roomFixed("manual: the field is initialized where it is declared, in a class extending DurableObject", {
    head: `import { DurableObject } from "cloudflare:workers";`,
    classHead: "export class Room extends DurableObject {",
    members: "  clients = new Set<WebSocket>();",
    init: "",
  }),
  roomFixed("manual: the elements are read with forEach, checked with readyState, and logged", {
    relay: `    socket.addEventListener("message", (event) => {
      this.clients.forEach((client) => {
        if (client.readyState === WebSocket.OPEN) client.send(event.data);
        else console.log("not open", client);
      });
    });`,
  }),
  roomFixed(
    "manual: a Durable Object in a module without the Worker: its constructor takes a DurableObjectState",
    { init: "    this.clients = new Set<WebSocket>();" },
    (code) => code.replace(/\nexport default \{[\s\S]*?\n\};\n/, "").replace("constructor(state: DurableObjectState, env: Env)", "constructor(state: DurableObjectState)"),
  ),
  roomFixed(
    "manual: a #private field of a class the Worker itself makes (no Durable Object)",
    { classHead: "export class Hub {", members: "  #clients = new Set<WebSocket>();\n  get count() {\n    return this.#clients.size;\n  }", init: "" },
    (code) => plainClass(code).replaceAll("this.clients", "this.#clients"),
  ),
  roomFixed(
    "manual: a TypeScript private field of a class the Worker itself makes (no Durable Object)",
    { classHead: "export class Hub {", members: "  private clients: Set<WebSocket> = new Set();", init: "" },
    plainClass,
  ),
  roomFixed(
    "manual: a TypeScript private field assigned in the constructor",
    { classHead: "export class Hub {", members: "  private readonly clients: Set<WebSocket>;", init: "    this.clients = new Set<WebSocket>();" },
    plainClass,
  ),
];

const fieldValid: Valid[] = [
  {
    name: "manual: an element of the field is closed while iterating (the close event may be the peer's answer)",
    ...manual,
    code: room({ extra: `
  shutdown() {
    for (const c of this.clients) c.close(1001, "going away");
  }` }),
  },
  {
    name: "manual: the field is handed to a function of another module",
    ...manual,
    code: room({ head: `import { broadcast } from "./broadcast";`, extra: `
  announce(text: string) {
    broadcast(this.clients, text);
  }` }),
  },
  {
    name: "manual: a method returns the field",
    ...manual,
    code: room({ extra: `
  all() {
    return this.clients;
  }` }),
  },
  {
    name: "manual: the field is reassigned outside the constructor",
    ...manual,
    code: room({ extra: `
  reset() {
    this.clients = new Set();
  }` }),
  },
  {
    name: "manual: the field is reassigned with a filtered array",
    ...manual,
    code: room({ init: "    this.clients = [];" }).replace("this.clients.add(socket)", "this.clients.push(socket)").replace(
      "this.clients.delete(socket);",
      "this.clients = this.clients.filter((c) => c !== socket);",
    ),
  },
  {
    name: "manual: a public field of an exported class that is no Durable Object (other modules may read it)",
    ...manual,
    code: plainClass(room({ classHead: "export class Hub {" })),
  },
  {
    name: "manual: a public field of a class the file names elsewhere",
    ...manual,
    code: room({ extra: `
}
export function spare(state: DurableObjectState, env: Env) {
  return new Room(state, env);` }),
  },
  {
    name: "manual: the Durable Object hands itself on (this escapes)",
    ...manual,
    code: room({ head: `import { register } from "./registry";`, init: "    this.clients = new Set();\n    register(this);" }),
  },
  {
    name: "manual: a Durable Object extending a base class of another module",
    ...manual,
    code: room({ head: `import { BaseRoom } from "./base";`, classHead: "export class Room extends BaseRoom {" }),
  },
  {
    name: "manual: the caller of handleSession closes the socket it passes, on a timer",
    ...manual,
    code: room().replace(
      "    this.handleSession(server);\n",
      "    server.accept();\n    this.handleSession(server);\n    setTimeout(() => server.close(1000, \"time is up\"), 60_000);\n",
    ),
  },
  {
    name: "manual: the caller of a handleSession function closes the socket it passes (no collection)",
    ...manual,
    code: `
function handleSession(ws: WebSocket) {
  ws.accept();
  ws.addEventListener("close", () => console.log("closed"));
}
export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    handleSession(server);
    server.addEventListener("message", (event) => {
      if (event.data === "bye") server.close(1000, "done");
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
  },
  {
    name: "manual: a class with a public field, fetch() and an untyped constructor(state, env), in a module that asks for no stub",
    ...manual,
    code: room().replace(/\nexport default \{[\s\S]*?\n\};\n/, "").replaceAll(": DurableObjectState", ""),
  },
  {
    name: "manual: an abstract Durable Object (subclasses elsewhere may read the field)",
    ...manual,
    code: room({ classHead: "export abstract class Room {" }),
  },
  {
    name: "manual: a protected field of a Durable Object (a subclass in another module may read it)",
    ...manual,
    code: room({ members: "  protected clients: Set<WebSocket> = new Set();", init: "" }),
  },
  {
    name: "manual: a field with a getter of its name",
    ...manual,
    code: room({ extra: `
  get clients() {
    return this.pool;
  }` }),
  },
  {
    name: "manual: an element is handed to another function",
    ...manual,
    code: room({ head: `import { notify } from "./notify";`, relay: `    socket.addEventListener("message", () => {
      for (const c of this.clients) notify(c);
    });` }),
  },
  {
    name: "manual: an element gets a close listener",
    ...manual,
    code: room({ head: `import { onGone } from "./presence";`, extra: `
  watch() {
    this.clients.forEach((c) => c.addEventListener("close", onGone));
  }` }),
  },
  {
    name: "manual: a #private field read on another instance",
    ...manual,
    code: plainClass(room({ classHead: "export class Hub {", members: "  #clients = new Set<WebSocket>();", init: "", extra: `
  static drain(other: Hub) {
    for (const c of other.#clients) c.send("drained");
  }` })).replaceAll("this.clients", "this.#clients"),
  },
  {
    name: "manual: the field is read in a nested function, whose this we cannot bound",
    ...manual,
    code: room({ extra: `
  timer() {
    setInterval(function () {
      for (const c of this.clients) c.send("ping");
    }, 1000);
  }` }),
  },
  {
    name: "manual: a value taken with get() is handed on",
    ...manual,
    code: room({ head: `import { forward } from "./forward";`, init: "    this.clients = new Map();" }).replace(
      "this.clients.add(socket)",
      "this.clients.set(socket, socket)",
    ).replace(`${ROOM_RELAY}`, `    socket.addEventListener("message", () => {
      forward(this.clients.get(socket));
    });`),
  },
];


// ---------------------------------------------------------------------------
// Sockets kept in a class field, assigned once (issue 10, recall 4)
// ---------------------------------------------------------------------------

/**
 * A Durable Object that keeps the accepted end in `this.client`: `write` assigns it
 * (in `fetch` unless `inConstructor`), `handler` is its close handler, `extra` more members.
 */
function fieldRoom(options: { handler?: string; write?: string; inConstructor?: boolean; extra?: string; head?: string; classHead?: string } = {}): string {
  const {
    handler = `    this.client.addEventListener("close", () => {
      console.log("client left");
    });`,
    write = "this.client = pair[1];",
    inConstructor = false,
    extra = "",
    head = "",
    classHead = "export class Session {",
  } = options;
  const setup = `    const pair = new WebSocketPair();
    ${write}
    this.client.accept();
${handler}`;
  return `${head}
${classHead}
  client: WebSocket | null = null;
  constructor(state: DurableObjectState, env: Env) {
${inConstructor ? `${setup}\n    this.end = pair[0];` : ""}
  }
  async fetch(request: Request): Promise<Response> {
${inConstructor ? "" : setup}
    return new Response(null, { status: 101, webSocket: ${inConstructor ? "this.end" : "pair[0]"} });
  }${extra}
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return env.SESSION.get(env.SESSION.idFromName("a")).fetch(request);
  },
};
`;
}

/** `code` with `from` replaced by `to`; throws when `from` is missing (a fix that no longer matches its test). */
function edited(code: string, from: string, to: string): string {
  if (!code.includes(from)) throw new Error(`missing: ${from}`);
  return code.replace(from, to);
}

const LOGS = `    this.client.addEventListener("close", () => {
      console.log("client left");
    });`;
/** LOGS fixed with a local captured just before the registration. */
const LOGS_CAPTURED = `    const socket = this.client;
    this.client.addEventListener("close", (event: CloseEvent) => {
      console.log("client left");
${reply("event.code", "event.reason", "socket", "      ")}
    });`;

const fieldSocketInvalid: Invalid[] = [
  {
    name: "manual: a Durable Object's this.client written once in fetch(), whose close handler only logs: the reply closes a local taken just before the registration (fetch may run again)",
    ...manual,
    code: fieldRoom(),
    output: edited(fieldRoom(), LOGS, LOGS_CAPTURED),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "manual: written once in the constructor: this.client in the arrow handler is always the socket, the reply is appended",
    ...manual,
    code: fieldRoom({ inConstructor: true }),
    output: fieldRoom({
      inConstructor: true,
      handler: `    this.client.addEventListener("close", (event: CloseEvent) => {
      console.log("client left");
${reply("event.code", "event.reason", "this.client", "      ")}
    });`,
    }),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "manual: an onclose handler of a private field, from Object.values(pair)",
    ...manual,
    code: fieldRoom({
      classHead: "class Session {",
      write: "const [peer, server] = Object.values(pair);\n    this.#client = server;",
      handler: `    this.#client.onclose = () => {
      console.log("client left");
    };`,
    })
      .replace("  client: WebSocket | null = null;", "  #client: WebSocket | null = null;")
      .replaceAll("this.client", "this.#client")
      .replace("webSocket: pair[0]", "webSocket: peer")
      .replace("export default {", "export const make = (state: DurableObjectState, env: Env) => new Session(state, env);\nexport default {"),
    output: edited(
      fieldRoom({
      classHead: "class Session {",
      write: "const [peer, server] = Object.values(pair);\n    this.#client = server;",
      handler: `    this.#client.onclose = () => {
      console.log("client left");
    };`,
    })
      .replace("  client: WebSocket | null = null;", "  #client: WebSocket | null = null;")
      .replaceAll("this.client", "this.#client")
      .replace("webSocket: pair[0]", "webSocket: peer")
      .replace("export default {", "export const make = (state: DurableObjectState, env: Env) => new Session(state, env);\nexport default {"),
      `    this.#client.onclose = () => {
      console.log("client left");
    };`,
      `    const socket = this.#client;
    this.#client.onclose = (event: CloseEvent) => {
      console.log("client left");
${reply("event.code", "event.reason", "socket", "      ")}
    };`,
    ),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "manual: an object field this.sockets.upstream holding a fetch() response's socket",
    ...manual,
    code: `
export class Proxy {
  sockets: { upstream: WebSocket | null } = { upstream: null };
  constructor(state: DurableObjectState, env: Env) {}
  async fetch(request: Request): Promise<Response> {
    const resp = await fetch("https://backend.example", { headers: { Upgrade: "websocket" } });
    if (!resp.webSocket) return new Response("no upgrade", { status: 502 });
    this.sockets.upstream = resp.webSocket;
    this.sockets.upstream.accept();
    this.sockets.upstream.addEventListener("close", (event) => {
      console.log("backend closed", event.code);
    });
    this.sockets.upstream.send("hello");
    return new Response("ok");
  }
}
`,
    output: edited(
      `
export class Proxy {
  sockets: { upstream: WebSocket | null } = { upstream: null };
  constructor(state: DurableObjectState, env: Env) {}
  async fetch(request: Request): Promise<Response> {
    const resp = await fetch("https://backend.example", { headers: { Upgrade: "websocket" } });
    if (!resp.webSocket) return new Response("no upgrade", { status: 502 });
    this.sockets.upstream = resp.webSocket;
    this.sockets.upstream.accept();
    this.sockets.upstream.addEventListener("close", (event) => {
      console.log("backend closed", event.code);
    });
    this.sockets.upstream.send("hello");
    return new Response("ok");
  }
}
`,
      `    this.sockets.upstream.addEventListener("close", (event) => {
      console.log("backend closed", event.code);
`,
      `    const socket = this.sockets.upstream;
    this.sockets.upstream.addEventListener("close", (event) => {
      console.log("backend closed", event.code);
${reply("event.code", "event.reason", "socket", "      ")}
`,
    ),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "any date: a half-open field socket whose close handler never replies",
    ...auto,
    code: fieldRoom({ inConstructor: false }).replace("this.client.accept();", "this.client.accept({ allowHalfOpen: true });"),
    output: edited(fieldRoom({ inConstructor: false }).replace("this.client.accept();", "this.client.accept({ allowHalfOpen: true });"), LOGS, LOGS_CAPTURED),
    errors: [{ messageId: "halfOpenMissingReply" }],
  },
  {
    name: "manual: this.client = null in its close handler forgets the socket without closing it: the reply closes a captured local (one through this.client would throw)",
    ...manual,
    code: fieldRoom({
      inConstructor: true,
      handler: `    this.client.addEventListener("close", () => {
      this.client = null;
    });`,
    }),
    output: edited(
      fieldRoom({ inConstructor: true, handler: `    this.client.addEventListener("close", () => {
      this.client = null;
    });` }),
      `    this.client.addEventListener("close", () => {
      this.client = null;
    });`,
      `    const socket = this.client;
    this.client.addEventListener("close", (event: CloseEvent) => {
      this.client = null;
${reply("event.code", "event.reason", "socket", "      ")}
    });`,
    ),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "manual: cleared in a method that calls no close(), written in fetch()",
    ...manual,
    code: fieldRoom({
      handler: `    this.client.addEventListener("close", (e) => this.onClose(e));`,
      extra: `
  onClose(e: CloseEvent) {
    this.client = null;
  }`,
    }),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "manual: destructured from the pair ({ 0: client, 1: server }), sent to behind if (reply && this.client), cleared with undefined",
    ...manual,
    code: fieldRoom({
      write: "const { 0: peer, 1: server } = pair;\n    this.client = server;",
      handler: `    this.client.addEventListener("message", async (event) => {
      const reply = await handle(event.data);
      if (reply && this.client) this.client.send(reply);
    });
    this.client.addEventListener("close", (event) => {
      console.log(\`closed: \${event.code}\`);
      this.client = undefined;
    });`,
      head: `import { handle } from "./handle";`,
    }).replace("webSocket: pair[0]", "webSocket: peer"),
    output: edited(
      edited(
        fieldRoom({
      write: "const { 0: peer, 1: server } = pair;\n    this.client = server;",
      handler: `    this.client.addEventListener("message", async (event) => {
      const reply = await handle(event.data);
      if (reply && this.client) this.client.send(reply);
    });
    this.client.addEventListener("close", (event) => {
      console.log(\`closed: \${event.code}\`);
      this.client = undefined;
    });`,
      head: `import { handle } from "./handle";`,
    }).replace("webSocket: pair[0]", "webSocket: peer"),
        `      this.client = undefined;
    });`,
        `      this.client = undefined;
${reply("event.code", "event.reason", "socket", "      ")}
    });`,
      ),
      `    this.client.addEventListener("close", (event) => {`,
      `    const socket = this.client;
    this.client.addEventListener("close", (event) => {`,
    ),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "manual: a function close handler that never says this, binaryType set: the reply closes a captured local (a function's this is the socket)",
    ...manual,
    code: fieldRoom({
      inConstructor: true,
      handler: `    this.client.binaryType = "arraybuffer";
    this.client.addEventListener("close", function () {
      console.log("client left");
    });`,
    }),
    output: edited(
      fieldRoom({ inConstructor: true, handler: `    this.client.binaryType = "arraybuffer";
    this.client.addEventListener("close", function () {
      console.log("client left");
    });` }),
      `    this.client.addEventListener("close", function () {
      console.log("client left");
    });`,
      `    const socket = this.client;
    this.client.addEventListener("close", function (event: CloseEvent) {
      console.log("client left");
${reply("event.code", "event.reason", "socket", "      ")}
    });`,
    ),
    errors: [{ messageId: "missingReply" }],
  },
  {
    name: "manual: an accepted field socket with no close listener (reported without a fix)",
    ...manual,
    code: fieldRoom({ handler: "" }),
    errors: [{ messageId: "missingCloseListener" }],
  },
];

const fieldSocketValid: Valid[] = [
  { name: "auto: a field socket, not half-open, gets the runtime's reply", ...auto, code: fieldRoom() },
  {
    name: "manual: the field is written twice, with two sockets",
    ...manual,
    code: fieldRoom({ extra: `
  adopt(ws: WebSocket) {
    this.client = ws;
  }` }),
  },
  {
    name: "manual: cleared, and closed through optional chaining elsewhere",
    ...manual,
    code: fieldRoom({ extra: `
  stop() {
    this.client?.close(1000, "bye");
    this.client = null;
  }` }),
  },
  {
    name: "manual: this.client.close() in a message handler: the Worker may start the close",
    ...manual,
    code: fieldRoom({
      handler: `    this.client.addEventListener("message", () => {
      this.client.close(1000, "done");
    });
    this.client.addEventListener("close", () => {
      console.log("client left");
    });`,
    }),
  },
  {
    name: "manual: the socket is handed to code of another module",
    ...manual,
    code: fieldRoom({ head: `import { send } from "./send";`, extra: `
  notify() {
    send(this.client);
  }` }),
  },
  {
    name: "manual: a function message listener closes this, which is the socket there",
    ...manual,
    code: fieldRoom({
      handler: `    this.client.addEventListener("message", function (event) {
      if (event.data === "bye") this.close(1000, "bye");
    });
    this.client.addEventListener("close", () => {
      console.log("client left");
    });`,
    }),
  },
  {
    name: "manual: an unbound method as listener (this is the socket in it)",
    ...manual,
    code: fieldRoom({
      handler: `    this.client.onmessage = this.onMessage;
    this.client.addEventListener("close", () => {
      console.log("client left");
    });`,
      extra: `
  onMessage(event: MessageEvent) {
    console.log(event.data);
  }`,
    }),
  },
  {
    name: "manual: a function close handler that closes this, the socket",
    ...manual,
    code: fieldRoom({
      handler: `    this.client.addEventListener("close", function (event) {
      this.close(event.code, event.reason);
    });`,
    }),
  },
  {
    name: "manual: a logical expression whose value may be the socket hands it on",
    ...manual,
    code: fieldRoom({ head: `import { keep } from "./keep";`, extra: `
  notify(ready: boolean) {
    keep(ready && this.client);
  }` }),
  },
  {
    name: "manual: an alias const x = this.client",
    ...manual,
    code: fieldRoom({ extra: `
  notify() {
    const x = this.client;
    x.send("hi");
  }` }),
  },
  {
    name: "manual: destructuring this lets the field go",
    ...manual,
    code: fieldRoom({ extra: `
  notify() {
    const { client } = this;
    client.send("hi");
  }` }),
  },
  {
    name: "manual: a public field of an exported class that is not a Durable Object",
    ...manual,
    code: `
export class Session {
  client: WebSocket | null = null;
  start(): Response {
    const pair = new WebSocketPair();
    this.client = pair[1];
    this.client.accept();
    this.client.addEventListener("close", () => {
      console.log("client left");
    });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}
`,
  },
  {
    name: "manual: this.client in a nested function, where this differs",
    ...manual,
    code: fieldRoom({ extra: `
  ping() {
    setInterval(function () {
      this.client.send("ping");
    }, 1000);
  }` }),
  },
  {
    name: "manual: the close handler closes this.client",
    ...manual,
    code: fieldRoom({
      handler: `    this.client.addEventListener("close", (event) => {
      this.client.close(event.code, event.reason);
    });`,
    }),
  },
  {
    name: "manual: the pair's end is read again elsewhere",
    ...manual,
    code: fieldRoom({ write: "this.client = pair[1];\n    pair[1].send(\"hi\");" }),
  },
  {
    name: "manual: this.sockets is read as a whole",
    ...manual,
    code: `
export class Proxy {
  sockets: { upstream: WebSocket | null } = { upstream: null };
  constructor(state: DurableObjectState, env: Env) {}
  async fetch(request: Request): Promise<Response> {
    const resp = await fetch("https://backend.example", { headers: { Upgrade: "websocket" } });
    this.sockets.upstream = resp.webSocket;
    this.sockets.upstream.accept();
    this.sockets.upstream.addEventListener("close", () => {});
    Object.values(this.sockets).forEach((s) => s?.close());
    return new Response("ok");
  }
}
`,
  },
];

const ruleTester = new RuleTester();

ruleTester.run("require-close-reply", rule, {
  valid: [...silentCompleted, ...silentClosedElsewhere, ...silentNoListener, ...guardPasses, ...honoValid, ...fieldValid, ...fieldSocketValid],
  invalid: [...fixed, ...reportOnly, ...noListener, ...guardedOff, ...honoInvalid, ...honoWithoutOnClose, ...fieldFixed, ...fieldSocketInvalid],
});
