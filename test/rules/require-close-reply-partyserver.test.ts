import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import path from "node:path";
import { rules, type RuleMessageIds } from "../../rules/index.js";
import { createTempProject } from "../support/temp-project.js";

const rule = rules["require-close-reply"];
type MessageIds = RuleMessageIds<"require-close-reply">;
type Valid = ValidTestCase<[]>;
type Invalid = InvalidTestCase<MessageIds, []>;

/** A project whose package.json asks for `dependencies`; the source file is `src/server.ts` (or `name`). */
function projectWith(dependencies: Record<string, string>, lock?: Record<string, string>): (name?: string) => string {
  const files: Record<string, string> = { "package.json": JSON.stringify({ name: "chat", dependencies }) };
  if (lock) {
    const packages = Object.fromEntries(Object.entries(lock).map(([name, version]) => [`node_modules/${name}`, { version }]));
    files["package-lock.json"] = JSON.stringify({ lockfileVersion: 3, packages: { "": { name: "chat" }, ...packages } });
  }
  const project = createTempProject("ws-close-partyserver-rule-", files);
  return (name = "server.ts") => path.join(project.root, "src", name);
}

const oldPartyserver = projectWith({ partyserver: "^0.5.0" }, { partyserver: "0.5.3" });
const newPartyserver = projectWith({ partyserver: "^0.5.0" }, { partyserver: "0.5.4" });
const rangeOnly = projectWith({ partyserver: "^0.4.1" });
const straddling = projectWith({ partyserver: "^0.5.0" });
const oldAgents = projectWith({ agents: "0.10.0" });
const noPackage = createTempProject("ws-close-partyserver-none-").pathTo("src/server.ts");

const manual = { "ws-close": { compatibilityDate: "2025-11-01" } };
const auto = { "ws-close": { compatibilityDate: "2026-05-01" } };

/** A partyserver chat room (the class on line 3) whose `onClose` (line 5) has `body`; `options` as line 4. */
function server(body: string, options = "  static options = { hibernate: false };", params = "connection: Connection, code: number, reason: string"): string {
  return `import { Server, type Connection } from "partyserver";

export class Chat extends Server {
${options}
  onClose(${params}) {
${body}
  }
}
`;
}

const LEFT = `    this.broadcast(\`\${connection.id} left\`);`;
const REPLY = `    if (code === 1005) {
      connection.close();
    } else if (code !== 1006 && code !== 1015) {
      connection.close(code, reason);
    }`;

const invalid: Invalid[] = [
  {
    name: "partyserver 0.5.3 (lock), manual mode: onClose never closes the connection",
    filename: oldPartyserver(),
    settings: manual,
    code: server(LEFT),
    errors: [{ messageId: "partyServerMissingReply", line: 5, column: 3, data: { className: "Chat", socket: "connection", framework: "partyserver 0.5.3", since: "partyserver 0.5.4", compat: "manual: settings compatibilityDate 2025-11-01" } }],
    output: server(`${LEFT}\n${REPLY}`),
  },
  {
    name: "partyserver 0.5.3, a hibernating server: reported in auto mode too",
    filename: oldPartyserver(),
    settings: auto,
    code: server(LEFT, "  static options = { hibernate: true };"),
    errors: [{ messageId: "hibernatingPartyServerMissingReply", line: 5, column: 3 }],
    output: server(`${LEFT}\n${REPLY}`, "  static options = { hibernate: true };"),
  },
  {
    name: "partyserver ^0.4.1 in package.json (no lock), no options: parameters code and reason are added",
    filename: rangeOnly(),
    settings: manual,
    code: server(LEFT, "  maxConnections = 10;", "connection: Connection"),
    errors: [{ messageId: "partyServerMissingReply", line: 5, column: 3 }],
    output: server(`${LEFT}\n${REPLY}`, "  maxConnections = 10;", "connection: Connection, code: number, reason: string"),
  },
  {
    name: "agents 0.10.0 (partyserver ^0.4.1 underneath): an Agent's onClose",
    filename: oldAgents("agent.js"),
    settings: manual,
    code: `import { Agent } from "agents";

export class Assistant extends Agent {
  onClose(connection, code, reason) {
    console.log("left", connection.id);
  }
}
`,
    errors: [{ messageId: "partyServerMissingReply", line: 4, column: 3, data: { className: "Assistant", socket: "connection", framework: "agents 0.10.0", since: "agents 0.11.7", compat: "manual: settings compatibilityDate 2025-11-01" } }],
    output: `import { Agent } from "agents";

export class Assistant extends Agent {
  onClose(connection, code, reason) {
    console.log("left", connection.id);
    if (code === 1005) {
      connection.close();
    } else if (code !== 1006 && code !== 1015) {
      connection.close(code, reason);
    }
  }
}
`,
  },
  {
    name: "partyserver 0.5.3, a server with onMessage and no onClose: onClose is added with the reply",
    filename: oldPartyserver(),
    settings: manual,
    code: `import { Server, type Connection } from "partyserver";

export class Chat extends Server {
  onMessage(connection: Connection, message: string) {
    this.broadcast(message, [connection.id]);
  }
}
`,
    errors: [
      {
        messageId: "partyServerWithoutOnClose",
        line: 3,
        column: 14,
        data: {
          className: "Chat",
          framework: "partyserver 0.5.3",
          since: "partyserver 0.5.4",
          hibernation: "manual: settings compatibilityDate 2025-11-01",
        },
      },
    ],
    output: `import { Server, type Connection } from "partyserver";

export class Chat extends Server {
  onMessage(connection: Connection, message: string) {
    this.broadcast(message, [connection.id]);
  }

  onClose(connection: Connection, code: number, reason: string) {
    if (code === 1005) {
      connection.close();
    } else if (code !== 1006 && code !== 1015) {
      connection.close(code, reason);
    }
  }
}
`,
  },
  {
    name: "partyserver 0.5.3, a hibernating JavaScript server without onClose, in auto mode",
    filename: oldPartyserver("server.js"),
    settings: auto,
    code: `import { Server } from "partyserver"

export class Chat extends Server {
  static options = { hibernate: true }
  onConnect(connection) {
    connection.send("hi")
  }
}
`,
    errors: [{ messageId: "partyServerWithoutOnClose", line: 3, column: 14 }],
    output: `import { Server } from "partyserver"

export class Chat extends Server {
  static options = { hibernate: true }
  onConnect(connection) {
    connection.send("hi")
  }
  onClose(connection, code, reason) {
    if (code === 1005) {
      connection.close()
    } else if (code !== 1006 && code !== 1015) {
      connection.close(code, reason)
    }
  }
}
`,
  },
];

