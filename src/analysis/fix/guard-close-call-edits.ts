/**
 * Edits that guard a `close()` statement against the reserved codes a received
 * close code can carry (SPEC §1.3, §4): for 1005 (the peer sent no status) the
 * guard sends an empty Close frame with `close()`, as the runtime's own echo
 * would; after 1006 and 1015 no peer is left to answer, so the call is skipped.
 * Every other code reaches the original statement, kept byte for byte.
 *
 * For an unguarded echo the result is the reply `safeCloseReplyLines` writes:
 *
 * ```ts
 * if (code === 1005) {
 *   ws.close();
 * } else if (code !== 1006 && code !== 1015) {
 *   ws.close(code, reason);
 * }
 * ```
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import type { ReceivableReservedCode } from "../model/reserved-code-guards.js";
import { lineIndentAt, type SourceStyle } from "./source-style.js";
import type { TextEdit } from "../types.js";

const STATEMENT_LIST_PARENTS = new Set(["BlockStatement", "Program", "StaticBlock", "SwitchCase"]);

/** Node types whose evaluation can have side effects; an argument holding one could not be skipped or repeated. */
const EFFECTFUL_TYPES = new Set([
  "CallExpression",
  "NewExpression",
  "AssignmentExpression",
  "UpdateExpression",
  "AwaitExpression",
  "YieldExpression",
  "TaggedTemplateExpression",
  "ImportExpression",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "ClassExpression",
]);

/** The statement `call` is the whole expression of (`ws.close(…);`, `ws?.close(…);`), when it sits in a statement list. */
function standaloneStatement(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | null {
  const expression = call.parent?.type === "ChainExpression" ? call.parent : call;
  const statement = expression.parent;
  if (statement?.type !== "ExpressionStatement" || statement.expression !== expression) return null;
  return statement.parent && STATEMENT_LIST_PARENTS.has(statement.parent.type) ? statement : null;
}

/** `RESERVED.has(code)`, `[1005, 1006].includes(code)`: the membership tests of guards, which change nothing. */
function isMembershipTest(node: TSESTree.Node): boolean {
  if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || node.callee.computed) return false;
  const { object, property } = node.callee;
  return (
    property.type === "Identifier" &&
    (property.name === "has" || property.name === "includes") &&
    (object.type === "Identifier" || object.type === "ArrayExpression")
  );
}

function hasSideEffects(node: TSESTree.Node): boolean {
  let found = false;
  walkAst(node, (child) => {
    if (found) return false;
    if (isMembershipTest(child)) return true;
    if (EFFECTFUL_TYPES.has(child.type) || (child.type === "UnaryExpression" && child.operator === "delete")) found = true;
    return !found;
  });
  return found;
}

/** The inputs of `guardCloseCallEdits`. */
export interface GuardCloseCallInput {
  text: string;
  call: TSESTree.CallExpression;
  /** The received code as the guard reads it (an identifier, or `event.code`); repeated in the tests. */
  codeText: string;
  /** The reserved codes the call throws on, which the guard keeps from it. */
  missing: readonly ReceivableReservedCode[];
  style: SourceStyle;
}

/**
 * @returns one edit replacing the call's statement by the guarded form, or
 *   `null` when the call is not a statement of its own in a statement list
 *   (`if (x) ws.close(code)`, `a && ws.close(code)`), shares its line with other
 *   code (`try { ws.close(code) } catch {}`; a trailing `//` comment is fine),
 *   or an argument has side effects (the guard skips the call, so it must not
 *   skip anything else).
 */
export function guardCloseCallEdits(input: GuardCloseCallInput): TextEdit[] | null {
  const { text, call, codeText, missing, style } = input;
  const statement = standaloneStatement(call);
  if (!statement || missing.length === 0 || call.arguments.some(hasSideEffects)) return null;
  const lineStart = text.lastIndexOf("\n", statement.range[0] - 1) + 1;
  const lineEnd = text.indexOf("\n", statement.range[1]);
  const after = text.slice(statement.range[1], lineEnd === -1 ? text.length : lineEnd).trim();
  if (text.slice(lineStart, statement.range[0]).trim() !== "" || (after !== "" && !after.startsWith("//"))) return null;
  const indent = lineIndentAt(text, statement.range[0]);
  const original = text.slice(statement.range[0], statement.range[1]);
  const emptyClose = `${text.slice(call.callee.range[0], call.callee.range[1])}()${style.semicolon}`;
  const skipped = missing.filter((code) => code !== 1005).map((code) => `${codeText} !== ${code}`);
  const lines: string[] = [];
  if (missing.includes(1005)) {
    lines.push(`if (${codeText} === 1005) {`, `${style.indent}${emptyClose}`, skipped.length > 0 ? `} else if (${skipped.join(" && ")}) {` : "} else {");
  } else {
    lines.push(`if (${skipped.join(" && ")}) {`);
  }
  lines.push(`${style.indent}${original}`, "}");
  return [{ range: [statement.range[0], statement.range[1]], text: lines.join(`${style.eol}${indent}`) }];
}
