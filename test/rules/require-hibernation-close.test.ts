import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { createTempProject } from "../support/temp-project.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules, type RuleMessageIds } from "../../rules/index.js";
const rule = rules["require-hibernation-close"];
type MessageIds = RuleMessageIds<"require-hibernation-close">;
type Options = [];

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A source file (it need not exist) inside `fixtures/config/<dir>/src/`, relative to the working directory. */
function fileUnderConfig(dir: string, name = "room.ts"): string {
  return path.relative(process.cwd(), path.join(projectRoot, "fixtures/config", dir, "src", name));
}

/** A directory with no wrangler config in it or above it. */
const noConfigDir = createTempProject("ws-close-hibernation-rule-").root;

const DO_IMPORT = 'import { DurableObject } from "cloudflare:workers";';

/**
 * A module with one Durable Object class: line 1 the import, line 3 the class,
 * `members` from line 4.
 */
function durableObject(members: string, declaration = "export class ChatRoom extends DurableObject {", header = DO_IMPORT): string {
  return `${header}\n\n${declaration}\n${members}\n}\n`;
}

/** The handler of the commonest defect: the session is forgotten, the Close frame never answered (line 5, column 9). */
const MISSING_REPLY = durableObject(`  sessions = new Map<WebSocket, string>();
  async webSocketClose(ws: WebSocket) {
    this.sessions.delete(ws);
  }`);

const MISSING_REPLY_FIXED = durableObject(`  sessions = new Map<WebSocket, string>();
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
    if (code === 1005) {
      ws.close();
    } else if (code !== 1006 && code !== 1015) {
      ws.close(code, reason);
    }
  }`);

const missingReplyError = [{ messageId: "missingCloseReply", line: 5, column: 9, data: { className: "ChatRoom", socket: "ws" } }] as const;

/** The reply the fix appends for `(ws, code, reason)` in a method body indented by four spaces. */
const REPLY = `    if (code === 1005) {
      ws.close();
    } else if (code !== 1006 && code !== 1015) {
      ws.close(code, reason);
    }`;

// ---------------------------------------------------------------------------
// Silent: the handler closes its socket, or the code does not prove it never does
// ---------------------------------------------------------------------------

const silentClosing: Valid[] = [
  {
    name: "closes ws directly",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }`),
  },
  {
    name: "closes ws in a finally block",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    try {
      await this.ctx.storage.delete(\`session:\${code}\`);
    } finally {
      ws.close(1000, "bye");
    }
  }`),
  },
  {
    // A guard on readyState === OPEN never passes here (readyState is 2): require-hibernation-close.closed-elsewhere.test.ts.
    name: "closes ws in a nested if",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (code !== 1006) {
      if (ws.readyState !== WebSocket.CLOSED) {
        ws.close(code, reason);
      }
    }
  }`),
  },
  {
    name: "closes ws later, in setTimeout(() => ws.close())",
    code: durableObject(`  async webSocketClose(ws: WebSocket) {
    setTimeout(() => ws.close(), 100);
  }`),
  },
  {
    name: "closes ws through a function of the same file: closeQuietly(ws, code, reason)",
    code: `${DO_IMPORT}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}

export class ChatRoom extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    closeQuietly(ws, code, reason);
  }
}
`,
  },
  {
    name: "closes ws through a const arrow helper of the same file",
    code: `${DO_IMPORT}

const safeClose = (socket: WebSocket) => {
  if (socket.readyState === WebSocket.OPEN) socket.close(1000, "done");
};