const valid: Valid[] = [
  { name: "partyserver 0.5.4 (lock): the framework replies", filename: newPartyserver(), settings: manual, code: server(LEFT) },
  { name: "partyserver ^0.5.0 without a lock: may be 0.5.4 or later, unknown", filename: straddling(), settings: manual, code: server(LEFT) },
  { name: "no package.json: the version is unknown", filename: noPackage, settings: manual, code: server(LEFT) },
  { name: "partyserver 0.5.3, auto mode, not hibernating: the runtime replies", filename: oldPartyserver(), settings: auto, code: server(LEFT) },
  {
    name: "partyserver 0.5.3, hibernate from a variable in auto mode: unknown",
    filename: oldPartyserver(),
    settings: auto,
    code: server(LEFT, "  static options = serverOptions;"),
  },
  { name: "onClose closes the connection", filename: oldPartyserver(), settings: manual, code: server(`${LEFT}\n    connection.close(1000, "bye");`) },
  {
    name: "onClose passes the connection to an imported helper",
    filename: oldPartyserver(),
    settings: manual,
    code: `import { Server, type Connection } from "partyserver";
import { farewell } from "./farewell";

export class Chat extends Server {
  onClose(connection: Connection) {
    farewell(connection);
  }
}
`,
  },
  {
    name: "the server closes connections itself in onMessage (the close event is the client's answer)",
    filename: oldPartyserver(),
    settings: manual,
    code: `import { Server, type Connection } from "partyserver";

export class Chat extends Server {
  onMessage(connection: Connection, message: string) {
    if (message === "bye") connection.close(1000, "done");
  }
  onClose(connection: Connection) {
    console.log("left", connection.id);
  }
}
`,
  },
  {
    name: "the class also defines webSocketClose: not the framework's path",
    filename: oldPartyserver(),
    settings: manual,
    code: server(`${LEFT}\n  }\n  webSocketClose(ws: WebSocket) {\n    console.log(ws);`),
  },
  {
    name: "a Server imported from elsewhere is not partyserver's",
    filename: oldPartyserver(),
    settings: manual,
    code: server(LEFT).replace('from "partyserver"', 'from "./server"'),
  },
  {
    name: "without onClose: a server that takes no connections (only onRequest)",
    filename: oldPartyserver(),
    settings: manual,
    code: `import { Server } from "partyserver";

export class Api extends Server {
  onRequest(request: Request) {
    return new Response("ok");
  }
}
`,
  },
  {
    name: "without onClose: an agents Agent (its base may do work in onClose)",
    filename: oldAgents(),
    settings: manual,
    code: `import { Agent, type Connection } from "agents";

export class Assistant extends Agent {
  onMessage(connection: Connection, message: string) {
    connection.send(message);
  }
}
`,
  },
  {
    name: "without onClose: partyserver 0.5.4 replies",
    filename: newPartyserver(),
    settings: manual,
    code: `import { Server, type Connection } from "partyserver";

export class Chat extends Server {
  onMessage(connection: Connection, message: string) {
    this.broadcast(message);
  }
}
`,
  },
  {
    name: "without onClose: the server closes connections itself",
    filename: oldPartyserver(),
    settings: manual,
    code: `import { Server, type Connection } from "partyserver";

export class Chat extends Server {
  onMessage(connection: Connection, message: string) {
    if (message === "bye") connection.close();
  }
}
`,
  },
];

new RuleTester().run("require-close-reply (partyserver, agents)", rule, { valid, invalid });
