/**
 * Edits that add a close reply which cannot throw for any code the runtime
 * delivers to a close handler (SPEC §1.3, §4): 1005 (the peer sent no status)
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
function mayExitEarly(body: TSESTree.BlockStatement): boolean {
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
  const { text, fn, params, style } = input;
  if (fn.body?.type !== "BlockStatement" || mayExitEarly(fn.body)) return null;
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
  const replyEdits = appendToBodyEdits(text, fn.body, safeCloseReplyLines(input.socket, code, reason, style), style);
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

/** The inputs of `closeReplyListenerEdits`. */
export interface CloseReplyListenerInput {
  text: string;
  /** The statement that registers the shared handler for `close` (`ws.addEventListener("close", end)` or `ws.onclose = end`). */
  registration: TSESTree.Node;
  /** The socket's name, which resolves to the socket where `registration` stands. */
  socket: string;
  style: SourceStyle;
  /** Annotate the new listener's parameter `event: CloseEvent`. */
  typescript: boolean;
}

/**
 * Edits that add, on the line after a close registration, a listener of its own
 * that replies safely: `ws.addEventListener("close", (event) => { <safe reply> })`.
 *
 * For a handler shared by `close` and `error` (SPEC §3 additions, issue 10 recall 1):
 * a reply appended to the shared function would also run on `error`, whose event
 * has no `code`, while the socket may still be open; a listener of its own runs
 * only for the Close frame, as the runtime's own reply would.
 *
 * @returns the edits, or `null` when the registration is not a statement of its own
 *   in a block, more code follows it on its line (other than a `//` comment), or
 *   the socket is named `event`.
 */
export function closeReplyListenerEdits(input: CloseReplyListenerInput): TextEdit[] | null {
  const { text, registration, socket, style } = input;
  const statement = registration.parent;
  if (statement?.type !== "ExpressionStatement" || statement.expression !== registration) return null;
  const container = statement.parent;
  if (container?.type !== "BlockStatement" && container?.type !== "Program" && container?.type !== "StaticBlock") return null;
  if (socket === "event") return null;
  const lineStart = text.lastIndexOf("\n", statement.range[0] - 1) + 1;
  if (text.slice(lineStart, statement.range[0]).trim() !== "") return null;
  const newline = text.indexOf("\n", statement.range[1]);
  const restOfLine = text.slice(statement.range[1], newline === -1 ? text.length : newline).replace(/\r$/u, "").trim();
  if (restOfLine !== "" && !restOfLine.startsWith("//")) return null;
  const indent = lineIndentAt(text, statement.range[0]);
  const param = input.typescript ? "(event: CloseEvent)" : "(event)";
  // The registration's own `"close"` literal, so the file's quotes are kept.
  const eventArgument = registration.type === "CallExpression" ? registration.arguments[0] : undefined;
  const closeLiteral = eventArgument?.type === "Literal" && eventArgument.value === "close" ? text.slice(...eventArgument.range) : `"close"`;
  const lines = [
    `${socket}.addEventListener(${closeLiteral}, ${param} => {`,
    ...safeCloseReplyLines(socket, "event.code", "event.reason", style).map((line) => `${style.indent}${line}`),
    `})${style.semicolon}`,
  ].map((line) => `${indent}${line}`);
  const block = lines.join(style.eol);
  if (newline === -1) return [{ range: [text.length, text.length], text: `${style.eol}${block}` }];
  return [{ range: [newline + 1, newline + 1], text: `${block}${style.eol}` }];
}
