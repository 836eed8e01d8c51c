import { describe, expect, it } from "vitest";
import {
  combineModes,
  modeForSettings,
  readWranglerConfig,
  resolveCompatMode,
  WranglerConfigError,
  type WranglerConfig,
} from "../../src/compat/index.js";
import { configFixture } from "./config-fixtures.js";

const ENABLE = "web_socket_auto_reply_to_close";
const DISABLE = "web_socket_manual_reply_to_close";

describe("modeForSettings", () => {
  it("switches to auto exactly on 2026-04-07", () => {
    expect(modeForSettings("2026-04-06", [])).toBe("manual");
    expect(modeForSettings("2026-04-07", [])).toBe("auto");
    expect(modeForSettings("2025-06-01", ["nodejs_compat"])).toBe("manual");
    expect(modeForSettings("2027-01-01", [])).toBe("auto");
  });

  it("lets a flag win over the date", () => {
    expect(modeForSettings("2025-01-01", [ENABLE])).toBe("auto");
    expect(modeForSettings("2026-05-01", [DISABLE])).toBe("manual");
  });

  it("lets a flag decide without a date, and is unknown with neither", () => {
    expect(modeForSettings(null, [ENABLE])).toBe("auto");
    expect(modeForSettings(null, [DISABLE])).toBe("manual");
    expect(modeForSettings(null, ["nodejs_compat"])).toBe("unknown");
  });

  it("throws a plain Error for both flags without a source", () => {
    let thrown: unknown;
    try {
      modeForSettings("2026-05-01", [ENABLE, DISABLE]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(WranglerConfigError);
    expect((thrown as Error).message).toContain(`both ${ENABLE} and ${DISABLE}`);
  });

  it("throws a WranglerConfigError naming the file when given the list's source", () => {
    const configPath = configFixture("both-flags", "wrangler.toml");
    expect(() => modeForSettings(null, [DISABLE, ENABLE], { configPath, keyPath: ["compatibility_flags"] })).toThrow(
      WranglerConfigError,
    );
  });

  it("rejects an invalid date", () => {
    expect(() => modeForSettings("2026-02-29", [])).toThrow(/2026-02-29/);
  });
});

describe("combineModes", () => {
  it("ignores unknown environments when one is known", () => {
    expect(combineModes(["unknown", "auto"])).toBe("auto");
    expect(combineModes(["manual", "unknown", "manual"])).toBe("manual");
  });
  it("is mixed when known modes disagree, unknown when none is known", () => {
    expect(combineModes(["auto", "unknown", "manual"])).toBe("mixed");
    expect(combineModes(["unknown"])).toBe("unknown");
    expect(combineModes([])).toBe("unknown");
  });
});

describe("resolveCompatMode: config files", () => {
  const read = (name: string, file: string): WranglerConfig => readWranglerConfig(configFixture(name, file));

  it("resolves a JSONC config on a new date to auto", () => {
    const config = read("jsonc-auto-2026-05-01", "wrangler.jsonc");
    expect(resolveCompatMode(config)).toEqual({
      mode: "auto",
      configPath: config.path,
      overridden: false,
      environments: [{ name: null, compatibilityDate: "2026-05-01", compatibilityFlags: ["nodejs_compat"], mode: "auto" }],
    });
  });

  it("resolves the boundary dates from files", () => {
    expect(resolveCompatMode(read("jsonc-manual-2026-04-06", "wrangler.jsonc")).mode).toBe("manual");
    expect(resolveCompatMode(read("json-auto-2026-04-07", "wrangler.json")).mode).toBe("auto");
    expect(resolveCompatMode(read("toml-manual-2025-06-01", "wrangler.toml")).mode).toBe("manual");
  });

  it("lets flags in the file win over its date", () => {
    expect(resolveCompatMode(read("flag-enable-old-date", "wrangler.toml")).mode).toBe("auto");
    expect(resolveCompatMode(read("flag-disable-new-date", "wrangler.jsonc")).mode).toBe("manual");
  });

  it("gives each environment its own date or the top level's, and is mixed when they disagree", () => {
    const res = resolveCompatMode(read("toml-env-legacy-mixed", "wrangler.toml"));
    expect(res.mode).toBe("mixed");
    expect(res.environments.map((env) => [env.name, env.compatibilityDate, env.mode])).toEqual([
      [null, "2026-05-01", "auto"],
      ["staging", "2026-05-01", "auto"],
      ["legacy", "2025-06-01", "manual"],
    ]);
  });

  it("replaces, not merges, the top-level flag list in an environment", () => {
    const res = resolveCompatMode(read("env-flags-replace-top-level", "wrangler.toml"));
    expect(res.environments).toEqual([
      { name: null, compatibilityDate: "2026-05-01", compatibilityFlags: [DISABLE], mode: "manual" },
      { name: "modern", compatibilityDate: "2026-05-01", compatibilityFlags: ["nodejs_compat"], mode: "auto" },
    ]);
    expect(res.mode).toBe("mixed");
  });

  it("ignores a top level without a date when an environment has one", () => {
    const res = resolveCompatMode(read("env-only-dates", "wrangler.jsonc"));
    expect(res.environments.map((env) => env.mode)).toEqual(["unknown", "auto"]);
    expect(res.mode).toBe("auto");
  });

  it("is unknown when the config has no date", () => {
    const config = read("no-date", "wrangler.toml");
    expect(resolveCompatMode(config)).toEqual({
      mode: "unknown",
      configPath: config.path,
      overridden: false,
      environments: [{ name: null, compatibilityDate: null, compatibilityFlags: [], mode: "unknown" }],
    });
  });

  it("reports both flags at the top level with the file, line and column", () => {
    const config = read("both-flags", "wrangler.toml");
    let thrown: unknown;
    try {
      resolveCompatMode(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WranglerConfigError);
    const error = thrown as WranglerConfigError;
    expect(error.configPath).toBe(config.path);
    expect([error.line, error.column]).toEqual([3, 23]);
    expect(error.message).toContain(`wrangler.toml:3:23: compatibility_flags lists both ${ENABLE} and ${DISABLE}`);
  });

  it("reports both flags in an environment at that environment's list", () => {
    const config = read("both-flags-jsonc-env", "wrangler.jsonc");
    let thrown: unknown;
    try {
      resolveCompatMode(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WranglerConfigError);
    expect((thrown as WranglerConfigError).detail).toContain("env.staging.compatibility_flags lists both");
    expect([(thrown as WranglerConfigError).line, (thrown as WranglerConfigError).column]).toEqual([6, 30]);
  });
});

describe("resolveCompatMode: overrides", () => {
  const mixed = (): WranglerConfig => readWranglerConfig(configFixture("toml-env-legacy-mixed", "wrangler.toml"));

  it("returns the empty unknown resolution without config or override", () => {
    expect(resolveCompatMode(null)).toEqual({ mode: "unknown", configPath: null, overridden: false, environments: [] });
    expect(resolveCompatMode(null, { wranglerConfig: "ignored.toml" }).overridden).toBe(false);
  });

  it("makes one environment from an override date without config", () => {
    expect(resolveCompatMode(null, { compatibilityDate: "2026-05-01" })).toEqual({
      mode: "auto",
      configPath: null,
      overridden: true,
      environments: [{ name: null, compatibilityDate: "2026-05-01", compatibilityFlags: [], mode: "auto" }],
    });
  });

  it("makes one environment from override flags without config", () => {
    const res = resolveCompatMode(null, { compatibilityFlags: [DISABLE] });
    expect(res.mode).toBe("manual");
    expect(res.environments).toHaveLength(1);
  });

  it("replaces the date of every environment", () => {
    const res = resolveCompatMode(mixed(), { compatibilityDate: "2025-06-01" });
    expect(res.overridden).toBe(true);
    expect(res.mode).toBe("manual");
    expect(res.environments.map((env) => env.compatibilityDate)).toEqual(["2025-06-01", "2025-06-01", "2025-06-01"]);
  });

  it("replaces the flags of every environment, keeping their dates", () => {
    const res = resolveCompatMode(mixed(), { compatibilityFlags: [ENABLE] });
    expect(res.mode).toBe("auto");
    expect(res.environments.map((env) => env.compatibilityDate)).toEqual(["2026-05-01", "2026-05-01", "2025-06-01"]);
  });

  it("replaces flags that conflict in the file, so the file's conflict no longer applies", () => {
    const config = readWranglerConfig(configFixture("both-flags", "wrangler.toml"));
    expect(resolveCompatMode(config, { compatibilityFlags: [] }).mode).toBe("auto");
  });

  it("throws a plain Error for an invalid override", () => {
    for (const bad of ["2026-02-30", "2026/05/01", "tomorrow"]) {
      expect(() => resolveCompatMode(null, { compatibilityDate: bad })).toThrow(
        `Invalid compatibilityDate override "${bad}"`,
      );
    }
    expect(() => resolveCompatMode(null, { compatibilityFlags: "x" as unknown as string[] })).toThrow(
      /compatibilityFlags override/,
    );
    expect(() => resolveCompatMode(null, { compatibilityFlags: [ENABLE, DISABLE] })).toThrow(
      /compatibilityFlags override lists both/,
    );
    expect(() => resolveCompatMode(null, { compatibilityFlags: [ENABLE, DISABLE] })).not.toThrow(WranglerConfigError);
  });
});
