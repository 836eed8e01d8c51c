/**
 * `mayHaveFindings` is sound: every file in which the core finds something, in
 * any mode, passes it; files without WebSocket code do not.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../src/analysis/analyze-file.js";
import { parseSource } from "../../src/analysis/parse/parse-source.js";
import { mayHaveFindings } from "../../src/analysis/parse/source-prefilter.js";
import type { CompatMode, CompatResolution } from "../../src/compat/types.js";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const MODES: CompatMode[] = ["auto", "manual", "mixed", "unknown"];

function findingsIn(text: string, filePath: string, mode: CompatMode): string[] {
  const compat: CompatResolution = { mode, configPath: null, overridden: false, environments: [] };
  const { ast, scopeManager } = parseSource(text, filePath);
  return analyzeFile({ ast, scopeManager, text, compat, compatDescription: `mode ${mode}`, compatNote: mode, filePath }).findings.map((finding) => finding.ruleId);
}

function findingsInAnyMode(text: string, filePath = "/project/src/index.ts"): string[] {
  return MODES.flatMap((mode) => findingsIn(text, filePath, mode));
}

/** Every source file of the transform fixtures and the examples. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") walk(full);
      else if (/\.(?:[cm]?[jt]sx?)$/u.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(REPO_ROOT, "fixtures/transforms"));
  walk(path.join(REPO_ROOT, "examples"));
  return files;
}

const MESSAGE_ONLY_PROXY = `export default {
  async fetch(request: Request): Promise<Response> {
    const upstream = new WebSocket("wss://backend.example/feed");
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (event) => upstream.send(event.data));
    upstream.addEventListener("message", (event) => server.send(event.data));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

describe("mayHaveFindings", () => {
  it("passes every fixture and example file in which the core finds something, in any mode", () => {
    let withFindings = 0;
    for (const file of sourceFiles()) {
      const text = readFileSync(file, "utf8");
      if (findingsInAnyMode(text, file).length === 0) continue;
      withFindings++;
      expect(mayHaveFindings(text), file).toBe(true);
    }
    expect(withFindings).toBeGreaterThan(20);
  });

  it("passes a proxy joined only by message forwarding, which never says close (no-new-websocket-in-proxy)", () => {
    expect(findingsIn(MESSAGE_ONLY_PROXY, "/project/src/relay.ts", "auto")).toEqual(["no-new-websocket-in-proxy"]);
    expect(/close/iu.test(MESSAGE_ONLY_PROXY)).toBe(false);
    expect(mayHaveFindings(MESSAGE_ONLY_PROXY)).toBe(true);
  });

  it("passes an accepted fetch() response's socket without any close listener, which never says close or WebSocket (require-close-reply)", () => {
    const text = `export async function connect(url) {\n  const response = await fetch(url, { headers: { Upgrade: "websocket" } });\n  const backend = response.webSocket;\n  backend.accept();\n  backend.addEventListener("message", (event) => console.log(event.data));\n}\n`;
    expect(findingsIn(text, "/project/src/backend.js", "manual")).toEqual(["require-close-reply"]);
    expect(/close|WebSocket/u.test(text)).toBe(false);
    expect(mayHaveFindings(text)).toBe(true);
  });

  it("passes a Hono upgradeWebSocket handler without onClose, which never says close or accept (require-close-reply)", () => {
    const text = `import { upgradeWebSocket } from "hono/cloudflare-workers";\nexport const route = upgradeWebSocket(() => ({\n  onMessage(event, ws) {\n    ws.send("pong");\n  },\n}));\n`;
    expect(findingsIn(text, "/project/src/route.ts", "manual")).toEqual(["require-close-reply"]);
    expect(/close|accept/iu.test(text)).toBe(false);
    expect(mayHaveFindings(text)).toBe(true);
  });

  it("passes a Hono onClose, a Durable Object's webSocketClose, an onclose handler and a new WebSocket socket", () => {
    const cases = [
      `import { upgradeWebSocket } from "hono/cloudflare-workers";\nexport const route = upgradeWebSocket(() => ({ onClose(event, ws) { ws.close(event.code, event.reason); } }));\n`,
      `import { DurableObject } from "cloudflare:workers";\nexport class Room extends DurableObject {\n  async webSocketClose(ws: WebSocket, code: number) {}\n}\n`,
      `export function serve(ws: WebSocket) {\n  ws.accept();\n  ws.onclose = () => {};\n}\n`,
      `export function watch() {\n  const ws = new WebSocket("wss://example.com");\n  ws.addEventListener("close", () => {});\n  ws.close(1006);\n}\n`,
    ];
    for (const text of cases) {
      expect(findingsInAnyMode(text).length, text).toBeGreaterThan(0);
      expect(mayHaveFindings(text), text).toBe(true);
    }
  });

  it("sees names written with escapes, as the parser does", () => {
    const escaped = `export function serve(ws: WebSocket) {\n  ws.\\u0061ccept();\n  ws.addEventListener("\\x63lo\\\nse", (event) => ws["cl\\u{6F}se"](event.code, event.reason));\n}\n`;
    expect(findingsIn(escaped, "/project/src/index.ts", "auto").length).toBeGreaterThan(0);
    expect(/accept/u.test(escaped) || /close/u.test(escaped)).toBe(false);
    expect(mayHaveFindings(escaped)).toBe(true);
  });

  it("rejects files without WebSocket code, even when they close streams or read an Accept header", () => {
    const plain = [
      `export async function pipe(writer: WritableStreamDefaultWriter) {\n  await writer.close();\n}\n`,
      `export function prefersJson(request: Request) {\n  return (request.headers.get("Accept") ?? "").includes("json");\n}\n`,
      `export const add = (a: number, b: number) => a + b;\n`,
    ];
    for (const text of plain) expect(mayHaveFindings(text), text).toBe(false);
  });
});
