import path from "node:path";
import { describe, expect, it } from "vitest";
import { MissingPathError } from "../../src/migrate/collect-source-files.js";
import { findWorkerConfigs } from "../../src/migrate/find-worker-configs.js";

const CONFIG_FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/config");

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
});
