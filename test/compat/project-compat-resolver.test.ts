/**
 * Many Workers (issue 6): a file's mode from the Workers whose `main` reaches
 * it through imports, on `fixtures/cli/monorepo` (read only) and on small
 * projects written to temporary directories.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  createProjectCompatResolver,
  describeProjectCompatResolution,
  WranglerConfigError,
  type CompatOverrides,
} from "../../src/compat/index.js";
import { findWorkerConfigs } from "../../src/migrate/find-worker-configs.js";
import { createTempProject } from "../support/temp-project.js";

const MONOREPO = path.resolve(import.meta.dirname, "../../fixtures/cli/monorepo");
const CHAT = path.join(MONOREPO, "workers/chat/wrangler.jsonc");
const LEGACY = path.join(MONOREPO, "workers/legacy/wrangler.toml");

async function monorepoResolver(paths: string[] = ["."], overrides: CompatOverrides = {}) {
  const configPaths = await findWorkerConfigs(paths, MONOREPO);
  return createProjectCompatResolver({ configPaths, cwd: MONOREPO, overrides });
}

/** The resolver of a run over `paths` (relative to `dir`) in `dir`, its Workers found as the CLI finds them. */
async function resolverIn(dir: string, paths: string[] = ["."]) {
  return createProjectCompatResolver({ configPaths: await findWorkerConfigs(paths, dir), cwd: dir });
}

/** Writes `files` (relative path → text) under a fresh temporary directory, removed after the test, and returns it. */
function project(files: Record<string, string>): string {
  return createTempProject("ws-close-project-", files, { realpath: true }).root;
}

describe("findWorkerConfigs", () => {
  it("finds every config under a directory", async () => {
    expect(await findWorkerConfigs(["."], MONOREPO)).toEqual([CHAT, LEGACY]);
  });

  it("adds the config that governs a path from above", async () => {
    expect(await findWorkerConfigs(["workers/chat/src/handlers"], MONOREPO)).toEqual([CHAT]);
    expect(await findWorkerConfigs(["packages/shared/src/socket.ts", "workers/legacy"], MONOREPO)).toEqual([LEGACY]);
  });
});

describe("modes in fixtures/cli/monorepo", () => {
  it.each([
    ["workers/chat/src/index.ts", "auto", [CHAT]],
    ["workers/chat/src/room.ts", "auto", [CHAT]], // "./room.js" names room.ts
    ["workers/chat/src/handlers/index.ts", "auto", [CHAT]], // "./handlers" is a directory: its index file
    ["workers/chat/src/stats.ts", "auto", [CHAT]], // await import("./stats.js")
    ["workers/legacy/src/index.ts", "manual", [LEGACY]],
    ["packages/shared/src/index.ts", "manual", [LEGACY]], // "../../../packages/shared/src": a directory import
    ["packages/shared/src/socket.ts", "mixed", [CHAT, LEGACY]], // "@shared/socket.js" (tsconfig paths) and `export *`
  ])("%s is %s, reached from its Workers' main", async (file, mode, configs) => {
    const res = (await monorepoResolver()).resolve(file);

    expect(res.mode).toBe(mode);
    expect(res.decidedBy).toBe("imports");
    expect(res.workers.map((worker) => worker.configPath)).toEqual(configs);
  });

  it("records the import chain from each main", async () => {
    const res = (await monorepoResolver()).resolve("packages/shared/src/socket.ts");
    const chains = res.workers.map((worker) => worker.importChain.map((file) => path.relative(MONOREPO, file)));

    expect(chains).toEqual([
      ["workers/chat/src/index.ts", "workers/chat/src/room.ts", "packages/shared/src/socket.ts"],
      ["workers/legacy/src/index.ts", "packages/shared/src/index.ts", "packages/shared/src/socket.ts"],
    ]);
    expect(res.environments.map((env) => [env.name, env.mode])).toEqual([
      [null, "auto"],
      [null, "manual"],
      ["staging", "manual"],
    ]);
  });

  it("falls back to the nearest config for a file no main reaches", async () => {
    const resolver = await monorepoResolver();

    const unused = resolver.resolve("workers/chat/src/unused.ts");
    expect(unused).toMatchObject({ mode: "auto", decidedBy: "nearest-config", configPath: CHAT, workers: [] });

    const orphan = resolver.resolve("packages/shared/src/orphan.ts");
    expect(orphan).toMatchObject({ mode: "unknown", decidedBy: "nearest-config", configPath: null, nearestConfigPath: null });
  });

  it("only knows the Workers under the paths it was given", async () => {
    const resolver = await monorepoResolver(["workers/chat"]);

    expect(resolver.resolve("packages/shared/src/socket.ts").mode).toBe("auto");
  });

  it("applies overrides to every Worker, and keeps env flags that are not overridden", async () => {
    const resolver = await monorepoResolver(["."], { compatibilityDate: "2026-05-01" });

    // legacy's [env.staging] lists web_socket_manual_reply_to_close: still manual.
    expect(resolver.resolve("packages/shared/src/socket.ts").mode).toBe("mixed");
    expect(resolver.resolve("workers/chat/src/room.ts")).toMatchObject({ mode: "auto", overridden: true });
  });

  it("describes a shared file by every Worker, and keeps the single-config wording elsewhere", async () => {
    const resolver = await monorepoResolver();

    expect(describeProjectCompatResolution(resolver.resolve("packages/shared/src/socket.ts"), MONOREPO)).toBe(
      "imported by 2 Workers: compatibility_date 2026-05-01 in workers/chat/wrangler.jsonc (auto); " +
        "workers/legacy/wrangler.toml: top level 2025-09-15 (manual), [env.staging] web_socket_manual_reply_to_close (manual)",
    );
    expect(describeProjectCompatResolution(resolver.resolve("workers/chat/src/room.ts"), MONOREPO)).toBe(
      "compatibility_date 2026-05-01 in workers/chat/wrangler.jsonc",
    );
    expect(describeProjectCompatResolution(resolver.resolve("packages/shared/src/index.ts"), MONOREPO)).toBe(
      "workers/legacy/wrangler.toml: top level 2025-09-15 (manual), [env.staging] web_socket_manual_reply_to_close (manual) (whose main imports this file)",
    );
  });
});

