/**
 * Format-preserving edits of `compatibility_date` in a wrangler config
 * (DESIGN.md "Configuration": never rewrite the whole file). JSON/JSONC go
 * through jsonc-parser's `modify` + `applyEdits`; TOML through the AST of
 * `toml-eslint-parser`, whose nodes carry source ranges, replacing only the
 * date string's range. Every other byte (comments, trailing commas, quotes
 * elsewhere, line endings, a byte-order mark) is kept.
 */
import path from "node:path";
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type Node as JsonNode, type ParseError } from "jsonc-parser";
import { parseTOML, type AST } from "toml-eslint-parser";
import { isValidCompatibilityDate } from "./compatibility-date.js";

/** One `compatibility_date` the edit touches. */
export interface CompatibilityDateChange {
  /** `null` for the top level, else the `[env.NAME]` name. */
  environment: string | null;
  /** The date as written before (`YYYY-MM-DD`), or `null` when the key was absent (top level only: then it is added). */
  from: string | null;
  /** The new date, `YYYY-MM-DD`. */
  to: string;
}

/** The result of {@link editCompatibilityDate}. */
export interface CompatibilityDateEdit {
  /** The whole new text; equals the input when every date already was `to`. */
  text: string;
  /**
   * The top level first, then each environment that sets its own date, in file order.
   * Includes entries whose `from` equals `to` (nothing changes for them).
   */
  changes: CompatibilityDateChange[];
}

/** Config syntaxes the editor understands; `.json` and `.jsonc` are both JSONC, as wrangler reads them (docs/runtime-behaviour.md#which-wrangler-config-governs-a-file). */
export type EditableConfigFormat = "jsonc" | "toml";

/**
 * The format of a wrangler config by its file name.
 *
 * @throws {Error} for an extension other than `.json`, `.jsonc` or `.toml`.
 */
export function configFormatOf(configPath: string): EditableConfigFormat {
  const extension = path.extname(configPath).toLowerCase();
  if (extension === ".json" || extension === ".jsonc") return "jsonc";
  if (extension === ".toml") return "toml";
  throw new Error(`Unsupported wrangler config extension "${extension}" (expected .json, .jsonc or .toml)`);
}

/**
 * Sets `compatibility_date` to `to` at the top level and in every environment
 * (`env.NAME`) that sets its own date. A top level without a date gets one
 * (an environment without its own date inherits it then, docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags): in JSON
 * after `main` (else `name`, else first), in TOML on the line after the
 * top-level `main` (else `name`, else the last top-level key; else at the
 * very start of the file). Dates that move backwards are not refused here:
 * the caller compares `from` and `to`.
 *
 * TOML: a date anywhere it can be written is found — `[env.NAME]` tables,
 * dotted keys (`env.NAME.compatibility_date = ...`), inline tables
 * (`env = { NAME = { compatibility_date = ... } }`). The new string keeps the
 * old one's quote style (basic `"` or literal `'`); a multi-line string
 * becomes a basic one.
 *
 * @param text the config's text (a leading byte-order mark is kept).
 * @param format `jsonc` for `.json`/`.jsonc`, `toml` for `.toml` ({@link configFormatOf}).
 * @param to the new date, `YYYY-MM-DD`.
 * @throws {Error} `to` is not a real `YYYY-MM-DD` date; the text does not
 *   parse; a `compatibility_date` is not a string (an unquoted TOML date, which
 *   wrangler rejects too). Callers read the config with `readWranglerConfig`
 *   first for located error messages.
 */
export function editCompatibilityDate(text: string, format: EditableConfigFormat, to: string): CompatibilityDateEdit {
  if (!isValidCompatibilityDate(to)) throw new Error(`Invalid compatibility date "${to}": expected YYYY-MM-DD`);
  const bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
  const body = bom === "" ? text : text.slice(1);
  const edit = format === "toml" ? editToml(body, to) : editJsonc(body, to);
  return { text: bom + edit.text, changes: edit.changes };
}

const DATE_KEY = "compatibility_date";
/** Top-level keys after which an added date reads naturally, best first. */
const ANCHOR_KEYS = ["main", "name"] as const;

// ---------------------------------------------------------------- JSON / JSONC

function editJsonc(text: string, to: string): CompatibilityDateEdit {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (root === undefined || errors.length > 0 || root.type !== "object") {
    throw new Error("The wrangler config is not a JSON object that parses");
  }
  const targets: { path: (string | number)[]; environment: string | null; from: string | null }[] = [];
  const top = findNodeAtLocation(root, [DATE_KEY]);
  targets.push({ path: [DATE_KEY], environment: null, from: top === undefined ? null : jsonString(top, DATE_KEY) });
  const env = findNodeAtLocation(root, ["env"]);
  for (const property of env?.type === "object" ? (env.children ?? []) : []) {
    const name = property.children?.[0]?.value as string | undefined;
    const settings = property.children?.[1];
    if (name === undefined || settings?.type !== "object") continue;
    const own = findNodeAtLocation(settings, [DATE_KEY]);
    if (own !== undefined) targets.push({ path: ["env", name, DATE_KEY], environment: name, from: jsonString(own, `env.${name}.${DATE_KEY}`) });
  }

  const formattingOptions = jsonFormatting(text);
  let output = text;
  for (const target of targets) {
    if (target.from === to) continue;
    const edits = modify(output, target.path, to, {
      formattingOptions,
      getInsertionIndex: (properties) => insertionIndex(properties),
    });
    output = applyEdits(output, edits);
  }
  return { text: output, changes: targets.map(({ environment, from }) => ({ environment, from, to })) };
}

