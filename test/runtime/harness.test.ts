// Unit tests of the runtime harness: what it generates and how it judges, without workerd.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CompatResolution } from "../../src/compat/index.js";
import { DEFECT_CHECKS, normalizeMessage, outcomeDifferences, outcomeProblems } from "./harness/differential.js";
import {
  bundledWorkerSource,
  fixtureCompat,
  fixtureModules,
  hasDefaultExport,
  packageImports,
  readDurableObjectBindings,
  relativeImports,
  siblingModules,
  workerSource,
} from "./harness/fixture-worker.js";
import { readRuntimeManifest } from "./harness/runtime-manifest.js";
import type { ScenarioOutcome } from "./harness/scenarios.js";
import { RUNTIME_FIXTURES_DIR, conversationLabel, fixtureServiceName, planRoutes, type FixtureRun, type TransformRuntimePlan } from "./harness/transform-plan.js";
import { REPO_ROOT } from "./harness/workerd-process.js";
import { parseUncaughtExceptions } from "./harness/worker-log.js";
import { renderWorkerdConfig } from "./harness/workerd-config.js";

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ws-close-harness-"));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function outcome(overrides: Partial<ScenarioOutcome>): ScenarioOutcome {
  return {
    service: "s",
    close: "client-1000",
    opened: true,
    openError: null,
    messages: [],
    code: 1000,
    reason: "bye",
    clean: true,
    timedOut: false,
    ms: 3,
    error: null,
    exceptions: [],
    ...overrides,
  };
}

describe("renderWorkerdConfig", () => {
  it("renders Durable Objects with in-memory storage, text bindings, sockets and externals", () => {
    const text = renderWorkerdConfig({
      workers: [
        {
          name: "room",
          modules: [{ path: "main.js", source: "" }],
          compatibilityDate: "2026-05-01",
          compatibilityFlags: ["web_socket_manual_reply_to_close"],
          text: { NOTE: 'say "hi"\\now' },
          durableObjects: [{ className: "Room", binding: "ROOM", enableSql: true }],
          globalOutbound: "backend-net",
        },
        { name: "backend", modules: [{ path: "b.js", source: "" }], compatibilityDate: "2026-01-01", listen: { unix: "b.sock" } },
      ],
      externals: [{ name: "backend-net", address: "unix:b.sock" }],
    });
    expect(text).toContain(`(name = "room/main.js", esModule = embed "modules/room/main.js")`);
    expect(text).toContain(`compatibilityFlags = ["web_socket_manual_reply_to_close"]`);
    expect(text).toContain(`(name = "NOTE", text = "say \\"hi\\"\\\\now")`);
    expect(text).toContain(`(name = "ROOM", durableObjectNamespace = "Room")`);
    expect(text).toContain(`durableObjectNamespaces = [(className = "Room", uniqueKey = "room-Room", enableSql = true)]`);
    expect(text).toContain(`durableObjectStorage = (inMemory = void)`);
    expect(text).toContain(`globalOutbound = "backend-net"`);
    expect(text).toContain(`(name = "room", address = "127.0.0.1:0", http = (), service = "room")`);
    expect(text).toContain(`(name = "backend", address = "unix:b.sock", http = (), service = "backend")`);
    expect(text).toContain(`(name = "backend-net", external = (address = "unix:b.sock", http = ()))`);
  });

  it("rejects duplicate and unsafe names", () => {
    const worker = { name: "a", modules: [{ path: "m.js", source: "" }], compatibilityDate: "2026-05-01" };
    expect(() => renderWorkerdConfig({ workers: [worker, worker] })).toThrow(/Duplicate/u);
    expect(() => renderWorkerdConfig({ workers: [{ ...worker, name: 'a"b' }] })).toThrow(/Invalid workerd service name/u);
    expect(() => renderWorkerdConfig({ workers: [{ ...worker, modules: [{ path: "../x.js", source: "" }] }] })).toThrow(/Invalid module path/u);
  });
});