describe("module resolution", () => {
  it("follows a JavaScript Worker without a tsconfig: .js, .mjs, require(), index files", async () => {
    const dir = project({
      "wrangler.toml": 'main = "src/index.js"\ncompatibility_date = "2025-01-01"\n',
      "src/index.js": 'import { a } from "./lib";\nexport { b } from "./b.mjs";\nconst c = require("./c.cjs");\n',
      "src/lib/index.js": "export const a = 1;\n",
      "src/b.mjs": "export const b = 1;\n",
      "src/c.cjs": "module.exports = 1;\n",
      "other/wrangler.toml": 'main = "../shared/x.js"\ncompatibility_date = "2026-05-01"\n',
      "shared/x.js": 'import "../src/lib/index.js";\n',
    });
    const resolver = await resolverIn(dir);

    for (const file of ["src/index.js", "src/b.mjs", "src/c.cjs"]) expect(resolver.resolve(file).mode).toBe("manual");
    expect(resolver.resolve("src/lib/index.js").mode).toBe("mixed");
    expect(resolver.resolve("shared/x.js")).toMatchObject({ mode: "auto", decidedBy: "imports" });
  });

  it("does not follow imports into node_modules, but follows a workspace package linked there", async () => {
    const dir = project({
      "worker/wrangler.jsonc": '{ "main": "index.ts", "compatibility_date": "2026-05-01" }',
      "worker/index.ts": 'import "dep";\nimport "@acme/shared";\n',
      "node_modules/dep/package.json": '{ "name": "dep", "main": "index.js" }',
      "node_modules/dep/index.js": "export {};\n",
      "packages/shared/package.json": '{ "name": "@acme/shared", "exports": "./src/index.ts" }',
      "packages/shared/src/index.ts": "export {};\n",
    });
    fs.mkdirSync(path.join(dir, "node_modules/@acme"));
    fs.symlinkSync(path.join(dir, "packages/shared"), path.join(dir, "node_modules/@acme/shared"), "dir");
    const resolver = await resolverIn(dir, ["worker"]);

    expect(resolver.resolve("packages/shared/src/index.ts")).toMatchObject({ mode: "auto", decidedBy: "imports" });
    expect(resolver.resolve("node_modules/dep/index.js").decidedBy).toBe("nearest-config");
  });
});