export class ChatRoom extends DurableObject {
  async webSocketClose(ws: WebSocket) {
    safeClose(ws);
  }
}
`,
  },
  {
    name: "closes ws through this.cleanup(ws), a method of the class",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.cleanup(ws);
  }
  cleanup(socket: WebSocket): void {
    this.sessions.delete(socket);
    socket.close(1000, "left");
  }`),
  },
  {
    name: "closes ws through two helpers: a class-field method that calls a function",
    code: `${DO_IMPORT}

function closeQuietly(ws: WebSocket): void {
  ws.close();
}

export class ChatRoom extends DurableObject {
  async webSocketClose(ws: WebSocket) {
    this.leave(ws);
  }
  leave = (socket: WebSocket) => {
    this.sessions.delete(socket);
    closeQuietly(socket);
  };
}
`,
  },
  {
    name: "ws passed to an imported function: unknown, silent",
    code: durableObject(
      `  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    closeSocket(ws, code, reason);
  }`,
      undefined,
      `${DO_IMPORT}\nimport { closeSocket } from "./sockets";`,
    ),
  },
  {
    name: "ws passed to a method of another object: unknown, silent",
    code: durableObject(`  async webSocketClose(ws: WebSocket) {
    this.room.leave(ws);
  }`),
  },
  {
    name: "ws passed to super.webSocketClose: unknown, silent",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    await super.webSocketClose(ws, code, reason);
  }`),
  },
  {
    name: "closes every socket of this.ctx.getWebSockets(): one of them may be ws",
    code: durableObject(`  async webSocketClose(ws: WebSocket) {
    for (const socket of this.ctx.getWebSockets()) {
      socket.close(1000, "room closed");
    }
  }`),
  },
  {
    name: "no parameters, but closes every socket of the room",
    code: durableObject(`  async webSocketClose() {
    this.ctx.getWebSockets().forEach((socket) => socket.close(1000, "room closed"));
  }`),
  },
  {
    name: "ws copied to another binding that is closed",
    code: durableObject(`  async webSocketClose(ws: WebSocket) {
    const socket = ws;
    socket.close();
  }`),
  },
  {
    name: "ws reassigned in the handler",
    code: durableObject(`  async webSocketClose(ws: WebSocket) {
    ws = this.primary;
    this.sessions.delete(ws);
  }`),
  },
];

const silentClasses: Valid[] = [
  {
    name: "a plain helper class with a webSocketClose method is not a Durable Object",
    code: `export class SocketEvents {
  private listeners: Array<(code: number) => void> = [];
  webSocketClose(ws: WebSocket, code: number) {
    for (const listener of this.listeners) listener(code);
  }
}
`,
  },
  {
    name: "a class extending a DurableObject imported from another module is not proven",
    code: durableObject(
      `  async webSocketClose(ws: WebSocket) {
    this.sessions.delete(ws);
  }`,
      undefined,
      'import { DurableObject } from "./durable-object";',
    ),
  },
  {
    name: "a class extending an undeclared DurableObject is not proven",
    code: `export class ChatRoom extends DurableObject {
  async webSocketClose(ws: WebSocket) {
    this.sessions.delete(ws);
  }
}
`,
  },
  {
    name: "partyserver Server: the framework answers the Close frame",
    code: `import { Server, type Connection } from "partyserver";