describe("parseUncaughtExceptions", () => {
  const log = [
    "workerd/jsg/util.c++:322: info: exception = workerd/api/web-socket.c++:1284: disconnected: WebSocket peer disconnected",
    "workerd/io/worker.c++:3042: info: uncaught exception; source = Uncaught; stack = InvalidAccessError: Invalid WebSocket close code: 1005.",
    "    at WebSocket.<anonymous> (echo--input-new--client-no-status/input.js:18:14)",
    "workerd/io/worker.c++:3042: info: uncaught exception; source = Uncaught (in promise); stack = TypeError: boom",
    "    at somewhere (unknown.js:1:1)",
    "",
  ].join("\n");

  it("reads each uncaught exception and blames the service its stack names", () => {
    const found = parseUncaughtExceptions(log, ["echo--input-new", "echo--input-new--client-no-status"]);
    expect(found.map(({ name, message, source, service }) => ({ name, message, source, service }))).toEqual([
      { name: "InvalidAccessError", message: "Invalid WebSocket close code: 1005.", source: "Uncaught", service: "echo--input-new--client-no-status" },
      { name: "TypeError", message: "boom", source: "Uncaught (in promise)", service: null },
    ]);
  });
});

describe("fixture modules", () => {
  it("erases TypeScript and finds default exports and package imports", () => {
    const js = workerSource("x.ts", `import type { A } from "a";\nexport default { fetch(): Response { return new Response(null) } } satisfies ExportedHandler;\n`);
    expect(js).not.toMatch(/satisfies|import type|: Response/u);
    expect(hasDefaultExport(js)).toBe(true);
    expect(hasDefaultExport("export function handleSession() {}")).toBe(false);
    expect(hasDefaultExport("const app = {}; export { app as default };")).toBe(true);
    expect(packageImports(`import { Hono } from "hono";\nimport { DurableObject } from "cloudflare:workers";\nimport "./local.js";\nexport * from "partyserver/x";`)).toEqual([
      "hono",
      "partyserver/x",
    ]);
  });

  it("bundles a fixture with npm imports into one ES module, and only transpiles the others", async () => {
    const party = await bundledWorkerSource(path.join(REPO_ROOT, "fixtures/transforms/partyserver-server-kept/input.ts"));
    expect(packageImports(party.source)).toEqual([]);
    expect(party.source).toMatch(/^import \{[^}]*\bDurableObject\b[^}]*\} from "cloudflare:workers";$/mu);
    expect(party.source).toContain(`new Response("Not found", { status: 404 })`);
    expect(party.exports.sort()).toEqual(["Chat", "default"]);
    // runtime.json "packages": the alias partyserver-0.5.3 is bundled instead, which has no close reply of its own.
    const old = await bundledWorkerSource(path.join(REPO_ROOT, "fixtures/transforms/partyserver-server-kept/input.ts"), { partyserver: "partyserver-0.5.3" });
    expect(party.source).toContain("function closeQuietly(");
    expect(old.source).not.toContain("function closeQuietly(");
    const plain = path.join(REPO_ROOT, "fixtures/transforms/echo-inline-handler/input.ts");
    expect(await fixtureModules(plain, undefined)).toEqual([{ path: "input.js", source: workerSource(plain, readFileSync(plain, "utf8")) }]);
  });

  it("serves a multi-module fixture's other modules beside it, under the names its relative imports resolve to", async () => {
    expect(relativeImports(`import { a } from "./session";\nimport "hono";\nexport * from "../up.js";\nconst b = import("./lazy.js");`)).toEqual([
      "../up.js",
      "./lazy.js",
      "./session",
    ]);
    const dir = tempDir({
      "input.ts": `import { handleSession } from "./session";\nimport type { Room } from "./types";\nexport default { fetch() { handleSession(null); return new Response(null); } };\n`,
      "session.ts": `import { log } from "./log.js";\nexport function handleSession(ws: WebSocket | null): void { log(ws); }\n`,
      "log.ts": `export const log = (value: unknown): void => console.log(value);\n`,
      "types.ts": `export interface Room { id: string }\n`,
    });
    const input = path.join(dir, "input.ts");
    const others = ["log.ts", "session.ts", "types.ts"].map((name) => path.join(dir, name));
    const siblings = siblingModules(others, [workerSource(input, readFileSync(input, "utf8"))]);
    // A type-only import is erased, so types.ts is not served; session.ts imports log.ts by its `.js` name.
    expect(siblings.map((module) => module.path).sort()).toEqual(["log.js", "session"]);
    expect(siblings.find((module) => module.path === "session")?.source).toBe(workerSource(others[1]!, readFileSync(others[1]!, "utf8")));
    expect((await fixtureModules(input, undefined, {}, siblings)).map((module) => module.path)).toEqual(["input.js", ...siblings.map((module) => module.path)]);
    expect(() => siblingModules(others, [`import { x } from "./missing";`])).toThrow(/"\.\/missing", which is not a module beside it/u);
    expect(() => siblingModules(others, [`import { x } from "../session";`])).toThrow(/not a module beside it/u);
  });

  it("reads Durable Object bindings from JSONC and TOML, sqlite classes included", () => {
    const dir = tempDir({
      "wrangler.jsonc": `{ // comment\n "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }, { "name": "X", "class_name": "Y", "script_name": "other" },] },\n "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }], }`,
      "wrangler.toml": `[[durable_objects.bindings]]\nname = "P"\nclass_name = "Presence"\n`,
    });
    expect(readDurableObjectBindings(path.join(dir, "wrangler.jsonc"))).toEqual([{ className: "Room", binding: "ROOM", enableSql: true }]);
    expect(readDurableObjectBindings(path.join(dir, "wrangler.toml"))).toEqual([{ className: "Presence", binding: "P", enableSql: false }]);
  });
});