function jsonString(node: JsonNode, name: string): string {
  if (node.type !== "string") throw new Error(`${name} must be a string "YYYY-MM-DD"`);
  return node.value as string;
}

/** Index among the existing top-level keys after which an added date goes. */
function insertionIndex(properties: readonly string[]): number {
  for (const anchor of ANCHOR_KEYS) {
    const index = properties.lastIndexOf(anchor);
    if (index >= 0) return index + 1;
  }
  return 0;
}

/** The indentation and line ending the file already uses, for the one line an added date needs. */
function jsonFormatting(text: string): FormattingOptions {
  const eol = /\r\n/u.test(text) ? "\r\n" : "\n";
  const indent = /^([ \t]+)"/mu.exec(text)?.[1] ?? "  ";
  return indent.startsWith("\t")
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

// ---------------------------------------------------------------- TOML

interface TomlDate {
  environment: string | null;
  node: AST.TOMLContentNode;
}

function editToml(text: string, to: string): CompatibilityDateEdit {
  const program = parseTOML(text);
  const topLevel = program.body[0];
  const dates = collectTomlDates(topLevel);
  const top = dates.find((date) => date.environment === null);
  const envDates = dates.filter((date) => date.environment !== null);

  const replacements: { range: [number, number]; text: string }[] = [];
  const changes: CompatibilityDateChange[] = [];
  for (const date of top === undefined ? envDates : [top, ...envDates]) {
    const from = tomlString(date);
    changes.push({ environment: date.environment, from, to });
    if (from !== to) replacements.push({ range: date.node.range, text: quoteLike(date.node, to) });
  }
  if (top === undefined) {
    changes.unshift({ environment: null, from: null, to });
    replacements.push(addedTomlDate(text, topLevel, to));
  }

  let output = text;
  for (const replacement of replacements.sort((a, b) => b.range[0] - a.range[0])) {
    output = output.slice(0, replacement.range[0]) + replacement.text + output.slice(replacement.range[1]);
  }
  return { text: output, changes };
}

/** Every `compatibility_date` of the top level and of `env.NAME`, with its full key path resolved through tables, dotted keys and inline tables. */
function collectTomlDates(topLevel: AST.TOMLTopLevelTable): TomlDate[] {
  const found: TomlDate[] = [];
  const visit = (prefix: readonly (string | number)[], pairs: readonly AST.TOMLKeyValue[]) => {
    for (const pair of pairs) {
      const keyPath = [...prefix, ...pair.key.keys.map((key) => (key.type === "TOMLBare" ? key.name : key.value))];
      if (pair.value.type === "TOMLInlineTable") {
        visit(keyPath, pair.value.body);
        continue;
      }
      if (keyPath.length === 1 && keyPath[0] === DATE_KEY) found.push({ environment: null, node: pair.value });
      if (keyPath.length === 3 && keyPath[0] === "env" && keyPath[2] === DATE_KEY) {
        found.push({ environment: String(keyPath[1]), node: pair.value });
      }
    }
  };
  for (const item of topLevel.body) {
    if (item.type === "TOMLKeyValue") visit([], [item]);
    // `[[array.tables]]` hold no environment (their resolved key has an index).
    else if (item.kind === "standard") visit(item.resolvedKey, item.body);
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function tomlString(date: TomlDate): string {
  const node = date.node;
  const name = date.environment === null ? DATE_KEY : `env.${date.environment}.${DATE_KEY}`;
  if (node.type !== "TOMLValue" || node.kind !== "string") {
    throw new Error(`${name} must be a quoted string in TOML (${DATE_KEY} = "YYYY-MM-DD")`);
  }
  return node.value;
}

function quoteLike(node: AST.TOMLContentNode, date: string): string {
  const literal = node.type === "TOMLValue" && node.kind === "string" && node.style === "literal" && !node.multiline;
  return literal ? `'${date}'` : `"${date}"`;
}

/** Where and how a missing top-level date is inserted: its own line, with the file's line ending. */
function addedTomlDate(text: string, topLevel: AST.TOMLTopLevelTable, to: string): { range: [number, number]; text: string } {
  const eol = /\r\n/u.test(text) ? "\r\n" : "\n";
  const line = `${DATE_KEY} = "${to}"`;
  const pairs = topLevel.body.filter((item): item is AST.TOMLKeyValue => item.type === "TOMLKeyValue");
  const keyName = (pair: AST.TOMLKeyValue) => pair.key.keys.map((key) => (key.type === "TOMLBare" ? key.name : key.value)).join(".");
  const anchor = ANCHOR_KEYS.map((name) => pairs.find((pair) => keyName(pair) === name)).find((pair) => pair !== undefined) ?? pairs.at(-1);
  if (anchor === undefined) return { range: [0, 0], text: `${line}${eol}${text.length > 0 ? eol : ""}` };
  // After the anchor's line, including a comment that ends it.
  const newline = text.indexOf("\n", anchor.range[1]);
  if (newline < 0) return { range: [text.length, text.length], text: `${eol}${line}${eol}` };
  return { range: [newline + 1, newline + 1], text: `${line}${eol}` };
}
