/**
 * Edits that add a close reply which cannot throw for any code the runtime
 * delivers to a close handler (docs/runtime-behaviour.md#reserved-close-codes-throw, docs/rules/no-reserved-close-code.md#the-fix): 1005 (the peer sent no status)
 * is answered with an empty Close frame, as the runtime's own echo would;
 * after 1006 and 1015 no peer is left to answer; any other received code is
 * echoed with its reason (a received reason fits the 123-byte limit).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import { lineIndentAt, type SourceStyle } from "./source-style.js";
import type { TextEdit } from "../types.js";

/** Names (and TypeScript types) of the parameters a close reply needs. */
const REPLY_PARAMS = [
  { name: "ws", type: "WebSocket" },
  { name: "code", type: "number" },
  { name: "reason", type: "string" },
] as const;

/**
 * The reply's statements, unindented.
 *
 * @param socket, code, reason expressions without side effects (identifiers or member reads); they are repeated.
 */
export function safeCloseReplyLines(socket: string, code: string, reason: string, style: SourceStyle): string[] {
  const semi = style.semicolon;
  return [
    `if (${code} === 1005) {`,
    `${style.indent}${socket}.close()${semi}`,
    `} else if (${code} !== 1006 && ${code} !== 1015) {`,
    `${style.indent}${socket}.close(${code}, ${reason})${semi}`,
    `}`,
  ];
}

function usesName(fn: TSESTree.Node, name: string): boolean {
  let found = false;
  walkAst(fn, (node) => {
    if (found) return false;
    if (node.type === "Identifier" && node.name === name) found = true;
    return true;
  });
  return found;
}

