/**
 * The bench's synthetic monorepo is the same for the same seed, and has the
 * promised shape: Workers with wrangler configs in three formats, source files,
 * and about 2% of them with WebSocket code. (No timings here: `npm run bench`
 * prints those.)
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FILES_PER_PACKAGE, FILES_PER_WORKER, generateMonorepo, WEBSOCKET_TEMPLATES } from "../../bench/generate-monorepo.mjs";
import { createProjectCompatResolver } from "../../src/compat/index.js";
import { findWorkerConfigs } from "../../src/migrate/find-worker-configs.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ws-close-bench-test-"));
  dirs.push(dir);
  return dir;
}

/** Every file under `dir`, relative, with the SHA-256 of its bytes. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full).split(path.sep).join("/"), createHash("sha256").update(readFileSync(full)).digest("hex"));
    }
  };
  walk(dir);
  return files;
}

describe("generateMonorepo", () => {
  it("writes the same files, byte for byte, for the same seed and scale; another seed differs", () => {
    const first = tempDir();
    const second = tempDir();
    const other = tempDir();
    const a = generateMonorepo({ dir: first, seed: 7, scale: 0.1 });
    const b = generateMonorepo({ dir: second, seed: 7, scale: 0.1 });
    generateMonorepo({ dir: other, seed: 8, scale: 0.1 });
    expect({ ...b, dir: a.dir }).toEqual(a);
    expect(tree(second)).toEqual(tree(first));
    expect(tree(other)).not.toEqual(tree(first));
  });

  it("at a small scale, has the counts it reports: Workers with configs, source files, 2% WebSocket files", () => {
    const dir = tempDir();
    const summary = generateMonorepo({ dir, seed: 1, scale: 0.1 });
    const files = tree(dir);
    const sources = [...files.keys()].filter((file) => /\.(?:ts|tsx|js)$/u.test(file));
    const configs = [...files.keys()].filter((file) => /(?:^|\/)wrangler\.(?:jsonc|json|toml)$/u.test(file));

    expect(summary.workers).toBe(5);
    expect(summary.sourceFiles).toBe(5 * FILES_PER_WORKER + summary.packages * FILES_PER_PACKAGE);
    expect(sources.sort()).toEqual([...summary.files].sort());
    expect(configs).toHaveLength(summary.workers);
    expect(summary.configs.jsonc + summary.configs.toml + summary.configs.json).toBe(summary.workers);
    expect(summary.webSocketFiles).toBe(Math.round(summary.sourceFiles * 0.02));
    // The WebSocket templates, and only they, mention WebSocket.
    const webSocketFiles = sources.filter((file) => readFileSync(path.join(dir, file), "utf8").includes("WebSocket"));
    expect(webSocketFiles).toHaveLength(summary.webSocketFiles);
    expect(Object.values(summary.templates).reduce((sum, count) => sum + count, 0)).toBe(summary.webSocketFiles);
    expect(Object.keys(summary.templates)).toEqual([...WEBSOCKET_TEMPLATES]);
    // Every Worker's config names its main, which exists.
    for (const config of configs) {
      expect(readFileSync(path.join(dir, config), "utf8")).toMatch(/main\W+src\/index\.ts/u);
      expect(files.has(`${path.posix.dirname(config)}/src/index.ts`)).toBe(true);
    }
  });

  it("is one import graph: each Worker's main reaches its modules and a shared package, which Workers of both modes share", async () => {
    const dir = tempDir();
    const summary = generateMonorepo({ dir, seed: 1, scale: 0.25 });
    const resolver = createProjectCompatResolver({ configPaths: await findWorkerConfigs(["."], dir), cwd: dir });
    const resolutions = summary.files.map((file) => ({ file, resolution: resolver.resolve(file) }));

    const reached = resolutions.filter(({ resolution }) => resolution.decidedBy === "imports");
    expect(reached.length / summary.files.length).toBeGreaterThan(0.8);
    const packageFiles = resolutions.filter(({ file }) => file.startsWith("packages/"));
    expect(packageFiles.every(({ resolution }) => resolution.decidedBy === "imports")).toBe(true);
    expect(packageFiles.some(({ resolution }) => resolution.mode === "mixed" && resolution.workers.length > 1)).toBe(true);
    // Both ways of importing a package are used: tsconfig `paths` and a relative path.
    const mains = summary.files.filter((file) => /^workers\/[^/]+\/src\/index\.ts$/u.test(file)).map((file) => readFileSync(path.join(dir, file), "utf8"));
    expect(mains.some((text) => text.includes('from "@bench/shared-'))).toBe(true);
    expect(mains.some((text) => text.includes('from "../../../packages/shared-'))).toBe(true);
  });

  it("has cross-module shapes: accepted sockets handed to an imported handleSession, Durable Objects extending an imported base", () => {
    const dir = tempDir();
    const summary = generateMonorepo({ dir, seed: 1, scale: 0.25 });
    const texts = new Map(summary.files.map((file) => [file, readFileSync(path.join(dir, file), "utf8")]));
    const importers = [...texts].filter(([, text]) => /^import \{ (?:handleSession|BaseRoom)\d+ \} from "\.\.?\//mu.test(text));
    const { "session-caller": callers = 0, "derived-room": rooms = 0 } = summary.templates;
    expect(importers.length).toBe(callers + rooms);
    expect(callers).toBeGreaterThan(0);
    expect(rooms).toBeGreaterThan(0);
    for (const [file, text] of importers) {
      const [, name = "", specifier = ""] = /^import \{ (\w+) \} from "([^"]+)";/mu.exec(text) ?? [];
      const target = path.posix.join(path.posix.dirname(file), `${specifier}.ts`);
      // The imported module is in the same Worker (or package), exports the name, and the importer uses it on a socket.
      expect(target.split("/").slice(0, 2)).toEqual(file.split("/").slice(0, 2));
      expect(texts.get(target)).toMatch(new RegExp(`export (?:function|class) ${name}\\b`, "u"));
      expect(text).toMatch(name.startsWith("handleSession") ? new RegExp(`server\\.accept\\(\\);\\s*${name}\\(server`, "u") : new RegExp(`extends ${name} \\{[\\s\\S]*acceptWebSocket\\(server\\)`, "u"));
    }
  });

  it("at scale 1 (the bench's default), promises at least 40 Workers, 5,000 source files and about 2% WebSocket code", () => {
    const summary = generateMonorepo({ dir: tempDir(), seed: 1 });
    expect(summary.workers).toBeGreaterThanOrEqual(40);
    expect(summary.sourceFiles).toBeGreaterThanOrEqual(5000);
    expect(summary.webSocketFiles / summary.sourceFiles).toBeCloseTo(0.02, 3);
    expect(Math.min(summary.configs.jsonc, summary.configs.toml, summary.configs.json)).toBeGreaterThan(0);
  });
});
