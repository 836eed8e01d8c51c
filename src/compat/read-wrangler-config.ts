import fs from "node:fs";
import path from "node:path";
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import { parse as parseToml, TomlError } from "smol-toml";
import { isValidCompatibilityDate } from "./compatibility-date.js";
import {
  locateJsonValue,
  locateTomlValue,
  offsetToPosition,
  stripBom,
  type ConfigKeyPath,
} from "./locate-config-value.js";
import { WranglerConfigError, type ConfigPosition } from "./wrangler-config-error.js";

/**
 * The settings one `[env.NAME]` sets itself that this project reads (unset keys inherit from the top
 * level: all four are inheritable environment keys in wrangler's `config-schema.json`, `RawEnvironment`).
 */
export interface WranglerEnvironmentSettings {
  /** `main`: the environment's entry module, relative to the config's directory. */
  main?: string;
  /** `tsconfig`: the tsconfig wrangler builds the environment with, relative to the config's directory. */
  tsconfig?: string;
  /** `compatibility_date`, a valid `YYYY-MM-DD`. */
  compatibilityDate?: string;
  /** `compatibility_flags`, as written. */
  compatibilityFlags?: string[];
}

/** The parts of a wrangler config this project reads. */
export interface WranglerConfig {
  /** Absolute path of the file. */
  path: string;
  /** `main`: the Worker's entry module, relative to the config's directory. */
  main?: string;
  /** `tsconfig`: the tsconfig wrangler builds the Worker with, relative to the config's directory. */
  tsconfig?: string;
  /** `name`: the Worker's name. */
  name?: string;
  /** Top-level `compatibility_date`, a valid `YYYY-MM-DD`. */
  compatibilityDate?: string;
  /** Top-level `compatibility_flags`, as written. */
  compatibilityFlags?: string[];
  /** `env.NAME` settings by environment name; `{}` when there is no `env`. */
  env: Record<string, WranglerEnvironmentSettings>;
}

type ConfigFormat = "JSON" | "JSONC" | "TOML";

/**
 * Reads and validates a wrangler config (docs/runtime-behaviour.md#which-wrangler-config-governs-a-file). `.json` and `.jsonc` are
 * parsed with jsonc-parser allowing comments and trailing commas (as wrangler
 * does); `.toml` with smol-toml.
 *
 * @param configPath path of `wrangler.json`, `wrangler.jsonc` or `wrangler.toml`
 *   (made absolute against `process.cwd()`).
 * @returns the config; keys that are absent stay absent.
 * @throws {WranglerConfigError} when the file is missing or unreadable, has
 *   another extension, does not parse (with the 1-based line and column of the
 *   first syntax error, and the parser's own words as `parserMessage`), or has a wrong type: `compatibility_date` not a real
 *   `YYYY-MM-DD` date string (`2026-02-30` fails; an unquoted TOML date
 *   fails, as in wrangler), `compatibility_flags` not an array of strings,
 *   `name`/`main`/`tsconfig` not strings, `env` or an environment not a table. JSON/JSONC
 *   type errors carry the offending value's position; TOML ones a best-effort one.
 */