/** True when control can leave the body before its end (`return`, `throw`) outside nested functions. */
function mayExitEarly(body: TSESTree.Node): boolean {
  let exits = false;
  walkAst(body, (node) => {
    if (exits) return false;
    if (node !== body && (node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression" || node.type === "ClassBody")) {
      return false;
    }
    if (node.type === "ReturnStatement" || node.type === "ThrowStatement") exits = true;
    return true;
  });
  return exits;
}

type HandlerFunction = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** The inputs of `appendCloseReplyEdits`. */
export interface AppendCloseReplyInput {
  text: string;
  fn: HandlerFunction;
  /** The handler's runtime parameters (a TypeScript `this` parameter left out). */
  params: readonly TSESTree.Parameter[];
  style: SourceStyle;
  /** Add type annotations to added parameters. */
  typescript: boolean;
}

/**
 * Edits that append the safe reply to the end of a handler whose parameters are
 * `(ws, code, reason, …)`, adding the parameters it lacks.
 *
 * @returns the edits, or `null` when the reply could be skipped or misplaced: an
 *   expression body, a body that can `return` or `throw` early, a closing brace
 *   that shares its line, a parameter that is a pattern, an added parameter
 *   name the body already uses, or a parameter to add after an optional one.
 */
export function appendCloseReplyEdits(input: AppendCloseReplyInput): TextEdit[] | null {
  const { text, fn, params, style } = input;
  if (fn.body?.type !== "BlockStatement" || mayExitEarly(fn.body)) return null;
  const names: string[] = [];
  const added: string[] = [];
  for (const [index, wanted] of REPLY_PARAMS.entries()) {
    const param = params[index];
    if (param) {
      if (param.type !== "Identifier") return null;
      names.push(param.name);
      continue;
    }
    if (usesName(fn, wanted.name)) return null;
    names.push(wanted.name);
    added.push(input.typescript ? `${wanted.name}: ${wanted.type}` : wanted.name);
  }
  const paramEdits = addParamsEdits(text, fn, params, added);
  if (!paramEdits) return null;
  const [socket, code, reason] = names as [string, string, string];
  const replyEdits = appendToBodyEdits(text, fn.body, safeCloseReplyLines(socket, code, reason, style), style);
  return replyEdits ? [...paramEdits, ...replyEdits] : null;
}

/** The inputs of `appendEventCloseReplyEdits`. */
export interface AppendEventCloseReplyInput {
  text: string;
  /** A standard-API close handler: `sock.addEventListener("close", fn)` or `sock.onclose = fn`. */
  fn: HandlerFunction;
  /** The handler's runtime parameters (a TypeScript `this` parameter left out). */
  params: readonly TSESTree.Parameter[];
  /** The expression that names the socket in `fn` (an identifier that resolves to it there). */
  socket: string;
  style: SourceStyle;
  /** Add a `CloseEvent` annotation to an added event parameter. */
  typescript: boolean;
  /**
   * A statement of the body's top level to put the reply before, instead of at
   * the end: an early `return` that the closing socket always takes, so the end
   * is never reached (`closing-state-guards.ts`). No statement before it may leave.
   */
  before?: TSESTree.Statement;
}

/** The event parameter's annotation allows `.code` and `.reason`: none, `CloseEvent`, or `any`. */
function isCloseEventAnnotation(param: TSESTree.Parameter): boolean {
  const annotation = "typeAnnotation" in param ? param.typeAnnotation?.typeAnnotation : undefined;
  if (!annotation) return true;
  if (annotation.type === "TSAnyKeyword") return true;
  return annotation.type === "TSTypeReference" && annotation.typeName.type === "Identifier" && annotation.typeName.name === "CloseEvent";
}

/**
 * Edits that append the safe reply to the end of a standard-API close handler,
 * echoing its event's `code` and `reason`: `event.code` for a parameter
 * `event`, the local names for a destructured `({ code, reason })`, and a new
 * parameter `event` (`event: CloseEvent` in TypeScript) for a handler without one.
 *
 * @returns the edits, or `null` when the reply could be skipped or misplaced (as
 *   `appendCloseReplyEdits`), or the event's fields cannot be read safely: an
 *   optional parameter, an annotation other than `CloseEvent`, a pattern without
 *   plain `code` and `reason`, or an added `event` name the body already uses.
 */
export function appendEventCloseReplyEdits(input: AppendEventCloseReplyInput): TextEdit[] | null {
  const { text, fn, params, style, before } = input;
  if (fn.body?.type !== "BlockStatement") return null;
  if (before) {
    const index = fn.body.body.indexOf(before);
    if (index === -1 || fn.body.body.slice(0, index).some(mayExitEarly)) return null;
  } else if (mayExitEarly(fn.body)) {
    return null;
  }
  const event = params[0];
  let code: string;
  let reason: string;
  const edits: TextEdit[] = [];
  if (!event) {
    if (usesName(fn, "event")) return null;
    const paramEdits = addParamsEdits(text, fn, params, [input.typescript ? "event: CloseEvent" : "event"]);
    if (!paramEdits) return null;
    edits.push(...paramEdits);
    [code, reason] = ["event.code", "event.reason"];
  } else if (event.type === "Identifier") {
    if (event.optional || !isCloseEventAnnotation(event)) return null;
    [code, reason] = [`${event.name}.code`, `${event.name}.reason`];
  } else if (event.type === "ObjectPattern") {
    if (!isCloseEventAnnotation(event)) return null;
    const local = (field: string): string | null => {
      const property = event.properties.find(
        (p): p is TSESTree.Property => p.type === "Property" && !p.computed && p.key.type === "Identifier" && p.key.name === field,
      );
      return property?.value.type === "Identifier" ? property.value.name : null;
    };
    const [codeName, reasonName] = [local("code"), local("reason")];
    if (codeName === null || reasonName === null) return null;
    [code, reason] = [codeName, reasonName];
  } else {
    return null;
  }
  const lines = safeCloseReplyLines(input.socket, code, reason, style);
  const replyEdits = before ? insertBeforeStatementEdits(text, before, lines, style) : appendToBodyEdits(text, fn.body, lines, style);
  return replyEdits ? [...edits, ...replyEdits] : null;
}

/**
 * The offset of the first `char` in `text[from, to)` that is not inside a comment
 * (`function /* (a) *\/ () {}`), or -1. Only for text with no strings in it: a
 * function's head before its parameters.
 */
function indexOfOutsideComments(text: string, char: string, from: number, to: number): number {
  for (let index = from; index < to; index++) {
    if (text[index] === char) return index;
    if (text.startsWith("//", index)) {
      index = text.indexOf("\n", index);
      if (index === -1) return -1;
    } else if (text.startsWith("/*", index)) {
      index = text.indexOf("*/", index + 2);
      if (index === -1) return -1;
      index++;
    }
  }
  return -1;
}

/** Edits that add parameters `added` after `params` (the runtime ones); `[]` when none is added, `null` when they cannot be placed. */
function addParamsEdits(text: string, fn: HandlerFunction, params: readonly TSESTree.Parameter[], added: readonly string[]): TextEdit[] | null {
  const edits: TextEdit[] = [];
  if (added.length === 0) return edits;
  const last = params[params.length - 1] ?? (fn.params.length > 0 ? fn.params[fn.params.length - 1] : undefined);
  // A required parameter cannot follow an optional one (TypeScript error 1016).
  if (last?.type === "Identifier" && last.optional) return null;
  if (last && fn.type === "ArrowFunctionExpression" && indexOfOutsideComments(text, "(", fn.range[0], last.range[0]) === -1) {
    // `async ws => {…}`: a second parameter needs the parentheses.
    edits.push({ range: [last.range[0], last.range[0]], text: "(" });
    edits.push({ range: [last.range[1], last.range[1]], text: `, ${added.join(", ")})` });
  } else if (last) {
    edits.push({ range: [last.range[1], last.range[1]], text: `, ${added.join(", ")}` });
  } else {
    const from = fn.type === "FunctionDeclaration" && fn.id ? fn.id.range[1] : fn.range[0];
    const open = indexOfOutsideComments(text, "(", from, fn.body!.range[0]);
    if (open === -1 || text.slice(from, open).includes("<")) return null;
    edits.push({ range: [open + 1, open + 1], text: added.join(", ") });
  }
  return edits;
}

/** Edits that put `lines` before `statement`, at its indentation; `null` when code precedes it on its line. */
export function insertBeforeStatementEdits(text: string, statement: TSESTree.Statement, lines: readonly string[], style: SourceStyle): TextEdit[] | null {
  const lineStart = text.lastIndexOf("\n", statement.range[0] - 1) + 1;
  const indent = text.slice(lineStart, statement.range[0]);
  if (indent.trim() !== "") return null;
  const block = lines.map((line) => `${indent}${line}`).join(style.eol);
  return [{ range: [lineStart, lineStart], text: `${block}${style.eol}` }];
}

/** Edits that append `lines` as the last statements of `body`, indented as its statements; `null` when the closing brace shares its line. */
function appendToBodyEdits(text: string, body: TSESTree.BlockStatement, lines: readonly string[], style: SourceStyle): TextEdit[] | null {
  const edits: TextEdit[] = [];
  const closeBrace = body.range[1] - 1;
  const braceLineStart = text.lastIndexOf("\n", closeBrace - 1) + 1;
  const braceIndent = text.slice(braceLineStart, closeBrace);
  const first = body.body[0];
  if (first) {
    if (braceIndent.trim() !== "") return null;
    const indent = lineIndentAt(text, first.range[0]);
    const block = lines.map((line) => `${indent}${line}`).join(style.eol);
    edits.push({ range: [braceLineStart, braceLineStart], text: `${block}${style.eol}` });
  } else {
    const outer = lineIndentAt(text, body.range[0]);
    const indent = `${outer}${style.indent}`;
    const block = lines.map((line) => `${indent}${line}`).join(style.eol);
    if (text.slice(body.range[0] + 1, closeBrace).trim() === "") {
      edits.push({ range: [body.range[0], body.range[1]], text: `{${style.eol}${block}${style.eol}${outer}}` });
    } else if (braceIndent.trim() === "") {
      // Only comments inside: keep them, add the reply after them.
      edits.push({ range: [braceLineStart, braceLineStart], text: `${block}${style.eol}` });
    } else {
      return null;
    }
  }
  return edits;
}

/** The inputs of `addCloseListenerEdits`. */
export interface AddCloseListenerInput {
  text: string;
  ast: TSESTree.Program;
  /**
   * The expression whose statement the listener follows: the socket's `sock.accept(…)` (a
   * socket with no close listener), or the registration of a handler shared by `close` and
   * `error` (`ws.addEventListener("close", end)`, `ws.onclose = end`), where the socket's
   * name resolves to it.
   */
  after: TSESTree.CallExpression | TSESTree.AssignmentExpression;
  /** The socket's name where `after` stands. */
  socket: string;
  style: SourceStyle;
  /** Annotate the listener's parameter as `CloseEvent`. */
  typescript: boolean;
}

/** The file's string quote: `'` when most string literals use it, else `"`. */
function detectQuote(ast: TSESTree.Program): string {
  let single = 0;
  let double = 0;
  walkAst(ast, (node) => {
    if (node.type === "Literal" && typeof node.value === "string") {
      if (node.raw.startsWith("'")) single++;
      else if (node.raw.startsWith('"')) double++;
    }
    return true;
  });
  return single > double ? "'" : '"';
}

/**
 * Edits that add, on the line after a socket's `accept()` statement (or after the
 * registration of a handler shared by `close` and `error`), a close listener of its
 * own that replies safely (`safeCloseReplyLines` on the event's `code` and `reason`).
 * For a shared handler (docs/rules/require-close-reply.md#what-it-reports, issue 10 recall 1) a reply appended to
 * the shared function would also run on `error`, whose event has no `code`, while
 * the socket may still be open; a listener of its own runs only for the Close frame,
 * as the runtime's own reply would. The file's quotes are kept (the registration's
 * own `"close"` literal, else the file's usual quote):
 *
 * ```js
 * server.accept();
 * server.addEventListener("close", (event) => {
 *   if (event.code === 1005) { … } else if (…) { … }
 * });
 * ```
 *
 * @returns the edits, or `null` when the listener cannot be placed safely: the
 *   call is not a whole statement of a block or of the program, code other than
 *   a line comment follows it on its line, or the socket is named `event`.
 */
export function addCloseListenerEdits(input: AddCloseListenerInput): TextEdit[] | null {
  const { text, after, socket, style } = input;
  const statement = after.parent;
  if (statement?.type !== "ExpressionStatement" || statement.expression !== after) return null;
  const container = statement.parent;
  if (container?.type !== "BlockStatement" && container?.type !== "Program" && container?.type !== "StaticBlock") return null;
  if (socket === "event") return null;
  const lineStart = text.lastIndexOf("\n", statement.range[0] - 1) + 1;
  if (text.slice(lineStart, statement.range[0]).trim() !== "") return null;
  const lineEnd = text.indexOf("\n", statement.range[1]);
  const end = lineEnd === -1 ? text.length : text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd;
  const rest = text.slice(statement.range[1], end).trim();
  if (rest !== "" && !(rest.startsWith("//") && !rest.includes("*/"))) return null;
  const indent = lineIndentAt(text, statement.range[0]);
  const eventArgument = after.type === "CallExpression" ? after.arguments[0] : undefined;
  const closeLiteral =
    eventArgument?.type === "Literal" && eventArgument.value === "close" ? text.slice(...eventArgument.range) : `${detectQuote(input.ast)}close${detectQuote(input.ast)}`;
  const param = input.typescript ? "(event: CloseEvent)" : "(event)";
  const body = safeCloseReplyLines(socket, "event.code", "event.reason", style).map((line) => `${indent}${style.indent}${line}`);
  const listener = [
    `${indent}${socket}.addEventListener(${closeLiteral}, ${param} => {`,
    ...body,
    `${indent}})${style.semicolon}`,
  ].join(style.eol);
  return [{ range: [end, end], text: `${style.eol}${listener}` }];
}

/**
 * Edits that add, as the last member of a Hono events object (`upgradeWebSocket`'s
 * factory result), an `onClose(event, ws)` method that replies safely, in the
 * object's own trailing-comma style. Hono passes the raw `CloseEvent` and a
 * `WSContext` whose `close()` goes to the raw socket (docs/runtime-behaviour.md#hono-accepts-the-socket-itself).
 *
 * @returns the edits, or `null` when the method cannot be placed safely: an empty
 *   object, a last member that does not start its own line, a closing brace that
 *   shares its line, or anything but a comma between the last member and the brace.
 */
export function addHonoOnCloseEdits(text: string, object: TSESTree.ObjectExpression, style: SourceStyle): TextEdit[] | null {
  const last = object.properties[object.properties.length - 1];
  if (!last) return null;
  const closeBrace = object.range[1] - 1;
  const braceLineStart = text.lastIndexOf("\n", closeBrace - 1) + 1;
  if (text.slice(braceLineStart, closeBrace).trim() !== "" || braceLineStart <= last.range[1]) return null;
  const lastLineStart = text.lastIndexOf("\n", last.range[0] - 1) + 1;
  const indent = text.slice(lastLineStart, last.range[0]);
  if (indent.trim() !== "") return null;
  const between = text.slice(last.range[1], braceLineStart).trim();
  if (between !== "" && between !== ",") return null;
  const comma = between === "," ? "," : "";
  const method = [
    `${indent}onClose(event, ws) {`,
    ...safeCloseReplyLines("ws", "event.code", "event.reason", style).map((line) => `${indent}${style.indent}${line}`),
    `${indent}}${comma}`,
  ].join(style.eol);
  const edits: TextEdit[] = [];
  if (!comma) edits.push({ range: [last.range[1], last.range[1]], text: "," });
  edits.push({ range: [braceLineStart, braceLineStart], text: `${method}${style.eol}` });
  return edits;
}

/**
 * Edits that append the safe reply to a Hono `onClose` written without its `ws`
 * parameter (`onClose: () => {…}`, `onClose(evt) {…}`): the missing `event` and
 * `ws` parameters are added (Hono passes the `CloseEvent` and its `WSContext`,
 * which types them), and the reply closes `ws` with the event's code and reason.
 *
 * @returns the edits, or `null` as `appendEventCloseReplyEdits` does, or when the
 *   function already takes two parameters, or uses the name `ws` (or `event`, when adding it).
 */
export function appendHonoOnCloseReplyEdits(text: string, fn: HandlerFunction, style: SourceStyle): TextEdit[] | null {
  if (fn.body?.type !== "BlockStatement" || mayExitEarly(fn.body)) return null;
  const [event, second] = fn.params;
  if (second) return null;
  const added: string[] = [];
  let eventName = "event";
  if (event) {
    if (event.type !== "Identifier" || event.optional || !isCloseEventAnnotation(event)) return null;
    eventName = event.name;
  } else {
    if (usesName(fn, "event")) return null;
    added.push("event");
  }
  if (usesName(fn, "ws")) return null;
  added.push("ws");
  const paramEdits = addParamsEdits(text, fn, fn.params, added);
  if (!paramEdits) return null;
  const replyEdits = appendToBodyEdits(text, fn.body, safeCloseReplyLines("ws", `${eventName}.code`, `${eventName}.reason`, style), style);
  return replyEdits ? [...paramEdits, ...replyEdits] : null;
}
