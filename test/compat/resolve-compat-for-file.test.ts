import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  clearCompatCache,
  COMPAT_CACHE_TTL_MS,
  resolveCompatForFile,
  WranglerConfigError,
} from "../../src/compat/index.js";
import { configFixture, copyConfigFixture } from "./config-fixtures.js";

const tempDirs: string[] = [];
beforeEach(() => clearCompatCache());
afterEach(() => {
  clearCompatCache();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function copy(name: string): string {
  const dir = copyConfigFixture(name);
  tempDirs.push(dir);
  return dir;
}

describe("resolveCompatForFile", () => {
  it("resolves from the file's directory, following wrangler's search order", () => {
    const res = resolveCompatForFile(configFixture("json-beats-parent-toml", "worker", "src", "index.ts"));
    expect(res.configPath).toBe(configFixture("json-beats-parent-toml", "wrangler.json"));
    expect(res.mode).toBe("auto");
  });

  it("resolves each format and environment layout", () => {
    expect(resolveCompatForFile(configFixture("toml-manual-2025-06-01", "src", "index.ts")).mode).toBe("manual");
    expect(resolveCompatForFile(configFixture("jsonc-auto-2026-05-01", "src", "index.ts")).mode).toBe("auto");
    expect(resolveCompatForFile(configFixture("toml-env-legacy-mixed", "src", "index.ts")).mode).toBe("mixed");
    expect(resolveCompatForFile(configFixture("no-date", "src", "index.ts")).mode).toBe("unknown");
  });

  it("resolves a relative file path against cwd", () => {
    const res = resolveCompatForFile(path.join("worker", "src", "index.ts"), {
      cwd: configFixture("toml-child-beats-parent-toml"),
    });
    expect(res.configPath).toBe(configFixture("toml-child-beats-parent-toml", "worker", "wrangler.toml"));
    expect(res.mode).toBe("auto");
  });

  it("returns the empty unknown resolution when no config exists", () => {
    const dir = copy("toml-auto-2026-05-01");
    fs.rmSync(path.join(dir, "wrangler.toml"));
    expect(resolveCompatForFile(path.join(dir, "index.ts"))).toEqual({
      mode: "unknown",
      configPath: null,
      overridden: false,
      environments: [],
    });
  });

  it("applies override date and flags over the found config", () => {
    const file = configFixture("toml-manual-2025-06-01", "src", "index.ts");
    const byDate = resolveCompatForFile(file, { overrides: { compatibilityDate: "2026-04-07" } });
    expect(byDate).toMatchObject({ mode: "auto", overridden: true });
    expect(byDate.configPath).toBe(configFixture("toml-manual-2025-06-01", "wrangler.toml"));
    const byFlag = resolveCompatForFile(file, { overrides: { compatibilityFlags: ["web_socket_auto_reply_to_close"] } });
    expect(byFlag.mode).toBe("auto");
  });

  it("uses overrides.wranglerConfig instead of searching, resolved against cwd", () => {
    const res = resolveCompatForFile(configFixture("toml-auto-2026-05-01", "src", "index.ts"), {
      cwd: configFixture("."),
      overrides: { wranglerConfig: path.join("toml-manual-2025-06-01", "wrangler.toml") },
    });
    expect(res.configPath).toBe(configFixture("toml-manual-2025-06-01", "wrangler.toml"));
    expect(res.mode).toBe("manual");
    expect(res.overridden).toBe(false);
  });

  it("throws WranglerConfigError for a missing explicit config and for a broken one", () => {
    expect(() =>
      resolveCompatForFile("src/index.ts", { cwd: configFixture("."), overrides: { wranglerConfig: "missing/wrangler.toml" } }),
    ).toThrow(WranglerConfigError);
    expect(() => resolveCompatForFile(configFixture("broken-jsonc", "src", "index.ts"))).toThrow(/wrangler\.jsonc:4:3:/);
    expect(() => resolveCompatForFile(configFixture("both-flags", "src", "index.ts"))).toThrow(WranglerConfigError);
  });

  it("throws a plain Error for an invalid override", () => {
    const file = configFixture("toml-auto-2026-05-01", "src", "index.ts");
    expect(() => resolveCompatForFile(file, { overrides: { compatibilityDate: "2026-13-01" } })).toThrow(
      /Invalid compatibilityDate override "2026-13-01"/,
    );
    expect(() => resolveCompatForFile(file, { overrides: { wranglerConfig: 3 as unknown as string } })).toThrow(
      /Invalid wranglerConfig override/,
    );
  });
});

describe("resolveCompatForFile cache", () => {
  it("exposes a short TTL", () => {
    expect(COMPAT_CACHE_TTL_MS).toBe(2000);
  });

  it("returns the cached result within the TTL and sees an edit after it", () => {
    const dir = copy("toml-auto-2026-05-01");
    const file = path.join(dir, "src", "index.ts");
    let clock = 1_000_000;
    const now = () => clock;

    const first = resolveCompatForFile(file, { now });
    expect(first.mode).toBe("auto");

    fs.writeFileSync(path.join(dir, "wrangler.toml"), 'compatibility_date = "2025-06-01"\n');
    clock += COMPAT_CACHE_TTL_MS - 1;
    const second = resolveCompatForFile(file, { now });
    expect(second).toBe(first);
    expect(second.mode).toBe("auto");

    clock += 1;
    const third = resolveCompatForFile(file, { now });
    expect(third.mode).toBe("manual");
    expect(third).not.toBe(first);
  });

  it("shares an entry between files of one directory but not across directories", () => {
    const dir = copy("toml-child-beats-parent-toml");
    const now = () => 5_000;
    const a = resolveCompatForFile(path.join(dir, "worker", "src", "a.ts"), { now });
    const b = resolveCompatForFile(path.join(dir, "worker", "src", "b.ts"), { now });
    expect(b).toBe(a);
    const parent = resolveCompatForFile(path.join(dir, "other.ts"), { now });
    expect(parent.mode).toBe("manual");
    expect(a.mode).toBe("auto");
  });

  it("keys the cache by overrides", () => {
    const file = configFixture("toml-auto-2026-05-01", "src", "index.ts");
    const now = () => 10_000;
    expect(resolveCompatForFile(file, { now }).mode).toBe("auto");
    expect(resolveCompatForFile(file, { now, overrides: { compatibilityDate: "2025-06-01" } }).mode).toBe("manual");
    expect(resolveCompatForFile(file, { now, overrides: { compatibilityFlags: ["web_socket_manual_reply_to_close"] } }).mode).toBe(
      "manual",
    );
    expect(resolveCompatForFile(file, { now }).mode).toBe("auto");
  });

  it("re-throws a cached WranglerConfigError until the TTL passes", () => {
    const dir = copy("broken-jsonc");
    const file = path.join(dir, "src", "index.ts");
    let clock = 0;
    const now = () => clock;

    let firstError: unknown;
    try {
      resolveCompatForFile(file, { now });
    } catch (error) {
      firstError = error;
    }
    expect(firstError).toBeInstanceOf(WranglerConfigError);

    fs.writeFileSync(path.join(dir, "wrangler.jsonc"), '{ "compatibility_date": "2026-05-01" }\n');
    clock = COMPAT_CACHE_TTL_MS - 1;
    let secondError: unknown;
    try {
      resolveCompatForFile(file, { now });
    } catch (error) {
      secondError = error;
    }
    expect(secondError).toBe(firstError);

    clock = COMPAT_CACHE_TTL_MS;
    expect(resolveCompatForFile(file, { now }).mode).toBe("auto");
  });

  it("forgets everything on clearCompatCache()", () => {
    const dir = copy("toml-auto-2026-05-01");
    const file = path.join(dir, "src", "index.ts");
    const now = () => 0;
    expect(resolveCompatForFile(file, { now }).mode).toBe("auto");
    fs.writeFileSync(path.join(dir, "wrangler.toml"), 'compatibility_date = "2025-06-01"\n');
    expect(resolveCompatForFile(file, { now }).mode).toBe("auto");
    clearCompatCache();
    expect(resolveCompatForFile(file, { now }).mode).toBe("manual");
  });
});
