/**
 * Findings whose fix another applied fix already makes (the guard `no-reserved-close-code` writes in
 * a helper that several calls reach with a received code; the guards `require-allow-half-open` makes
 * along with the option) are applied by it: the transform and the CLI list each one as a change, and
 * each edit is made once.
 */
import { describe, expect, it } from "vitest";
import { rewriteSource } from "../../src/analysis/fix/rewrite-source.js";
import type { CompatResolution } from "../../src/compat/types.js";

const SOURCE = `export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  const safeClose = (ws: WebSocket, code: number, reason: string) => {
    try {
      ws.close(code, reason);
    } catch {
      /* already closed */
    }
  };
  server.addEventListener("close", (e: CloseEvent) => safeClose(backend, e.code, e.reason));
  backend.addEventListener("close", (e: CloseEvent) => safeClose(server, e.code, e.reason));
  server.addEventListener("error", () => safeClose(backend, 1011, "Client error"));
  return client;
}
`;

describe("rewriteSource with findings that share one fix", () => {
  it("counts every finding the shared fix resolves as applied, and writes the guard once", () => {
    const compat: CompatResolution = { mode: "manual", configPath: null, overridden: false, environments: [] };
    const result = rewriteSource({ text: SOURCE, filePath: "/project/src/index.ts", compat, compatDescription: "manual", compatNote: "manual", ruleIds: ["no-reserved-close-code"] });
    expect(result.applied.map((finding) => [finding.ruleId, finding.loc.start.line])).toEqual([
      ["no-reserved-close-code", 13],
      ["no-reserved-close-code", 14],
    ]);
    expect(result.unfixed).toEqual([]);
    expect(result.output.match(/if \(code === 1005 \|\| code === 1006 \|\| code === 1015\)/gu)).toHaveLength(1);
    expect(result.output).toContain("        ws.close();\n      } else {\n        ws.close(code, reason);");
  });

  it("counts a guard that require-allow-half-open's fix makes along with the option as applied for no-reserved-close-code too", () => {
    const text = `export async function relay(): Promise<WebSocket> {
  const backend = (await fetch("https://b.example", { headers: { Upgrade: "websocket" } })).webSocket!;
  const [client, server] = Object.values(new WebSocketPair());
  backend.accept();
  server.accept();
  server.addEventListener("close", (event) => {
    const code = event.code === 1005 || event.code === 1006 ? 1000 : event.code;
    backend.close(code, event.reason);
  });
  backend.addEventListener("close", (event) => {
    const code = event.code === 1005 || event.code === 1006 ? 1000 : event.code;
    server.close(code, event.reason);
  });
  return client;
}
`;
    const compat: CompatResolution = { mode: "auto", configPath: null, overridden: false, environments: [] };
    const result = rewriteSource({ text, filePath: "/project/src/index.ts", compat, compatDescription: "auto", compatNote: "auto", ruleIds: ["require-allow-half-open", "no-reserved-close-code"] });
    expect(result.applied.map((finding) => [finding.ruleId, finding.loc.start.line]).sort()).toEqual([
      ["no-reserved-close-code", 12],
      ["no-reserved-close-code", 8],
      ["require-allow-half-open", 4],
      ["require-allow-half-open", 5],
    ]);
    expect(result.output.match(/if \(event\.code === 1015\)/gu)).toHaveLength(2);
  });
});
