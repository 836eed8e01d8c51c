import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules, type RuleMessageIds } from "../../rules/index.js";

const rule = rules["no-redundant-close"];
type MessageIds = RuleMessageIds<"no-redundant-close">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A source file (it need not exist) inside `fixtures/config/<dir>/src/`, relative to the working directory. */
function fileUnderConfig(dir: string, name = "worker.ts"): string {
  return path.relative(process.cwd(), path.join(projectRoot, "fixtures/config", dir, "src", name));
}

/** Absolute path of the wrangler config in `fixtures/config/<dir>/`. */
function configFixture(dir: string, file: string): string {
  return path.join(projectRoot, "fixtures/config", dir, file);
}

/** A directory with no wrangler config in it or above it. */
const noConfigDir = createTempProject("ws-close-rule-").root;

const AUTO_DATE = { "ws-close": { compatibilityDate: "2026-05-01" } };
const auto = { settings: AUTO_DATE };

/** One module-level socket with an inline close handler whose body is `body`. */
function pairWithHandler(body: string, accept = "server.accept();"): string {
  return `
const [client, server] = Object.values(new WebSocketPair());
${accept}
server.addEventListener("close", (event) => {
${body}
});`;
}

const ECHO_HANDLER = pairWithHandler("  server.close(event.code, event.reason);");

// ---------------------------------------------------------------------------
// Silent cases
// ---------------------------------------------------------------------------

const silentModes: Valid[] = [
  {
    name: "manual mode: a date before 2026-04-07 keeps the reply",
    settings: { "ws-close": { compatibilityDate: "2026-01-01" } },
    code: ECHO_HANDLER,
  },
  {
    name: "manual mode: 2026-04-06, the last day before auto reply",
    settings: { "ws-close": { compatibilityDate: "2026-04-06" } },
    code: ECHO_HANDLER,
  },
  {
    name: "manual mode: 2026-04-06 read from wrangler.jsonc",
    filename: fileUnderConfig("jsonc-manual-2026-04-06"),
    code: ECHO_HANDLER,
  },
  {
    name: "manual mode: an auto date with web_socket_manual_reply_to_close (settings)",
    settings: { "ws-close": { compatibilityDate: "2026-05-01", compatibilityFlags: ["web_socket_manual_reply_to_close"] } },
    code: ECHO_HANDLER,
  },
  {
    name: "manual mode: an auto date with web_socket_manual_reply_to_close (wrangler.jsonc)",
    filename: fileUnderConfig("flag-disable-new-date"),
    code: ECHO_HANDLER,
  },
  {
    name: "manual mode: compatibility_date 2025-06-01 in wrangler.toml",
    filename: fileUnderConfig("toml-manual-2025-06-01"),
    code: ECHO_HANDLER,
  },
  {
    name: "manual mode: the compatibilityFlags setting overrides an auto wrangler.jsonc",
    filename: fileUnderConfig("jsonc-auto-2026-05-01"),
    settings: { "ws-close": { compatibilityFlags: ["web_socket_manual_reply_to_close"] } },
    code: ECHO_HANDLER,
  },
  {
    name: "manual mode: the wranglerConfig setting overrides the config found beside the file",
    filename: fileUnderConfig("jsonc-auto-2026-05-01"),
    settings: { "ws-close": { wranglerConfig: configFixture("toml-manual-2025-06-01", "wrangler.toml") } },
    code: ECHO_HANDLER,
  },
  {
    name: "mixed mode: wranglerConfig with an [env.legacy] on an old date",
    settings: { "ws-close": { wranglerConfig: configFixture("toml-env-legacy-mixed", "wrangler.toml") } },
    code: ECHO_HANDLER,
  },
  {
    name: "mixed mode: the file lies under a config whose environments disagree",
    filename: fileUnderConfig("toml-env-legacy-mixed"),
    code: ECHO_HANDLER,
  },
  {
    name: "unknown mode: a wrangler.toml without compatibility_date",
    filename: fileUnderConfig("no-date"),
    code: ECHO_HANDLER,
  },
  {
    name: "unknown mode: no wrangler config anywhere above the file",
    filename: path.join(noConfigDir, "src", "worker.ts"),
    code: ECHO_HANDLER,
  },
];