export class Chat extends Server {
  onClose(connection: Connection, code: number, reason: string) {
    this.broadcast(\`\${connection.id} left\`);
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean) {
    await super.webSocketClose(ws, code, reason, wasClean);
  }
}
`,
  },
  {
    name: "partyserver Server calling this.ctx.acceptWebSocket: still the framework's",
    code: `import { Server } from "partyserver";

export class Chat extends Server {
  async fetch(request: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketClose(ws: WebSocket) {}
}
`,
  },
  {
    name: "agents Agent: the SDK answers the Close frame",
    code: `import { Agent, type Connection } from "agents";

export class Assistant extends Agent<Env> {
  onClose(connection: Connection) {
    connection.close();
  }
  webSocketClose(ws: WebSocket) {
    this.log(ws);
  }
}
`,
  },
  {
    name: "partykit/server: the framework answers the Close frame",
    code: `import { Server } from "partykit/server";

export default class Room extends Server {
  webSocketClose(ws: WebSocket) {}
}
`,
  },
  {
    name: "a static webSocketClose is not the runtime's handler",
    code: durableObject(`  static webSocketClose(ws: WebSocket) {
    console.log("closed", ws);
  }`),
  },
  {
    name: "a Durable Object without webSocketClose",
    code: durableObject(`  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    ws.send(message);
  }`),
  },
  {
    name: "a TypeScript overload signature and an implementation that closes",
    code: durableObject(`  webSocketClose(ws: WebSocket): void;
  webSocketClose(ws: WebSocket, code?: number): void {
    ws.close(code);
  }`),
  },
];

// ---------------------------------------------------------------------------
// Reported: what makes a class a Durable Object
// ---------------------------------------------------------------------------

const evidence: Invalid[] = [
  {
    name: 'extends DurableObject imported from "cloudflare:workers"',
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "extends an aliased import { DurableObject as DO }",
    code: durableObject(
      `  async webSocketClose(ws: WebSocket) {
    this.sessions.delete(ws);
  }`,
      "export class ChatRoom extends DO {",
      'import { DurableObject as DO } from "cloudflare:workers";',
    ),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(
      `  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
${REPLY}
  }`,
      "export class ChatRoom extends DO {",
      'import { DurableObject as DO } from "cloudflare:workers";',
    ),
  },
  {
    name: "extends DurableObject<Env> with a type argument",
    code: durableObject(
      `  async webSocketClose(ws: WebSocket) {
    this.sessions.delete(ws);
  }`,
      "export class ChatRoom extends DurableObject<Env> {",
    ),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(
      `  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
${REPLY}
  }`,
      "export class ChatRoom extends DurableObject<Env> {",
    ),
  },
  {
    name: "no base class: this.ctx.acceptWebSocket",
    code: `export class ChatRoom {
  constructor(private ctx: DurableObjectState) {}
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log("closed", code, reason);
  }
}
`,
    errors: [{ messageId: "missingCloseReply", line: 8, column: 9, data: { className: "ChatRoom", socket: "ws" } }],
    output: `export class ChatRoom {
  constructor(private ctx: DurableObjectState) {}
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log("closed", code, reason);
${REPLY}
  }
}
`,
  },
  {
    name: "no base class: this.state.acceptWebSocket",
    code: `export class Counter {
  state: DurableObjectState;
  constructor(state: DurableObjectState) {
    this.state = state;
  }
  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.state.acceptWebSocket(pair[1], ["counter"]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  async webSocketClose(ws: WebSocket) {
    await this.state.storage.put("lastClose", Date.now());
  }
}
`,
    errors: [{ messageId: "missingCloseReply", line: 11, column: 9 }],
    output: `export class Counter {
  state: DurableObjectState;
  constructor(state: DurableObjectState) {
    this.state = state;
  }
  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.state.acceptWebSocket(pair[1], ["counter"]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    await this.state.storage.put("lastClose", Date.now());
${REPLY}
  }
}
`,
  },
  {
    name: "no base class: state.acceptWebSocket on a constructor parameter",
    code: `export class Lobby {
  constructor(state: DurableObjectState) {
    state.blockConcurrencyWhile(async () => {
      for (const ws of await restore()) state.acceptWebSocket(ws);
    });
  }
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.players.delete(ws);
  }
}
`,
    errors: [{ messageId: "missingCloseReply", line: 7, column: 3, data: { className: "Lobby", socket: "ws" } }],
    output: `export class Lobby {
  constructor(state: DurableObjectState) {
    state.blockConcurrencyWhile(async () => {
      for (const ws of await restore()) state.acceptWebSocket(ws);
    });
  }
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.players.delete(ws);
${REPLY}
  }
}
`,
  },
  {
    name: "an anonymous default-exported class is named (class) in the message",
    code: durableObject(
      `  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
  }`,
      "export default class extends DurableObject {",
    ),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9, data: { className: "(class)", socket: "ws" } }],
    output: durableObject(
      `  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
${REPLY}
  }`,
      "export default class extends DurableObject {",
    ),
  },
  {
    name: "two Durable Objects in one file: each is reported and fixed",
    code: `${DO_IMPORT}

export class Room extends DurableObject {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
  }
}

export class Lobby extends DurableObject {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.waiting.delete(ws);
  }
}
`,
    errors: [
      { messageId: "missingCloseReply", line: 4, column: 3, data: { className: "Room", socket: "ws" } },
      { messageId: "missingCloseReply", line: 10, column: 3, data: { className: "Lobby", socket: "ws" } },
    ],
    output: `${DO_IMPORT}

export class Room extends DurableObject {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
${REPLY}
  }
}

export class Lobby extends DurableObject {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.waiting.delete(ws);
${REPLY}
  }
}
`,
  },
];

// ---------------------------------------------------------------------------
// Reported: handler shapes, and the parameters the fix adds
// ---------------------------------------------------------------------------

