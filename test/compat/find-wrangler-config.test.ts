import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findWranglerConfig } from "../../src/compat/index.js";
import { createTempProject } from "../support/temp-project.js";
import { configFixture } from "./config-fixtures.js";

/** An empty temporary directory, removed after the test. */
function tempDir(): string {
  return createTempProject("ws-close-find-").root;
}

describe("findWranglerConfig", () => {
  it("finds a config in the directory itself", () => {
    expect(findWranglerConfig(configFixture("toml-auto-2026-05-01"))).toBe(
      configFixture("toml-auto-2026-05-01", "wrangler.toml"),
    );
    expect(findWranglerConfig(configFixture("jsonc-auto-2026-05-01"))).toBe(
      configFixture("jsonc-auto-2026-05-01", "wrangler.jsonc"),
    );
  });

  it("prefers a wrangler.json in a parent over a wrangler.toml beside the file", () => {
    expect(findWranglerConfig(configFixture("json-beats-parent-toml", "worker", "src"))).toBe(
      configFixture("json-beats-parent-toml", "wrangler.json"),
    );
  });

  it("prefers wrangler.json over wrangler.jsonc in the same directory", () => {
    expect(findWranglerConfig(configFixture("json-beats-jsonc-same-dir"))).toBe(
      configFixture("json-beats-jsonc-same-dir", "wrangler.json"),
    );
  });

  it("takes the nearest file among files of the same name", () => {
    expect(findWranglerConfig(configFixture("toml-child-beats-parent-toml", "worker", "src"))).toBe(
      configFixture("toml-child-beats-parent-toml", "worker", "wrangler.toml"),
    );
  });

  it("prefers a wrangler.jsonc in a parent over a wrangler.toml beside", () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, "wrangler.jsonc"), "{}");
    fs.mkdirSync(path.join(root, "a", "b"), { recursive: true });
    fs.writeFileSync(path.join(root, "a", "wrangler.toml"), "");
    expect(findWranglerConfig(path.join(root, "a", "b"))).toBe(path.join(root, "wrangler.jsonc"));
  });

  it("ignores a directory that is named like a config", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, "wrangler.json"));
    fs.writeFileSync(path.join(root, "wrangler.toml"), "");
    expect(findWranglerConfig(root)).toBe(path.join(root, "wrangler.toml"));
  });

  it("returns an absolute path for a relative start directory", () => {
    const relative = path.relative(process.cwd(), configFixture("toml-auto-2026-05-01"));
    const found = findWranglerConfig(relative);
    expect(found).not.toBeNull();
    expect(path.isAbsolute(found as string)).toBe(true);
  });

  it("returns null after reaching the file-system root, also for a directory that does not exist", () => {
    const root = tempDir();
    expect(findWranglerConfig(root)).toBeNull();
    expect(findWranglerConfig(path.join(root, "missing", "deeper"))).toBeNull();
  });
});