const silentSockets: Valid[] = [
  {
    name: "half-open socket: accept({ allowHalfOpen: true })",
    ...auto,
    code: pairWithHandler("  server.close(event.code, event.reason);", "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "half-open socket with a custom code",
    ...auto,
    code: pairWithHandler('  server.close(1000, "history sent");', "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "accept(options) with a variable: half-open cannot be ruled out",
    ...auto,
    code: `
const options = { allowHalfOpen: false };
const [client, server] = Object.values(new WebSocketPair());
server.accept(options);
server.addEventListener("close", () => {
  server.close();
});`,
  },
  {
    name: "accept({ ...options }) with a spread: half-open cannot be ruled out",
    ...auto,
    code: pairWithHandler("  server.close();", "server.accept({ ...options });"),
  },
  {
    name: "accept({ allowHalfOpen: flag }) with a non-literal value",
    ...auto,
    code: pairWithHandler("  server.close();", "server.accept({ allowHalfOpen: flag });"),
  },
  {
    name: "a close() on another socket in the handler is a proxy, not an echo",
    ...auto,
    code: `
export async function proxy(request: Request): Promise<Response> {
  const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
  const other = upstream.webSocket!;
  other.accept();
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener("close", (event) => {
    other.close(event.code, event.reason);
  });
  return new Response(null, { status: 101, webSocket: client });
}`,
  },
  {
    name: "one handler closes both legs of a proxy: each close() also forwards the other leg's close",
    ...auto,
    code: `
const [clientA, left] = Object.values(new WebSocketPair());
const [clientB, right] = Object.values(new WebSocketPair());
left.accept();
right.accept();
function closeBoth() {
  left.close();
  right.close();
}
left.addEventListener("close", closeBoth);
right.addEventListener("close", closeBoth);`,
  },
  {
    name: "one handler for a pair socket and a new WebSocket(url) backend: the close() forwards the backend's close",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
const backend = new WebSocket("wss://backend.example/ws");
server.accept();
const closeBoth = () => {
  server.close();
  backend.close();
};
server.addEventListener("close", closeBoth);
backend.addEventListener("close", closeBoth);`,
  },
  {
    name: "a handler also registered for error runs while the socket is open",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
function cleanUp() {
  server.close();
}
server.addEventListener("close", cleanUp);
server.addEventListener("error", cleanUp);`,
  },
  {
    name: "one arrow for close and error that echoes the event: on error the socket may be open, so the close stays",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
const end = (event) => {
  server.close(event.code, event.reason);
};
server.addEventListener("close", end);
server.addEventListener("error", end);`,
  },
  {
    name: "an echo in a helper of the file is not the handler's own statement (the helper may run elsewhere)",
    ...auto,
    code: `
function closeQuietly(ws: WebSocket, e: CloseEvent) {
  ws.close(e.code, e.reason);
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => closeQuietly(server, event));`,
  },
  {
    name: "a proxy leg whose close handler closes the other leg through this.method: it becomes half-open instead",
    ...auto,
    code: `
export class Relay {
  async open(): Promise<WebSocket> {
    const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
    const [client, server] = Object.values(new WebSocketPair());
    backend.accept();
    server.accept();
    server.addEventListener("close", (event) => {
      server.close(event.code, event.reason);
      this.shut(backend);
    });
    return client;
  }
  shut(ws: WebSocket) {
    ws.close(1000, "peer left");
  }
}`,
  },
  {
    name: "accepted half-open in the caller: the echo in the listening function is the reply",
    ...auto,
    code: acceptedInCaller("    ws.close(event.code, event.reason);", "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "a handler also called directly runs while the socket is open",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
const shutDown = () => {
  server.close();
};
server.addEventListener("close", shutDown);
setTimeout(shutDown, 60_000);`,
  },
  {
    name: "an exported handler can be called from another module",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
export function shutDown() {
  server.close();
}
server.addEventListener("close", shutDown);`,
  },
  {
    name: "a handler exported by name can be called from another module",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
function shutDown() {
  server.close();
}
server.addEventListener("close", shutDown);
export { shutDown };`,
  },
  {
    name: "a socket taken from a Map: the target is not resolved",
    ...auto,
    code: `
const sockets = new Map<string, WebSocket>();
export function join(id: string, server: WebSocket): void {
  sockets.set(id, server);
  server.accept();
  server.addEventListener("close", () => {
    sockets.get(id)?.close();
    sockets.delete(id);
  });
}`,
  },
  {
    name: "a socket kept in this.ws: no binding to resolve",
    ...auto,
    code: `
export class Session {
  private ws: WebSocket;
  constructor(ws: WebSocket) {
    this.ws = ws;
  }
  start(): void {
    this.ws.accept();
    this.ws.addEventListener("close", (event) => {
      this.ws.close(event.code, event.reason);
    });
  }
}`,
  },
  {
    name: "event.target in the handler: the target is not resolved",
    ...auto,
    code: pairWithHandler("  (event.target as WebSocket).close(event.code, event.reason);"),
  },
  {
    name: "a reassigned let socket is not proven to be one socket",
    ...auto,
    code: `
let server = Object.values(new WebSocketPair())[1];
server.accept();
server.addEventListener("close", () => {
  server.close();
});
server = replacement;`,
  },
  {
    name: "a new WebSocket(url) socket is never reported as redundant",
    ...auto,
    code: `
const ws = new WebSocket("wss://feed.example/ws");
ws.accept();
ws.addEventListener("close", (event) => {
  ws.close(event.code, event.reason);
});`,
  },
  {
    name: "close() in a nested function of the handler runs later, or never",
    ...auto,
    code: pairWithHandler("  setTimeout(() => server.close(), 10);"),
  },
  {
    name: "close() in a helper called from the handler is not followed",
    ...auto,
    code: `
function closeQuietly(ws: WebSocket): void {
  try {
    ws.close();
  } catch {}
}
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  closeQuietly(server);
});`,
  },
  {
    name: "a handler imported from another module is not followed",
    ...auto,
    code: `
import { onClose } from "./handlers";
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", onClose);`,
  },
  {
    name: "a handler parameter that shadows the socket's name is another binding",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", function (this: WebSocket, server: WebSocket) {
  server.close();
});`,
  },
  {
    name: "close() in a message handler is not a reply to a Close frame",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("message", (event) => {
  if (event.data === "bye") server.close(1000, "bye");
});`,
  },
  {
    name: "a socket that is never accepted is not a standard-API socket here",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
client.addEventListener("close", (event) => {
  client.close(event.code, event.reason);
});`,
  },
  {
    name: "Hibernation API: webSocketClose must reply on every date",
    ...auto,
    code: `
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean): Promise<void> {
    ws.close(code, reason);
  }
}`,
  },
  {
    name: "Hibernation API: a socket accepted with this.ctx.acceptWebSocket",
    ...auto,
    code: `
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    ws.close(code, reason);
  }
}`,
  },
  {
    name: "partyserver Server: connection.close() in onClose is the framework's business",
    ...auto,
    code: `
