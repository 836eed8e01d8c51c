import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readWranglerConfig, WranglerConfigError } from "../../src/compat/index.js";
import { createTempProject } from "../support/temp-project.js";
import { configFixture } from "./config-fixtures.js";

/** Writes `text` to a fresh temp dir (removed after the test) as `fileName` and returns its path. */
function writeConfig(fileName: string, text: string): string {
  return createTempProject("ws-close-read-").write(fileName, text);
}

/** Runs `read` and returns the WranglerConfigError it throws (fails the test otherwise). */
function configErrorOf(read: () => unknown): WranglerConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(WranglerConfigError);
    return error as WranglerConfigError;
  }
  throw new Error("expected a WranglerConfigError, nothing was thrown");
}

describe("readWranglerConfig: formats", () => {
  it("reads JSONC with comments and trailing commas", () => {
    const file = configFixture("jsonc-auto-2026-05-01", "wrangler.jsonc");
    expect(readWranglerConfig(file)).toEqual({
      path: file,
      name: "chat-auto",
      main: "src/index.ts",
      compatibilityDate: "2026-05-01",
      compatibilityFlags: ["nodejs_compat"],
      env: {},
    });
  });

  it("reads .json with the same leniency (comments, trailing commas)", () => {
    const config = readWranglerConfig(configFixture("json-auto-2026-04-07", "wrangler.json"));
    expect(config.compatibilityDate).toBe("2026-04-07");
    expect(config.name).toBe("first-auto-day");
  });

  it("reads TOML, leaving absent keys absent", () => {
    const file = configFixture("toml-auto-2026-05-01", "wrangler.toml");
    const config = readWranglerConfig(file);
    expect(config).toEqual({ path: file, name: "chat-auto", main: "src/index.ts", compatibilityDate: "2026-05-01", env: {} });
    expect("compatibilityFlags" in config).toBe(false);
  });

  it("reads each [env.NAME] table's own settings only", () => {
    const config = readWranglerConfig(configFixture("toml-env-legacy-mixed", "wrangler.toml"));
    expect(config.env).toEqual({ staging: {}, legacy: { compatibilityDate: "2025-06-01" } });
  });

  it("reads env settings from JSONC", () => {
    const config = readWranglerConfig(configFixture("env-only-dates", "wrangler.jsonc"));
    expect(config.compatibilityDate).toBeUndefined();
    expect(config.env).toEqual({ production: { compatibilityDate: "2026-05-01" } });
  });

  it("makes a relative path absolute", () => {
    const relative = path.relative(process.cwd(), configFixture("no-date", "wrangler.toml"));
    expect(readWranglerConfig(relative).path).toBe(configFixture("no-date", "wrangler.toml"));
  });

  it("accepts a byte-order mark", () => {
    const file = writeConfig("wrangler.json", '\uFEFF{ "compatibility_date": "2026-05-01" }');
    expect(readWranglerConfig(file).compatibilityDate).toBe("2026-05-01");
  });

  it("keeps an environment named __proto__ as a plain key", () => {
    const file = writeConfig("wrangler.toml", '[env.__proto__]\ncompatibility_date = "2025-06-01"\n');
    const config = readWranglerConfig(file);
    expect(Object.keys(config.env)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(config.env)).toBe(Object.prototype);
    expect(config.env["__proto__"]).toEqual({ compatibilityDate: "2025-06-01" });
  });
});

describe("readWranglerConfig: syntax errors carry line and column", () => {
  it("reports the first JSONC error at its 1-based position", () => {
    const file = configFixture("broken-jsonc", "wrangler.jsonc");
    const error = configErrorOf(() => readWranglerConfig(file));
    expect(error.configPath).toBe(file);
    expect(error.line).toBe(4);
    expect(error.column).toBe(3);
    expect(error.detail).toBe("Not valid JSONC here, so its Worker's compatibility date and flags cannot be read");
    expect(error.parserMessage).toBe("CommaExpected");
    expect(error.message).toContain("wrangler.jsonc:4:3: Not valid JSONC here");
  });

  it("reports a TOML error at smol-toml's position", () => {
    const file = configFixture("broken-toml", "wrangler.toml");
    const error = configErrorOf(() => readWranglerConfig(file));
    expect(error.line).toBe(3);
    expect(error.column).toBe(40);
    expect(error.message).toContain("wrangler.toml:3:40: Not valid TOML here, so its Worker's compatibility date and flags cannot be read");
    expect(error.parserMessage).toBe("expected comma or end of structure");
  });

  it("names the format of a .json file", () => {
    const error = configErrorOf(() => readWranglerConfig(writeConfig("wrangler.json", '{\n  "name": }\n')));
    expect(error.detail).toBe("Not valid JSON here, so its Worker's compatibility date and flags cannot be read");
    expect(error.parserMessage).toBe("ValueExpected");
    expect([error.line, error.column]).toEqual([2, 11]);
  });

  it("rejects an empty JSON file", () => {
    expect(() => readWranglerConfig(writeConfig("wrangler.jsonc", ""))).toThrow(WranglerConfigError);
  });
});