describe("fixtureCompat", () => {
  const resolution = (environments: CompatResolution["environments"]): CompatResolution => ({
    mode: new Set(environments.map((e) => e.mode)).size > 1 ? "mixed" : (environments[0]?.mode ?? "unknown"),
    configPath: "/x/wrangler.toml",
    overridden: false,
    environments,
  });

  it("derives a manual old configuration for an auto fixture, dropping the enable flag", () => {
    const compat = fixtureCompat(
      resolution([{ name: null, compatibilityDate: "2026-01-10", compatibilityFlags: ["web_socket_auto_reply_to_close", "nodejs_compat"], mode: "auto" }]),
      "f",
    );
    expect(compat.new).toMatchObject({ slug: "new", date: "2026-01-10" });
    expect(compat.old).toEqual({ slug: "old", date: "2026-01-10", flags: ["nodejs_compat"], mode: "manual" });
  });

  it("uses a manual fixture's own configuration, and both environments of a mixed one", () => {
    const manual = fixtureCompat(resolution([{ name: null, compatibilityDate: "2026-04-06", compatibilityFlags: [], mode: "manual" }]), "f");
    expect(manual.old).toBe(manual.new);
    const mixed = fixtureCompat(
      resolution([
        { name: null, compatibilityDate: "2026-05-01", compatibilityFlags: [], mode: "auto" },
        { name: "legacy", compatibilityDate: "2025-11-01", compatibilityFlags: [], mode: "manual" },
      ]),
      "f",
    );
    expect([mixed.old.slug, mixed.new.slug]).toEqual(["env-legacy", "env-top"]);
    expect(() => fixtureCompat({ mode: "unknown", configPath: null, overridden: false, environments: [] }, "f")).toThrow(/no compatibility date/u);
  });
});

