import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules, type RuleMessageIds } from "../../rules/index.js";
const rule = rules["no-send-in-close-handler"];
type MessageIds = RuleMessageIds<"no-send-in-close-handler">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A directory with no wrangler config in it or above it: `unknown` mode. */
const noConfigDir = createTempProject("ws-close-send-in-close-").root;

const AUTO = { "ws-close": { compatibilityDate: "2026-05-01" } };
const MANUAL = { "ws-close": { compatibilityDate: "2026-01-01" } };
const MIXED_CONFIG = path.join(projectRoot, "fixtures/config/toml-env-legacy-mixed/wrangler.toml");
const MIXED = { "ws-close": { wranglerConfig: MIXED_CONFIG } };

/** A `WebSocketPair` socket whose inline close handler has `body` (indented two spaces, from line 4). */
function pairHandler(body: string, accept = "server.accept();"): string {
  return `const [client, server] = Object.values(new WebSocketPair());
${accept}
server.addEventListener("close", (event) => {
${body}
});
`;
}

const GOODBYE = pairHandler(`  server.send("goodbye");\n  server.close(event.code, event.reason);`);

// ---------------------------------------------------------------------------
// Silent
// ---------------------------------------------------------------------------

const silent: Valid[] = [
  { name: "manual mode: the outgoing side is still open in the handler", settings: MANUAL, code: GOODBYE },
  { name: "unknown mode: no wrangler config", filename: path.join(noConfigDir, "src", "worker.ts"), code: GOODBYE },
  {
    name: "half-open socket: sending in the close handler works (docs/runtime-behaviour.md#send-in-a-close-handler)",
    settings: AUTO,
    code: pairHandler(`  server.send("goodbye");\n  server.close();`, "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "options the core cannot read: maybe half-open",
    settings: AUTO,
    code: `declare const options: { allowHalfOpen: boolean };\n${pairHandler(`  server.send("goodbye");`, "server.accept(options);")}`,
  },
  {
    name: "sending to another socket (a proxy forwarding the close reason)",
    settings: AUTO,
    code: `declare const backend: WebSocket;\n${pairHandler(`  backend.send(JSON.stringify({ closed: event.code }));`)}`,
  },
  {
    name: "guarded by a readyState check",
    settings: AUTO,
    code: pairHandler(`  if (server.readyState === WebSocket.OPEN) server.send("goodbye");`),
  },
  {
    name: "after an early return on readyState",
    settings: AUTO,
    code: pairHandler(`  if (server.readyState !== WebSocket.OPEN) return;\n  server.send("goodbye");`),
  },
  {
    name: "in a nested callback: not directly in the handler",
    settings: AUTO,
    code: pairHandler(`  queueMicrotask(() => server.send("goodbye"));`),
  },
  {
    name: "in a message handler",
    settings: AUTO,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("message", (event) => server.send(event.data));
server.addEventListener("close", () => {});
`,
  },
  {
    name: "a new WebSocket(url) in a file without any Workers socket (browser code: send() after close does not throw there)",
    settings: AUTO,
    code: `const ws = new WebSocket("wss://example.com/ws");
ws.addEventListener("close", () => {
  ws.send("bye");
});
`,
  },
  {
    name: "a binding that is reassigned is not proven to be one socket",
    settings: AUTO,
    code: `let [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  server.send("goodbye");
});
[client, server] = Object.values(new WebSocketPair());
`,
  },
];

// ---------------------------------------------------------------------------
// Reported
// ---------------------------------------------------------------------------

const reported: Invalid[] = [
  {
    name: "auto mode: send() before the echo in an inline handler",
    settings: AUTO,
    code: GOODBYE,
    errors: [
      {
        messageId: "sendInCloseHandler",
        line: 4,
        column: 3,
        data: { call: 'server.send("goodbye")', socket: "server", compat: "auto: settings compatibilityDate 2026-05-01" },
      },
    ],
    output: null,
  },
  {
    name: "mixed mode: it throws in the environments on the new date",
    settings: MIXED,
    code: GOODBYE,
    errors: [{ messageId: "sendInCloseHandler", line: 4, column: 3 }],
    output: null,
  },
  {
    name: "inside try/catch: the TypeError is caught, and nothing is sent either",
    settings: AUTO,
    code: pairHandler(`  try {\n    server.send(JSON.stringify({ type: "bye", code: event.code }));\n  } catch {}`),
    errors: [{ messageId: "sendInCloseHandler", line: 5, column: 5 }],
    output: null,
  },
  {
    name: "after an await",
    settings: AUTO,
    code: `declare function saveSession(): Promise<void>;
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", async () => {
  await saveSession();
  server.send("saved");
});
`,
    errors: [{ messageId: "sendInCloseHandler", line: 6, column: 3 }],
    output: null,
  },
  {
    name: "onclose on a socket parameter (handleSession shape), optional call",
    settings: AUTO,
    code: `export function handleSession(websocket: WebSocket) {
  websocket.accept();
  websocket.onclose = function () {
    websocket?.send("bye");
  };
}
`,
    errors: [{ messageId: "sendInCloseHandler", line: 4, column: 5 }],
    output: null,
  },
  {
    name: "a handler shared by both legs of a proxy: reported for the leg whose own close runs it",
    settings: AUTO,
    code: `export async function proxy(): Promise<Response> {
  const backend = (await fetch("https://backend.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  function closeBoth() {
    server.send("session over");
    backend.close();
    server.close();
  }
  server.addEventListener("close", closeBoth);
  backend.addEventListener("close", closeBoth);
  return new Response(null, { status: 101, webSocket: client });
}
`,
    errors: [{ messageId: "sendInCloseHandler", line: 7, column: 5 }],
    output: null,
  },
  {
    name: "Hono onClose: ws.send goes straight to the raw socket",
    settings: AUTO,
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onClose(event, ws) {
    ws.send("bye");
  },
}));
`,
    errors: [{ messageId: "sendInCloseHandler", line: 4, column: 5 }],
    output: null,
  },
  {
    name: "a new WebSocket(url) leg in a Worker that also accepts a socket (measured: it throws there too)",
    settings: AUTO,
    code: `export default {
  async fetch(): Promise<Response> {
    const upstream = new WebSocket("wss://backend.example/ws");
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    upstream.addEventListener("close", (event) => {
      upstream.send("bye");
      server.close(1000, "upstream left");
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
    errors: [{ messageId: "sendInCloseHandler", line: 7, column: 7 }],
    output: null,
  },
];

const ruleTester = new RuleTester();

ruleTester.run("no-send-in-close-handler", rule, { valid: silent, invalid: reported });
