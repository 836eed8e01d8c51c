import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules, type RuleMessageIds } from "../../rules/index.js";
const rule = rules["no-new-websocket-in-proxy"];
type MessageIds = RuleMessageIds<"no-new-websocket-in-proxy">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A directory with no wrangler config in it or above it: `unknown` mode. */
const noConfigDir = createTempProject("ws-close-new-websocket-").root;

const AUTO = { "ws-close": { compatibilityDate: "2026-05-01" } };
const MANUAL = { "ws-close": { compatibilityDate: "2026-01-01" } };
const MIXED = { "ws-close": { wranglerConfig: path.join(projectRoot, "fixtures/config/toml-env-legacy-mixed/wrangler.toml") } };

/**
 * A relay in an async `fetch` handler: `connect` (line 3, indented four spaces) opens
 * the upstream leg, both legs forward messages and close to each other.
 */
function relay(connect: string, { header = "  async fetch(request: Request): Promise<Response> {", extra = "" } = {}): string {
  return `export default {
${header}
    ${connect}
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();${extra}
    server.addEventListener("message", (event) => upstream.send(event.data));
    upstream.addEventListener("message", (event) => server.send(event.data));
    server.addEventListener("close", (event) => upstream.close(1000, "client left"));
    upstream.addEventListener("close", (event) => server.close(1000, "upstream left"));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;
}

/** The two lines the suggestion adds after the declaration on line 3. */
const ADDED = `
    if (!upstream) throw new Error("WebSocket upgrade refused");
    upstream.accept({ allowHalfOpen: true });`;

/** `relay()` with the suggestion applied: `fetchCall` replaces `new WebSocket(…)`, the added lines follow. */
function suggested(connect: string, constructText: string, fetchCall: string): string {
  return relay(`${connect.replace(constructText, fetchCall)}${ADDED}`);
}

const LITERAL = 'const upstream = new WebSocket("wss://backend.example/ws");';

/** The error on line 3 at `new WebSocket(` (column 22 after `    const upstream = `), with the suggestion's output. */
function reported(output: string | null, data?: Record<string, string>): Invalid["errors"] {
  return [
    {
      messageId: "newWebSocketProxyLeg",
      line: 3,
      column: 22,
      ...(data ? { data } : {}),
      suggestions: output === null ? [] : [{ messageId: "suggestFetchUpgrade", output }],
    },
  ];
}

// ---------------------------------------------------------------------------
// Silent
// ---------------------------------------------------------------------------

const silent: Valid[] = [
  {
    name: "a let assigned twice may hold two sockets",
    settings: AUTO,
    code: relay('let upstream = new WebSocket("wss://a.example/ws"); if (request.url.includes("b")) upstream = new WebSocket("wss://b.example/ws");'),
  },
  {
    name: "a let assigned in a loop holds a new socket each time round",
    settings: AUTO,
    code: relay('let upstream; for (const url of ["wss://a.example/ws"]) { upstream = new WebSocket(url); }'),
  },
  { name: "manual mode: without auto reply the proxy coordinates its close", settings: MANUAL, code: relay(LITERAL) },
  { name: "unknown mode: no wrangler config", filename: path.join(noConfigDir, "src", "relay.ts"), code: relay(LITERAL) },
  {
    name: "not a proxy: messages go one way only, and no close handler closes the other leg",
    settings: AUTO,
    code: `export default {
  async fetch(request: Request): Promise<Response> {
    const feed = new WebSocket("wss://feed.example/ws");
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    feed.addEventListener("message", (event) => server.send(event.data));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
  },
  {
    name: "two new WebSocket sockets bridged (no Workers socket: browser code looks the same)",
    settings: AUTO,
    code: `const a = new WebSocket("wss://a.example/ws");
const b = new WebSocket("wss://b.example/ws");
a.addEventListener("message", (event) => b.send(event.data));
b.addEventListener("message", (event) => a.send(event.data));
a.addEventListener("close", () => b.close());
`,
  },
  {
    name: "a local class named WebSocket is not the runtime's",
    settings: AUTO,
    code: relay(LITERAL).replace("export default {", "class WebSocket { constructor(readonly url: string) {} send(_: unknown) {} close() {} addEventListener(_: string, __: unknown) {} }\nexport default {"),
  },
  {
    name: "the upstream leg is a fetch() upgrade already",
    settings: AUTO,
    code: relay('const upstream = (await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } })).webSocket!;', {
      extra: "\n    upstream.accept({ allowHalfOpen: true });",
    }),
  },
  {
    name: "a binding that is reassigned is not proven to be one socket",
    settings: AUTO,
    code: relay('let upstream = new WebSocket("wss://backend.example/ws");', { extra: '\n    upstream = new WebSocket("wss://other.example/ws");' }),
  },
];

// ---------------------------------------------------------------------------
// Reported, with the fetch() upgrade suggestion
// ---------------------------------------------------------------------------

const withSuggestion: Invalid[] = [
  {
    name: "a wss: literal becomes https: statically",
    settings: AUTO,
    code: relay(LITERAL),
    errors: reported(
      suggested(LITERAL, 'new WebSocket("wss://backend.example/ws")', '(await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } })).webSocket'),
      {
        socket: "upstream",
        construct: 'new WebSocket("wss://backend.example/ws")',
        peer: "'server'",
        compat: "auto: settings compatibilityDate 2026-05-01",
      },
    ),
  },
  {
    name: "a ws: literal becomes http:",
    settings: AUTO,
    code: relay('const upstream = new WebSocket("ws://10.0.0.2:8080/ws");'),
    errors: reported(
      suggested('const upstream = new WebSocket("ws://10.0.0.2:8080/ws");', 'new WebSocket("ws://10.0.0.2:8080/ws")', '(await fetch("http://10.0.0.2:8080/ws", { headers: { Upgrade: "websocket" } })).webSocket'),
    ),
  },
  {
    name: "a template literal with a wss: head is converted statically",
    settings: AUTO,
    code: relay("const upstream = new WebSocket(`wss://${new URL(request.url).host}/ws`);"),
    errors: reported(
      suggested(
        "const upstream = new WebSocket(`wss://${new URL(request.url).host}/ws`);",
        "new WebSocket(`wss://${new URL(request.url).host}/ws`)",
        '(await fetch(`https://${new URL(request.url).host}/ws`, { headers: { Upgrade: "websocket" } })).webSocket',
      ),
    ),
  },
  {
    name: "a template literal without a scheme in its head is converted at run time",
    settings: AUTO,
    code: relay("const upstream = new WebSocket(`${BACKEND}/ws`);").replace("export default {", 'const BACKEND = "wss://backend.example";\nexport default {'),
    errors: [
      {
        messageId: "newWebSocketProxyLeg",
        line: 4,
        column: 22,
        suggestions: [
          {
            messageId: "suggestFetchUpgrade",
            output: suggested(
              "const upstream = new WebSocket(`${BACKEND}/ws`);",
              "new WebSocket(`${BACKEND}/ws`)",
              '(await fetch(`${BACKEND}/ws`.replace(/^ws/i, "http"), { headers: { Upgrade: "websocket" } })).webSocket',
            ).replace("export default {", 'const BACKEND = "wss://backend.example";\nexport default {'),
          },
        ],
      },
    ],
  },
  {
    name: "any other URL expression is converted at run time, through String() (it may be a URL object)",
    settings: AUTO,
    code: relay("const upstream = new WebSocket(env.BACKEND_URL);", { header: "  async fetch(request: Request, env: { BACKEND_URL: string }): Promise<Response> {" }),
    errors: reported(
      relay(
        `const upstream = (await fetch(String(env.BACKEND_URL).replace(/^ws/i, "http"), { headers: { Upgrade: "websocket" } })).webSocket;${ADDED}`,
        { header: "  async fetch(request: Request, env: { BACKEND_URL: string }): Promise<Response> {" },
      ),
    ),
  },
  {
    name: "mixed mode: the environment on the new date cannot coordinate the close",
    settings: MIXED,
    code: relay(LITERAL),
    errors: reported(
      suggested(LITERAL, 'new WebSocket("wss://backend.example/ws")', '(await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } })).webSocket'),
    ),
  },
  {
    name: "a let binding, and a trailing comment that stays on its line",
    settings: AUTO,
    code: relay('let upstream = new WebSocket("wss://backend.example/ws"); // the upstream leg'),
    errors: [
      {
        messageId: "newWebSocketProxyLeg",
        line: 3,
        column: 20,
        suggestions: [
          {
            messageId: "suggestFetchUpgrade",
            output: relay(
              `let upstream = (await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } })).webSocket; // the upstream leg${ADDED}`,
            ),
          },
        ],
      },
    ],
  },
  {
    name: "linked by close forwarding alone (no message forwarding), in an async function declaration with single quotes and no semicolons",
    settings: AUTO,
    code: `export async function bridge(server: WebSocket) {
  server.accept()
  const upstream = new WebSocket('wss://backend.example/ws')
  server.addEventListener('close', () => upstream.close())
  upstream.addEventListener('close', () => server.close())
}
`,
    errors: [
      {
        messageId: "newWebSocketProxyLeg",
        line: 3,
        column: 20,
        suggestions: [
          {
            messageId: "suggestFetchUpgrade",
            output: `export async function bridge(server: WebSocket) {
  server.accept()
  const upstream = (await fetch('https://backend.example/ws', { headers: { Upgrade: 'websocket' } })).webSocket
  if (!upstream) throw new Error('WebSocket upgrade refused')
  upstream.accept({ allowHalfOpen: true })
  server.addEventListener('close', () => upstream.close())
  upstream.addEventListener('close', () => server.close())
}
`,
          },
        ],
      },
    ],
  },
  {
    name: "an async arrow function, inside an if block",
    settings: AUTO,
    code: `export const connect = async (server: WebSocket, url: string) => {
  server.accept();
  if (url) {
    const upstream = new WebSocket(url);
    server.addEventListener("close", () => upstream.close());
    upstream.addEventListener("close", () => server.close());
  }
};
`,
    errors: [
      {
        messageId: "newWebSocketProxyLeg",
        line: 4,
        column: 22,
        suggestions: [
          {
            messageId: "suggestFetchUpgrade",
            output: `export const connect = async (server: WebSocket, url: string) => {
  server.accept();
  if (url) {
    const upstream = (await fetch(String(url).replace(/^ws/i, "http"), { headers: { Upgrade: "websocket" } })).webSocket;
    if (!upstream) throw new Error("WebSocket upgrade refused");
    upstream.accept({ allowHalfOpen: true });
    server.addEventListener("close", () => upstream.close());
    upstream.addEventListener("close", () => server.close());
  }
};
`,
          },
        ],
      },
    ],
  },
];

// ---------------------------------------------------------------------------
// Reported without a suggestion: the rewrite is not proven valid or equivalent
// ---------------------------------------------------------------------------

const reportOnly: Invalid[] = [
  {
    name: "a let assigned once in a try block (one socket, like a const); no suggestion for an assignment",
    settings: AUTO,
    code: relay('let upstream; try { upstream = new WebSocket("wss://backend.example/ws"); } catch { return new Response(null, { status: 502 }); }'),
    errors: [{ messageId: "newWebSocketProxyLeg", line: 3, column: 36, suggestions: [] }],
  },
  {
    name: "the surrounding function is not async (no await possible)",
    settings: AUTO,
    code: relay(LITERAL, { header: "  fetch(request: Request): Response {" }),
    errors: reported(null),
  },
  {
    name: "the code waits for the open event, which a fetch() upgrade never fires",
    settings: AUTO,
    code: relay(LITERAL, { extra: '\n    upstream.addEventListener("open", () => upstream.send("hello"));' }),
    errors: reported(null),
  },
  {
    name: "an onopen handler",
    settings: AUTO,
    code: relay(LITERAL, { extra: '\n    upstream.onopen = () => upstream.send("hello");' }),
    errors: reported(null),
  },
  {
    name: "subprotocols would need a Sec-WebSocket-Protocol header",
    settings: AUTO,
    code: relay('const upstream = new WebSocket("wss://backend.example/ws", ["v1"]);'),
    errors: reported(null),
  },
  {
    name: "a type annotation would not accept the response's WebSocket | null",
    settings: AUTO,
    code: relay('const upstream: WebSocket = new WebSocket("wss://backend.example/ws");'),
    errors: [{ messageId: "newWebSocketProxyLeg", line: 3, column: 33, suggestions: [] }],
  },
  {
    name: "a literal URL that is not ws: or wss: (new WebSocket() throws on it)",
    settings: AUTO,
    code: relay('const upstream = new WebSocket("/ws");'),
    errors: reported(null),
  },
  {
    name: "another statement follows the declaration on its line",
    settings: AUTO,
    code: relay('const upstream = new WebSocket("wss://backend.example/ws"); let opened = false;'),
    errors: reported(null),
  },
  {
    name: "module top level: not inside an async function",
    settings: AUTO,
    code: `const upstream = new WebSocket("wss://backend.example/ws");
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => upstream.close());
upstream.addEventListener("close", () => server.close());
`,
    errors: [{ messageId: "newWebSocketProxyLeg", line: 1, column: 18, suggestions: [] }],
  },
  {
    name: "inside a non-async callback of an async function",
    settings: AUTO,
    code: `export async function start(server: WebSocket) {
  server.accept();
  setTimeout(() => {
    const upstream = new WebSocket("wss://backend.example/ws");
    server.addEventListener("close", () => upstream.close());
    upstream.addEventListener("close", () => server.close());
  }, 0);
}
`,
    errors: [{ messageId: "newWebSocketProxyLeg", line: 4, column: 22, suggestions: [] }],
  },
  {
    name: "a Hono onClose socket closes a new WebSocket leg (and Hono's socket can never be half-open either)",
    settings: AUTO,
    code: `import { upgradeWebSocket } from "hono/cloudflare-workers";
const upstream = new WebSocket("wss://backend.example/ws");
upstream.addEventListener("message", () => {});
export const route = upgradeWebSocket(() => ({
  onClose(event, ws) {
    upstream.close();
  },
}));
`,
    errors: [{ messageId: "newWebSocketProxyLeg", line: 2, column: 18, suggestions: [] }],
  },
];

const ruleTester = new RuleTester();

ruleTester.run("no-new-websocket-in-proxy", rule, {
  valid: silent,
  invalid: [...withSuggestion, ...reportOnly],
});
