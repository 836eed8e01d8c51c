import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules, type RuleMessageIds } from "../../rules/index.js";
const rule = rules["no-closing-state-check"];
type MessageIds = RuleMessageIds<"no-closing-state-check">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A directory with no wrangler config in it or above it: `unknown` mode. */
const noConfigDir = createTempProject("ws-close-closing-state-").root;

const AUTO = { "ws-close": { compatibilityDate: "2026-05-01" } };
const MANUAL = { "ws-close": { compatibilityDate: "2026-01-01" } };
const MIXED = { "ws-close": { wranglerConfig: path.join(projectRoot, "fixtures/config/toml-env-legacy-mixed/wrangler.toml") } };

/** A `WebSocketPair` socket whose inline close handler has `body` (indented two spaces, from line 4). */
function pairHandler(body: string, accept = "server.accept();"): string {
  return `const [client, server] = Object.values(new WebSocketPair());
${accept}
server.addEventListener("close", (event) => {
${body}
});
`;
}

const CLOSING_CHECK = pairHandler(`  if (server.readyState === WebSocket.CLOSING) {
    server.close(event.code, event.reason);
  }`);

// ---------------------------------------------------------------------------
// Silent
// ---------------------------------------------------------------------------

const silent: Valid[] = [
  { name: "manual mode: readyState is 2 (CLOSING) in the handler", settings: MANUAL, code: CLOSING_CHECK },
  { name: "mixed mode: the environment on the old date still sees CLOSING", settings: MIXED, code: CLOSING_CHECK },
  { name: "unknown mode: no wrangler config", filename: path.join(noConfigDir, "src", "worker.ts"), code: CLOSING_CHECK },
  {
    name: "half-open socket: readyState stays 2 in the handler (docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime)",
    settings: AUTO,
    code: pairHandler(`  if (server.readyState === WebSocket.CLOSING) server.close();`, "server.accept({ allowHalfOpen: true });"),
  },
  {
    name: "options the core cannot read: maybe half-open",
    settings: AUTO,
    code: `declare const options: { allowHalfOpen: boolean };\n${pairHandler(`  if (server.readyState === WebSocket.CLOSING) server.close();`, "server.accept(options);")}`,
  },
  { name: "comparison with OPEN", settings: AUTO, code: pairHandler(`  if (server.readyState === WebSocket.OPEN) server.close();`) },
  { name: "comparison with CLOSED (3)", settings: AUTO, code: pairHandler(`  if (server.readyState !== 3) server.close();`) },
  { name: "an ordering comparison (>=) is not reported", settings: AUTO, code: pairHandler(`  if (server.readyState >= WebSocket.CLOSING) return;`) },
  {
    name: "a switch on readyState is not a comparison",
    settings: AUTO,
    code: pairHandler(`  switch (server.readyState) {
    case WebSocket.CLOSING:
      server.close();
  }`),
  },
  {
    name: "another socket's readyState (the backend leg of a proxy may really be CLOSING)",
    settings: AUTO,
    code: `declare const backend: WebSocket;\n${pairHandler(`  if (backend.readyState === WebSocket.CLOSING) return;\n  backend.close();`)}`,
  },
  {
    name: "in a nested callback: not directly in the handler",
    settings: AUTO,
    code: pairHandler(`  setTimeout(() => {
    if (server.readyState === WebSocket.CLOSING) server.close();
  }, 10);`),
  },
  {
    name: "in a helper the handler calls (it may run elsewhere too)",
    settings: AUTO,
    code: `function safeClose(ws: WebSocket) {
  if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CLOSING) ws.close();
}
${pairHandler("  safeClose(server);")}`,
  },
  {
    name: "a handler shared by both legs of a proxy runs while the other leg may be CLOSING",
    settings: AUTO,
    code: `export async function proxy(): Promise<Response> {
  const backend = (await fetch("https://backend.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  function closeBoth() {
    if (server.readyState === WebSocket.CLOSING) return;
    server.close();
    backend.close();
  }
  server.addEventListener("close", closeBoth);
  backend.addEventListener("close", closeBoth);
  return new Response(null, { status: 101, webSocket: client });
}
`,
  },
  {
    name: "a new WebSocket(url) socket: not a standard-API socket (browser code looks the same)",
    settings: AUTO,
    code: `const ws = new WebSocket("wss://example.com");
ws.addEventListener("close", () => {
  if (ws.readyState === WebSocket.CLOSING) console.log("closing");
});
`,
  },
  {
    name: "a local binding named WebSocket is not the global",
    settings: AUTO,
    code: `const WebSocket = { CLOSING: 7 };\n${pairHandler(`  if (server.readyState === WebSocket.CLOSING) server.close();`)}`,
  },
  {
    name: "a message handler is not a close handler",
    settings: AUTO,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("message", () => {
  if (server.readyState === WebSocket.CLOSING) return;
});
server.addEventListener("close", () => {});
`,
  },
];

// ---------------------------------------------------------------------------
// Reported
// ---------------------------------------------------------------------------

const reported: Invalid[] = [
  {
    name: "=== WebSocket.CLOSING in an inline handler: always false",
    settings: AUTO,
    code: CLOSING_CHECK,
    errors: [
      {
        messageId: "closingStateCheck",
        line: 4,
        column: 7,
        data: {
          // Cut in the middle: a message quotes at most 36 characters of code.
          comparison: "server.readyState === WebSocket.CLOSING",
          result: "false",
          compat: "auto: settings compatibilityDate 2026-05-01",
        },
      },
    ],
    output: null,
  },
  {
    name: "!== 2: always true",
    settings: AUTO,
    code: pairHandler(`  if (server.readyState !== 2) return;\n  server.close();`),
    errors: [{ messageId: "closingStateCheck", line: 4, column: 7 }],
    output: null,
  },
  {
    name: "the constant on the left, loose equality",
    settings: AUTO,
    code: pairHandler(`  if (WebSocket.CLOSING == server.readyState) server.close();`),
    errors: [{ messageId: "closingStateCheck", line: 4, column: 7 }],
    output: null,
  },
  {
    name: "server.CLOSING, inside a larger condition",
    settings: AUTO,
    code: pairHandler(`  if (event.code !== 1006 && server.readyState != server.CLOSING) server.close();`),
    errors: [{ messageId: "closingStateCheck", line: 4, column: 30 }],
    output: null,
  },
  {
    name: "OPEN || CLOSING guard: only the CLOSING half is reported",
    settings: AUTO,
    code: pairHandler(`  if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CLOSING) server.close();`),
    errors: [{ messageId: "closingStateCheck", line: 4, column: 47 }],
    output: null,
  },
  {
    name: "an onclose handler on a socket parameter (handleSession shape)",
    settings: AUTO,
    code: `export function handleSession(websocket: WebSocket) {
  websocket.accept();
  websocket.onclose = () => {
    const closing = websocket.readyState === WebSocket.CLOSING;
    console.log(closing);
  };
}
`,
    errors: [{ messageId: "closingStateCheck", line: 4, column: 21 }],
    output: null,
  },
  {
    name: "a function declaration used only as this socket's close handler",
    settings: AUTO,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
function onClose() {
  return server.readyState === WebSocket.CLOSING ? "closing" : "closed";
}
server.addEventListener("close", onClose);
`,
    errors: [{ messageId: "closingStateCheck", line: 4, column: 10 }],
    output: null,
  },
  {
    name: "Hono onClose: ws.readyState is the raw socket's",
    settings: AUTO,
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(() => ({
  onClose(event, ws) {
    if (ws.readyState === WebSocket.CLOSING) ws.close();
  },
}));
`,
    errors: [{ messageId: "closingStateCheck", line: 4, column: 9 }],
    output: null,
  },
  {
    name: "a fetch() backend socket, not half-open",
    settings: AUTO,
    code: `export async function connect(): Promise<void> {
  const backend = (await fetch("https://backend.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  backend.accept();
  backend.addEventListener("close", () => {
    if (backend.readyState === WebSocket.CLOSING) backend.close();
  });
}
`,
    errors: [{ messageId: "closingStateCheck", line: 5, column: 9 }],
    output: null,
  },
];

const ruleTester = new RuleTester();

ruleTester.run("no-closing-state-check", rule, { valid: silent, invalid: reported });
