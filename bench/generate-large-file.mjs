/**
 * Generates one very large TypeScript file (issue 14, item 7), deterministically
 * from a seed and a size: the same arguments give the same bytes.
 *
 * The file is many ordinary modules' worth of code (interfaces, generics,
 * classes, arrow functions, enums, switch statements, template literals, JSDoc
 * and line comments, string literals; some `close()` calls and event listeners
 * on streams and abort signals, none on a socket) with ONE Worker WebSocket
 * handler in the middle that needs exactly one rewrite in `auto` mode: its
 * close handler logs the close and echoes it (`server.close(event.code,
 * event.reason)`), which `ws-close/no-redundant-close` removes, line and all
 * (the log line keeps the handler's block from collapsing to `{}`, so the
 * rewrite is exactly one removed line).
 * Beside it, `writeLargeFileProject` puts a `wrangler.jsonc` with
 * `compatibility_date` 2026-05-01 (auto mode).
 *
 * CLI: `node bench/generate-large-file.mjs <dir> [size] [--seed=N]`, size as
 * `5MB` (MiB), `512KB` (KiB) or bytes; default 5MB. Prints a JSON summary.
 *
 * Plain JavaScript so that the bench runs without a build step of its own.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRandom } from "./generate-monorepo.mjs";

/** The statement the CLI removes, as it stands on its own line (indentation and newline included). */
export const ECHO_LINE = "    server.close(event.code, event.reason);\n";

/** The compatibility date of the generated `wrangler.jsonc`: auto reply to Close frames is on. */
export const LARGE_FILE_COMPATIBILITY_DATE = "2026-05-01";

/** The generated source file's name, inside the project directory. */
export const LARGE_FILE_NAME = "src/large.ts";

const NOUNS = ["order", "invoice", "user", "session", "cart", "product", "report", "upload", "ticket", "account", "token", "metric", "asset", "booking", "shipment", "coupon"];
const VERBS = ["load", "store", "validate", "format", "merge", "resolve", "compute", "render", "sync", "index", "parse", "collect"];
const WORDS = ["quickly", "safely", "lazily", "in order", "once", "per tenant", "with retries", "from cache", "by region", "in batches"];

const pick = (random, items) => items[Math.floor(random() * items.length)];
const capitalize = (word) => word[0].toUpperCase() + word.slice(1);
const int = (random, min, max) => min + Math.floor(random() * (max - min + 1));

/** An interface, a generic helper and an arrow function with template literals. */
function recordModule(random, id) {
  const noun = pick(random, NOUNS);
  const Noun = capitalize(noun);
  const fields = int(random, 3, 7);
  const lines = [`/**`, ` * ${Noun} records (${id}): read and written ${pick(random, WORDS)}.`, ` */`, `export interface ${Noun}Record${id} {`, `  id: string;`];
  for (let f = 0; f < fields; f++) lines.push(`  field${f}${random() < 0.3 ? "?" : ""}: ${pick(random, ["string", "number", "boolean", "string[]", "Record<string, unknown>", `Array<${Noun}Record${id}>`])};`);
  lines.push(
    `}`,
    ``,
    `export function pick${Noun}${id}<T extends ${Noun}Record${id}, K extends keyof T>(items: readonly T[], key: K): Array<T[K]> {`,
    `  const out: Array<T[K]> = [];`,
    `  for (const item of items) {`,
    `    if (item[key] !== undefined) out.push(item[key]); // skip holes`,
    `  }`,
    `  return out;`,
    `}`,
    ``,
    `export const describe${Noun}${id} = (record: ${Noun}Record${id}, prefix = "${noun}"): string =>`,
    `  \`\${prefix}:\${record.id} (\${Object.keys(record).length} fields, limit ${int(random, 10, 500)})\`;`,
    ``,
  );
  return lines;
}

/** A class with private state, a getter, async methods and a stream it closes. */
function classModule(random, id) {
  const noun = pick(random, NOUNS);
  const Noun = capitalize(noun);
  const verb = pick(random, VERBS);
  const limit = int(random, 16, 4096);
  return [
    `export class ${Noun}Store${id}<V extends { id: string }> {`,
    `  readonly #items = new Map<string, V>();`,
    `  private hits = 0;`,
    ``,
    `  constructor(private readonly name: string, private readonly limit: number = ${limit}) {}`,
    ``,
    `  get size(): number {`,
    `    return this.#items.size;`,
    `  }`,
    ``,
    `  /** ${capitalize(verb)}s one ${noun} ${pick(random, WORDS)}. */`,
    `  async ${verb}(value: V): Promise<boolean> {`,
    `    if (this.#items.size >= this.limit) {`,
    `      throw new RangeError(\`\${this.name}: more than \${this.limit} ${noun}s\`);`,
    `    }`,
    `    this.#items.set(value.id, value);`,
    `    this.hits += 1;`,
    `    return true;`,
    `  }`,
    ``,
    `  async export(writable: WritableStream<Uint8Array>): Promise<void> {`,
    `    const writer = writable.getWriter();`,
    `    const encoder = new TextEncoder();`,
    `    try {`,
    `      for (const [key, value] of this.#items) {`,
    `        await writer.write(encoder.encode(\`\${key}=\${JSON.stringify(value)}\\n\`));`,
    `      }`,
    `    } finally {`,
    `      await writer.close();`,
    `    }`,
    `  }`,
    `}`,
    ``,
  ];
}

