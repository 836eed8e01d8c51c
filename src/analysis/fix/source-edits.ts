/**
 * Text edits the fixes and suggestions are made of. Edits replace spans of the
 * original text, so formatting, comments, quotes and line endings outside the
 * edited span survive byte for byte (DESIGN.md, "Text edits, not reprinting").
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { hasSideEffects } from "../ast/side-effects.js";
import type { AcceptCall } from "../model/socket-model.js";
import type { TextEdit } from "../types.js";

const STATEMENT_LIST_PARENTS = new Set(["BlockStatement", "Program", "StaticBlock", "SwitchCase"]);

function isBlank(text: string): boolean {
  return text.trim() === "";
}

const LINE_CONTINUING_START = /^[([`+\-/<]/u;

/**
 * True when a statement's last token is the closing brace of a block, a class or a
 * declaration's body, which no following line can continue. `if (x) a = {}`,
 * `while (x) f = () => {}` and `return {}` end with an expression's brace instead:
 * a next line that starts with `(` continues it (`a = {}(c)`).
 */
function endsWithBlock(statement: TSESTree.Node): boolean {
  let node = statement;
  for (;;) {
    switch (node.type) {
      case "IfStatement":
        node = node.alternate ?? node.consequent;
        break;
      case "WhileStatement":
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
      case "WithStatement":
      case "LabeledStatement":
        node = node.body;
        break;
      case "BlockStatement":
      case "TryStatement":
      case "SwitchStatement":
      case "FunctionDeclaration":
      case "ClassDeclaration":
      case "TSInterfaceDeclaration":
      case "TSEnumDeclaration":
      case "TSModuleDeclaration":
        return true;
      default:
        return false;
    }
  }
}

/**
 * True when deleting `statement` would let the statements around it parse as one
 * (`a = b` followed by `(c)` reads as `a = b(c)`): the previous statement does not
 * end with `;` or a block (see `endsWithBlock`), and the next starts with a
 * character that continues an expression.
 */
function joinsNeighbours(text: string, statement: TSESTree.Statement, parent: TSESTree.Node): boolean {
  const siblings: readonly TSESTree.Node[] =
    parent.type === "SwitchCase"
      ? parent.consequent
      : parent.type === "BlockStatement" || parent.type === "Program" || parent.type === "StaticBlock"
        ? parent.body
        : [];
  const index = siblings.indexOf(statement);
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  if (index < 1 || !previous || !next || !LINE_CONTINUING_START.test(text.charAt(next.range[0]))) return false;
  const previousText = text.slice(previous.range[0], previous.range[1]);
  return !previousText.endsWith(";") && !(previousText.endsWith("}") && endsWithBlock(previous));
}

/**
 * Where a statement's own text ends (an offset into `text`). Semicolon-less code guards a line that starts with `(` or `[`
 * with a leading `;`, which the parser counts as the end of the statement above: that `;` is not
 * part of what the statement says, and must stay, or the guarded line would join the one before.
 */
export function contentEnd(text: string, statement: TSESTree.Node): number {
  if (statement.type === "IfStatement") return contentEnd(text, statement.alternate ?? statement.consequent);
  const end = statement.range[1];
  if (text.charAt(end - 1) !== ";") return end;
  const last =
    statement.type === "ExpressionStatement"
      ? statement.expression
      : statement.type === "ReturnStatement" || statement.type === "ThrowStatement"
        ? statement.argument
        : null;
  // Comments between the statement and its `;` stay with the `;`.
  return last && text.slice(last.range[1], end - 1).includes("\n") ? last.range[1] : end;
}

/**
 * Edits that delete `statement`, a statement of a statement list, leaving neither a blank line nor a
 * dangling comment of its own: a statement alone on its line goes with its line (and a `//` comment
 * after it on that line); the only statement of a block leaves `{}`.
 *
 * @returns the edits, or `null` when deleting it would join the statements around it (see `joinsNeighbours`).
 */
function removeStatementEdits(text: string, statement: TSESTree.Statement): TextEdit[] | null {
  const parent = statement.parent;
  if (!parent || !STATEMENT_LIST_PARENTS.has(parent.type)) return null;
  const start = statement.range[0];
  const end = contentEnd(text, statement);
  const keepsGuard = end !== statement.range[1];
  if (!keepsGuard && joinsNeighbours(text, statement, parent)) return null;

  if (parent.type === "BlockStatement" && parent.body.length === 1 && !keepsGuard) {
    const inside: [number, number] = [parent.range[0] + 1, parent.range[1] - 1];
    if (isBlank(text.slice(inside[0], start)) && isBlank(text.slice(end, inside[1]))) return [{ range: inside, text: "" }];
  }

  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const newline = text.indexOf("\n", end);
  const lineEnd = newline === -1 ? text.length : newline;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (isBlank(before) && (isBlank(after) || after.trimStart().startsWith("//"))) {
    return [{ range: [lineStart, newline === -1 ? text.length : newline + 1], text: "" }];
  }
  if (isBlank(before)) {
    const spacesAfter = after.length - after.trimStart().length;
    return [{ range: [start, end + spacesAfter], text: "" }];
  }
  const spacesBefore = before.length - before.trimEnd().length;
  return [{ range: [start - spacesBefore, end], text: "" }];
}