import { Server, type Connection } from "partyserver";
export class Chat extends Server {
  onClose(connection: Connection, code: number, reason: string): void {
    connection.close(code, reason);
  }
}`,
  },
  {
    name: "agents Agent: connection.close() in onClose is the SDK's business",
    ...auto,
    code: `
import { Agent, type Connection } from "agents";
export class Assistant extends Agent<Env> {
  onClose(connection: Connection): void {
    connection.close();
  }
}`,
  },
];

// ---------------------------------------------------------------------------
// Reported: each socket form
// ---------------------------------------------------------------------------

/** `fetch` accepts the pair's server end with `accept` and hands it to `attach`, whose close handler echoes (line 4). */
function acceptedInCaller(body: string, accept = "server.accept();"): string {
  return `
function attach(ws: WebSocket) {
  ws.addEventListener("close", (event) => {
${body}
    sessions.delete(ws);
  });
}
export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    ${accept}
    attach(server);
    return new Response(null, { status: 101, webSocket: client });
  },
};`;
}

const socketForms: Invalid[] = [
  {
    name: "a backend leg declared null and assigned a response's webSocket once",
    ...auto,
    code: `
async function open(): Promise<void> {
  let backend: WebSocket | null = null;
  backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  backend.accept();
  backend.addEventListener("close", (event) => {
    backend.close(event.code, event.reason);
  });
}`,
    errors: [{ messageId: "redundantEcho", line: 7, column: 5 }],
    output: `
async function open(): Promise<void> {
  let backend: WebSocket | null = null;
  backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  backend.accept();
  backend.addEventListener("close", (event) => {});
}`,
  },
  {
    name: "accepted in the caller, echoed in a function of the file that every caller gives the accepted socket",
    ...auto,
    code: acceptedInCaller("    ws.close(event.code, event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 4, column: 5 }],
    output: acceptedInCaller("    ws.close(event.code, event.reason);").replace("    ws.close(event.code, event.reason);\n", ""),
  },
  {
    name: "Object.values(pair) destructuring",
    ...auto,
    code: `
const pair = new WebSocketPair();
const [client, server] = Object.values(pair);
server.accept();
server.addEventListener("close", (event) => {
  sessions.delete(server);
  server.close(event.code, event.reason);
});`,
    errors: [{ messageId: "redundantEcho", line: 7, column: 3, endLine: 7, endColumn: 41 }],
    output: `
const pair = new WebSocketPair();
const [client, server] = Object.values(pair);
server.accept();
server.addEventListener("close", (event) => {
  sessions.delete(server);
});`,
  },
  {
    name: "Object.values(new WebSocketPair()) destructuring",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  sessions.delete(server);
  server.close(event.code, event.reason);
});`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  sessions.delete(server);
});`,
  },
  {
    name: "pair[1], with pair[0] returned",
    ...auto,
    code: `
function watch(): Response {
  const pair = new WebSocketPair();
  const server = pair[1];
  server.accept();
  server.addEventListener("close", (event) => {
    sessions.delete(server);
    server.close(event.code, event.reason);
  });
  return new Response(null, { status: 101, webSocket: pair[0] });
}`,
    errors: [{ messageId: "redundantEcho", line: 8, column: 5 }],
    output: `
function watch(): Response {
  const pair = new WebSocketPair();
  const server = pair[1];
  server.accept();
  server.addEventListener("close", (event) => {
    sessions.delete(server);
  });
  return new Response(null, { status: 101, webSocket: pair[0] });
}`,
  },
  {
    name: "const { 0: client, 1: server } = pair",
    ...auto,
    code: `
const pair = new WebSocketPair();
const { 0: client, 1: server } = pair;
server.accept();
server.addEventListener("close", (event) => {
  sessions.delete(server);
  server.close(event.code, event.reason);
});`,
    errors: [{ messageId: "redundantEcho", line: 7, column: 3 }],
    output: `
const pair = new WebSocketPair();
const { 0: client, 1: server } = pair;
server.accept();
server.addEventListener("close", (event) => {
  sessions.delete(server);
});`,
  },
  {
    name: "const { 0: client, 1: server } = new WebSocketPair()",
    ...auto,
    code: `