/** An enum, a union type and a switch over it. */
function switchModule(random, id) {
  const noun = pick(random, NOUNS);
  const Noun = capitalize(noun);
  const states = ["Draft", "Pending", "Active", "Archived", "Failed"].slice(0, int(random, 3, 5));
  const lines = [`export enum ${Noun}State${id} {`];
  for (const [index, state] of states.entries()) lines.push(`  ${state} = ${index},`);
  lines.push(`}`, ``, `export type ${Noun}Event${id} = { kind: "created"; at: number } | { kind: "updated"; fields: string[] } | { kind: "removed"; reason?: string };`, ``);
  lines.push(`export function label${Noun}${id}(state: ${Noun}State${id}): string {`, `  switch (state) {`);
  for (const state of states) lines.push(`    case ${Noun}State${id}.${state}:`, `      return "${state.toLowerCase()} ${noun}";`);
  lines.push(`    default:`, `      return 'unknown ${noun}';`, `  }`, `}`, ``);
  lines.push(
    `export function apply${Noun}Event${id}(log: string[], event: ${Noun}Event${id}): void {`,
    `  if (event.kind === "created") log.push(\`created at \${new Date(event.at).toISOString()}\`);`,
    `  else if (event.kind === "updated") log.push(\`updated \${event.fields.join(", ")}\`);`,
    `  else log.push(\`removed: \${event.reason ?? "no reason"}\`);`,
    `}`,
    ``,
  );
  return lines;
}

/** An async Worker-style handler with fetch, JSON, an abort signal and error handling. */
function asyncModule(random, id) {
  const noun = pick(random, NOUNS);
  const verb = pick(random, VERBS);
  const retries = int(random, 1, 5);
  return [
    `// ${capitalize(verb)} ${noun}s from the upstream API, ${pick(random, WORDS)}.`,
    `export async function ${verb}${capitalize(noun)}s${id}(env: { API_URL: string; API_KEY: string }, ids: string[], signal?: AbortSignal): Promise<unknown[]> {`,
    `  const results: unknown[] = [];`,
    `  const controller = new AbortController();`,
    `  signal?.addEventListener("abort", () => controller.abort(), { once: true });`,
    `  for (let attempt = 0; attempt < ${retries}; attempt++) {`,
    `    try {`,
    `      const response = await fetch(\`\${env.API_URL}/${noun}s?ids=\${ids.map(encodeURIComponent).join(",")}\`, {`,
    `        headers: { authorization: \`Bearer \${env.API_KEY}\`, "content-type": "application/json" },`,
    `        signal: controller.signal,`,
    `      });`,
    `      if (!response.ok) continue;`,
    `      const body = (await response.json()) as { items?: unknown[] };`,
    `      results.push(...(body.items ?? []));`,
    `      break;`,
    `    } catch (error) {`,
    `      if (attempt === ${retries - 1}) throw new Error(\`${noun} ${verb} failed: \${String(error)}\`);`,
    `    }`,
    `  }`,
    `  return results;`,
    `}`,
    ``,
  ];
}

/** A configuration object, a lookup table and higher-order arrow functions. */
function tableModule(random, id) {
  const noun = pick(random, NOUNS);
  const entries = int(random, 4, 9);
  const lines = [`/* Defaults for ${noun} ${pick(random, WORDS)}; keep in sync with the dashboard. */`, `export const ${noun}Defaults${id} = {`];
  for (let e = 0; e < entries; e++) {
    const value = random() < 0.5 ? String(int(random, 0, 10_000)) : `"${pick(random, VERBS)}-${pick(random, NOUNS)}"`;
    lines.push(`  key${e}: ${value},`);
  }
  lines.push(
    `} as const;`,
    ``,
    `export const ${noun}Pipeline${id} = [`,
    `  (value: number) => value * ${int(random, 2, 9)},`,
    `  (value: number) => Math.max(0, value - ${int(random, 1, 99)}),`,
    `  (value: number): number => (value > ${int(random, 100, 999)} ? value % 97 : value),`,
    `];`,
    ``,
    `export function run${capitalize(noun)}Pipeline${id}(input: number): number {`,
    `  return ${noun}Pipeline${id}.reduce((value, step) => step(value), input);`,
    `}`,
    ``,
  );
  return lines;
}