export function readWranglerConfig(configPath: string): WranglerConfig {
  const absolute = path.resolve(configPath);
  const format = formatOf(absolute);
  let text: string;
  try {
    text = stripBom(fs.readFileSync(absolute, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WranglerConfigError(absolute, `Cannot read the wrangler config${code ? ` (${code})` : ""}`, undefined, {
      cause: error,
    });
  }

  const data = format === "TOML" ? parseTomlText(absolute, text) : parseJsonText(absolute, text, format);
  const locate = (keyPath: ConfigKeyPath): ConfigPosition | undefined =>
    format === "TOML" ? locateTomlValue(text, keyPath) : locateJsonValue(text, keyPath);
  const fail = (keyPath: ConfigKeyPath, detail: string): never => {
    throw new WranglerConfigError(absolute, detail, locate(keyPath));
  };

  if (!isTable(data)) {
    return fail([], `The wrangler config must be ${format === "TOML" ? "a table" : "an object"}, got ${describeType(data)}`);
  }

  const config: WranglerConfig = { path: absolute, env: {} };
  const name = data["name"];
  if (name !== undefined) {
    if (typeof name !== "string") fail(["name"], `name must be a string, got ${describeType(name)}`);
    else config.name = name;
  }
  Object.assign(config, readSettings(data, [], fail));

  const env = data["env"];
  if (env !== undefined) {
    if (!isTable(env)) fail(["env"], `env must be a table of environments, got ${describeType(env)}`);
    for (const [name, settings] of Object.entries(env as Record<string, unknown>)) {
      if (!isTable(settings)) fail(["env", name], `env.${name} must be a table, got ${describeType(settings)}`);
      // defineProperty: an environment named "__proto__" must stay a plain key.
      Object.defineProperty(config.env, name, {
        value: readSettings(settings as Record<string, unknown>, ["env", name], fail),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return config;
}

function formatOf(absolute: string): ConfigFormat {
  const extension = path.extname(absolute).toLowerCase();
  if (extension === ".json") return "JSON";
  if (extension === ".jsonc") return "JSONC";
  if (extension === ".toml") return "TOML";
  throw new WranglerConfigError(
    absolute,
    `Unsupported wrangler config extension "${extension}" (expected .json, .jsonc or .toml)`,
  );
}

function parseJsonText(absolute: string, text: string, format: ConfigFormat): unknown {
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined) {
    throw new WranglerConfigError(absolute, notValid(format), offsetToPosition(text, first.offset), {
      parserMessage: printParseErrorCode(first.error),
    });
  }
  return data;
}

function parseTomlText(absolute: string, text: string): unknown {
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <reason>" followed by a code block.
    const firstLine = error.message.split("\n", 1)[0] ?? "";
    const reason = firstLine.replace(/^Invalid TOML document:\s*/, "");
    throw new WranglerConfigError(absolute, notValid("TOML"), { line: error.line, column: error.column }, { cause: error, parserMessage: reason });
  }
}

/** What a syntax error means to the user, in this tool's words (the parser's own are `parserMessage`). */
function notValid(format: ConfigFormat): string {
  return `Not valid ${format} here, so its Worker's compatibility date and flags cannot be read`;
}

function readSettings(
  table: Record<string, unknown>,
  prefix: readonly string[],
  fail: (keyPath: ConfigKeyPath, detail: string) => never,
): WranglerEnvironmentSettings {
  const settings: WranglerEnvironmentSettings = {};
  const keyName = (key: string): string => [...prefix, key].join(".");

  for (const key of ["main", "tsconfig"] as const) {
    const value = table[key];
    if (value === undefined) continue;
    if (typeof value !== "string") fail([...prefix, key], `${keyName(key)} must be a string, got ${describeType(value)}`);
    else settings[key] = value;
  }

  const date = table["compatibility_date"];
  if (date !== undefined) {
    const where = [...prefix, "compatibility_date"];
    if (date instanceof Date) {
      fail(where, `${keyName("compatibility_date")} must be a quoted string in TOML (compatibility_date = "YYYY-MM-DD"), got an unquoted date`);
    }
    if (typeof date !== "string") fail(where, `${keyName("compatibility_date")} must be a string "YYYY-MM-DD", got ${describeType(date)}`);
    if (!isValidCompatibilityDate(date)) {
      const problem = /^\d{4}-\d{2}-\d{2}$/.test(date as string) ? "is not a real calendar date" : "is not in YYYY-MM-DD form";
      fail(where, `${keyName("compatibility_date")} "${date as string}" ${problem}`);
    }
    settings.compatibilityDate = date as string;
  }

  const flags = table["compatibility_flags"];
  if (flags !== undefined) {
    const where = [...prefix, "compatibility_flags"];
    if (!Array.isArray(flags)) fail(where, `${keyName("compatibility_flags")} must be an array of strings, got ${describeType(flags)}`);
    (flags as unknown[]).forEach((flag, index) => {
      if (typeof flag !== "string") {
        fail([...where, index], `${keyName("compatibility_flags")}[${index}] must be a string, got ${describeType(flag)}`);
      }
    });
    settings.compatibilityFlags = [...(flags as string[])];
  }
  return settings;
}

function isTable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "an object";
  return `${/^[aeiou]/.test(typeof value) ? "an" : "a"} ${typeof value}`;
}
