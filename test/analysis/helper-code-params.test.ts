/**
 * `helperCodeForwarding`: the calls of a same-file helper that give its `code` parameter a received
 * close code, with what each makes the helper's `close()` do and which socket it makes it close.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { describe, expect, it } from "vitest";
import { walkAst } from "../../src/analysis/ast/ast-traversal.js";
import { ScopeIndex } from "../../src/analysis/ast/scope-lookup.js";
import { findDurableObjects } from "../../src/analysis/model/find-durable-objects.js";
import { findSockets } from "../../src/analysis/model/find-sockets.js";
import { helperCodeForwarding } from "../../src/analysis/model/helper-code-params.js";
import { ReceivedCloseCodes } from "../../src/analysis/model/received-close-codes.js";
import { parseSource } from "../../src/analysis/parse/parse-source.js";

function forwardingOf(text: string) {
  const { ast, scopeManager } = parseSource(text, "/project/src/index.ts");
  const scope = new ScopeIndex(scopeManager);
  const codes = new ReceivedCloseCodes(findSockets(scope), findDurableObjects(ast, scope), scope);
  let close: TSESTree.CallExpression | null = null;
  walkAst(ast, (node) => {
    if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && text.slice(...node.range).startsWith("ws.close(code")) close = node;
    return true;
  });
  const call = close as TSESTree.CallExpression | null;
  return call ? helperCodeForwarding(call, call.arguments[0]!, codes, scope) : null;
}

const RELAY = (helper: string, calls: string) => `export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
${helper}
${calls}
  return client;
}`;

const SAFE_CLOSE = `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    try {
      ws.close(code, reason);
    } catch {}
  };`;

describe("helperCodeForwarding", () => {
  it("keeps the calls that pass a received code, with their outcomes and the socket each closes", () => {
    const forwarding = forwardingOf(
      RELAY(
        SAFE_CLOSE,
        `  server.addEventListener("close", (e) => safeClose(backend, e.code === 1005 ? 1000 : e.code, e.reason));
  backend.addEventListener("close", (e) => safeClose(server, e.code, e.reason));
  server.addEventListener("error", () => safeClose(backend, 1011, "Client error"));`,
      ),
    );
    expect(forwarding?.parameter.name).toBe("code");
    expect(forwarding?.calls.map((site) => [site.target?.name, [...site.outcomes.entries()]])).toEqual([
      ["backend", [[1005, "safe"], [1006, "throws"], [1015, "throws"]]],
      ["server", [[1005, "throws"], [1006, "throws"], [1015, "throws"]]],
    ]);
  });

  it("leaves out a call whose code it cannot evaluate", () => {
    const forwarding = forwardingOf(
      RELAY(
        `${SAFE_CLOSE}\n  const sendable = (c: number) => c >= 3000;`,
        `  server.addEventListener("close", (e) => safeClose(backend, sendable(e.code) ? e.code : 1000, e.reason));
  server.addEventListener("error", () => safeClose(backend, 1011, "Client error"));`,
      ),
    );
    expect(forwarding).toBeNull();
  });

  it("finds nothing when the helper reads its code parameter before the close", () => {
    const forwarding = forwardingOf(
      RELAY(
        `  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    console.log(code);
    ws.close(code, reason);
  };`,
        `  server.addEventListener("close", (e) => safeClose(backend, e.code, e.reason));`,
      ),
    );
    expect(forwarding).toBeNull();
  });
});