const MODULES = [recordModule, classModule, switchModule, asyncModule, tableModule];

/** The one Worker WebSocket handler: its close handler's echo is the one rewrite. */
function webSocketHandler() {
  return [
    `export function attach(server: WebSocket) {`,
    `  server.accept();`,
    `  server.addEventListener("close", (event) => {`,
    `    console.log(\`closed: \${event.code} \${event.reason}\`);`,
    ECHO_LINE.slice(0, -1),
    `  });`,
    `}`,
    ``,
  ];
}

/**
 * Parses a size: `5MB` (MiB), `512KB` (KiB) or a number of bytes.
 * @returns the size in bytes.
 */
export function parseSize(size) {
  const match = /^(\d+(?:\.\d+)?)\s*(MB|KB|B)?$/iu.exec(String(size));
  if (!match) throw new Error(`unreadable size ${size} (use 5MB, 512KB or a number of bytes)`);
  const unit = (match[2] ?? "B").toUpperCase();
  return Math.round(Number(match[1]) * (unit === "MB" ? 1024 * 1024 : unit === "KB" ? 1024 : 1));
}

/**
 * Generates the file's text.
 *
 * @param {{ bytes: number, seed?: number }} options `bytes`: the size to reach (the text ends
 *   with the first module that reaches it, so it is a little larger).
 * @returns the text, and where the echo statement's line is in it (`echoStart`, `echoEnd`:
 *   UTF-16 offsets of the line, newline included; the text is ASCII, so they are byte offsets too).
 */
export function generateLargeFileText({ bytes, seed = 1 }) {
  const random = createRandom(seed);
  const half = Math.floor(bytes / 2);
  const chunks = [`// Generated by bench/generate-large-file.mjs (seed ${seed}, ${bytes} bytes): ordinary code and one WebSocket handler.\n\n`];
  let length = chunks[0].length;
  let echoStart = -1;
  for (let id = 0; length < bytes; id++) {
    if (echoStart === -1 && length >= half) {
      const handler = webSocketHandler().join("\n") + "\n";
      echoStart = length + handler.indexOf(ECHO_LINE);
      chunks.push(handler);
      length += handler.length;
      continue;
    }
    const chunk = MODULES[id % MODULES.length](random, id).join("\n") + "\n";
    chunks.push(chunk);
    length += chunk.length;
  }
  if (echoStart === -1) {
    const handler = webSocketHandler().join("\n") + "\n";
    echoStart = length + handler.indexOf(ECHO_LINE);
    chunks.push(handler);
  }
  const text = chunks.join("");
  return { text, echoStart, echoEnd: echoStart + ECHO_LINE.length };
}

/**
 * Writes a Worker project into `dir`: `wrangler.jsonc` (auto mode) and `src/large.ts`.
 *
 * @param {{ dir: string, bytes: number, seed?: number }} options
 * @returns the file's path and text, and where the echo statement's line is (see `generateLargeFileText`).
 */
export function writeLargeFileProject({ dir, bytes, seed = 1 }) {
  const generated = generateLargeFileText({ bytes, seed });
  const file = path.join(dir, LARGE_FILE_NAME);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    path.join(dir, "wrangler.jsonc"),
    `{\n  // One Worker, auto reply to Close frames on.\n  "name": "large-file",\n  "main": "${LARGE_FILE_NAME}",\n  "compatibility_date": "${LARGE_FILE_COMPATIBILITY_DATE}"\n}\n`,
  );
  writeFileSync(file, generated.text);
  return { file, ...generated };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const seedArg = args.find((arg) => arg.startsWith("--seed="));
  const [dir, size = "5MB"] = args.filter((arg) => !arg.startsWith("--"));
  if (!dir) {
    process.stderr.write("usage: node bench/generate-large-file.mjs <dir> [size: 5MB, 512KB or bytes] [--seed=N]\n");
    process.exit(2);
  }
  const seed = seedArg ? Number(seedArg.slice("--seed=".length)) : 1;
  const { file, text, echoStart, echoEnd } = writeLargeFileProject({ dir, bytes: parseSize(size), seed });
  process.stdout.write(`${JSON.stringify({ file, bytes: text.length, lines: text.split("\n").length - 1, echoStart, echoEnd })}\n`);
}