const handlerShapes: Invalid[] = [
  {
    name: "a class field arrow function with (ws, code, reason)",
    code: durableObject(`  webSocketClose = async (ws: WebSocket, code: number, reason: string) => {
    this.sessions.delete(ws);
  };`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 3 }],
    output: durableObject(`  webSocketClose = async (ws: WebSocket, code: number, reason: string) => {
    this.sessions.delete(ws);
${REPLY}
  };`),
  },
  {
    name: "a class field arrow function without parentheses: async ws => { … } gets them",
    code: durableObject(`  webSocketClose = async ws => {
    this.sessions.delete(ws);
  };`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 3 }],
    output: durableObject(`  webSocketClose = async (ws, code: number, reason: string) => {
    this.sessions.delete(ws);
${REPLY}
  };`),
  },
  {
    // Found by the property test (test/property): the parentheses in the comment were taken for the list's, and the
    // output, `async /* (ws) */ ws, code: number, reason: string => {`, did not parse.
    name: "a class field arrow without parentheses after a comment with parentheses gets them",
    code: durableObject(`  webSocketClose = async /* (ws) */ ws => {
    this.sessions.delete(ws);
  };`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 3 }],
    output: durableObject(`  webSocketClose = async /* (ws) */ (ws, code: number, reason: string) => {
    this.sessions.delete(ws);
${REPLY}
  };`),
  },
  {
    name: "a method with no parameters after a comment with parentheses: the parameters go in the list",
    code: durableObject(`  async webSocketClose /* (on close) */ () {
    this.sessions.delete(null);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose /* (on close) */ (ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(null);
${REPLY}
  }`),
  },
  {
    name: "a class field function expression",
    code: durableObject(`  webSocketClose = async function (this: ChatRoom, ws: WebSocket) {
    this.sessions.delete(ws);
  };`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 3 }],
    output: durableObject(`  webSocketClose = async function (this: ChatRoom, ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
${REPLY}
  };`),
  },
  {
    name: "(ws) only in a .ts file: code: number, reason: string are added",
    code: MISSING_REPLY,
    filename: "room.ts",
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "(ws) only in a .js file: code, reason are added untyped",
    filename: "room.js",
    code: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
  sessions = new Map();
  async webSocketClose(ws) {
    this.sessions.delete(ws);
  }
}
`,
    errors: [{ messageId: "missingCloseReply", line: 5, column: 9 }],
    output: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
  sessions = new Map();
  async webSocketClose(ws, code, reason) {
    this.sessions.delete(ws);
${REPLY}
  }
}
`,
  },
  {
    name: "no parameters in a .ts file: all three are added, typed",
    code: durableObject(`  async webSocketClose() {
    this.connections -= 1;
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.connections -= 1;
${REPLY}
  }`),
  },
  {
    name: "no parameters in a .js file: all three are added, untyped",
    filename: "room.mjs",
    code: durableObject(`  async webSocketClose() {
    this.connections -= 1;
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws, code, reason) {
    this.connections -= 1;
${REPLY}
  }`),
  },
  {
    name: "no parameters in a class field arrow",
    code: durableObject(`  webSocketClose = async () => {
    this.connections -= 1;
  };`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 3 }],
    output: durableObject(`  webSocketClose = async (ws: WebSocket, code: number, reason: string) => {
    this.connections -= 1;
${REPLY}
  };`),
  },
  {
    name: "parameters with other names (socket, closeCode, why) are used in the reply",
    code: durableObject(`  async webSocketClose(socket: WebSocket, closeCode: number, why: string, wasClean: boolean) {
    console.log("closed", closeCode, why, wasClean);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9, data: { className: "ChatRoom", socket: "socket" } }],
    output: durableObject(`  async webSocketClose(socket: WebSocket, closeCode: number, why: string, wasClean: boolean) {
    console.log("closed", closeCode, why, wasClean);
    if (closeCode === 1005) {
      socket.close();
    } else if (closeCode !== 1006 && closeCode !== 1015) {
      socket.close(closeCode, why);
    }
  }`),
  },
  {
    name: "(socket, closeCode) only: reason is added after them",
    code: durableObject(`  async webSocketClose(socket: WebSocket, closeCode: number) {
    this.sessions.delete(socket);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(socket: WebSocket, closeCode: number, reason: string) {
    this.sessions.delete(socket);
    if (closeCode === 1005) {
      socket.close();
    } else if (closeCode !== 1006 && closeCode !== 1015) {
      socket.close(closeCode, reason);
    }
  }`),
  },
  {
    name: "a TypeScript this parameter is kept first",
    code: durableObject(`  async webSocketClose(this: ChatRoom, ws: WebSocket) {
    this.sessions.delete(ws);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(this: ChatRoom, ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
${REPLY}
  }`),
  },
  {
    name: "parameters over several lines with a trailing comma",
    code: durableObject(`  async webSocketClose(
    ws: WebSocket,
  ): Promise<void> {
    this.sessions.delete(ws);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(
    ws: WebSocket, code: number, reason: string,
  ): Promise<void> {
    this.sessions.delete(ws);
${REPLY}
  }`),
  },
  {
    name: "an empty body {}",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {}`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
${REPLY}
  }`),
  },
  {
    name: "a body with only a comment keeps the comment above the reply",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    // Nothing to clean up: sessions live in attachments.
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    // Nothing to clean up: sessions live in attachments.
${REPLY}
  }`),
  },
  {
    name: "a comment after the last statement stays above the reply",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws); // forget the session
    // the runtime answers the client (it does not)
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws); // forget the session
    // the runtime answers the client (it does not)
${REPLY}
  }`),
  },
  {
    name: "a body that reads ws only through members and collections",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    const { name } = ws.deserializeAttachment() as { name: string };
    if (!ws || this.sessions.has(ws)) this.sessions.delete(ws);
    console.log(\`\${name} left\`, ws);
    this.broadcast(\`\${name} left\`);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    const { name } = ws.deserializeAttachment() as { name: string };
    if (!ws || this.sessions.has(ws)) this.sessions.delete(ws);
    console.log(\`\${name} left\`, ws);
    this.broadcast(\`\${name} left\`);
${REPLY}
  }`),
  },
];

// ---------------------------------------------------------------------------
// Reported: helpers that take ws but never close it
// ---------------------------------------------------------------------------