describe("readRuntimeManifest", () => {
  it("returns {} without a file and rejects what it does not know", () => {
    expect(readRuntimeManifest(tempDir({}), RUNTIME_FIXTURES_DIR)).toEqual({});
    expect(() => readRuntimeManifest(tempDir({ "runtime.json": `{ "defect": {} }` }), RUNTIME_FIXTURES_DIR)).toThrow(/unknown key "defect"/u);
    expect(() => readRuntimeManifest(tempDir({ "runtime.json": `{ "entry": "nope" }` }), RUNTIME_FIXTURES_DIR)).toThrow(/no entries\/nope\.js/u);
    expect(() =>
      readRuntimeManifest(tempDir({ "runtime.json": `{ "fixes": { "client-1000": ["echo-of-1005"] }, "keeps": { "client-1000": ["echo-of-1005"] } }` }), RUNTIME_FIXTURES_DIR),
    ).toThrow(/both fixes and keeps/u);
    expect(() => readRuntimeManifest(tempDir({ "runtime.json": `{ "fixes": { "client-1000": ["slow"] } }` }), RUNTIME_FIXTURES_DIR)).toThrow(/unknown defect "slow"/u);
  });

  it("reads packages to bundle in place of imported ones, and rejects what is not a package name", () => {
    const read = (text: string) => readRuntimeManifest(tempDir({ "runtime.json": text }), RUNTIME_FIXTURES_DIR);
    expect(read(`{ "packages": { "partyserver": "partyserver-0.5.3" } }`).packages).toEqual({ partyserver: "partyserver-0.5.3" });
    expect(() => read(`{ "packages": ["partyserver"] }`)).toThrow(/packages must be an object/u);
    expect(() => read(`{ "packages": { "partyserver": "../x" } }`)).toThrow(/packages: "partyserver" must map to a package name/u);
  });

  it("reads routes, each with its own path and defects, and rejects route keys at the top level beside them", () => {
    const routes = `{ "a": { "path": "/a", "keeps": { "client-1000": ["custom-code-dropped"] } }, "b": { "path": "/b" } }`;
    expect(readRuntimeManifest(tempDir({ "runtime.json": `{ "routes": ${routes}, "note": "n" }` }), RUNTIME_FIXTURES_DIR).routes?.["a"]).toEqual({
      path: "/a",
      keeps: { "client-1000": ["custom-code-dropped"] },
    });
    const read = (text: string) => () => readRuntimeManifest(tempDir({ "runtime.json": text }), RUNTIME_FIXTURES_DIR);
    expect(read(`{ "routes": ${routes}, "path": "/" }`)).toThrow(/with routes, set path in each route/u);
    expect(read(`{ "routes": { "a": {} } }`)).toThrow(/routes\.a needs a path/u);
    expect(read(`{ "routes": { "A b": { "path": "/" } } }`)).toThrow(/must be kebab-case/u);
    expect(read(`{ "routes": { "a": { "path": "/", "entry": "x" } } }`)).toThrow(/routes\.a: unknown key "entry"/u);
    expect(read(`{ "routes": { "a": { "path": "/", "fixes": { "client-1000": ["slow"] } } } }`)).toThrow(/routes\.a\.fixes\.client-1000: unknown defect/u);
    expect(read(`{ "routes": {} }`)).toThrow(/non-empty/u);
  });
});

