// Runtime facts behind ws-close/no-new-websocket-in-proxy and
// ws-close/no-send-in-close-handler for `new WebSocket(url)` sockets, and the
// fetch() upgrade the suggestion writes, pinned in the real workerd (npm workerd
// 1.20261117.1). The Worker is fixtures/runtime/facts/new-websocket.js; its global
// outbound is the slow-close backend, so `new WebSocket` and fetch() both reach it.
import { readFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkerServiceSpec } from "./harness/workerd-config.js";
import { REPO_ROOT, startWorkerd, type WorkerdServer } from "./harness/workerd-process.js";

const FACTS_WORKER = readFileSync(path.join(REPO_ROOT, "fixtures/runtime/facts/new-websocket.js"), "utf8");
const BACKEND = readFileSync(path.join(REPO_ROOT, "fixtures/runtime/backends/slow-close.js"), "utf8");
const OLD = "2026-01-01";
const NEW = "2026-04-07";

const RUNS = [
  { name: "construct-new", probe: "construct", date: NEW },
  { name: "close-old", probe: "close", date: OLD },
  { name: "close-new", probe: "close", date: NEW },
  { name: "fetch-new", probe: "fetch", date: NEW },
] as const;

let server: WorkerdServer | undefined;
const reports = new Map<string, Record<string, unknown>>();

/** Connects to `service` and resolves with the first message, parsed (or `{ timeout: true }` after 3 s). */
function reportOf(service: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const ws = new WebSocket(server!.wsUrl(service));
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ timeout: true });
    }, 3000);
    ws.on("message", (data) => {
      clearTimeout(timer);
      ws.terminate();
      resolve(JSON.parse(String(data)) as Record<string, unknown>);
    });
    ws.on("error", () => undefined);
  });
}

beforeAll(async () => {
  const workers: WorkerServiceSpec[] = [
    {
      name: "backend-slow-close",
      modules: [{ path: "slow-close.js", source: BACKEND }],
      compatibilityDate: OLD,
      text: { CLOSE_DELAY_MS: "500" },
      listen: { unix: "backend-slow-close.sock" },
    },
    ...RUNS.map((run) => ({
      name: run.name,
      modules: [{ path: "new-websocket.js", source: FACTS_WORKER }],
      compatibilityDate: run.date,
      text: { PROBE: run.probe },
      globalOutbound: "backend-net",
    })),
  ];
  server = await startWorkerd({ workers, externals: [{ name: "backend-net", address: "unix:backend-slow-close.sock" }] }, { tmpPrefix: "ws-close-new-websocket-" });
  const results = await Promise.all(RUNS.map(async (run) => [run.name, await reportOf(run.name)] as const));
  for (const [name, report] of results) reports.set(name, report);
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

describe("new WebSocket(url) and the fetch() upgrade in workerd", () => {
  it("new WebSocket() takes only ws:/wss: URLs, starts CONNECTING, cannot be accepted, cannot send before open", () => {
    expect(reports.get("construct-new")).toEqual({
      httpUrl: "SyntaxError",
      readyStateAfterConstruct: 0,
      accept: "TypeError",
      sendBeforeOpen: "TypeError",
      open: true,
    });
  });

  it("a new WebSocket's close handler, backend closing first: readyState 2 and send() works on the old date", () => {
    expect(reports.get("close-old")).toEqual({
      closeEvent: { code: 4001, reason: "backend bye" },
      readyStateInHandler: 2,
      sendInHandler: "ok",
    });
  });

  it("the same on the new date: the runtime already answered, readyState is 3 and send() throws TypeError", () => {
    expect(reports.get("close-new")).toEqual({
      closeEvent: { code: 4001, reason: "backend bye" },
      readyStateInHandler: 3,
      sendInHandler: "TypeError",
    });
  });

  it("fetch() with Upgrade: websocket gives a socket that is OPEN after accept({ allowHalfOpen: true }) and never fires open", () => {
    expect(reports.get("fetch-new")).toEqual({
      status: 101,
      webSocket: true,
      sendBeforeAccept: "TypeError",
      open: false,
      readyStateAfterAccept: 1,
    });
  });
});