const nonClosingHelpers: Invalid[] = [
  {
    name: "a method that only deletes the session and logs: still reported",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.removeSession(ws);
  }
  removeSession(ws: WebSocket): void {
    this.sessions.delete(ws);
    console.log("session removed", ws);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.removeSession(ws);
${REPLY}
  }
  removeSession(ws: WebSocket): void {
    this.sessions.delete(ws);
    console.log("session removed", ws);
  }`),
  },
  {
    name: "ws passed to this.ctx.getTags(ws), a lookup that cannot close it: still reported",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    const [userId] = this.ctx.getTags(ws);
    await this.ctx.storage.delete(\`presence:\${userId}\`);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    const [userId] = this.ctx.getTags(ws);
    await this.ctx.storage.delete(\`presence:\${userId}\`);
${REPLY}
  }`),
  },
  {
    name: "a function of the same file that only deletes the session: still reported",
    code: `${DO_IMPORT}

function forget(sessions: Map<WebSocket, string>, ws: WebSocket): void {
  sessions.delete(ws);
}

export class ChatRoom extends DurableObject {
  sessions = new Map<WebSocket, string>();
  async webSocketClose(ws: WebSocket) {
    forget(this.sessions, ws);
  }
}
`,
    errors: [{ messageId: "missingCloseReply", line: 9, column: 9 }],
    output: `${DO_IMPORT}

function forget(sessions: Map<WebSocket, string>, ws: WebSocket): void {
  sessions.delete(ws);
}

export class ChatRoom extends DurableObject {
  sessions = new Map<WebSocket, string>();
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    forget(this.sessions, ws);
${REPLY}
  }
}
`,
  },
];

// ---------------------------------------------------------------------------
// Reported without a fix: the reply could be skipped, misplaced or not compile
// ---------------------------------------------------------------------------

const reportOnly: Invalid[] = [
  {
    name: "an early return: a reply at the end could be skipped",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (!this.sessions.has(ws)) return;
    this.sessions.delete(ws);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: null,
  },
  {
    name: "a throw: a reply at the end could be skipped",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (code === 4000) throw new Error("kicked");
    this.sessions.delete(ws);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: null,
  },
  {
    name: "an expression-bodied arrow",
    code: durableObject(`  webSocketClose = (ws: WebSocket, code: number, reason: string) => this.sessions.delete(ws);`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 3 }],
    output: null,
  },
  {
    name: "a destructured parameter",
    code: durableObject(`  async webSocketClose(ws: WebSocket, { code }: { code: number }) {
    this.sessions.delete(ws);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: null,
  },
  {
    name: "the body already declares code, which the fix would add",
    code: durableObject(`  async webSocketClose(ws: WebSocket) {
    const code = this.sessions.get(ws);
    this.sessions.delete(ws);
    console.log("left", code);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: null,
  },
  {
    name: "an optional code?: the added reason could not follow it",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code?: number) {
    this.sessions.delete(ws);
  }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: null,
  },
  {
    name: "the closing brace shares its line with the last statement",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) { this.sessions.delete(ws); }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: null,
  },
  {
    name: "a one-line body holding only a comment",
    code: durableObject(`  async webSocketClose(ws: WebSocket, code: number, reason: string) { /* nothing to do */ }`),
    errors: [{ messageId: "missingCloseReply", line: 4, column: 9 }],
    output: null,
  },
];

// ---------------------------------------------------------------------------
// Formatting: the reply looks like its neighbours
// ---------------------------------------------------------------------------

const formatting: Invalid[] = [
  {
    name: "semicolon-less (ASI) code gets a reply without semicolons",
    code: `import { DurableObject } from "cloudflare:workers"

export class ChatRoom extends DurableObject {
  sessions = new Map<WebSocket, string>()
  async webSocketClose(ws: WebSocket) {
    const name = this.sessions.get(ws)
    this.sessions.delete(ws)
    this.broadcast(\`\${name} left\`)
  }
}
`,
    errors: [{ messageId: "missingCloseReply", line: 5, column: 9 }],
    output: `import { DurableObject } from "cloudflare:workers"

export class ChatRoom extends DurableObject {
  sessions = new Map<WebSocket, string>()
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    const name = this.sessions.get(ws)
    this.sessions.delete(ws)
    this.broadcast(\`\${name} left\`)
    if (code === 1005) {
      ws.close()
    } else if (code !== 1006 && code !== 1015) {
      ws.close(code, reason)
    }
  }
}
`,
  },
  {
    name: "CRLF line endings are kept",
    code: MISSING_REPLY.replaceAll("\n", "\r\n"),
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED.replaceAll("\n", "\r\n"),
  },
  {
    name: "a tab-indented file gets a tab-indented reply",
    code: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
\tasync webSocketClose(ws: WebSocket, code: number, reason: string) {
\t\tthis.sessions.delete(ws);
\t}
}
`,
    errors: [{ messageId: "missingCloseReply", line: 4, column: 8 }],
    output: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
\tasync webSocketClose(ws: WebSocket, code: number, reason: string) {
\t\tthis.sessions.delete(ws);
\t\tif (code === 1005) {
\t\t\tws.close();
\t\t} else if (code !== 1006 && code !== 1015) {
\t\t\tws.close(code, reason);
\t\t}
\t}
}
`,
  },
  {
    name: "a file indented by four spaces, with an empty handler body",
    code: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
    async webSocketMessage(ws: WebSocket, message: string) {
        ws.send(message);
    }

    async webSocketClose(ws: WebSocket, code: number, reason: string) {}
}
`,
    errors: [{ messageId: "missingCloseReply", line: 8, column: 11 }],
    output: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
    async webSocketMessage(ws: WebSocket, message: string) {
        ws.send(message);
    }

    async webSocketClose(ws: WebSocket, code: number, reason: string) {
        if (code === 1005) {
            ws.close();
        } else if (code !== 1006 && code !== 1015) {
            ws.close(code, reason);
        }
    }
}
`,
  },
];

