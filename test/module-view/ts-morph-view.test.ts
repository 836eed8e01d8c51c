/**
 * The CLI's cross-module view (`src/module-view/`): which calls and base classes it answers, through
 * which import forms, and where it refuses to answer (a key that names two things, a package, the file
 * itself, a module it was not given).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ModuleResolver } from "../../src/compat/module-resolver.js";
import { createTsMorphView } from "../../src/module-view/ts-morph-view.js";
import { createTempProject } from "../support/temp-project.js";

/** The facts of `asked` in a project of `files`; every file is readable by the view. */
function factsOf(files: Record<string, string>, asked = "src/index.ts") {
  const project = createTempProject("ws-close-view-", files, { realpath: true });
  const view = createTsMorphView({
    files: [project.pathTo(asked)],
    textOf: (file) => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
    },
    resolver: new ModuleResolver(),
    cwd: project.root,
  });
  return view.factsFor(project.pathTo(asked));
}

const SESSION = `export function handleSession(ws: WebSocket) {\n  ws.addEventListener("close", () => ws.close());\n}\n`;

describe("what the view answers", () => {
  it("an imported function, with what it does to each parameter and the file that declares it", () => {
    const facts = factsOf({
      "src/index.ts": `import { handleSession } from "./session";\nexport function f(ws: WebSocket) { handleSession(ws); }\n`,
      "src/session.ts": SESSION,
    });
    expect(facts.callees["handleSession"]).toMatchObject({
      kind: "function",
      name: "handleSession",
      file: "src/session.ts",
      params: [{ closes: "yes", closeListeners: ["yes"] }],
      closesAnything: true,
    });
  });

  it("follows re-exports, renames, default exports and namespace imports", () => {
    const facts = factsOf({
      "src/index.ts": [
        `import { handleSession as start } from "./barrel";`,
        `import end from "./end";`,
        `import * as sessions from "./session";`,
        `export function f(ws: WebSocket) { start(ws); end(ws); sessions.handleSession(ws); }`,
      ].join("\n"),
      "src/barrel.ts": `export { handleSession } from "./session";\n`,
      "src/session.ts": SESSION,
      "src/end.ts": `export default function end(ws: WebSocket) { console.log(ws.readyState); }\n`,
    });
    expect(facts.callees["start"]?.name).toBe("handleSession");
    expect(facts.callees["sessions.handleSession"]?.file).toBe("src/session.ts");
    expect(facts.callees["end"]?.params[0]).toMatchObject({ closes: "no", inSight: true });
  });

  it("a method of an imported class through a typed field, keyed by the class it is called in, and a constructor", () => {
    const facts = factsOf({
      "src/index.ts": [
        `import { Sessions } from "./sessions";`,
        `export class Room {`,
        `  sessions = new Sessions();`,
        `  drop(ws: WebSocket) { this.sessions.remove(ws); }`,
        `  make(ws: WebSocket) { return new Sessions(ws); }`,
        `}`,
      ].join("\n"),
      "src/sessions.ts": `export class Sessions {\n  private all = new Set<WebSocket>();\n  constructor(first?: WebSocket) { if (first) this.all.add(first); }\n  remove(ws: WebSocket) { this.all.delete(ws); }\n}\n`,
    });
    expect(facts.callees["Room#this.sessions.remove"]).toMatchObject({ name: "Sessions.remove", params: [{ closes: "no" }] });
    expect(facts.callees["Sessions"]?.name).toBe("Sessions");
  });

  it("an imported base class, with its chain's webSocketClose and where the chain ends", () => {
    const facts = factsOf({
      "src/index.ts": `import { Base } from "./base";\nexport class Room extends Base {}\n`,
      "src/base.ts": [
        `import { DurableObject } from "cloudflare:workers";`,
        `export class Base extends DurableObject {`,
        `  async webSocketClose(ws: WebSocket, code: number) { console.log(code); }`,
        `}`,
      ].join("\n"),
    });
    expect(facts.bases["Base"]).toMatchObject({
      kind: "class",
      file: "src/base.ts",
      webSocketClose: { closes: "no", className: "Base" },
      end: "durable-object",
      durableObjectInItsFile: true,
      closesElsewhere: false,
    });
  });
});

describe("where the view does not answer", () => {
  it("a name that is an import in one scope and a local function in another", () => {
    const facts = factsOf({
      "src/index.ts": [
        `import { handleSession } from "./session";`,
        `export function f(ws: WebSocket) { handleSession(ws); }`,
        `export function g(ws: WebSocket) {`,
        `  const handleSession = (s: WebSocket) => s.send("hi");`,
        `  handleSession(ws);`,
        `}`,
      ].join("\n"),
      "src/session.ts": SESSION,
    });
    expect(facts.callees["handleSession"]).toBeUndefined();
  });

  it("a package's function, the file's own functions, and a module outside what the CLI read", () => {
    const project = {
      "src/index.ts": [
        `import { relay } from "some-package";`,
        `import { handleSession } from "./session";`,
        `function local(ws: WebSocket) { ws.close(); }`,
        `export function f(ws: WebSocket) { relay(ws); local(ws); handleSession(ws); }`,
      ].join("\n"),
      "node_modules/some-package/index.d.ts": `export declare function relay(ws: WebSocket): void;\n`,
      "node_modules/some-package/package.json": `{ "name": "some-package", "types": "index.d.ts" }\n`,
    };
    const facts = factsOf(project);
    expect(facts).toEqual({ callees: {}, bases: {} });
  });
});