describe("planRoutes", () => {
  it("gives each route its own path, defects and closes, and names its services and tests after it", () => {
    const [ws, ticker, ...rest] = planRoutes({
      backend: "slow-close",
      routes: { ws: { path: "/ws/alice", fixes: { "client-no-status": ["echo-of-1005"] } }, ticker: { path: "/ticker", upgrade: false } },
    });
    expect(rest).toEqual([]);
    expect(ws).toEqual({
      name: "ws",
      path: "/ws/alice",
      message: undefined,
      upgrade: true,
      fixes: { "client-no-status": ["echo-of-1005"] },
      keeps: {},
      closes: ["client-1000", "client-no-status", "server-first"],
    });
    expect([ticker?.upgrade, ticker?.closes]).toEqual([false, ["client-1000"]]);
    const [single] = planRoutes({ path: "/?user=alice", keeps: { "client-1000": ["missing-reply"] } });
    expect(single).toMatchObject({ name: null, path: "/?user=alice", keeps: { "client-1000": ["missing-reply"] }, closes: ["client-1000", "client-no-status"] });

    if (!ws || !single) throw new Error("no routes");
    const plan = { name: "hono" } as TransformRuntimePlan;
    const run: FixtureRun = { variant: "input", compat: { slug: "old", date: "2026-01-01", flags: [], mode: "manual" } };
    expect(fixtureServiceName(plan, ws, run, "client-1000")).toBe("hono--ws--input-old--client-1000");
    expect(fixtureServiceName(plan, single, run, "client-1000")).toBe("hono--input-old--client-1000");
    expect([conversationLabel(ws, "client-1000"), conversationLabel(single, "client-1000")]).toEqual(["ws: client-1000", "client-1000"]);
  });
});

describe("judging outcomes", () => {
  it("allows the documented echo difference only when asked, and only for a partial echo", () => {
    const runtimeEcho = outcome({});
    expect(outcomeDifferences(outcome({ code: 1005, reason: "" }), runtimeEcho, "client-1000", true)).toEqual([]);
    expect(outcomeDifferences(outcome({ code: 1000, reason: "" }), runtimeEcho, "client-1000", true)).toEqual([]);
    expect(outcomeDifferences(outcome({ code: 1005, reason: "" }), runtimeEcho, "client-1000", false)).toHaveLength(1);
    expect(outcomeDifferences(outcome({ code: 4000, reason: "room closed" }), runtimeEcho, "client-1000", true)).toHaveLength(1);
    expect(outcomeDifferences(outcome({ exceptions: [] }), outcome({ exceptions: [{ name: "TypeError", message: "", source: "", frames: [], service: "s" }] }), "client-1000", true)).toEqual([
      'handler exceptions: [] vs ["TypeError"]',
    ]);
  });

  it("compares messages without timestamps and random ids", () => {
    expect(normalizeMessage('{"t":1795447494371,"id":"f0d8927c-1355-4751-8426-c5dde8fd14c0"}')).toBe('{"t":<number>,"id":"<uuid>"}');
  });

  it("names the problems of an unhealthy close", () => {
    expect(outcomeProblems(outcome({}))).toEqual([]);
    expect(outcomeProblems(outcome({ timedOut: true, code: null, reason: null, clean: false, ms: 3000 }))).toEqual(["the close hangs (nothing within 3000 ms)"]);
    expect(outcomeProblems(outcome({ code: 1006, clean: false }))).toEqual(["unclean close 1006"]);
  });

  it("sees each defect only where it is", () => {
    const hang = outcome({ timedOut: true, code: null, reason: null, clean: false });
    expect(DEFECT_CHECKS["missing-reply"].shows({ close: "client-1000", before: hang, after: hang })).toBe(true);
    expect(DEFECT_CHECKS["missing-reply"].shows({ close: "client-1000", before: hang, after: outcome({}) })).toBe(false);
    const custom = outcome({ code: 4000, reason: "room closed" });
    expect(DEFECT_CHECKS["custom-code-dropped"].shows({ close: "client-1000", before: custom, after: outcome({}) })).toBe(true);
    expect(DEFECT_CHECKS["custom-code-dropped"].shows({ close: "client-1000", before: custom, after: custom })).toBe(false);
    const slow = outcome({ ms: 504 });
    expect(DEFECT_CHECKS["lost-close-coordination"].shows({ close: "client-1000", before: slow, after: outcome({ ms: 2 }) })).toBe(true);
    expect(DEFECT_CHECKS["lost-close-coordination"].shows({ close: "client-1000", before: slow, after: slow })).toBe(false);
  });
});