const { 0: client, 1: server } = new WebSocketPair();
server.accept();
server.addEventListener("close", () => {
  server.close();
});`,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: `
const { 0: client, 1: server } = new WebSocketPair();
server.accept();
server.addEventListener("close", () => {});`,
  },
  {
    name: "handleSession(websocket): a parameter accepted and given a close handler",
    ...auto,
    code: `
export function handleSession(websocket: WebSocket, name: string): void {
  websocket.accept();
  sessions.add(websocket);
  websocket.addEventListener("close", (event) => {
    sessions.delete(websocket);
    broadcast(JSON.stringify({ quit: name }));
    websocket.close(event.code, event.reason);
  });
}`,
    errors: [{ messageId: "redundantEcho", line: 8, column: 5 }],
    output: `
export function handleSession(websocket: WebSocket, name: string): void {
  websocket.accept();
  sessions.add(websocket);
  websocket.addEventListener("close", (event) => {
    sessions.delete(websocket);
    broadcast(JSON.stringify({ quit: name }));
  });
}`,
  },
  {
    name: "the .webSocket of a fetch() response",
    ...auto,
    code: `
export async function connect(url: string): Promise<void> {
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  const ws = response.webSocket!;
  ws.accept();
  ws.addEventListener("close", (event) => {
    log(event.code);
    ws.close(event.code, event.reason);
  });
}`,
    errors: [{ messageId: "redundantEcho", line: 8, column: 5 }],
    output: `
export async function connect(url: string): Promise<void> {
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  const ws = response.webSocket!;
  ws.accept();
  ws.addEventListener("close", (event) => {
    log(event.code);
  });
}`,
  },
  {
    name: "a Durable Object on the standard API (server.accept() inside the object)",
    ...auto,
    code: `
export class Room {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => {
      this.sessions.delete(server);
      server.close(event.code, event.reason);
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}`,
    errors: [{ messageId: "redundantEcho", line: 8, column: 7 }],
    output: `
export class Room {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => {
      this.sessions.delete(server);
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}`,
  },
  {
    name: "a class extending DurableObject that uses the standard API inside behaves like a Worker",
    ...auto,
    code: `
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => {
      server.close(event.code, event.reason);
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}`,
    errors: [{ messageId: "redundantEcho", line: 8, column: 7 }],
    output: `
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => {});
    return new Response(null, { status: 101, webSocket: client });
  }
}`,
  },
  {
    name: "a let socket that is never reassigned",
    ...auto,
    code: `
let [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  log("bye");
  server.close();
});`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
let [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  log("bye");
});`,
  },
];

// ---------------------------------------------------------------------------
// Reported: each handler form
// ---------------------------------------------------------------------------

const handlerForms: Invalid[] = [
  {
    name: "a function declaration handler in the same function",
    ...auto,
    code: `
export function handleSession(websocket: WebSocket): void {
  websocket.accept();
  websocket.addEventListener("close", onClose);

  function onClose(): void {
    sessions.delete(websocket);
    websocket.close();
  }
}`,
    errors: [{ messageId: "redundantEcho", line: 8, column: 5 }],
    output: `
export function handleSession(websocket: WebSocket): void {
  websocket.accept();
  websocket.addEventListener("close", onClose);

  function onClose(): void {
    sessions.delete(websocket);
  }
}`,
  },
  {
    name: "a function declaration handler with an event parameter",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", onClose);
function onClose(event: CloseEvent): void {
  sessions.delete(server);
  server.close(event.code, event.reason);
}`,
    errors: [{ messageId: "redundantEcho", line: 7, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", onClose);
function onClose(event: CloseEvent): void {
  sessions.delete(server);
}`,
  },
  {
    name: "a const arrow function handler",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
const onClose = (event: CloseEvent) => {
  sessions.delete(server);
  server.close(event.code, event.reason);
};
server.addEventListener("close", onClose);`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
const onClose = (event: CloseEvent) => {
  sessions.delete(server);
};
server.addEventListener("close", onClose);`,
  },
  {
    name: "a const function expression handler",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
const onClose = function (event: CloseEvent) {
  sessions.delete(server);
  server.close(event.code, event.reason);
};
server.addEventListener("close", onClose);`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
const onClose = function (event: CloseEvent) {
  sessions.delete(server);
};
server.addEventListener("close", onClose);`,
  },
  {
    name: "onclose = an inline function",
    ...auto,
    code: `
const pair = new WebSocketPair();
const server = pair[1];
server.accept();
server.onclose = (event) => {
  sessions.delete(server);
  server.close(event.code, event.reason);
};`,
    errors: [{ messageId: "redundantEcho", line: 7, column: 3 }],
    output: `
const pair = new WebSocketPair();
const server = pair[1];
server.accept();
server.onclose = (event) => {
  sessions.delete(server);
};`,
  },
  {
    name: "onclose = a function declared in the same file",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.onclose = handleClose;
function handleClose(event: CloseEvent): void {
  sessions.delete(server);
  server.close(event.code, event.reason);
}`,
    errors: [{ messageId: "redundantEcho", line: 7, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.onclose = handleClose;
function handleClose(event: CloseEvent): void {
  sessions.delete(server);
}`,
  },
  {
    name: "a named handler registered twice on the same socket is still its own",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
function onClose() {
  log("closed");
  server.close();
}
server.addEventListener("close", onClose);
server.onclose = onClose;`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
function onClose() {
  log("closed");
}
server.addEventListener("close", onClose);
server.onclose = onClose;`,
  },
  {
    name: "the handler's close() targets its own socket while another socket is closed too",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  backend.close(1000, "client left");
  server.close(event.code, event.reason);
});`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  backend.close(1000, "client left");
});`,
  },
  {
    name: "an async handler: the close() after an await is still redundant",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", async () => {
  await storage.delete("session");
  server.close();
});`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", async () => {
  await storage.delete("session");
});`,
  },
];

