/**
 * require-hibernation-close on the shapes of issue 10: a hibernatable socket
 * that another path of the file may close is undecidable (docs/rules/require-hibernation-close.md#when-it-is-silent),
 * and a reply behind `readyState === OPEN` in `webSocketClose` never runs
 * (readyState is 2 there on every date, runtime facts row 7).
 */
import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { rules, type RuleMessageIds } from "../../rules/index.js";
const rule = rules["require-hibernation-close"];
type MessageIds = RuleMessageIds<"require-hibernation-close">;
type Options = [];

/** A Durable Object class (line 3) whose members start on line 4. */
function durableObject(members: string): string {
  return `import { DurableObject } from "cloudflare:workers";\n\nexport class ChatRoom extends DurableObject {\n${members}\n}\n`;
}

const FORGETS = `  async webSocketClose(ws: WebSocket) {
    console.log("closed");
  }`;

const valid: ValidTestCase<Options>[] = [
  {
    name: "webSocketMessage closes the socket itself: the close event may be the answer",
    code: durableObject(`  async webSocketMessage(ws: WebSocket, message: string) {
    if (message === "bye") ws.close(1000, "done");
  }
${FORGETS}`),
  },
  {
    name: "an alarm closes every socket of the object",
    code: durableObject(`  async alarm() {
    for (const ws of this.ctx.getWebSockets()) ws.close(1001, "idle");
  }
${FORGETS}`),
  },
  {
    name: "a module helper closes sockets it is given",
    code: `import { DurableObject } from "cloudflare:workers";
function kick(ws: WebSocket) {
  ws.close(4000, "kicked");
}
export class ChatRoom extends DurableObject {
  async webSocketMessage(ws: WebSocket) {
    kick(ws);
  }
${FORGETS}
}
`,
  },
  {
    name: "webSocketClose is also called directly, where the socket may be OPEN",
    code: durableObject(`  async webSocketError(ws: WebSocket) {
    await this.webSocketClose(ws, 1011, "error");
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
  }`),
  },
  {
    name: "readyState === OPEN || readyState === CLOSING passes at 2",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CLOSING) ws.close(1000, reason);
  }`),
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    name: "a close behind readyState === WebSocket.OPEN never runs in webSocketClose: the safe reply is appended",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (ws.readyState === WebSocket.OPEN) {
      ws.close(code, reason);
    }
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (ws.readyState === WebSocket.OPEN) {
      ws.close(code, reason);
    }
    if (code === 1005) {
      ws.close();
    } else if (code !== 1006 && code !== 1015) {
      ws.close(code, reason);
    }
  }`),
  },
  {
    name: "a close of another, standard-API socket elsewhere in the file is not a close of this one",
    code: durableObject(`  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => server.close(event.code, event.reason));
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket) {
    console.log("closed");
  }`),
    errors: [{ messageId: "missingCloseReply", line: 10, column: 9 }],
    output: durableObject(`  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => server.close(event.code, event.reason));
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log("closed");
    if (code === 1005) {
      ws.close();
    } else if (code !== 1006 && code !== 1015) {
      ws.close(code, reason);
    }
  }`),
  },
];

new RuleTester().run("require-hibernation-close (closed elsewhere, readyState guards)", rule, { valid, invalid });