/**
 * Edits for an `ExpressionStatement` that only runs the call: deleted from its statement
 * list; as the braceless branch of an `if`, the whole `if` is deleted when it has no `else` and its
 * test has no side effects, else the branch becomes `{}` (it still runs exactly when it did).
 */
function removeCallStatementEdits(text: string, statement: TSESTree.ExpressionStatement): TextEdit[] | null {
  const holder = statement.parent;
  if (holder && STATEMENT_LIST_PARENTS.has(holder.type)) return removeStatementEdits(text, statement);
  if (holder?.type !== "IfStatement") return null;
  if (holder.consequent === statement && !holder.alternate && !hasSideEffects(holder.test)) {
    const whole = removeStatementEdits(text, holder);
    if (whole) return whole;
  }
  return [{ range: [statement.range[0], contentEnd(text, statement)], text: "{}" }];
}

/**
 * Edits that remove the call `call` and nothing else that runs, leaving neither a blank line nor
 * a dangling comment of its own:
 * - `ws.close(…);`, `void ws.close(…);`, `ready && ws.close(…);` (with a left side that has no side
 *   effects) in a statement list: the statement goes (see `removeStatementEdits`);
 * - the same as the braceless branch of an `if` or `else`: see `removeCallStatementEdits`;
 * - `a && ws.close(…);` whose left side has side effects: `a;` stays;
 * - `return ws.close(…);`: `return;` (`close()` returns `undefined`, so the function's value is the same);
 * - an arrow whose body is the call (or `void` of it): the body becomes `{}`.
 *
 * @returns the edits, or `null` when the call sits anywhere else (`f(ws.close())`, `c ? ws.close() : x`),
 *   or removing it would join the statements around it (see `joinsNeighbours`).
 */
export function removeCallEdits(text: string, call: TSESTree.CallExpression): TextEdit[] | null {
  const expression = call.parent?.type === "ChainExpression" ? call.parent : call;
  let outer: TSESTree.Node = expression;
  if (outer.parent?.type === "UnaryExpression" && outer.parent.operator === "void") outer = outer.parent;
  const parent = outer.parent;
  if (parent?.type === "ArrowFunctionExpression" && parent.body === outer) {
    if (!text.slice(0, outer.range[0]).trimEnd().endsWith("=>")) return null;
    return [{ range: [outer.range[0], outer.range[1]], text: "{}" }];
  }
  if (parent?.type === "ReturnStatement" && parent.argument === expression) {
    const keyword = parent.range[0] + "return".length;
    const rest = text.slice(expression.range[1], parent.range[1]).trim();
    if (!isBlank(text.slice(keyword, expression.range[0])) || (rest !== "" && rest !== ";")) return null;
    return [{ range: [keyword, expression.range[1]], text: "" }];
  }
  if (parent?.type === "LogicalExpression" && parent.right === expression && parent.parent?.type === "ExpressionStatement") {
    if (!hasSideEffects(parent.left)) return removeCallStatementEdits(text, parent.parent);
    const leftEnd = parent.left.range[1];
    // `a && ws.close()` → `a`: only when nothing but spaces and the operator lie between (no parentheses, no comments).
    if (!/^\s*(?:&&|\|\||\?\?)\s*$/u.test(text.slice(leftEnd, expression.range[0])) || parent.range[1] !== expression.range[1]) return null;
    return [{ range: [leftEnd, expression.range[1]], text: "" }];
  }
  if (parent?.type === "ExpressionStatement" && parent.expression === outer) return removeCallStatementEdits(text, parent);
  return null;
}

/**
 * Edits that make an `accept()` call half-open: `accept()` gets
 * `{ allowHalfOpen: true }`; an object literal gets the property merged in (or
 * its `allowHalfOpen: false` turned to `true`).
 *
 * @returns the edits, or `null` for a non-literal options argument, which the
 *   core cannot edit safely.
 */
export function allowHalfOpenEdits(text: string, accept: AcceptCall): TextEdit[] | null {
  const { call } = accept;
  if (accept.optionsKind === "none") {
    const close = call.range[1] - 1;
    if (text[close] !== ")") return null;
    return [{ range: [close, close], text: "{ allowHalfOpen: true }" }];
  }
  if (accept.optionsKind !== "literal") return null;
  const options = call.arguments[0] as TSESTree.ObjectExpression;
  if (options.type !== "ObjectExpression") return null;
  if (options.properties.some((p) => p.type === "SpreadElement")) return null;
  const existing = options.properties.find(
    (p): p is TSESTree.Property =>
      p.type === "Property" &&
      ((p.key.type === "Identifier" && !p.computed && p.key.name === "allowHalfOpen") ||
        (p.key.type === "Literal" && p.key.value === "allowHalfOpen")),
  );
  if (existing) {
    if (existing.shorthand) return [{ range: existing.range, text: "allowHalfOpen: true" }];
    return [{ range: existing.value.range, text: "true" }];
  }
  const first = options.properties[0];
  if (!first) return [{ range: options.range, text: "{ allowHalfOpen: true }" }];
  return [{ range: [first.range[0], first.range[0]], text: "allowHalfOpen: true, " }];
}

/**
 * Applies non-overlapping edits to `text`.
 *
 * @throws Error when two edits overlap (the caller must keep one of them).
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let result = "";
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.range[0] < cursor) throw new Error(`Overlapping edits at offset ${edit.range[0]}`);
    result += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return result + text.slice(cursor);
}
