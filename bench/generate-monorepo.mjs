/**
 * Generates a synthetic Workers monorepo for `npm run bench`, deterministically
 * from a seed: the same seed and scale give the same files, byte for byte.
 *
 * At scale 1: 48 Workers under `workers/` (each a wrangler config, a
 * `package.json`, a `tsconfig.json` and 104 source files), 4 shared packages
 * under `packages/` (60 source files each): 5,232 source files (`.ts`, some
 * `.tsx` and `.js`). Each Worker's `main` imports its routes and components
 * and one or two shared packages (by `paths` or by a relative path), each
 * route imports a few of the Worker's modules, so the import graph reaches
 * most files, and packages shared by Workers of both modes come out `mixed`.
 * 2% of them (rounded) hold WebSocket code drawn from realistic templates:
 * `WebSocketPair` echo handlers, `handleSession(socket)` handlers, Hibernation
 * API Durable Objects (with and without a close reply), `fetch()` upgrade
 * proxies, Hono `upgradeWebSocket` routes, browser-style `new WebSocket`
 * clients, and shapes across two modules of one Worker for the cross-module
 * view: a route that hands an accepted socket to an imported `handleSession`,
 * and a Durable Object that extends an imported base class. The rest is ordinary Worker code, some of it with words the text
 * prefilter looks for (`close`, `accept`) so that the prefilter is not
 * flattered. The wrangler configs mix JSONC, TOML and JSON, compatibility dates
 * on both sides of 2026-04-07, the auto/manual reply flags and environments
 * with their own dates.
 *
 * Plain JavaScript so that the bench runs without a build step of its own.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Workers at scale 1. */
export const WORKERS_AT_SCALE_1 = 48;
/** Source files per Worker (including its `src/index.ts`). */
export const FILES_PER_WORKER = 104;
/** Shared packages at scale 1. */
export const PACKAGES_AT_SCALE_1 = 4;
/** Source files per shared package. */
export const FILES_PER_PACKAGE = 60;
/** Share of source files with WebSocket code. */
export const WEBSOCKET_SHARE = 0.02;

/**
 * The WebSocket templates, by name. The last four come in pairs of two files of one Worker (or
 * package), so that the CLI's cross-module view has work to do: a `session-caller` accepts a
 * `WebSocketPair` end and hands it to the `handleSession` its `session-module` exports (whose close
 * listener only logs), and a `derived-room` Durable Object extends the `base-room` class of
 * another module (whose `webSocketClose` never replies).
 */
export const WEBSOCKET_TEMPLATES = [
  "pair-echo",
  "session-handler",
  "hibernation-echo",
  "hibernation-no-reply",
  "fetch-proxy",
  "hono-route",
  "browser-client",
  "session-caller",
  "session-module",
  "derived-room",
  "base-room",
];

/**
 * The order templates are dealt in: one file each, or a pair (the importer first, then the module
 * it imports), dealt to two files of the same Worker or package.
 */