// ---------------------------------------------------------------------------
// Reported: each echo form
// ---------------------------------------------------------------------------

const echoForms: Invalid[] = [
  {
    name: "echo: close() without arguments",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server.close();"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "echo: close(event.code) without the reason",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server.close(event.code);"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "echo: close(event.code, event.reason)",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server.close(event.code, event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: 'echo: close(event["code"], event["reason"])',
    ...auto,
    code: pairWithHandler('  log(event.code);\n  server.close(event["code"], event["reason"]);'),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "echo: destructured ({ code, reason }) => ws.close(code, reason), an expression body",
    ...auto,
    code: `
function handleSession(ws: WebSocket): void {
  ws.accept();
  ws.addEventListener("close", ({ code, reason }) => ws.close(code, reason));
}`,
    errors: [{ messageId: "redundantEcho", line: 4, column: 54 }],
    output: `
function handleSession(ws: WebSocket): void {
  ws.accept();
  ws.addEventListener("close", ({ code, reason }) => {});
}`,
  },
  {
    name: "echo: destructured { code, reason } in a block body",
    ...auto,
    code: `
function handleSession(ws: WebSocket): void {
  ws.accept();
  ws.addEventListener("close", ({ code, reason }) => {
    sessions.delete(ws);
    ws.close(code, reason);
  });
}`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 5 }],
    output: `
function handleSession(ws: WebSocket): void {
  ws.accept();
  ws.addEventListener("close", ({ code, reason }) => {
    sessions.delete(ws);
  });
}`,
  },
  {
    name: "echo: destructured and renamed { code: c, reason: r }",
    ...auto,
    code: `
function handleSession(ws: WebSocket): void {
  ws.accept();
  ws.addEventListener("close", ({ code: c, reason: r }) => {
    sessions.delete(ws);
    ws.close(c, r);
  });
}`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 5 }],
    output: `
function handleSession(ws: WebSocket): void {
  ws.accept();
  ws.addEventListener("close", ({ code: c, reason: r }) => {
    sessions.delete(ws);
  });
}`,
  },
  {
    name: "echo: a function handler with a TypeScript `this` parameter before the event",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", function (this: WebSocket, event: CloseEvent) {
  log(event.code);
  server.close(event.code, event.reason);
});`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", function (this: WebSocket, event: CloseEvent) {
  log(event.code);
});`,
  },
  {
    name: "echo: optional call server?.close()",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server?.close();"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "echo: a TypeScript wrapper around the target, (server as WebSocket).close()",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  (server as WebSocket).close(event.code, event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "echo: a call spread over several lines goes whole",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server.close(\n    event.code,\n    event.reason,\n  );"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3, endLine: 9, endColumn: 4 }],
    output: pairWithHandler("  log(event.code);"),
  },
];

// ---------------------------------------------------------------------------
// Reported: custom code or reason, two suggestions and no fix
// ---------------------------------------------------------------------------