// ---------------------------------------------------------------------------
// Every mode: the defect does not depend on the date, so the same case is
// reported (and fixed) whatever the configuration says
// ---------------------------------------------------------------------------

const everyMode: Invalid[] = [
  {
    name: "manual mode: compatibilityDate 2025-01-01 (settings)",
    settings: { "ws-close": { compatibilityDate: "2025-01-01" } },
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "auto mode: compatibilityDate 2026-05-01 (settings)",
    settings: { "ws-close": { compatibilityDate: "2026-05-01" } },
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "auto mode: an old date with web_socket_auto_reply_to_close (settings)",
    settings: { "ws-close": { compatibilityDate: "2025-01-01", compatibilityFlags: ["web_socket_auto_reply_to_close"] } },
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "manual mode: compatibility_date 2025-06-01 in wrangler.toml",
    filename: fileUnderConfig("toml-manual-2025-06-01"),
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "mixed mode: a wrangler.toml whose [env.legacy] is on an old date",
    filename: fileUnderConfig("toml-env-legacy-mixed"),
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "unknown mode: a wrangler.toml without compatibility_date",
    filename: fileUnderConfig("no-date"),
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "unknown mode: no wrangler config anywhere above the file",
    filename: path.join(noConfigDir, "src", "room.ts"),
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
  {
    name: "a wrangler.jsonc that does not parse: still reported, and no config error from this rule",
    filename: fileUnderConfig("broken-jsonc"),
    code: MISSING_REPLY,
    errors: [...missingReplyError],
    output: MISSING_REPLY_FIXED,
  },
];


// ---------------------------------------------------------------------------
// A class that accepts hibernatable sockets and has no webSocketClose at all
// ---------------------------------------------------------------------------

/** The `fetch` of a hibernating chat room (lines 4–8 of `durableObject(…)`). */
const ACCEPTING_FETCH = `  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }`;

const ACCEPTING_MESSAGE = `  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    for (const peer of this.ctx.getWebSockets()) peer.send(message);
  }`;

/** The method the fix adds at the end of a TypeScript class whose members are indented by two spaces. */
const ADDED_METHOD = `  webSocketClose(ws: WebSocket, code: number, reason: string) {
    if (code === 1005) {
      ws.close();
    } else if (code !== 1006 && code !== 1015) {
      ws.close(code, reason);
    }
  }`;

const missingMethodError = (line = 3, column = 14, className = "ChatRoom") =>
  [{ messageId: "missingWebSocketClose", line, column, data: { className, baseNote: "" } }] as const;

const missingMethod: Invalid[] = [
  {
    name: "no webSocketClose: the method is added at the end of the class, after a blank line",
    code: durableObject(`${ACCEPTING_FETCH}

${ACCEPTING_MESSAGE}`),
    errors: [...missingMethodError()],
    output: durableObject(`${ACCEPTING_FETCH}

${ACCEPTING_MESSAGE}

${ADDED_METHOD}`),
  },
  {
    name: "no webSocketClose, members without blank lines: none is added",
    code: durableObject(`${ACCEPTING_FETCH}
${ACCEPTING_MESSAGE}`),
    errors: [...missingMethodError()],
    output: durableObject(`${ACCEPTING_FETCH}
${ACCEPTING_MESSAGE}
${ADDED_METHOD}`),
  },
  {
    name: "JavaScript without semicolons, tabs, a legacy class on this.state and pair[1]: no annotations",
    filename: "room.js",
    code: `export class Room {
\tconstructor(state, env) {
\t\tthis.state = state
\t}

\tasync fetch(request) {
\t\tconst pair = new WebSocketPair()
\t\tthis.state.acceptWebSocket(pair[1], ["room"])
\t\treturn new Response(null, { status: 101, webSocket: pair[0] })
\t}
}
`,
    errors: [{ messageId: "missingWebSocketClose", line: 1, column: 14, data: { className: "Room", baseNote: "" } }],
    output: `export class Room {
\tconstructor(state, env) {
\t\tthis.state = state
\t}

\tasync fetch(request) {
\t\tconst pair = new WebSocketPair()
\t\tthis.state.acceptWebSocket(pair[1], ["room"])
\t\treturn new Response(null, { status: 101, webSocket: pair[0] })
\t}

\twebSocketClose(ws, code, reason) {
\t\tif (code === 1005) {
\t\t\tws.close()
\t\t} else if (code !== 1006 && code !== 1015) {
\t\t\tws.close(code, reason)
\t\t}
\t}
}
`,
  },
  {
    name: "a subclass in the file without webSocketClose: its base, which accepts, is reported",
    code: `${DO_IMPORT}

export class BaseRoom extends DurableObject {
${ACCEPTING_FETCH}
}

export class ChatRoom extends BaseRoom {
${ACCEPTING_MESSAGE}
}
`,
    errors: [...missingMethodError(3, 14, "BaseRoom")],
    output: `${DO_IMPORT}

export class BaseRoom extends DurableObject {
${ACCEPTING_FETCH}

${ADDED_METHOD}
}

export class ChatRoom extends BaseRoom {
${ACCEPTING_MESSAGE}
}
`,
  },
  {
    name: "the accepting class extends a base of the file that has no webSocketClose",
    code: `${DO_IMPORT}

class Base extends DurableObject {
  log(text: string) {
    console.log(text);
  }
}

export class ChatRoom extends Base {
${ACCEPTING_FETCH}
}
`,
    errors: [...missingMethodError(9, 14)],
    output: `${DO_IMPORT}

class Base extends DurableObject {
  log(text: string) {
    console.log(text);
  }
}

export class ChatRoom extends Base {
${ACCEPTING_FETCH}

${ADDED_METHOD}
}
`,
  },
  {
    name: "the accepted socket goes through a method of the class that only stores it",
    code: durableObject(`  sessions = new Set<WebSocket>();
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, ["chat"]);
    this.track(server);
    server.serializeAttachment({ joined: Date.now() });
    return new Response(null, { status: 101, webSocket: client });
  }
  track(ws: WebSocket) {
    this.sessions.add(ws);
  }`),
    errors: [...missingMethodError()],
    output: durableObject(`  sessions = new Set<WebSocket>();
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, ["chat"]);
    this.track(server);
    server.serializeAttachment({ joined: Date.now() });
    return new Response(null, { status: 101, webSocket: client });
  }
  track(ws: WebSocket) {
    this.sessions.add(ws);
  }
${ADDED_METHOD}`),
  },
  {
    name: "a blank line already before the closing brace is the separator; the first member's indentation is used",
    code: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
  sessions = new Map<WebSocket, string>();

    async fetch(request: Request): Promise<Response> {
      const [client, server] = Object.values(new WebSocketPair());
      this.ctx.acceptWebSocket(server);
      return new Response(null, { status: 101, webSocket: client });
    }

}
`,
    errors: [...missingMethodError()],
    output: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
  sessions = new Map<WebSocket, string>();

    async fetch(request: Request): Promise<Response> {
      const [client, server] = Object.values(new WebSocketPair());
      this.ctx.acceptWebSocket(server);
      return new Response(null, { status: 101, webSocket: client });
    }

${ADDED_METHOD}
}
`,
  },
  {
    name: "a member's own decorator does not hide the class's handlers",
    code: durableObject(`${ACCEPTING_FETCH}
  @logged
  stats() {
    return this.ctx.getWebSockets().length;
  }`),
    errors: [...missingMethodError()],
    output: durableObject(`${ACCEPTING_FETCH}
  @logged
  stats() {
    return this.ctx.getWebSockets().length;
  }
${ADDED_METHOD}`),
  },
  {
    name: "a class body whose closing brace shares a line: reported without a fix",
    code: `${DO_IMPORT}

export class ChatRoom extends DurableObject {
${ACCEPTING_FETCH} }
`,
    errors: [...missingMethodError()],
    output: null,
  },
];