describe("type-only imports", () => {
  it("do not make a file part of a Worker: a legacy Worker that imports only its types leaves it auto", async () => {
    const dir = project({
      "chat/wrangler.jsonc": '{ "main": "index.ts", "compatibility_date": "2026-05-01" }',
      "chat/index.ts": 'import { attach } from "../shared/socket";\nexport default { attach };\n',
      "legacy/wrangler.toml": 'main = "index.ts"\ncompatibility_date = "2025-01-01"\n',
      "legacy/index.ts": 'import type { Attach } from "../shared/socket";\nexport const attach: Attach | null = null;\n',
      "shared/socket.ts": "export type Attach = () => void;\nexport function attach(): void {}\n",
    });
    const resolver = await resolverIn(dir);

    const shared = resolver.resolve("shared/socket.ts");
    expect(shared).toMatchObject({ mode: "auto", decidedBy: "imports" });
    expect(shared.workers.map((worker) => path.basename(path.dirname(worker.configPath)))).toEqual(["chat"]);
  });
});

describe("wrangler's per-environment main and tsconfig", () => {
  it("follows an environment's own main too: what it reaches runs under the Worker's environments", async () => {
    const dir = project({
      "worker/wrangler.toml":
        'main = "src/index.ts"\ncompatibility_date = "2026-05-01"\n[env.legacy]\nmain = "src/legacy.ts"\ncompatibility_date = "2025-01-01"\n',
      "worker/src/index.ts": 'import "./shared";\n',
      "worker/src/shared.ts": "export {};\n",
      "worker/src/legacy.ts": 'import "../../lib/old-socket";\n',
      "lib/old-socket.ts": "export {};\n",
      "lib/wrangler.jsonc": '{ "compatibility_date": "2026-06-01" }',
    });
    const resolver = await resolverIn(dir);

    const reached = resolver.resolve("lib/old-socket.ts");
    expect(reached).toMatchObject({ mode: "mixed", decidedBy: "imports" });
    expect(reached.workers[0]?.importChain).toEqual([path.join(dir, "worker/src/legacy.ts"), path.join(dir, "lib/old-socket.ts")]);
    expect(resolver.resolve("worker/src/shared.ts")).toMatchObject({ mode: "mixed", decidedBy: "imports" });
  });

  it("resolves with the tsconfig the wrangler config names before the file's own nearest one", async () => {
    const paths = (target: string) => JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@shared/*": [target] } } });
    const dir = project({
      "worker/wrangler.jsonc": '{ "main": "src/index.ts", "tsconfig": "tsconfig.worker.json", "compatibility_date": "2026-05-01" }',
      "worker/tsconfig.json": paths("../decoy/*"),
      "worker/tsconfig.worker.json": paths("../packages/shared/*"),
      "worker/src/index.ts": 'import "@shared/socket";\n',
      "packages/shared/socket.ts": "export {};\n",
      "decoy/socket.ts": "export {};\n",
    });
    const resolver = await resolverIn(dir);

    expect(resolver.resolve("packages/shared/socket.ts")).toMatchObject({ mode: "auto", decidedBy: "imports" });
    expect(resolver.resolve("decoy/socket.ts").decidedBy).toBe("nearest-config");
  });
});

describe("broken configs", () => {
  it("fails a reached file when another Worker's config cannot be read: whether it imports the file is unknown", async () => {
    const dir = project({
      "a/wrangler.jsonc": '{ "main": "index.ts", "compatibility_date": "2026-05-01" }',
      "a/index.ts": 'import "../shared/x";\n',
      "shared/x.ts": "export {};\n",
      "b/wrangler.jsonc": '{ "main": "index.ts", ',
      "b/index.ts": 'import "../shared/x";\n',
    });
    const resolver = await resolverIn(dir);

    expect(() => resolver.resolve("shared/x.ts")).toThrow(WranglerConfigError);
    expect(() => resolver.resolve("shared/x.ts")).toThrow(/whether that Worker also imports shared\/x\.ts/u);
    expect(() => resolver.resolve("b/index.ts")).toThrow(WranglerConfigError);
  });

  it("fails a file reached from a Worker whose config lists both flags", async () => {
    const dir = project({
      "wrangler.toml":
        'main = "index.ts"\ncompatibility_date = "2026-05-01"\ncompatibility_flags = ["web_socket_auto_reply_to_close", "web_socket_manual_reply_to_close"]\n',
      "index.ts": "export {};\n",
    });
    const resolver = createProjectCompatResolver({ configPaths: [path.join(dir, "wrangler.toml")], cwd: dir });

    expect(() => resolver.resolve("index.ts")).toThrow(/lists both/u);
  });
});
