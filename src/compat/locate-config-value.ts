import fs from "node:fs";
import path from "node:path";
import { findNodeAtLocation, parseTree, type ParseError } from "jsonc-parser";
import type { ConfigPosition } from "./wrangler-config-error.js";

/** Path of a value inside a config, e.g. `["env", "staging", "compatibility_flags", 1]`. */
export type ConfigKeyPath = readonly (string | number)[];

/**
 * Converts a 0-based UTF-16 offset into a 1-based line and column. `\n`,
 * `\r\n` and a lone `\r` each end a line.
 *
 * @returns the position; an offset past the end maps to the end of the text.
 */
export function offsetToPosition(text: string, offset: number): ConfigPosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */ || (ch === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Position of the value at `keyPath` in a JSON/JSONC text, found with
 * jsonc-parser's `parseTree` and `findNodeAtLocation` (comments and trailing
 * commas allowed, as wrangler allows them: docs/runtime-behaviour.md#which-wrangler-config-governs-a-file).
 *
 * @returns the value's first character, or `undefined` when the path does not exist.
 */
export function locateJsonValue(text: string, keyPath: ConfigKeyPath): ConfigPosition | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (root === undefined) return undefined;
  const node = findNodeAtLocation(root, [...keyPath]);
  return node === undefined ? undefined : offsetToPosition(text, node.offset);
}

/**
 * Best-effort position of the value at `keyPath` in a TOML text, for error
 * messages only (values themselves always come from `smol-toml`, which reports
 * no positions). Understands `[table]` headers, dotted and quoted keys, and
 * skips multi-line strings; array indexes in `keyPath` resolve to the array.
 * When the key sits in an inline table, the position of that table is returned.
 *
 * @returns the value's first character, or `undefined` when not found.
 */
export function locateTomlValue(text: string, keyPath: ConfigKeyPath): ConfigPosition | undefined {
  const wanted = keyPath.filter((part): part is string => typeof part === "string");
  const lines = text.split(/\r\n|\n|\r/);
  let table: string[] | null = [];
  let openMultiline: string | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (openMultiline !== null) {
      if (countOccurrences(line, openMultiline) % 2 === 1) openMultiline = null;
      continue;
    }
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("[[")) {
      table = null;
      continue;
    }
    if (trimmed.startsWith("[")) {
      const parsed = readDottedKey(trimmed, 1, "]");
      table = parsed?.parts ?? null;
      continue;
    }
    const parsed = readDottedKey(trimmed, 0, "=");
    if (parsed === undefined || table === null) continue;
    let valueStart = parsed.end + 1;
    while (trimmed[valueStart] === " " || trimmed[valueStart] === "\t") valueStart++;
    const full = [...table, ...parsed.parts];
    const position = { line: index + 1, column: indent + valueStart + 1 };
    if (samePath(full, wanted)) return position;
    if (full.length < wanted.length && samePath(full, wanted.slice(0, full.length)) && trimmed[valueStart] === "{") {
      return position;
    }
    const value = trimmed.slice(valueStart);
    for (const delimiter of ['"""', "'''"]) {
      if (value.startsWith(delimiter) && countOccurrences(value, delimiter) % 2 === 1) openMultiline = delimiter;
    }
  }
  return undefined;
}

/**
 * Position of the value at `keyPath` in the config file at `configPath`,
 * chosen by extension (`.toml` via {@link locateTomlValue}, else {@link locateJsonValue}).
 *
 * @returns `undefined` when the file cannot be read or the value is not found; never throws.
 */
export function locateConfigValue(configPath: string, keyPath: ConfigKeyPath): ConfigPosition | undefined {
  let text: string;
  try {
    text = stripBom(fs.readFileSync(configPath, "utf8"));
  } catch {
    return undefined;
  }
  return path.extname(configPath).toLowerCase() === ".toml"
    ? locateTomlValue(text, keyPath)
    : locateJsonValue(text, keyPath);
}

/** Removes a leading byte-order mark, which neither parser accepts. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads a TOML key such as `env."my env".compatibility_date` from `start` up to `terminator`. */
function readDottedKey(text: string, start: number, terminator: string): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let i = start;
  let expectKey = true;
  while (i < text.length) {
    const ch = text[i] ?? "";
    if (ch === " " || ch === "\t") {
      i++;
    } else if (ch === terminator && !expectKey) {
      return { parts, end: i };
    } else if (ch === "." && !expectKey) {
      expectKey = true;
      i++;
    } else if ((ch === '"' || ch === "'") && expectKey) {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return undefined;
      parts.push(text.slice(i + 1, close));
      i = close + 1;
      expectKey = false;
    } else if (/[A-Za-z0-9_-]/.test(ch) && expectKey) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_-]/.test(text[j] ?? "")) j++;
      parts.push(text.slice(i, j));
      i = j;
      expectKey = false;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