/** Classes that accept hibernatable sockets without `webSocketClose` where the file does not prove the handler is missing. */
const silentMissingMethod: Valid[] = [
  {
    name: "missing method: webSocketClose inherited from a base class of the file",
    code: `${DO_IMPORT}

class Base extends DurableObject {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}

class Middle extends Base {}

export class ChatRoom extends Middle {
${ACCEPTING_FETCH}
}
`,
  },
  {
    name: "missing method: the base class is imported from another module",
    code: `import { BaseRoom } from "./base-room";

export class ChatRoom extends BaseRoom {
${ACCEPTING_FETCH}
}
`,
  },
  {
    name: "missing method: DurableObject from another module",
    code: durableObject(ACCEPTING_FETCH, undefined, 'import { DurableObject } from "./durable-object";'),
  },
  {
    name: "missing method: a mixin call as base",
    code: `${DO_IMPORT}
import { withPresence } from "./presence";

export class ChatRoom extends withPresence(DurableObject) {
${ACCEPTING_FETCH}
}
`,
  },
  {
    name: "missing method: partyserver Server through a base of the file",
    code: `import { Server } from "partyserver";

class Base extends Server {}

export class Chat extends Base {
${ACCEPTING_FETCH}
}
`,
  },
  {
    name: "missing method: agents Agent",
    code: `import { Agent } from "agents";

export class Assistant extends Agent {
${ACCEPTING_FETCH}
}
`,
  },
  {
    name: "missing method: webSocketClose as a class field",
    code: durableObject(`${ACCEPTING_FETCH}
  webSocketClose = closeHandler;`),
  },
  {
    name: "missing method: webSocketClose as an accessor",
    code: durableObject(`${ACCEPTING_FETCH}
  get webSocketClose() {
    return this.handlers.close;
  }`),
  },
  {
    name: "missing method: a computed member the file does not spell",
    code: durableObject(`${ACCEPTING_FETCH}
  [HANDLER_NAME](ws: WebSocket) {
    ws.close();
  }`),
  },
  {
    name: "missing method: a computed \"webSocketClose\" member",
    code: durableObject(`${ACCEPTING_FETCH}
  ["webSocketClose"](ws: WebSocket) {
    ws.close();
  }`),
  },
  {
    name: "missing method: assigned in the constructor",
    code: durableObject(`  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.webSocketClose = (ws: WebSocket) => ws.close();
  }
${ACCEPTING_FETCH}`),
  },
  {
    name: "missing method: assigned on the prototype",
    code: `${durableObject(ACCEPTING_FETCH)}
ChatRoom.prototype.webSocketClose = closeHandler;
`,
  },
  {
    name: "missing method: Object.assign on the prototype",
    code: `${durableObject(ACCEPTING_FETCH)}
Object.assign(ChatRoom.prototype, hibernationHandlers);
`,
  },
  {
    name: "missing method: a class decorator",
    code: durableObject(ACCEPTING_FETCH, "@hibernation\nexport class ChatRoom extends DurableObject {"),
  },
  {
    name: "missing method: the class is handed to a wrapper",
    code: `${durableObject(ACCEPTING_FETCH, "class ChatRoomImpl extends DurableObject {")}
export const ChatRoom = instrumentDO(ChatRoomImpl, config);
`,
  },
  {
    name: "missing method: a subclass of the file defines webSocketClose",
    code: `${durableObject(ACCEPTING_FETCH)}
export class LoggedRoom extends ChatRoom {
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}
`,
  },
  {
    name: "missing method: webSocketMessage closes the socket itself (the close event is the peer's answer)",
    code: durableObject(`${ACCEPTING_FETCH}
  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    if (message === "bye") ws.close(1000, "done");
  }`),
  },
  {
    name: "missing method: a function of the file closes sockets",
    code: `${durableObject(ACCEPTING_FETCH)}
export function kick(ws: WebSocket) {
  ws.close(4000, "kicked");
}
`,
  },
  {
    name: "missing method: webSocketMessage hands the socket to another module",
    code: `${DO_IMPORT}
import { handleMessage } from "./protocol";

export class ChatRoom extends DurableObject {
${ACCEPTING_FETCH}
  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    await handleMessage(ws, message);
  }
}
`,
  },
  {
    name: "missing method: the accepted socket is handed to another module",
    code: `${DO_IMPORT}
import { register } from "./registry";

export class ChatRoom extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    register(server);
    return new Response(null, { status: 101, webSocket: client });
  }
}
`,
  },
  {
    name: "missing method: a class without a base that is no Durable Object (no fetch, webSocketMessage or alarm)",
    code: `export class Sessions {
  constructor(private state: DurableObjectState) {}
  join(ws: WebSocket) {
    this.state.acceptWebSocket(ws);
  }
}
`,
  },
  {
    name: "missing method: the socket accepted is not a binding or a pair end",
    code: durableObject(`  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pickServer(pair));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }`),
  },
];

const ruleTester = new RuleTester();

ruleTester.run("require-hibernation-close", rule, {
  valid: [...silentClosing, ...silentClasses, ...silentMissingMethod],
  invalid: [...evidence, ...handlerShapes, ...nonClosingHelpers, ...reportOnly, ...formatting, ...everyMode, ...missingMethod],
});
