import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeCompatResolution,
  readWranglerConfig,
  resolveCompatMode,
  type CompatOverrides,
  type CompatResolution,
} from "../../src/compat/index.js";
import { configFixture } from "./config-fixtures.js";

const fixtureRoot = configFixture(".");

function resolveFixture(name: string, file: string, overrides?: CompatOverrides): CompatResolution {
  return resolveCompatMode(readWranglerConfig(configFixture(name, file)), overrides);
}

describe("describeCompatResolution", () => {
  it("names the date and the config relative to cwd", () => {
    const res = resolveFixture("jsonc-auto-2026-05-01", "wrangler.jsonc");
    expect(describeCompatResolution(res, configFixture("jsonc-auto-2026-05-01"))).toBe(
      "compatibility_date 2026-05-01 in wrangler.jsonc",
    );
    expect(describeCompatResolution(res, fixtureRoot)).toBe(
      `compatibility_date 2026-05-01 in ${path.join("jsonc-auto-2026-05-01", "wrangler.jsonc")}`,
    );
  });

  it("defaults cwd to process.cwd()", () => {
    const res = resolveFixture("toml-auto-2026-05-01", "wrangler.toml");
    const expected = path.relative(process.cwd(), configFixture("toml-auto-2026-05-01", "wrangler.toml"));
    expect(describeCompatResolution(res)).toBe(`compatibility_date 2026-05-01 in ${expected}`);
  });

  it("names the flag when a flag decided", () => {
    const dir = configFixture("flag-disable-new-date");
    expect(describeCompatResolution(resolveFixture("flag-disable-new-date", "wrangler.jsonc"), dir)).toBe(
      "compatibility_flags web_socket_manual_reply_to_close in wrangler.jsonc",
    );
  });

  it("names the environment when only that environment has a date", () => {
    const dir = configFixture("env-only-dates");
    expect(describeCompatResolution(resolveFixture("env-only-dates", "wrangler.jsonc"), dir)).toBe(
      "compatibility_date 2026-05-01 in wrangler.jsonc [env.production]",
    );
  });

  it("lists environments briefly when they differ, folding inherited ones into the top level", () => {
    const dir = configFixture("toml-env-legacy-mixed");
    expect(describeCompatResolution(resolveFixture("toml-env-legacy-mixed", "wrangler.toml"), dir)).toBe(
      "wrangler.toml: top level 2026-05-01 (auto), [env.legacy] 2025-06-01 (manual)",
    );
    const flagsDir = configFixture("env-flags-replace-top-level");
    expect(describeCompatResolution(resolveFixture("env-flags-replace-top-level", "wrangler.toml"), flagsDir)).toBe(
      "wrangler.toml: top level web_socket_manual_reply_to_close (manual), [env.modern] 2026-05-01 (auto)",
    );
  });

  it("names an override date or override flag", () => {
    expect(describeCompatResolution(resolveCompatMode(null, { compatibilityDate: "2026-05-01" }))).toBe(
      "the compatibilityDate override 2026-05-01",
    );
    expect(describeCompatResolution(resolveCompatMode(null, { compatibilityFlags: ["web_socket_auto_reply_to_close"] }))).toBe(
      "the compatibilityFlags override web_socket_auto_reply_to_close",
    );
    const overridden = resolveFixture("toml-env-legacy-mixed", "wrangler.toml", { compatibilityDate: "2025-06-01" });
    expect(describeCompatResolution(overridden)).toBe("the compatibilityDate override 2025-06-01");
  });

  it("keeps naming the file when an override did not decide", () => {
    const dir = configFixture("flag-disable-new-date");
    const res = resolveFixture("flag-disable-new-date", "wrangler.jsonc", { compatibilityDate: "2027-01-01" });
    expect(res.overridden).toBe(true);
    expect(describeCompatResolution(res, dir)).toBe("compatibility_flags web_socket_manual_reply_to_close in wrangler.jsonc");
  });

  it("says no date was found, naming the config when there is one", () => {
    expect(describeCompatResolution(resolveCompatMode(null))).toBe("no compatibility_date found");
    const dir = configFixture("no-date");
    expect(describeCompatResolution(resolveFixture("no-date", "wrangler.toml"), dir)).toBe(
      "no compatibility_date found in wrangler.toml",
    );
  });

  it("still describes a copy of a resolution (origins inferred)", () => {
    const dir = configFixture("toml-env-legacy-mixed");
    const copy = structuredClone(resolveFixture("toml-env-legacy-mixed", "wrangler.toml"));
    expect(describeCompatResolution(copy, dir)).toBe(
      "wrangler.toml: top level 2026-05-01 (auto), [env.legacy] 2025-06-01 (manual)",
    );
    const envOnly = structuredClone(resolveFixture("env-only-dates", "wrangler.jsonc"));
    expect(describeCompatResolution(envOnly, configFixture("env-only-dates"))).toBe(
      "compatibility_date 2026-05-01 in wrangler.jsonc [env.production]",
    );
  });
});