const TEMPLATE_UNITS = [
  "pair-echo",
  "session-handler",
  ["session-caller", "session-module"],
  "hibernation-echo",
  "hibernation-no-reply",
  "fetch-proxy",
  ["derived-room", "base-room"],
  "hono-route",
  "browser-client",
];

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1) (also `generate-large-file.mjs`'s). */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ["order", "invoice", "user", "session", "cart", "product", "report", "upload", "ticket", "event", "account", "token", "metric", "asset", "booking", "message"];
const VERBS = ["load", "store", "validate", "format", "merge", "resolve", "compute", "render", "sync", "index"];
const DATES = ["2024-09-23", "2025-03-10", "2025-11-01", "2026-02-15", "2026-04-07", "2026-05-01", "2026-06-20"];

const pick = (random, items) => items[Math.floor(random() * items.length)];
const capitalize = (word) => word[0].toUpperCase() + word.slice(1);

/** Ordinary Worker code: a few helpers around a noun. */
function plainModule(random, index) {
  const noun = pick(random, NOUNS);
  const Noun = capitalize(noun);
  const parts = [
    `// ${Noun} helpers (module ${index}).`,
    `export interface ${Noun}Record {`,
    `  id: string;`,
    `  createdAt: number;`,
    `  tags: string[];`,
    `  payload?: Record<string, unknown>;`,
    `}`,
    "",
  ];
  const helpers = 2 + Math.floor(random() * 5);
  for (let h = 0; h < helpers; h++) {
    const verb = pick(random, VERBS);
    const limit = 10 + Math.floor(random() * 90);
    parts.push(
      `export async function ${verb}${Noun}${h}(kv: KVNamespace, id: string): Promise<${Noun}Record | null> {`,
      `  const raw = await kv.get(\`${noun}:\${id}\`, "json");`,
      `  if (!raw || typeof raw !== "object") return null;`,
      `  const record = raw as ${Noun}Record;`,
      `  if (record.tags.length > ${limit}) {`,
      `    record.tags = record.tags.slice(0, ${limit});`,
      `  }`,
      `  for (const tag of record.tags) {`,
      `    if (tag.startsWith("tmp-")) await kv.delete(\`${noun}:\${id}:\${tag}\`);`,
      `  }`,
      `  return { ...record, createdAt: record.createdAt || Date.now() };`,
      `}`,
      "",
    );
  }
  return parts.join("\n");
}

/** A request handler: routing, JSON, headers. */
function routeModule(random, index) {
  const noun = pick(random, NOUNS);
  const Noun = capitalize(noun);
  const status = pick(random, [200, 201, 202]);
  return [
    `import type { ${Noun}Record } from "./types-${index % 7}";`,
    "",
    `const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };`,
    "",
    `export async function handle${Noun}Request(request: Request, env: { DB: D1Database; CACHE: KVNamespace }): Promise<Response> {`,
    `  const url = new URL(request.url);`,
    `  const id = url.searchParams.get("id");`,
    `  if (request.method === "GET" && id) {`,
    `    const cached = await env.CACHE.get(\`${noun}:\${id}\`);`,
    `    if (cached) return new Response(cached, { headers: JSON_HEADERS });`,
    `    const row = await env.DB.prepare("SELECT * FROM ${noun}s WHERE id = ?").bind(id).first<${Noun}Record>();`,
    `    if (!row) return new Response("Not found", { status: 404 });`,
    `    await env.CACHE.put(\`${noun}:\${id}\`, JSON.stringify(row), { expirationTtl: ${60 + index} });`,
    `    return Response.json(row);`,
    `  }`,
    `  if (request.method === "POST") {`,
    `    const body = (await request.json()) as Partial<${Noun}Record>;`,
    `    if (!body.id) return new Response("Missing id", { status: 400 });`,
    `    await env.DB.prepare("INSERT INTO ${noun}s (id, created_at) VALUES (?, ?)").bind(body.id, Date.now()).run();`,
    `    return new Response(JSON.stringify({ ok: true }), { status: ${status}, headers: JSON_HEADERS });`,
    `  }`,
    `  return new Response("Method not allowed", { status: 405, headers: { allow: "GET, POST" } });`,
    `}`,
    "",
  ].join("\n");
}

/** A streaming helper that closes a writer, and (sometimes) reads an `accept` header: passes no socket test. */
function streamModule(random, index) {
  const withAccept = random() < 0.2;
  return [
    `// Streams a body through a transform (module ${index}).`,
    `export function pipeWithPrefix(body: ReadableStream<Uint8Array>, prefix: string): ReadableStream<Uint8Array> {`,
    `  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();`,
    `  const writer = writable.getWriter();`,
    `  const encoder = new TextEncoder();`,
    `  void (async () => {`,
    `    await writer.write(encoder.encode(prefix));`,
    `    const reader = body.getReader();`,
    `    for (;;) {`,
    `      const { done, value } = await reader.read();`,
    `      if (done) break;`,
    `      await writer.write(value);`,
    `    }`,
    `    await writer.close();`,
    `  })();`,
    `  return readable;`,
    `}`,
    ...(withAccept
      ? [
          "",
          `export function prefersJson(request: Request): boolean {`,
          `  const accept = request.headers.get("Accept") ?? "";`,
          `  return accept.includes("application/json");`,
          `}`,
        ]
      : []),
    "",
  ].join("\n");
}

/** Types only. */
function typesModule(random, index) {
  const noun = capitalize(pick(random, NOUNS));
  return [
    `export type ${noun}Id = string & { readonly brand: "${noun}Id-${index}" };`,
    `export interface ${noun}Page {`,
    `  items: ${noun}Id[];`,
    `  cursor: string | null;`,
    `  total: number;`,
    `}`,
    `export type ${noun}Event = { kind: "created"; id: ${noun}Id } | { kind: "deleted"; id: ${noun}Id; at: number };`,
    "",
  ].join("\n");
}

/** A React component (`.tsx`). */
function componentModule(random, index) {
  const noun = capitalize(pick(random, NOUNS));
  return [
    `import { useState } from "react";`,
    "",
    `export function ${noun}List${index}({ items }: { items: { id: string; label: string }[] }) {`,
    `  const [selected, setSelected] = useState<string | null>(null);`,
    `  return (`,
    `    <ul className="${noun.toLowerCase()}-list">`,
    `      {items.map((item) => (`,
    `        <li key={item.id} aria-selected={item.id === selected} onClick={() => setSelected(item.id)}>`,
    `          {item.label}`,
    `        </li>`,
    `      ))}`,
    `    </ul>`,
    `  );`,
    `}`,
    "",
  ].join("\n");
}

/** Plain JavaScript constants and a helper (`.js`). */
function scriptModule(random, index) {
  const noun = pick(random, NOUNS);
  return [
    `// Limits for ${noun}s (module ${index}).`,
    `export const ${noun.toUpperCase()}_LIMITS = Object.freeze({ maxItems: ${50 + Math.floor(random() * 200)}, maxBytes: ${1024 * (1 + Math.floor(random() * 64))} });`,
    "",
    `export function clamp${capitalize(noun)}(count) {`,
    `  return Math.max(0, Math.min(count, ${noun.toUpperCase()}_LIMITS.maxItems));`,
    `}`,
    "",
  ].join("\n");
}

/**
 * The sources of the WebSocket templates, by name. `partner`, for the first file of a pair, is the
 * file it imports: its index (which names its exports) and the specifier to import it by.
 */
const WEBSOCKET_SOURCES = {
  "session-caller": (index, partner) => `import { handleSession${partner.index} } from "${partner.specifier}";

export async function connect${index}(request: Request): Promise<Response> {
  if (request.headers.get("Upgrade") !== "websocket") {
    return new Response("Expected a WebSocket upgrade", { status: 426 });
  }
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  handleSession${partner.index}(server, new URL(request.url).pathname);
  return new Response(null, { status: 101, webSocket: client });
}
`,
  "session-module": (index) => `export function handleSession${index}(ws: WebSocket, room: string): void {
  ws.addEventListener("message", (event) => {
    ws.send(JSON.stringify({ room, data: String(event.data) }));
  });
  ws.addEventListener("close", (event) => {
    console.log(\`session in \${room} ended with \${event.code}\`);
  });
}
`,
  "derived-room": (index, partner) => `import { BaseRoom${partner.index} } from "${partner.specifier}";

export class Lobby${index} extends BaseRoom${partner.index} {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
}
`,
  "base-room": (index) => `import { DurableObject } from "cloudflare:workers";

export class BaseRoom${index} extends DurableObject {
  async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string) {
    ws.send(\`[room ${index}] \${message}\`);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log(\`room ${index}: a socket left with \${code} \${reason}\`);
  }
}
`,
  "pair-echo": (index) => `const sessions${index} = new Set<WebSocket>();

export async function handleChat${index}(request: Request): Promise<Response> {
  if (request.headers.get("Upgrade") !== "websocket") {
    return new Response("Expected a WebSocket upgrade", { status: 426 });
  }
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  sessions${index}.add(server);
  server.addEventListener("message", (event) => {
    for (const session of sessions${index}) session.send(String(event.data));
  });
  server.addEventListener("close", (event) => {
    sessions${index}.delete(server);
    server.close(event.code, event.reason);
  });
  return new Response(null, { status: 101, webSocket: client });
}
`,
  "session-handler": (index) => `export function handleSession${index}(websocket: WebSocket, room: string): void {
  websocket.accept();
  websocket.addEventListener("message", (event) => {
    websocket.send(JSON.stringify({ room, data: String(event.data) }));
  });
  websocket.addEventListener("close", () => {
    websocket.close();
  });
}

export async function upgrade${index}(request: Request): Promise<Response> {
  const pair = new WebSocketPair();
  handleSession${index}(pair[1], new URL(request.url).pathname);
  return new Response(null, { status: 101, webSocket: pair[0] });
}
`,
  "hibernation-echo": (index) => `import { DurableObject } from "cloudflare:workers";

export class Room${index} extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const webSocketPair = new WebSocketPair();
    const [client, server] = Object.values(webSocketPair);
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string) {
    ws.send(\`[room ${index}] \${message}, connections: \${this.ctx.getWebSockets().length}\`);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean) {
    ws.close(code, "Durable Object is closing WebSocket");
  }
}
`,
  "hibernation-no-reply": (index) => `import { DurableObject } from "cloudflare:workers";

export class Presence${index} extends DurableObject {
  private users = new Map<WebSocket, string>();

  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.users.set(server, new URL(request.url).searchParams.get("user") ?? "anonymous");
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.users.delete(ws);
    for (const other of this.ctx.getWebSockets()) other.send(JSON.stringify({ left: code }));
  }
}
`,
  "fetch-proxy": (index) => `export async function relay${index}(request: Request, backendUrl: string): Promise<Response> {
  const response = await fetch(backendUrl, { headers: { Upgrade: "websocket" } });
  const backend = response.webSocket;
  if (!backend) return new Response("Backend refused the upgrade", { status: 502 });
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  backend.accept();
  server.addEventListener("message", (event) => backend.send(event.data));
  backend.addEventListener("message", (event) => server.send(event.data));
  server.addEventListener("close", (event) => {
    backend.close(event.code, event.reason);
  });
  backend.addEventListener("close", (event) => {
    server.close(event.code, event.reason);
  });
  return new Response(null, { status: 101, webSocket: client });
}
`,
  "hono-route": (index) => `import { Hono } from "hono";
import { upgradeWebSocket } from "hono/cloudflare-workers";

export const live${index} = new Hono();

live${index}.get(
  "/live/:channel",
  upgradeWebSocket((c) => {
    const channel = c.req.param("channel");
    return {
      onMessage(event, ws) {
        ws.send(\`\${channel}: \${String(event.data)}\`);
      },
      onClose(event, ws) {
        ws.close(event.code, event.reason);
      },
    };
  }),
);
`,
  "browser-client": (index) => `// Dashboard client: reconnects with backoff.
export function connectDashboard${index}(url: string, onUpdate: (data: unknown) => void): () => void {
  let socket: WebSocket | null = null;
  let attempts = 0;
  let stopped = false;
  const open = () => {
    socket = new WebSocket(url);
    socket.onmessage = (event) => onUpdate(JSON.parse(String(event.data)));
    socket.onclose = () => {
      if (stopped) return;
      attempts++;
      setTimeout(open, Math.min(30_000, 500 * 2 ** attempts));
    };
  };
  open();
  return () => {
    stopped = true;
    socket?.close(1000, "dashboard closed");
  };
}
`,
};

/** A Worker's wrangler config, in one of three formats, with its date, flags and environments. */
function wranglerConfig(random, name, index) {
  const format = ["jsonc", "toml", "json"][index % 3];
  const date = pick(random, DATES);
  const roll = random();
  const flags = roll < 0.1 ? ["web_socket_auto_reply_to_close"] : roll < 0.2 ? ["web_socket_manual_reply_to_close"] : [];
  const nodeCompat = random() < 0.5;
  const allFlags = [...(nodeCompat ? ["nodejs_compat"] : []), ...flags];
  const stagingDate = random() < 0.25 ? pick(random, DATES) : null;
  if (format === "toml") {
    const lines = [`# ${name}`, `name = "${name}"`, `main = "src/index.ts"`, `compatibility_date = "${date}"`];
    if (allFlags.length > 0) lines.push(`compatibility_flags = [${allFlags.map((flag) => `"${flag}"`).join(", ")}]`);
    if (stagingDate) lines.push("", "[env.staging]", `compatibility_date = "${stagingDate}"`);
    return { file: "wrangler.toml", text: `${lines.join("\n")}\n` };
  }
  const config = {
    name,
    main: "src/index.ts",
    compatibility_date: date,
    ...(allFlags.length > 0 ? { compatibility_flags: allFlags } : {}),
    ...(stagingDate ? { env: { staging: { compatibility_date: stagingDate } } } : {}),
  };
  const json = JSON.stringify(config, null, 2);
  if (format === "json") return { file: "wrangler.json", text: `${json}\n` };
  return { file: "wrangler.jsonc", text: `// ${name}: generated for the bench\n${json.replace(/\n\}$/u, ",\n  // observability settings live in the dashboard\n}")}\n` };
}

/**
 * Writes the monorepo into `dir` (created if needed; files of the same names are replaced).
 *
 * @param {{ dir: string, seed?: number, scale?: number }} options `scale` multiplies the
 *   numbers of Workers and packages (not the files per Worker); default seed 1, scale 1.
 * @returns {{ dir: string, seed: number, scale: number, workers: number, packages: number,
 *   configs: Record<"jsonc" | "toml" | "json", number>, sourceFiles: number, webSocketFiles: number,
 *   templates: Record<string, number>, bytes: number, files: string[] }} a summary; `files` are the
 *   source files, relative to `dir` with `/` separators, in the order they were generated.
 */
export function generateMonorepo({ dir, seed = 1, scale = 1 }) {
  const random = createRandom(seed);
  const workers = Math.max(2, Math.round(WORKERS_AT_SCALE_1 * scale));
  const packages = Math.max(1, Math.round(PACKAGES_AT_SCALE_1 * scale));
  const sources = [];
  const configs = { jsonc: 0, toml: 0, json: 0 };
  const write = (relative, text) => {
    const target = path.join(dir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  };

  write(".gitignore", "node_modules/\ndist/\n.wrangler/\n");
  write("package.json", `${JSON.stringify({ name: "bench-monorepo", private: true, workspaces: ["workers/*", "packages/*"] }, null, 2)}\n`);

  // Each Worker's main imports its routes and components and one or two shared packages (through its
  // tsconfig's `paths`, or a relative path); each route imports a few of the Worker's lib modules; each
  // package's index re-exports its modules. So the import graph reaches most files, and a package
  // imported by Workers on both sides of 2026-04-07 is `mixed`.
  const packageNames = Array.from({ length: packages }, (_, p) => `shared-${p}`);
  for (let w = 0; w < workers; w++) {
    const name = `worker-${String(w).padStart(3, "0")}`;
    const config = wranglerConfig(random, name, w);
    configs[config.file.slice("wrangler.".length)]++;
    write(`workers/${name}/${config.file}`, config.text);
    write(`workers/${name}/package.json`, `${JSON.stringify({ name, private: true, type: "module" }, null, 2)}\n`);
    write(
      `workers/${name}/tsconfig.json`,
      `${JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, jsx: "react-jsx", paths: { "@bench/*": ["../../packages/*/src/index.ts"] } } }, null, 2)}\n`,
    );
    const index = { relative: `workers/${name}/src/index.ts`, kind: "index", imports: [] };
    sources.push(index);
    const own = [];
    for (let f = 1; f < FILES_PER_WORKER; f++) {
      const roll = random();
      const kind = roll < 0.42 ? "plain" : roll < 0.62 ? "route" : roll < 0.77 ? "types" : roll < 0.87 ? "component" : roll < 0.96 ? "script" : "stream";
      const folder = kind === "component" ? "ui" : kind === "route" ? "routes" : "lib";
      const extension = kind === "component" ? "tsx" : kind === "script" ? "js" : "ts";
      const source = { relative: `workers/${name}/src/${folder}/${kind}-${f}.${extension}`, kind, imports: [] };
      sources.push(source);
      own.push(source);
    }
    const libs = own.filter((source) => source.relative.includes("/lib/"));
    for (const source of own) {
      // Specifiers without an extension, or with `.js` for a `.ts` file, as bundler resolution allows.
      const specifier = (from, target) => {
        const relative = path.posix.relative(path.posix.dirname(from.relative), target.relative).replace(/\.(?:ts|tsx|js)$/u, "");
        const withDot = relative.startsWith(".") ? relative : `./${relative}`;
        return target.relative.endsWith(".ts") && random() < 0.3 ? `${withDot}.js` : withDot;
      };
      if (source.kind === "route" || source.kind === "component") index.imports.push(specifier(index, source));
      if (source.kind === "route" && libs.length > 0) {
        for (let i = 0; i < 5; i++) source.imports.push(specifier(source, pick(random, libs)));
      }
    }
    const first = Math.floor(random() * packages);
    const used = random() < 0.5 && packages > 1 ? [first, (first + 1) % packages] : [first];
    for (const p of used) {
      index.imports.push(random() < 0.5 ? `@bench/${packageNames[p]}` : `../../../packages/${packageNames[p]}/src/index`);
    }
  }
  for (let p = 0; p < packages; p++) {
    const index = { relative: `packages/${packageNames[p]}/src/index.ts`, kind: "package-index", imports: [] };
    sources.push(index);
    write(`packages/${packageNames[p]}/package.json`, `${JSON.stringify({ name: `@bench/${packageNames[p]}`, private: true, type: "module", exports: "./src/index.ts" }, null, 2)}\n`);
    for (let f = 1; f < FILES_PER_PACKAGE; f++) {
      const kind = random() < 0.6 ? "plain" : "types";
      sources.push({ relative: `packages/${packageNames[p]}/src/${kind}-${f}.ts`, kind, imports: [] });
      index.imports.push(`./${kind}-${f}`);
    }
  }

  // Exactly round(2%) of the files get WebSocket code: a seeded partial shuffle of the `.ts` files.
  const webSocketCount = Math.round(sources.length * WEBSOCKET_SHARE);
  // Entry modules keep their imports: they are not among the candidates.
  const candidates = sources.filter((source) => source.relative.endsWith(".ts") && source.kind !== "index" && source.kind !== "package-index");
  // A pair's second file is the first not yet dealt of the same Worker or package; a pair that finds
  // none (or no room left under the count) is passed over for the next unit.
  const root = (source) => source.relative.split("/").slice(0, 2).join("/");
  for (let slot = 0, unit = 0; slot < webSocketCount; unit++) {
    const template = TEMPLATE_UNITS[unit % TEMPLATE_UNITS.length];
    const j = slot + Math.floor(random() * (candidates.length - slot));
    [candidates[slot], candidates[j]] = [candidates[j], candidates[slot]];
    if (typeof template === "string") {
      candidates[slot++].webSocket = template;
      continue;
    }
    const importer = candidates[slot];
    const k = slot + 1 < webSocketCount ? candidates.findIndex((source, at) => at > slot && root(source) === root(importer)) : -1;
    if (k < 0) continue;
    [candidates[slot + 1], candidates[k]] = [candidates[k], candidates[slot + 1]];
    const imported = candidates[slot + 1];
    importer.webSocket = template[0];
    imported.webSocket = template[1];
    importer.partner = imported;
    slot += 2;
  }

  const templates = Object.fromEntries(WEBSOCKET_TEMPLATES.map((name) => [name, 0]));
  let bytes = 0;
  const indexOf = new Map(sources.map((source, index) => [source, index]));
  const partnerOf = (source) => {
    if (!source.partner) return undefined;
    const relative = path.posix.relative(path.posix.dirname(source.relative), source.partner.relative).replace(/\.ts$/u, "");
    return { index: indexOf.get(source.partner), specifier: relative.startsWith(".") ? relative : `./${relative}` };
  };
  for (const [index, source] of sources.entries()) {
    let text;
    if (source.kind === "index") {
      text = `${source.imports.map((specifier, i) => `import * as module${i} from "${specifier}";`).join("\n")}\n\nexport const modules = [${source.imports.map((_, i) => `module${i}`).join(", ")}];\n\nexport default {\n  async fetch(request: Request): Promise<Response> {\n    return new Response(\`\${modules.length} modules\`);\n  },\n};\n`;
    } else if (source.kind === "package-index") {
      text = `${source.imports.map((specifier) => `export * from "${specifier}";`).join("\n")}\n`;
    } else if (source.webSocket) {
      templates[source.webSocket]++;
      text = WEBSOCKET_SOURCES[source.webSocket](index, partnerOf(source));
    } else if (source.kind === "route") text = routeModule(random, index);
    else if (source.kind === "types") text = typesModule(random, index);
    else if (source.kind === "component") text = componentModule(random, index);
    else if (source.kind === "script") text = scriptModule(random, index);
    else if (source.kind === "stream") text = streamModule(random, index);
    else text = plainModule(random, index);
    if (!source.webSocket && source.kind === "route" && source.imports.length > 0) {
      text = `${source.imports.map((specifier, i) => `import * as lib${i} from "${specifier}";`).join("\n")}\nvoid [${source.imports.map((_, i) => `lib${i}`).join(", ")}];\n\n${text}`;
    }
    bytes += Buffer.byteLength(text);
    write(source.relative, text);
  }
  return {
    dir,
    seed,
    scale,
    workers,
    packages,
    configs,
    sourceFiles: sources.length,
    webSocketFiles: webSocketCount,
    templates,
    bytes,
    files: sources.map((source) => source.relative),
  };
}
