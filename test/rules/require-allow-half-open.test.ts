import tsParser from "@typescript-eslint/parser";
import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { Linter } from "eslint";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import plugin, { rules, type RuleMessageIds } from "../../rules/index.js";
import { analyzeFile, parseSource } from "../../src/analysis/index.js";
import { compatNote, describeCompatResolution, resolveCompatForFile, type CompatOverrides } from "../../src/compat/index.js";

const rule = rules["require-allow-half-open"];
type MessageIds = RuleMessageIds<"require-allow-half-open">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A source file (it need not exist) inside `fixtures/config/<dir>/src/`, relative to the working directory. */
function fileUnderConfig(dir: string, name = "gateway.ts"): string {
  return path.relative(process.cwd(), path.join(projectRoot, "fixtures/config", dir, "src", name));
}

/** A directory with no wrangler config in it or above it. */
const noConfigDir = createTempProject("ws-close-half-open-rule-").root;

const auto = { settings: { "ws-close": { compatibilityDate: "2026-05-01" } } };
const manual = { settings: { "ws-close": { compatibilityDate: "2026-01-01" } } };

interface ProxyParts {
  serverAccept?: string;
  backendAccept?: string;
  /** Body of server's close handler (line 11). */
  serverClose?: string;
  /** Body of backend's close handler (line 14). */
  backendClose?: string;
  serverMessage?: string;
  backendMessage?: string;
  /** Line 4: how `backend` is made. */
  backendInit?: string;
  /** Extra statements at the top of the module (line 1; shifts nothing when empty). */
  header?: string;
}

/**
 * A gateway with two legs: `server` (line 6 accept) and `backend` (line 7 accept),
 * messages forwarded both ways (lines 8–9), close handlers on lines 10–15.
 */