describe("readWranglerConfig: types and dates", () => {
  it("rejects a date that is not on the calendar, at the value's position", () => {
    const error = configErrorOf(() => readWranglerConfig(configFixture("invalid-date", "wrangler.jsonc")));
    expect(error.detail).toBe('compatibility_date "2026-02-30" is not a real calendar date');
    expect([error.line, error.column]).toEqual([4, 25]);
  });

  it("rejects a date in another format", () => {
    const error = configErrorOf(() =>
      readWranglerConfig(writeConfig("wrangler.json", '{ "compatibility_date": "2026-5-1" }')),
    );
    expect(error.detail).toBe('compatibility_date "2026-5-1" is not in YYYY-MM-DD form');
    expect([error.line, error.column]).toEqual([1, 25]);
  });

  it("rejects an unquoted TOML date, as wrangler does, with its line", () => {
    const error = configErrorOf(() => readWranglerConfig(configFixture("toml-unquoted-date", "wrangler.toml")));
    expect(error.detail).toContain("must be a quoted string in TOML");
    expect(error.line).toBe(2);
  });

  it("rejects a date of the wrong type", () => {
    const error = configErrorOf(() => readWranglerConfig(writeConfig("wrangler.toml", "compatibility_date = 20260501\n")));
    expect(error.detail).toBe('compatibility_date must be a string "YYYY-MM-DD", got a number');
    expect([error.line, error.column]).toEqual([1, 22]);
  });

  it("rejects compatibility_flags that is not an array, at the value's position", () => {
    const error = configErrorOf(() => readWranglerConfig(configFixture("flags-not-array", "wrangler.json")));
    expect(error.detail).toBe("compatibility_flags must be an array of strings, got a string");
    expect([error.line, error.column]).toEqual([4, 26]);
  });

  it("rejects a flag that is not a string, at the element", () => {
    const file = writeConfig("wrangler.jsonc", '{\n  "compatibility_flags": [\n    "nodejs_compat",\n    42,\n  ],\n}\n');
    const error = configErrorOf(() => readWranglerConfig(file));
    expect(error.detail).toBe("compatibility_flags[1] must be a string, got a number");
    expect([error.line, error.column]).toEqual([4, 5]);
  });

  it("validates environments and names them in the message", () => {
    const file = writeConfig(
      "wrangler.toml",
      'compatibility_date = "2026-05-01"\n\n[env.legacy]\ncompatibility_date = "2025-13-01"\n',
    );
    const error = configErrorOf(() => readWranglerConfig(file));
    expect(error.detail).toBe('env.legacy.compatibility_date "2025-13-01" is not a real calendar date');
    expect([error.line, error.column]).toEqual([4, 22]);
  });

  it("rejects an env that is not a table, and a top level that is not an object", () => {
    expect(configErrorOf(() => readWranglerConfig(writeConfig("wrangler.json", '{ "env": [] }'))).detail).toBe(
      "env must be a table of environments, got an array",
    );
    expect(configErrorOf(() => readWranglerConfig(writeConfig("wrangler.json", "[]"))).detail).toBe(
      "The wrangler config must be an object, got an array",
    );
  });

  it("rejects a name, main or tsconfig that is not a string, also an environment's", () => {
    expect(configErrorOf(() => readWranglerConfig(writeConfig("wrangler.json", '{ "main": 1 }'))).detail).toBe(
      "main must be a string, got a number",
    );
    expect(configErrorOf(() => readWranglerConfig(writeConfig("wrangler.json", '{ "name": [] }'))).detail).toBe(
      "name must be a string, got an array",
    );
    const envTsconfig = configErrorOf(() => readWranglerConfig(writeConfig("wrangler.toml", '[env.staging]\ntsconfig = true\n')));
    expect(envTsconfig.detail).toBe("env.staging.tsconfig must be a string, got a boolean");
    expect(envTsconfig.line).toBe(2);
  });

  it("reads main and tsconfig at the top level and per environment", () => {
    const file = writeConfig(
      "wrangler.jsonc",
      '{ "main": "src/index.ts", "tsconfig": "tsconfig.worker.json", "env": { "legacy": { "main": "src/legacy.ts" } } }',
    );
    expect(readWranglerConfig(file)).toEqual({
      path: file,
      main: "src/index.ts",
      tsconfig: "tsconfig.worker.json",
      env: { legacy: { main: "src/legacy.ts" } },
    });
  });
});

describe("readWranglerConfig: files", () => {
  it("throws WranglerConfigError for a missing file", () => {
    const missing = path.join(os.tmpdir(), "ws-close-does-not-exist", "wrangler.toml");
    const error = configErrorOf(() => readWranglerConfig(missing));
    expect(error.configPath).toBe(missing);
    expect(error.detail).toBe("Cannot read the wrangler config (ENOENT)");
    expect(error.line).toBeUndefined();
    expect(error.message).toContain(missing);
  });

  it("throws WranglerConfigError for an unsupported extension", () => {
    const error = configErrorOf(() => readWranglerConfig(writeConfig("wrangler.yaml", "")));
    expect(error.detail).toContain('Unsupported wrangler config extension ".yaml"');
  });
});