const customCloses: Invalid[] = [
  {
    name: "custom code and reason: remove it, or make the socket half-open",
    ...auto,
    code: `
const pair = new WebSocketPair();
const moderator = pair[1];
moderator.accept();
moderator.addEventListener("close", () => {
  broadcast("room closed");
  moderator.close(4000, "room closed");
});`,
    errors: [
      {
        messageId: "redundantCustomClose",
        line: 7,
        column: 3,
        suggestions: [
          {
            messageId: "suggestRemoveClose",
            output: `
const pair = new WebSocketPair();
const moderator = pair[1];
moderator.accept();
moderator.addEventListener("close", () => {
  broadcast("room closed");
});`,
          },
          {
            messageId: "suggestAllowHalfOpen",
            output: `
const pair = new WebSocketPair();
const moderator = pair[1];
moderator.accept({ allowHalfOpen: true });
moderator.addEventListener("close", () => {
  broadcast("room closed");
  moderator.close(4000, "room closed");
});`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "custom code: accept({ allowHalfOpen: false }) becomes true",
    ...auto,
    code: pairWithHandler("  server.close(1000);", "server.accept({ allowHalfOpen: false });"),
    errors: [
      {
        messageId: "redundantCustomClose",
        line: 5,
        column: 3,
        suggestions: [
          { messageId: "suggestRemoveClose", output: pairWithHandler("", "server.accept({ allowHalfOpen: false });").replace("{\n\n}", "{}") },
          { messageId: "suggestAllowHalfOpen", output: pairWithHandler("  server.close(1000);", "server.accept({ allowHalfOpen: true });") },
        ],
      },
    ],
    output: null,
  },
  {
    name: "custom reason: close(event.code, 'bye') does not echo the reason; no half-open suggestion (it would then throw on 1005 and leave the peer unanswered)",
    ...auto,
    code: pairWithHandler('  log(event.code);\n  server.close(event.code, "bye");'),
    errors: [
      {
        messageId: "redundantCustomClose",
        line: 6,
        column: 3,
        suggestions: [{ messageId: "suggestRemoveClose", output: pairWithHandler("  log(event.code);") }],
      },
    ],
    output: null,
  },
  {
    name: "custom: the code of another event is not this event's code (a code the core cannot read: no half-open suggestion)",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  log(lastEvent.code);
  server.close(lastEvent.code, lastEvent.reason);
});`,
    errors: [
      {
        messageId: "redundantCustomClose",
        line: 6,
        column: 3,
        suggestions: [
          {
            messageId: "suggestRemoveClose",
            output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  log(lastEvent.code);
});`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "custom in `if (x) ws.close(4000)`: removal (of the whole if, its test has no side effects) and half-open are offered",
    ...auto,
    code: pairWithHandler("  if (event.wasClean) server.close(4000);"),
    errors: [
      {
        messageId: "redundantCustomClose",
        line: 5,
        column: 23,
        suggestions: [
          { messageId: "suggestRemoveClose", output: pairWithHandler("").replace("{\n\n}", "{}") },
          {
            messageId: "suggestAllowHalfOpen",
            output: pairWithHandler("  if (event.wasClean) server.close(4000);", "server.accept({ allowHalfOpen: true });"),
          },
        ],
      },
    ],
    output: null,
  },
];

// ---------------------------------------------------------------------------
// Clean removal
// ---------------------------------------------------------------------------

const cleanRemoval: Invalid[] = [
  {
    name: "removal leaves no blank line between the statements around it",
    ...auto,
    code: pairWithHandler("  before();\n  server.close();\n  after();"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  before();\n  after();"),
  },
  {
    name: "the only statement of a block leaves {}",
    ...auto,
    code: pairWithHandler("  server.close(event.code, event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {});`,
  },
  {
    name: "a // comment on the same line goes with the statement",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server.close(); // reply to the client\n  after();"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);\n  after();"),
  },
  {
    name: "a comment on the line above stays",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  // reply to the client\n  server.close();"),
    errors: [{ messageId: "redundantEcho", line: 7, column: 3 }],
    output: pairWithHandler("  log(event.code);\n  // reply to the client"),
  },
  {
    name: "another statement on the same line stays",
    ...auto,
    code: pairWithHandler("  log(event.code); server.close();"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 20 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "CRLF line endings are kept",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server.close();\n  after();").replace(/\n/gu, "\r\n"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: pairWithHandler("  log(event.code);\n  after();").replace(/\n/gu, "\r\n"),
  },
  {
    name: "semicolon-less (ASI) code",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", (event) => {
  sessions.delete(server)
  server.close(event.code, event.reason)
  log("bye")
})`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", (event) => {
  sessions.delete(server)
  log("bye")
})`,
  },
  {
    name: "semicolon-less code: the ; that guards the next line stays",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", () => {
  sessions.delete(server)
  server.close()
  ;[left, right].forEach((peer) => peer.send("left"))
})`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", () => {
  sessions.delete(server)
  ;[left, right].forEach((peer) => peer.send("left"))
})`,
  },
  {
    name: "no fix when removing the statement would join the lines around it",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  const left = sessions.size
  server.close();
  (async () => log(left))();
});`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: null,
  },
  {
    // Found by the property test (test/property): the `}` that ends `if (flag) state = {}` is an object
    // literal's, so without the call the next line read `state = {}[1, 2].forEach(…)`.
    name: "no fix when the statement before ends with an expression's brace (`if (x) a = {}`) and the next line starts with `[`",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", () => {
  if (flag) state = {}
  server.close();
  [1, 2].forEach((k) => console.log(k))
})`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: null,
  },
  {
    name: "no fix after `while (x) f = () => {}` or `if (x) {} else a = {}` when the next line starts with `(` or `/`",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", () => {
  while (flag) handler = () => {}
  server.close();
  (globalThis).closed = true
})
server.addEventListener("close", () => {
  if (flag) {} else state = {}
  server.close();
  /x/.test(state)
})`,
    errors: [
      { messageId: "redundantEcho", line: 6, column: 3 },
      { messageId: "redundantEcho", line: 11, column: 3 },
    ],
    output: null,
  },
  {
    name: "a block's `}` before the call ends its statement: the call goes although the next line starts with `(`",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", () => {
  if (flag) { state = {} }
  server.close();
  (globalThis).closed = true
})`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair())
server.accept()
server.addEventListener("close", () => {
  if (flag) { state = {} }
  (globalThis).closed = true
})`,
  },
  {
    name: "an arrow whose body is the call gets {}",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => server.close());`,
    errors: [{ messageId: "redundantEcho", line: 4, column: 40 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {});`,
  },
  {
    name: "custom close in a handler attached inside a callback: no half-open suggestion (a Close frame before it would hang)",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
setTimeout(() => {
  server.addEventListener("close", () => {
    server.close(4000, "bye");
  });
}, 10);`,
    errors: [
      {
        messageId: "redundantCustomClose",
        line: 6,
        column: 5,
        suggestions: [
          {
            messageId: "suggestRemoveClose",
            output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
setTimeout(() => {
  server.addEventListener("close", () => {});
}, 10);`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    name: "`if (x) ws.close();` whose test has no side effects: the whole if goes",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  if (server.readyState === WebSocket.CLOSING) server.close();\n  log(event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 48 }],
    output: pairWithHandler("  log(event.code);\n  log(event.reason);"),
  },
  {
    name: "`if (x) ws.close()` alone in the handler leaves an empty body",
    ...auto,
    code: pairWithHandler("  if (event.wasClean) server.close(event.code, event.reason)"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 23 }],
    output: pairWithHandler("").replace("{\n\n}", "{}"),
  },
  {
    name: "`if (test()) ws.close();`: the test has a side effect, so the branch becomes {}",
    ...auto,
    code: pairWithHandler("  if (forget(server)) server.close();"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 23 }],
    output: pairWithHandler("  if (forget(server)) {}"),
  },
  {
    name: "`else ws.close()`: the else branch becomes {}",
    ...auto,
    code: pairWithHandler("  if (event.code === 1000) log(event.reason);\n  else server.close(event.code, event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 8 }],
    output: pairWithHandler("  if (event.code === 1000) log(event.reason);\n  else {}"),
  },
  {
    name: "`if (x) ws.close(); else y()`: the consequent becomes {}, the else stays",
    ...auto,
    code: pairWithHandler("  if (event.wasClean) server.close(); else log(event.code);"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 23 }],
    output: pairWithHandler("  if (event.wasClean) {} else log(event.code);"),
  },
  {
    name: "`return ws.close(…)`: `return;` (close() returns undefined)",
    ...auto,
    code: pairWithHandler("  if (!event.wasClean) return server.close(event.code, event.reason);\n  log(event.code);"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 31 }],
    output: pairWithHandler("  if (!event.wasClean) return;\n  log(event.code);"),
  },
  {
    name: "`return ws.close()` without a semicolon",
    ...auto,
    code: pairWithHandler("  log(event.code)\n  return server.close()"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 10 }],
    output: pairWithHandler("  log(event.code)\n  return"),
  },
  {
    name: "`void ws.close()`: the statement goes",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  void server.close(event.code, event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 8 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "an arrow whose body is `void ws.close()` gets {}",
    ...auto,
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (e) => void server.close(e.code, e.reason));`,
    errors: [{ messageId: "redundantEcho", line: 4, column: 46 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (e) => {});`,
  },
  {
    name: "`a && ws.close()` with a left side without side effects: the statement goes",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  event.wasClean && server.close(event.code, event.reason);"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 21 }],
    output: pairWithHandler("  log(event.code);"),
  },
  {
    name: "`a() || ws.close()`: the left side has a side effect and stays",
    ...auto,
    code: pairWithHandler("  forget(server) || server.close();"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 21 }],
    output: pairWithHandler("  forget(server);"),
  },
  {
    name: "no fix: the call in a ternary",
    ...auto,
    code: pairWithHandler("  event.wasClean ? server.close() : log(event.code);"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 20 }],
    output: null,
  },
  {
    name: "no fix: a parenthesised return argument",
    ...auto,
    code: pairWithHandler("  return (server.close());"),
    errors: [{ messageId: "redundantEcho", line: 5, column: 11 }],
    output: null,
  },
  {
    name: "`if (x) { ws.close(); }` leaves an empty block",
    ...auto,
    code: pairWithHandler("  if (server.readyState === WebSocket.CLOSING) {\n    server.close();\n  }"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 5 }],
    output: pairWithHandler("  if (server.readyState === WebSocket.CLOSING) {}"),
  },
  {
    name: "a call inside try { } goes and leaves try {}",
    ...auto,
    code: pairWithHandler("  try {\n    server.close(event.code, event.reason);\n  } catch {}"),
    errors: [{ messageId: "redundantEcho", line: 6, column: 5 }],
    output: pairWithHandler("  try {} catch {}"),
  },
  {
    name: "two echoes in one handler: both reported, removed over two passes",
    ...auto,
    code: pairWithHandler("  log(event.code);\n  server.close();\n  server.close(event.code, event.reason);"),
    errors: [
      { messageId: "redundantEcho", line: 6, column: 3 },
      { messageId: "redundantEcho", line: 7, column: 3 },
    ],
    output: [
      pairWithHandler("  log(event.code);\n  server.close(event.code, event.reason);"),
      pairWithHandler("  log(event.code);"),
    ],
  },
];

// ---------------------------------------------------------------------------
// Mode from settings and from config files
// ---------------------------------------------------------------------------

const ECHO_OUTPUT = `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {});`;

const modes: Invalid[] = [
  {
    name: "auto mode: 2026-04-07, the first day of auto reply (settings)",
    settings: { "ws-close": { compatibilityDate: "2026-04-07" } },
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: an old date with web_socket_auto_reply_to_close (settings)",
    settings: { "ws-close": { compatibilityDate: "2025-01-01", compatibilityFlags: ["web_socket_auto_reply_to_close"] } },
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: an old date with web_socket_auto_reply_to_close (wrangler.toml)",
    filename: fileUnderConfig("flag-enable-old-date"),
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: compatibility_date 2026-05-01 in wrangler.jsonc",
    filename: fileUnderConfig("jsonc-auto-2026-05-01"),
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: compatibility_date 2026-04-07 in wrangler.json",
    filename: fileUnderConfig("json-auto-2026-04-07"),
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: compatibility_date 2026-05-01 in wrangler.toml, absolute file name",
    filename: configFixture("toml-auto-2026-05-01", "src/worker.ts"),
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: the compatibilityDate setting overrides a manual wrangler.toml",
    filename: fileUnderConfig("toml-manual-2025-06-01"),
    settings: AUTO_DATE,
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: the compatibilityFlags setting overrides a manual wrangler.toml",
    filename: fileUnderConfig("toml-manual-2025-06-01"),
    settings: { "ws-close": { compatibilityFlags: ["web_socket_auto_reply_to_close"] } },
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: the wranglerConfig setting overrides the config found beside the file",
    filename: fileUnderConfig("toml-manual-2025-06-01"),
    settings: { "ws-close": { wranglerConfig: configFixture("jsonc-auto-2026-05-01", "wrangler.jsonc") } },
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
  {
    name: "auto mode: only [env.production] sets a date",
    filename: fileUnderConfig("env-only-dates"),
    code: ECHO_HANDLER,
    errors: [{ messageId: "redundantEcho", line: 5, column: 3 }],
    output: ECHO_OUTPUT,
  },
];

// ---------------------------------------------------------------------------
// A config or setting that cannot be used: one report at line 1
// ---------------------------------------------------------------------------

const invalidConfigError = [{ messageId: "invalidConfig", line: 1, column: 1 }] as const;

const invalidConfigs: Invalid[] = [
  {
    name: "invalidConfig: a wrangler.jsonc that does not parse",
    filename: fileUnderConfig("broken-jsonc"),
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: "invalidConfig: a wrangler.toml that does not parse",
    filename: fileUnderConfig("broken-toml"),
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: "invalidConfig: both flags at once",
    filename: fileUnderConfig("both-flags"),
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: "invalidConfig: a wranglerConfig setting naming a missing file",
    settings: { "ws-close": { wranglerConfig: path.join(noConfigDir, "missing", "wrangler.toml") } },
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: 'invalidConfig: settings["ws-close"] is not an object',
    settings: { "ws-close": "2026-05-01" },
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: "invalidConfig: compatibilityDate setting is a number",
    settings: { "ws-close": { compatibilityDate: 20260501 } },
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: "invalidConfig: compatibilityDate setting is not a real date",
    settings: { "ws-close": { compatibilityDate: "2026-02-30" } },
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: "invalidConfig: compatibilityFlags setting is a string",
    settings: { "ws-close": { compatibilityDate: "2026-05-01", compatibilityFlags: "web_socket_auto_reply_to_close" } },
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
  {
    name: "invalidConfig: wranglerConfig setting is not a string",
    settings: { "ws-close": { wranglerConfig: 42 } },
    code: ECHO_HANDLER,
    errors: [...invalidConfigError],
    output: null,
  },
];

// ---------------------------------------------------------------------------
// JavaScript files (parsed by the TypeScript parser in this tester; see
// no-redundant-close.espree.test.ts for espree and eslint-scope)
// ---------------------------------------------------------------------------

const javascript: Invalid[] = [
  {
    name: "a .js file",
    ...auto,
    filename: "worker.js",
    code: `
export function handleSession(websocket) {
  websocket.accept();
  websocket.addEventListener("close", onClose);
  function onClose(event) {
    sessions.delete(websocket);
    websocket.close(event.code, event.reason);
  }
}`,
    errors: [{ messageId: "redundantEcho", line: 7, column: 5 }],
    output: `
export function handleSession(websocket) {
  websocket.accept();
  websocket.addEventListener("close", onClose);
  function onClose(event) {
    sessions.delete(websocket);
  }
}`,
  },
  {
    name: "a .jsx file",
    ...auto,
    filename: "worker.jsx",
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.onclose = () => {
  render(<Closed />);
  server.close();
};`,
    errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
    output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.onclose = () => {
  render(<Closed />);
};`,
  },
];

const ruleTester = new RuleTester();

ruleTester.run("no-redundant-close", rule, {
  valid: [...silentModes, ...silentSockets],
  invalid: [
    ...socketForms,
    ...handlerForms,
    ...echoForms,
    ...customCloses,
    ...cleanRemoval,
    ...modes,
    ...invalidConfigs,
    ...javascript,
  ],
});