function proxy(parts: ProxyParts = {}): string {
  const {
    serverAccept = "server.accept();",
    backendAccept = "backend.accept();",
    serverClose = 'backend.close(1000, "client left");',
    backendClose = 'server.close(1001, "backend left");',
    serverMessage = 'server.addEventListener("message", (event) => backend.send(event.data));',
    backendMessage = 'backend.addEventListener("message", (event) => server.send(event.data));',
    backendInit = "const backend = upstream.webSocket!;",
    header = "",
  } = parts;
  return `${header}export default {
  async fetch(request: Request): Promise<Response> {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    ${backendInit}
    const [client, server] = Object.values(new WebSocketPair());
    ${serverAccept}
    ${backendAccept}
    ${serverMessage}
    ${backendMessage}
    server.addEventListener("close", (event) => {
      ${serverClose}
    });
    backend.addEventListener("close", (event) => {
      ${backendClose}
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;
}

/** `setTimeout(() => server.close(event.code, event.reason), 100)` once guarded (the forwarded form: an empty Close for 1005, 1006 and 1015). */
const TIMER_GUARDED = `setTimeout(() => {
        if (event.code === 1005 || event.code === 1006 || event.code === 1015) {
          server.close();
        } else {
          server.close(event.code, event.reason);
        }
      }, 100);`;

const BOTH_HALF_OPEN = proxy({ serverAccept: "server.accept({ allowHalfOpen: true });", backendAccept: "backend.accept({ allowHalfOpen: true });" });

const serverError = { messageId: "missingAllowHalfOpen", line: 6, column: 5 } as const;
const backendError = { messageId: "missingAllowHalfOpen", line: 7, column: 5 } as const;

// ---------------------------------------------------------------------------
// Silent: modes where the runtime does not reply, and what the rule cannot prove
// ---------------------------------------------------------------------------

const silentModes: Valid[] = [
  { name: "manual mode (2026-01-01): the runtime does not reply, the handlers already coordinate the close", ...manual, code: proxy() },
  {
    name: "manual mode: an auto date with web_socket_manual_reply_to_close",
    settings: { "ws-close": { compatibilityDate: "2026-05-01", compatibilityFlags: ["web_socket_manual_reply_to_close"] } },
    code: proxy(),
  },
  { name: "manual mode: compatibility_date 2025-06-01 in wrangler.toml", filename: fileUnderConfig("toml-manual-2025-06-01"), code: proxy() },
  { name: "unknown mode: a wrangler.toml without compatibility_date", filename: fileUnderConfig("no-date"), code: proxy() },
  { name: "unknown mode: no wrangler config anywhere above the file", filename: path.join(noConfigDir, "src", "gateway.ts"), code: proxy() },
];

const silentSockets: Valid[] = [
  {
    name: "a backend leg assigned twice may be two sockets",
    ...auto,
    code: proxy({ backendInit: "let backend = upstream.webSocket!; if (request.url.endsWith(\"/b\")) backend = upstream.webSocket!;" }),
  },
  {
    name: "a backend leg assigned in a nested function (it may run more than once)",
    ...auto,
    code: proxy({ backendInit: "let backend: WebSocket | null = null; const connect = () => { backend = upstream.webSocket!; }; connect();" }),
  },
  { name: "both legs already half-open", ...auto, code: BOTH_HALF_OPEN },
  {
    name: "half-open through a const options object",
    ...auto,
    code: proxy({
      header: "const LEG = { allowHalfOpen: true };\n",
      serverAccept: "server.accept(LEG);",
      backendAccept: "backend.accept(LEG);",
    }),
  },
  {
    name: "options the core cannot read: a spread",
    ...auto,
    code: proxy({
      header: "declare const defaults: { allowHalfOpen?: boolean };\n",
      serverAccept: "server.accept({ ...defaults });",
      backendAccept: "backend.accept({ ...defaults });",
    }),
  },
  {
    name: "options the core cannot read: a const that other code changes",
    ...auto,
    code: proxy({
      header: 'const LEG: { allowHalfOpen?: boolean } = {};\nObject.assign(LEG, { allowHalfOpen: globalThis.location === undefined });\n',
      serverAccept: "server.accept(LEG);",
      backendAccept: "backend.accept(LEG);",
    }),
  },
  {
    name: "options the core cannot read: a value computed at run time",
    ...auto,
    code: proxy({
      header: 'declare const HALF_OPEN: boolean;\n',
      serverAccept: "server.accept({ allowHalfOpen: HALF_OPEN });",
      backendAccept: "backend.accept({ allowHalfOpen: HALF_OPEN });",
    }),
  },
  {
    name: "not a proxy: messages are forwarded both ways, but no close handler closes the other leg",
    ...auto,
    code: proxy({ serverClose: 'console.log("client left");', backendClose: 'console.log("backend left");' }),
  },
  {
    name: "a single socket echoing in its own close handler (no-redundant-close's business)",
    ...auto,
    code: `const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  server.close(event.code, event.reason);
});
`,
  },
  {
    name: "the close target is not a proven socket (a value from a Map)",
    ...auto,
    code: `const rooms = new Map<string, WebSocket>();
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", () => {
  rooms.get("lobby")?.close(1000, "bye");
});
`,
  },
  {
    name: "a socket with two accept() calls: which one counts is not proven",
    ...auto,
    code: proxy({ serverAccept: "server.accept(); server.accept();", backendAccept: "backend.accept({ allowHalfOpen: true });" }),
  },
];

// ---------------------------------------------------------------------------
// Fixes: both legs forward the close, so each is answered after the other has closed
// ---------------------------------------------------------------------------

const fixes: Invalid[] = [
  {
    name: "a backend leg declared null and assigned once (one socket, like a const)",
    ...auto,
    code: proxy({ backendInit: "let backend: WebSocket | null = null; backend = upstream.webSocket!;" }),
    output: proxy({
      backendInit: "let backend: WebSocket | null = null; backend = upstream.webSocket!;",
      serverAccept: "server.accept({ allowHalfOpen: true });",
      backendAccept: "backend.accept({ allowHalfOpen: true });",
    }),
    errors: [
      { messageId: "missingAllowHalfOpen", line: 6, column: 5 },
      { messageId: "missingAllowHalfOpen", line: 7, column: 5 },
    ],
  },
  {
    name: "auto mode: both legs forward close and messages; both get { allowHalfOpen: true }",
    ...auto,
    code: proxy(),
    output: BOTH_HALF_OPEN,
    errors: [serverError, backendError],
  },
  {
    name: "mixed mode ([env.legacy] on an old date): the same fix, correct under both modes",
    filename: fileUnderConfig("toml-env-legacy-mixed"),
    code: proxy(),
    output: BOTH_HALF_OPEN,
    errors: [serverError, backendError],
  },
  {
    name: "auto mode from a wrangler.jsonc beside the file",
    filename: fileUnderConfig("jsonc-auto-2026-05-01"),
    code: proxy(),
    output: BOTH_HALF_OPEN,
    errors: [serverError, backendError],
  },
  {
    name: "an empty options literal gets the property",
    ...auto,
    code: proxy({ serverAccept: "server.accept({});", backendAccept: "backend.accept({ allowHalfOpen: true });" }),
    output: BOTH_HALF_OPEN,
    errors: [serverError],
  },
  {
    name: "an explicit allowHalfOpen: false is turned to true (false asks for the reply on every date)",
    ...auto,
    code: proxy({ serverAccept: "server.accept({ allowHalfOpen: false });", backendAccept: "backend.accept({ allowHalfOpen: true });" }),
    output: BOTH_HALF_OPEN,
    errors: [
      {
        ...serverError,
      },
    ],
  },
  {
    name: "only the leg that lacks it is fixed",
    ...auto,
    code: proxy({ backendAccept: "backend.accept({ allowHalfOpen: true });" }),
    output: BOTH_HALF_OPEN,
    errors: [serverError],
  },
  {
    name: "the close forwarded only in close handlers (no message forwarding) still links the legs",
    ...auto,
    code: proxy({ serverMessage: "// no messages to the backend", backendMessage: "// none back" }),
    output: proxy({
      serverMessage: "// no messages to the backend",
      backendMessage: "// none back",
      serverAccept: "server.accept({ allowHalfOpen: true });",
      backendAccept: "backend.accept({ allowHalfOpen: true });",
    }),
    errors: [serverError, backendError],
  },
  {
    name: "a leg whose own close handler closes it is answered by that handler",
    ...auto,
    code: proxy({ serverClose: 'backend.close(1000, "client left");\n      server.close(1000, "bye");', backendClose: "console.log(event.code);" }),
    output: proxy({
      serverClose: 'backend.close(1000, "client left");\n      server.close(1000, "bye");',
      backendClose: "console.log(event.code);",
      serverAccept: "server.accept({ allowHalfOpen: true });",
    }),
    errors: [
      { ...serverError },
      { messageId: "closeNotCompleted", line: 7, column: 5 },
    ],
  },
  {
    name: "onclose assignments and a backend socket returned by a same-file helper",
    ...auto,
    code: `async function connect(url: string): Promise<WebSocket | null> {
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  return response.webSocket;
}
export async function relay(): Promise<Response> {
  const backend = (await connect("https://backend.example/ws"))!;
  const pair = new WebSocketPair();
  const server = pair[1];
  backend.accept();
  server.accept();
  server.onmessage = (event) => backend.send(event.data);
  backend.onmessage = (event) => server.send(event.data);
  server.onclose = () => backend.close(1000, "client left");
  backend.onclose = () => server.close(1000, "backend left");
  return new Response(null, { status: 101, webSocket: pair[0] });
}
`,
    output: `async function connect(url: string): Promise<WebSocket | null> {
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  return response.webSocket;
}
export async function relay(): Promise<Response> {
  const backend = (await connect("https://backend.example/ws"))!;
  const pair = new WebSocketPair();
  const server = pair[1];
  backend.accept({ allowHalfOpen: true });
  server.accept({ allowHalfOpen: true });
  server.onmessage = (event) => backend.send(event.data);
  backend.onmessage = (event) => server.send(event.data);
  server.onclose = () => backend.close(1000, "client left");
  backend.onclose = () => server.close(1000, "backend left");
  return new Response(null, { status: 101, webSocket: pair[0] });
}
`,
    errors: [
      { messageId: "missingAllowHalfOpen", line: 9, column: 3 },
      { messageId: "missingAllowHalfOpen", line: 10, column: 3 },
    ],
  },
];

// ---------------------------------------------------------------------------
// Half-open turns off the runtime's reply: the close() calls that then carry it are guarded in the same fix
// ---------------------------------------------------------------------------

/**
 * The guard no-reserved-close-code writes around `call`, a close of one leg with the other leg's code, at
 * `indent`: an empty Close for 1005, 1006 and 1015 alike (the closed leg may be waiting for its answer).
 */
function guarded(indent: string, socket: string, code: string, call: string): string {
  return [
    `if (${code} === 1005 || ${code} === 1006 || ${code} === 1015) {`,
    `  ${socket}.close();`,
    `} else {`,
    `  ${call}`,
    `}`,
  ].join(`\n${indent}`);
}

/** The same gateway with one-line arrow close handlers that forward the received code (lines 10 and 11). */
function arrowProxy(serverAccept = "server.accept();", serverClose = "(e) => backend.close(e.code, e.reason)"): string {
  return `export default {
  async fetch(request: Request): Promise<Response> {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    const backend = upstream.webSocket!;
    const [client, server] = Object.values(new WebSocketPair());
    ${serverAccept}
    backend.accept({ allowHalfOpen: true });
    server.addEventListener("message", (event) => backend.send(event.data));
    backend.addEventListener("message", (event) => server.send(event.data));
    server.addEventListener("close", ${serverClose});
    backend.addEventListener("close", (e) => {
      ${guarded("      ", "server", "e.code", "server.close(e.code, e.reason);")}
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;
}

const guardedFixes: Invalid[] = [
  {
    name: "an expression-bodied arrow forwards the received code: half-open and the arrow's guard in one fix",
    ...auto,
    code: arrowProxy(),
    output: arrowProxy("server.accept({ allowHalfOpen: true });", `(e) => {
      ${guarded("      ", "backend", "e.code", "backend.close(e.code, e.reason);")}
    }`),
    errors: [
      {
        messageId: "missingAllowHalfOpen",
        line: 6,
        column: 5,
        data: {
          socket: "server",
          peer: "backend",
          compat: "the compatibilityDate override 2026-05-01",
          why: "auto: settings compatibilityDate 2026-05-01",
          call: "server.accept()",
          completion: "after 'backend' has closed: its close handler closes 'backend', whose close handler closes 'server'",
          guardNote:
            " The same fix guards `backend.close(e.code, e.reason)` against close codes 1005, 1006 and 1015, which would otherwise throw before the reply.",
          peerNote: "",
        },
      },
    ],
  },
  {
    name: "block bodies forwarding the received code both ways: each leg's fix guards the closes on its way back (two passes)",
    ...auto,
    code: proxy({ serverClose: "backend.close(event.code, event.reason);", backendClose: "server.close(event.code, event.reason);" }),
    output: [
      proxy({
        serverAccept: "server.accept({ allowHalfOpen: true });",
        serverClose: guarded("      ", "backend", "event.code", "backend.close(event.code, event.reason);"),
        backendClose: guarded("      ", "server", "event.code", "server.close(event.code, event.reason);"),
      }),
      proxy({
        serverAccept: "server.accept({ allowHalfOpen: true });",
        backendAccept: "backend.accept({ allowHalfOpen: true });",
        serverClose: guarded("      ", "backend", "event.code", "backend.close(event.code, event.reason);"),
        backendClose: guarded("      ", "server", "event.code", "server.close(event.code, event.reason);"),
      }),
    ],
    errors: [serverError, backendError],
  },
  {
    name: "a guard the code already has is kept; only the option is added",
    ...auto,
    code: arrowProxy("server.accept();", "(e) => e.code === 1005 || e.code === 1006 || e.code === 1015 ? backend.close() : backend.close(e.code, e.reason)"),
    output: arrowProxy(
      "server.accept({ allowHalfOpen: true });",
      "(e) => e.code === 1005 || e.code === 1006 || e.code === 1015 ? backend.close() : backend.close(e.code, e.reason)",
    ),
    errors: [{ messageId: "missingAllowHalfOpen", line: 6, column: 5 }],
  },
  {
    name: "a constant code is safe whatever the peer sent",
    ...auto,
    code: `const NORMAL = 1000;\n${arrowProxy("server.accept();", '() => backend.close(NORMAL, "client left")')}`,
    output: `const NORMAL = 1000;\n${arrowProxy("server.accept({ allowHalfOpen: true });", '() => backend.close(NORMAL, "client left")')}`,
    errors: [{ messageId: "missingAllowHalfOpen", line: 7, column: 5 }],
  },
];

const NEW_WEBSOCKET_BACKEND = { backendInit: 'const backend = new WebSocket("wss://backend.example/ws");', backendAccept: "// (no accept on new WebSocket)" };

const newWebSocketPeer: Invalid[] = [
  {
    name: "a `new WebSocket(url)` peer can never be half-open, but the accepted leg is made half-open: a client's close still waits for the backend",
    ...auto,
    code: proxy(NEW_WEBSOCKET_BACKEND),
    output: proxy({ ...NEW_WEBSOCKET_BACKEND, serverAccept: "server.accept({ allowHalfOpen: true });" }),
    errors: [serverError],
  },
  {
    name: "a `new WebSocket(url)` peer whose handlers forward the received code: the option and both guards in one fix",
    ...auto,
    code: proxy({ ...NEW_WEBSOCKET_BACKEND, serverClose: "backend.close(event.code, event.reason);", backendClose: "server.close(event.code, event.reason);" }),
    output: proxy({
      ...NEW_WEBSOCKET_BACKEND,
      serverAccept: "server.accept({ allowHalfOpen: true });",
      serverClose: guarded("      ", "backend", "event.code", "backend.close(event.code, event.reason);"),
      backendClose: guarded("      ", "server", "event.code", "server.close(event.code, event.reason);"),
    }),
    errors: [serverError],
  },
  {
    name: "a `new WebSocket(url)` peer that never closes the accepted leg: not made half-open (its close would hang)",
    ...auto,
    code: proxy({ ...NEW_WEBSOCKET_BACKEND, backendClose: 'console.log("backend left");' }),
    output: null,
    errors: [{ messageId: "closeNotCompleted", line: 6, column: 5 }],
  },
];

/** A relay whose close handlers are attached by `attach` (lines 8–9), after `server.accept()` on line 5. */
function lateRelay(attach: (handlers: string) => string): string {
  return `export default {
  async fetch(request: Request): Promise<Response> {
    const upstream = new WebSocket("wss://backend.example/ws");
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
${attach(`      server.addEventListener("close", () => upstream.close());
      upstream.addEventListener("close", () => server.close());`)}
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;
}

const lateHandlers: Invalid[] = [
  {
    name: "close handlers attached in the upstream's open listener: a close before it would hang once half-open, so no fix",
    ...auto,
    code: lateRelay((handlers) => `    upstream.addEventListener("open", () => {\n${handlers}\n    });`),
    output: null,
    errors: [{ messageId: "closeNotCompleted", line: 5, column: 5 }],
  },
  {
    name: "close handlers attached after an await: no fix",
    ...auto,
    code: lateRelay((handlers) => `    await new Promise((resolve) => setTimeout(resolve, 10));\n    {\n${handlers}\n    }`),
    output: null,
    errors: [{ messageId: "closeNotCompleted", line: 5, column: 5 }],
  },
  {
    name: "close handlers attached behind an if: no fix",
    ...auto,
    code: lateRelay((handlers) => `    if (request.headers.has("x-relay")) {\n${handlers}\n    }`),
    output: null,
    errors: [{ messageId: "closeNotCompleted", line: 5, column: 5 }],
  },
  {
    name: "close handlers attached in a try block, with no await before them: fixed",
    ...auto,
    code: lateRelay((handlers) => `    try {\n${handlers}\n    } catch {}`),
    output: lateRelay((handlers) => `    try {\n${handlers}\n    } catch {}`).replace("server.accept();", "server.accept({ allowHalfOpen: true });"),
    errors: [{ messageId: "missingAllowHalfOpen", line: 5, column: 5 }],
  },
];

/** A suggestion-only report: the close named in `unsafe` may throw before the reply, and cannot be guarded in place. */
function notGuardable(serverClose: string, line = 6, suggestion?: string): Invalid {
  return {
    name: `not guardable in place: ${serverClose}`,
    ...auto,
    code: arrowProxy("server.accept();", serverClose),
    output: null,
    errors: [
      {
        messageId: "replyNotGuardable",
        line,
        column: 5,
        suggestions: [
          { messageId: "suggestAllowHalfOpen", output: suggestion ?? arrowProxy("server.accept({ allowHalfOpen: true });", serverClose) },
        ],
      },
    ],
  };
}

const notGuardableReports: Invalid[] = [
  notGuardable("(e) => { try { backend.close(e.code, e.reason) } catch {} }"),
  notGuardable("(e) => (e.wasClean ? backend.close(e.code, e.reason) : console.log(e.code))"),
  notGuardable("(e) => e.wasClean && backend.close(e.code, e.reason)"),
  notGuardable("(e) => { const code = e.code || 1000; backend.close(code, e.reason); }"),
  notGuardable("(e) => backend.close(Number(e.code), e.reason)"),
  notGuardable("(e) => backend.close(e.code, String(e.reason))"),
];

// ---------------------------------------------------------------------------
// Reported without a fix
// ---------------------------------------------------------------------------

const reportOnly: Invalid[] = [
  {
    name: "only one side forwards the close (the other closes in a callback of unknown code): neither leg is proven to be answered once half-open",
    ...auto,
    code: proxy({ backendClose: "drain(() => server.close(1012, \"restarting\"));" }),
    output: null,
    errors: [
      {
        messageId: "closeNotCompleted",
        line: 6,
        column: 5,
      },
      {
        messageId: "closeNotCompleted",
        line: 7,
        column: 5,
      },
    ],
  },
  {
    name: "the close comes back from a setTimeout callback of the close handler, which surely runs",
    ...auto,
    code: proxy({ backendClose: "setTimeout(() => server.close(1012, \"restarting\"), 100);" }),
    output: proxy({
      backendClose: "setTimeout(() => server.close(1012, \"restarting\"), 100);",
      serverAccept: "server.accept({ allowHalfOpen: true });",
      backendAccept: "backend.accept({ allowHalfOpen: true });",
    }),
    errors: [
      { messageId: "missingAllowHalfOpen", line: 6, column: 5 },
      { messageId: "missingAllowHalfOpen", line: 7, column: 5 },
    ],
  },
  {
    name: "the close comes back through a helper of the file that closes the socket it is given with a literal code",
    ...auto,
    code: proxy({
      header: "function forwardClose(target: WebSocket, reason = \"peer left\") {\n  target.close(1000, reason);\n}\n",
      serverClose: "forwardClose(backend);",
      backendClose: "forwardClose(server, \"backend left\");",
    }),
    output: proxy({
      header: "function forwardClose(target: WebSocket, reason = \"peer left\") {\n  target.close(1000, reason);\n}\n",
      serverClose: "forwardClose(backend);",
      backendClose: "forwardClose(server, \"backend left\");",
      serverAccept: "server.accept({ allowHalfOpen: true });",
      backendAccept: "backend.accept({ allowHalfOpen: true });",
    }),
    errors: [
      { messageId: "missingAllowHalfOpen", line: 9, column: 5 },
      { messageId: "missingAllowHalfOpen", line: 10, column: 5 },
    ],
  },
  {
    name: "the close comes back through a helper that forwards the event's code: the guard goes in the helper, in the same fix",
    ...auto,
    code: proxy({
      header: "function forwardClose(target: WebSocket, e: CloseEvent) {\n  target.close(e.code, e.reason);\n}\n",
      serverClose: "forwardClose(backend, event);",
      backendClose: "forwardClose(server, event);",
    }),
    output: [
      proxy({
        header: "function forwardClose(target: WebSocket, e: CloseEvent) {\n  if (e.code === 1005 || e.code === 1006 || e.code === 1015) {\n    target.close();\n  } else {\n    target.close(e.code, e.reason);\n  }\n}\n",
        serverClose: "forwardClose(backend, event);",
        backendClose: "forwardClose(server, event);",
        serverAccept: "server.accept({ allowHalfOpen: true });",
      }),
      proxy({
        header: "function forwardClose(target: WebSocket, e: CloseEvent) {\n  if (e.code === 1005 || e.code === 1006 || e.code === 1015) {\n    target.close();\n  } else {\n    target.close(e.code, e.reason);\n  }\n}\n",
        serverClose: "forwardClose(backend, event);",
        backendClose: "forwardClose(server, event);",
        serverAccept: "server.accept({ allowHalfOpen: true });",
        backendAccept: "backend.accept({ allowHalfOpen: true });",
      }),
    ],
    errors: [
      { messageId: "missingAllowHalfOpen", line: 9, column: 5 },
      { messageId: "missingAllowHalfOpen", line: 10, column: 5 },
    ],
  },
  {
    name: "a helper whose close passes on a code the core cannot prove safe (also called with a literal elsewhere): no fix",
    ...auto,
    code: proxy({
      header: "function closeWith(target: WebSocket, code: number) {\n  target.close(code, \"bye\");\n}\n",
      serverClose: "closeWith(backend, event.code);",
      backendClose: "closeWith(server, event.code);\n      closeWith(server, 1011);",
    }),
    output: null,
    errors: [
      { messageId: "closeNotCompleted", line: 9, column: 5 },
      { messageId: "closeNotCompleted", line: 10, column: 5 },
    ],
  },
  {
    name: "a setTimeout callback echoes the event's code: its arrow gets a block with the guard, in the same fix as the option",
    ...auto,
    code: proxy({ backendClose: "setTimeout(() => server.close(event.code, event.reason), 100);" }),
    output: [
      proxy({ serverAccept: "server.accept({ allowHalfOpen: true });", backendClose: TIMER_GUARDED }),
      proxy({ serverAccept: "server.accept({ allowHalfOpen: true });", backendAccept: "backend.accept({ allowHalfOpen: true });", backendClose: TIMER_GUARDED }),
    ],
    errors: [
      { messageId: "missingAllowHalfOpen", line: 6, column: 5 },
      { messageId: "missingAllowHalfOpen", line: 7, column: 5 },
    ],
  },
  {
    name: "a helper's close behind a readyState check, which a half-open socket fails",
    ...auto,
    code: proxy({
      header: "function closeIfOpen(target: WebSocket) {\n  if (target.readyState === WebSocket.OPEN) target.close(1000, \"bye\");\n}\n",
      backendClose: "closeIfOpen(server);",
    }),
    output: null,
    errors: [
      { messageId: "closeNotCompleted", line: 9, column: 5 },
      { messageId: "closeNotCompleted", line: 10, column: 5 },
    ],
  },
  {
    name: "the close comes back only behind a readyState check, which a half-open socket fails",
    ...auto,
    code: proxy({ backendClose: 'if (server.readyState === WebSocket.OPEN) server.close(1001, "backend left");' }),
    output: null,
    errors: [
      {
        messageId: "closeNotCompleted",
        line: 6,
        column: 5,
      },
      { messageId: "closeNotCompleted", line: 7, column: 5 },
    ],
  },
  {
    name: "options in a const: reported, not edited (other code may share the object)",
    ...auto,
    code: proxy({
      header: "const LEG_OPTIONS = { allowHalfOpen: false };\n",
      serverAccept: "server.accept(LEG_OPTIONS);",
      backendAccept: "backend.accept(LEG_OPTIONS);",
    }),
    output: null,
    errors: [
      { messageId: "optionsNotLiteral", line: 7, column: 5 },
      { messageId: "optionsNotLiteral", line: 8, column: 5 },
    ],
  },
  {
    name: "options in a const without allowHalfOpen (mixed mode)",
    filename: fileUnderConfig("toml-env-legacy-mixed"),
    code: proxy({
      header: "const LEG_OPTIONS = {};\n",
      serverAccept: "server.accept(LEG_OPTIONS);",
      backendAccept: "backend.accept({ allowHalfOpen: true });",
    }),
    output: null,
    errors: [{ messageId: "optionsNotLiteral", line: 7, column: 5 }],
  },
  {
    name: "Hono: the onClose socket closes the backend, but Hono accepts without options",
    ...auto,
    code: `import { Hono } from "hono";
import { upgradeWebSocket } from "hono/cloudflare-workers";

const app = new Hono();
app.get(
  "/ws",
  upgradeWebSocket(async () => {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    const backend = upstream.webSocket!;
    backend.accept();
    return {
      onMessage(event, ws) {
        backend.send(String(event.data));
      },
      onClose(event, ws) {
        backend.close(1000, "client left");
      },
    };
  }),
);
export default app;
`,
    output: null,
    errors: [{ messageId: "honoNeverHalfOpen", line: 15, column: 7 }],
  },
];

const ruleTester = new RuleTester();

ruleTester.run("require-allow-half-open", rule, {
  valid: [...silentModes, ...silentSockets],
  invalid: [...fixes, ...guardedFixes, ...newWebSocketPeer, ...lateHandlers, ...notGuardableReports, ...reportOnly],
});

// ---------------------------------------------------------------------------
// What the messages say: the date and config, how the leg is answered, which direction is missing
// ---------------------------------------------------------------------------

function messages(code: string, filename: string, settings: Record<string, unknown> = {}): string[] {
  const linter = new Linter({ cwd: projectRoot });
  return linter
    .verify(
      code,
      [
        {
          files: ["**/*.ts"],
          languageOptions: { parser: tsParser as unknown as Linter.Parser },
          plugins: { "ws-close": plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
          rules: { "ws-close/require-allow-half-open": "error" },
          settings,
        },
      ],
      { filename },
    )
    .map((message) => message.message);
}

/**
 * The explanations (`Finding.explanation`, the CLI's `--verbose`) of the rule's findings in `code`, as the core renders them
 * for a file at `filename` (relative to the repository, or absolute) with `settings["ws-close"]` as overrides.
 */
function explanations(code: string, filename: string, settings: Record<string, unknown> = {}): string[] {
  const filePath = path.resolve(projectRoot, filename);
  const overrides = (settings["ws-close"] ?? {}) as CompatOverrides;
  const compat = resolveCompatForFile(filePath, { overrides, cwd: projectRoot });
  const analysis = analyzeFile({
    ...parseSource(code, filePath),
    compat,
    compatDescription: describeCompatResolution(compat, projectRoot),
    compatNote: compatNote(compat, { cwd: projectRoot, filePath, overrides: "settings" }),
    filePath,
  });
  return analysis.findings.filter((finding) => finding.ruleId === "require-allow-half-open").map((finding) => finding.explanation ?? "");
}

describe("require-allow-half-open messages and explanations", () => {
  it("a message names the leg, its peer and the config's date in a few words", () => {
    const [server, backend] = messages(proxy(), path.join(projectRoot, fileUnderConfig("jsonc-auto-2026-05-01")));
    expect(server).toBe(
      "Proxy leg 'server' lacks `{ allowHalfOpen: true }`, so its Close frame is answered before 'backend' closes (auto: wrangler.jsonc 2026-05-01).",
    );
    expect(backend).toBe(
      "Proxy leg 'backend' lacks `{ allowHalfOpen: true }`, so its Close frame is answered before 'server' closes (auto: wrangler.jsonc 2026-05-01).",
    );
  });

  it("an explanation names the config and date that decided, and how each leg is answered once half-open", () => {
    const [server, backend] = explanations(proxy(), path.join(projectRoot, fileUnderConfig("jsonc-auto-2026-05-01")));
    expect(server).toBe(
      "Proxy leg 'server' (proxied with 'backend') is accepted without `{ allowHalfOpen: true }`, so the runtime answers its Close frame at once, " +
        "before 'backend' has closed: the close does not travel end to end through the proxy (compatibility_date 2026-05-01 in " +
        "fixtures/config/jsonc-auto-2026-05-01/wrangler.jsonc; auto reply to Close frames is on from compatibility date 2026-04-07). " +
        "Half-open, 'server' is answered after 'backend' has closed: its close handler closes 'backend', whose close handler closes 'server'.",
    );
    expect(backend).toContain("Half-open, 'backend' is answered after 'server' has closed: its close handler closes 'server', whose close handler closes 'backend'.");
  });

  it("in mixed mode, name every environment", () => {
    const [server] = explanations(proxy(), path.join(projectRoot, fileUnderConfig("toml-env-legacy-mixed")));
    expect(server).toContain("(fixtures/config/toml-env-legacy-mixed/wrangler.toml: top level 2026-05-01 (auto), [env.legacy] 2025-06-01 (manual); auto reply");
  });

  it("say that an explicit allowHalfOpen: false gets the reply on every date", () => {
    const [server] = explanations(
      proxy({ serverAccept: "server.accept({ allowHalfOpen: false });", backendAccept: "backend.accept({ allowHalfOpen: true });" }),
      "gateway.ts",
      auto.settings,
    );
    expect(server).toContain("(`allowHalfOpen: false` asks for the runtime's reply on every compatibility date)");
  });

  it("name the missing direction of a one-sided bridge", () => {
    const [server, backend] = explanations(proxy({ backendClose: 'drain(() => server.close(1012, "restarting"));' }), "gateway.ts", auto.settings);
    expect(server).toContain(
      "nothing proves that this code then closes 'server': the close handler of 'backend' does not close 'server' " +
        "(a close in a callback or in another function is not followed): the close goes from 'server' to 'backend' and not back.",
    );
    expect(backend).toContain("the close handler of 'backend' closes neither 'backend' nor 'server'");
  });

  it("name a close handler that may not be in place when the Close frame comes", () => {
    const [server] = explanations(lateRelay((handlers) => `    upstream.addEventListener("open", () => {\n${handlers}\n    });`), "gateway.ts", auto.settings);
    expect(server).toContain(
      "nothing proves that this code then closes 'server': 'upstream' closes 'server' only in a handler attached inside a callback, " +
        "conditionally or after an `await`, which may not be in place when the Close frame comes.",
    );
  });

  it("name a readyState guard that a half-open socket fails", () => {
    const [server] = explanations(proxy({ backendClose: 'if (server.readyState === WebSocket.OPEN) server.close(1001, "bye");' }), "gateway.ts", auto.settings);
    expect(server).toContain("the close handler of 'backend' closes 'server' only behind a `readyState` check, which a half-open socket fails (it is CLOSING in its own close handler).");
  });

  it("name the close that would carry the reply once half-open and cannot be guarded in place", () => {
    const [server] = explanations(arrowProxy("server.accept();", "(e) => e.wasClean && backend.close(e.code, e.reason)"), "gateway.ts", auto.settings);
    expect(server).toContain(
      "It is not made half-open for you: `backend.close(e.code, e.reason)` would then carry the reply to 'server', and may throw on close code 1005, 1006 or 1015 " +
        "before it in a form this tool cannot guard in place; guard each by hand, then add the option.",
    );
  });

  it("say that a `new WebSocket` peer itself stays answered at once", () => {
    const [server] = explanations(proxy(NEW_WEBSOCKET_BACKEND), "gateway.ts", auto.settings);
    expect(server).toContain(
      "Half-open, 'server' is answered after 'backend' has closed: its close handler closes 'backend', whose close handler closes 'server'. " +
        "'backend' itself, a `new WebSocket`, can never be half-open: a close its server starts is still answered at once (no-new-websocket-in-proxy).",
    );
  });

  it("tell Hono users why no fix is possible and what is lost from 2026-04-07", () => {
    const code = `import { upgradeWebSocket } from "hono/cloudflare-workers";
export const route = upgradeWebSocket(async () => {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  backend.accept();
  return { onClose(event, ws) { backend.close(1000, "client left"); } };
});
`;
    expect(explanations(code, "gateway.ts", auto.settings)).toEqual([
      "Proxy leg 'ws' (its onClose closes 'backend') can never be half-open: Hono's upgradeWebSocket accepts it with plain `accept()`, without options, " +
        "so the runtime answers the client's Close frame at once, before 'backend' has closed, and the close no longer travels end to end through the proxy " +
        "(the compatibilityDate override 2026-05-01; auto reply to Close frames is on from compatibility date 2026-04-07). " +
        "Where the end-to-end close matters, upgrade this route with a WebSocketPair of your own and accept it with `{ allowHalfOpen: true }`.",
    ]);
  });
});
