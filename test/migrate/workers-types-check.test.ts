// The @cloudflare/workers-types version check behind the CLI's allowHalfOpen warning (docs/rules/require-allow-half-open.md#type-checking).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ALLOW_HALF_OPEN_TYPES_VERSION,
  compareVersions,
  findInstalledWorkersTypes,
  parseVersion,
  workersTypesWarning,
} from "../../src/migrate/workers-types-check.js";

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-workers-types-"));
  temporary.push(dir);
  return dir;
}

async function install(dir: string, manifest: string): Promise<string> {
  const target = path.join(dir, "node_modules/@cloudflare/workers-types");
  await mkdir(target, { recursive: true });
  await writeFile(path.join(target, "package.json"), manifest);
  return path.join(target, "package.json");
}

describe("parseVersion", () => {
  it.each([
    ["4.20260312.1", [4, 20260312, 1]],
    ["4.20250101.0", [4, 20250101, 0]],
    ["5.0.0", [5, 0, 0]],
    ["v4.20260312.1", [4, 20260312, 1]],
    ["4.20260401.0-beta.1", [4, 20260401, 0]],
  ])("reads %s", (version, expected) => {
    expect(parseVersion(version)).toEqual(expected);
  });

  it.each(["", "latest", "4.2026", "4.x.1", "^4.20260312.1"])("refuses %j", (version) => {
    expect(parseVersion(version)).toBeNull();
  });
});

describe("compareVersions", () => {
  it.each([
    ["4.20260311.9", -1, "an older date, whatever the patch"],
    ["4.20260312.0", -1, "the same date, an older patch"],
    ["4.20260312.1", 0, "the first typed version"],
    ["4.20260312.2", 1, "a newer patch"],
    ["4.20260313.0", 1, "a newer date"],
    ["4.20261117.0", 1, "a much newer date"],
    ["5.0.0", 1, "a new major, whose minor is no longer a date"],
    ["3.99999999.9", -1, "an older major"],
  ])("%s against 4.20260312.1: %i (%s)", (version, sign) => {
    expect(Math.sign(compareVersions(version, ALLOW_HALF_OPEN_TYPES_VERSION)!)).toBe(sign);
  });

  it("compares the date-like minor as a number, not as text", () => {
    expect(compareVersions("4.9.0", "4.10.0")).toBeLessThan(0);
  });

  it("is null when either version does not parse", () => {
    expect(compareVersions("next", ALLOW_HALF_OPEN_TYPES_VERSION)).toBeNull();
  });
});

describe("findInstalledWorkersTypes", () => {
  it("finds the installation next to the file's project, walking up", async () => {
    const dir = await project();
    const manifest = await install(dir, JSON.stringify({ name: "@cloudflare/workers-types", version: "4.20250101.0" }));
    expect(findInstalledWorkersTypes(path.join(dir, "src/deep/proxy.ts"))).toEqual({ packageJsonPath: manifest, version: "4.20250101.0" });
  });

  it("prefers the nearest installation (a workspace package's own node_modules)", async () => {
    const dir = await project();
    await install(dir, JSON.stringify({ version: "4.20250101.0" }));
    const nested = await install(path.join(dir, "packages/gateway"), JSON.stringify({ version: "4.20260401.0" }));
    expect(findInstalledWorkersTypes(path.join(dir, "packages/gateway/src/index.ts"))?.packageJsonPath).toBe(nested);
  });

  it("reads a missing or unreadable version as null", async () => {
    const dir = await project();
    await install(dir, "{ not json");
    expect(findInstalledWorkersTypes(path.join(dir, "index.ts"))?.version).toBeNull();
  });

  it("is null when no installation is found up to the root", async () => {
    const dir = await project();
    expect(findInstalledWorkersTypes(path.join(dir, "src/index.ts"))).toBeNull();
  });
});

describe("workersTypesWarning", () => {
  const at = (version: string | null) => ({ packageJsonPath: "/p/node_modules/@cloudflare/workers-types/package.json", version });

  it("warns for older types, naming the version, where it is and the version that types the option", () => {
    expect(workersTypesWarning(at("4.20250904.0"), "node_modules/@cloudflare/workers-types/package.json")).toBe(
      "@cloudflare/workers-types 4.20250904.0 (node_modules/@cloudflare/workers-types/package.json) is older than 4.20260312.1: " +
        "`accept({ allowHalfOpen: true })` is typed from that version, so the rewritten code would stop type-checking. " +
        "Update it (npm install --save-dev @cloudflare/workers-types@^4.20260312.1).",
    );
  });

  it.each(["4.20260312.1", "4.20260801.0", "5.1.0"])("says nothing for %s", (version) => {
    expect(workersTypesWarning(at(version), "x")).toBeNull();
  });

  it("says nothing when the version cannot be read (it proves nothing)", () => {
    expect(workersTypesWarning(at(null), "x")).toBeNull();
    expect(workersTypesWarning(at("workspace:*"), "x")).toBeNull();
  });
});
