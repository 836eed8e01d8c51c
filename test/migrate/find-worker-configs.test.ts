import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MissingPathError, walkPaths } from "../../src/files/walk-paths.js";
import { findWorkerConfigs } from "../../src/migrate/find-worker-configs.js";

const CONFIG_FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/config");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A git work tree (a `.git` directory is enough for the walk) with a Worker under `workers/` and one under a gitignored `vendor/`. */
function repoWithIgnoredWorker(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ws-close-configs-test-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, ".git"));
  writeFileSync(path.join(dir, ".gitignore"), "vendor/\n");
  for (const worker of ["workers/chat", "workers/vendor/copied"]) {
    mkdirSync(path.join(dir, worker, "src"), { recursive: true });
    writeFileSync(path.join(dir, worker, "wrangler.jsonc"), '{ "main": "src/index.ts", "compatibility_date": "2026-05-01" }\n');
    writeFileSync(path.join(dir, worker, "src/index.ts"), "export default {};\n");
  }
  return dir;
}

describe("findWorkerConfigs", () => {
  it("keeps only the config wrangler reads when a directory holds several (wrangler.json before wrangler.jsonc)", async () => {
    const dir = path.join(CONFIG_FIXTURES, "json-beats-jsonc-same-dir");
    expect(await findWorkerConfigs(["."], dir)).toEqual([path.join(dir, "wrangler.json")]);
  });

  it("finds a nested Worker and the one above it, each once", async () => {
    const dir = path.join(CONFIG_FIXTURES, "toml-child-beats-parent-toml");
    expect(await findWorkerConfigs(["."], dir)).toEqual([path.join(dir, "worker/wrangler.toml"), path.join(dir, "wrangler.toml")]);
  });

  it("skips a missing path by default and throws MissingPathError when asked to", async () => {
    expect(await findWorkerConfigs(["no-such-dir"], CONFIG_FIXTURES)).toEqual([]);
    await expect(findWorkerConfigs(["no-such-dir"], CONFIG_FIXTURES, { missingPaths: "throw" })).rejects.toBeInstanceOf(MissingPathError);
  });

  it("honours the repository's root .gitignore when given a subdirectory, as the source walk does", async () => {
    const dir = repoWithIgnoredWorker();
    const workers = path.join(dir, "workers");
    expect(await findWorkerConfigs(["workers"], dir)).toEqual([path.join(workers, "chat/wrangler.jsonc")]);
    const walked = await walkPaths(["workers"], dir);
    expect(walked).toEqual({
      sourceFiles: [path.join(workers, "chat/src/index.ts")],
      configFiles: [path.join(workers, "chat/wrangler.jsonc")],
      skipped: [],
      failed: [],
      tempFiles: [],
    });
    expect(await findWorkerConfigs(["workers"], dir, { walked })).toEqual(walked.configFiles);
  });
});
