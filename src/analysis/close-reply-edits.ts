/**
 * Edits that add a close reply which cannot throw for any code the runtime
 * delivers to a close handler (SPEC §1.3, §4): 1005 (the peer sent no status)
 * is answered with an empty Close frame, as the runtime's own echo would;
 * after 1006 and 1015 no peer is left to answer; any other received code is
 * echoed with its reason (a received reason fits the 123-byte limit).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "./ast-traversal.js";
import { lineIndentAt, type SourceStyle } from "./source-style.js";
import type { TextEdit } from "./types.js";

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

/** The inputs of `appendCloseReplyEdits`. */
export interface AppendCloseReplyInput {
  text: string;
  fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
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
  if (fn.body.type !== "BlockStatement" || mayExitEarly(fn.body)) return null;
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
  const edits: TextEdit[] = [];
  if (added.length > 0) {
    const last = params[params.length - 1] ?? (fn.params.length > 0 ? fn.params[fn.params.length - 1] : undefined);
    // A required parameter cannot follow an optional one (TypeScript error 1016).
    if (last?.type === "Identifier" && last.optional) return null;
    if (last && fn.type === "ArrowFunctionExpression" && !text.slice(fn.range[0], last.range[0]).includes("(")) {
      // `async ws => {…}`: a second parameter needs the parentheses.
      edits.push({ range: [last.range[0], last.range[0]], text: "(" });
      edits.push({ range: [last.range[1], last.range[1]], text: `, ${added.join(", ")})` });
    } else if (last) {
      edits.push({ range: [last.range[1], last.range[1]], text: `, ${added.join(", ")}` });
    } else {
      const open = text.indexOf("(", fn.range[0]);
      if (open === -1 || open > fn.body.range[0]) return null;
      edits.push({ range: [open + 1, open + 1], text: added.join(", ") });
    }
  }

  const body = fn.body;
  const closeBrace = body.range[1] - 1;
  const braceLineStart = text.lastIndexOf("\n", closeBrace - 1) + 1;
  const braceIndent = text.slice(braceLineStart, closeBrace);
  const [socket, code, reason] = names as [string, string, string];
  const lines = safeCloseReplyLines(socket, code, reason, style);
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
