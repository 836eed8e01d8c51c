/**
 * Guards on a socket's `readyState` that a closing socket never passes.
 *
 * In its own close handler a socket's `readyState` is 2 (CLOSING) wherever the
 * runtime does not answer the Close frame itself: before 2026-04-07, with
 * `web_socket_manual_reply_to_close`, and on a half-open socket
 * (docs/runtime-behaviour.md#readystate-in-the-close-handler).
 * A state never goes back to OPEN, so a `close()` behind
 * `if (ws.readyState === WebSocket.OPEN)`, after
 * `if (ws.readyState !== WebSocket.OPEN) return;`, or in the `else` of
 * `readyState === CLOSING || …` never runs anywhere in the close chain, timers
 * and helpers included. `readyState === OPEN || readyState === CLOSING` and
 * `readyState !== CLOSED` pass at 2: a close behind them runs.
 *
 * The guards are evaluated with three values: a test the core cannot read
 * (another variable, a call) is `unknown`, and a close behind it counts as run.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";

/** `readyState` of a socket in its own close handler when no reply has been sent (docs/runtime-behaviour.md#readystate-in-the-close-handler). */
export const CLOSING_READY_STATE = 2;

/** The `WebSocket` constants (WHATWG HTML, "The WebSocket interface"). */
const READY_STATES: Readonly<Record<string, number>> = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };

/** A test's value: proven `true` or `false`, or `unknown`. */
export type Truth = "true" | "false" | "unknown";

function not(value: Truth): Truth {
  return value === "true" ? "false" : value === "false" ? "true" : "unknown";
}

/** `sock.readyState` on the socket. */
function isReadyStateOf(node: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): boolean {
  const value = unwrapExpression(node);
  if (value.type !== "MemberExpression" || getPropertyName(value) !== "readyState") return false;
  const object = unwrapExpression(value.object);
  return object.type === "Identifier" && scope.resolve(object) === socket;
}

/**
 * A ready-state constant: `1`, `WebSocket.OPEN` (the global), `sock.OPEN` on the socket, or a
 * `const` of this file bound to a number (`const WS_READY_STATE_OPEN = 1`, common in proxy Workers).
 */
function readyStateConstant(node: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): number | null {
  const value = unwrapExpression(node);
  if (value.type === "Literal" && typeof value.value === "number") return value.value;
  if (value.type === "Identifier") {
    const def = scope.resolveStable(value)?.defs[0];
    const declarator = def?.type === "Variable" ? (def.node as TSESTree.VariableDeclarator) : null;
    const init = declarator?.init ? unwrapExpression(declarator.init) : null;
    const isConst = declarator?.parent?.type === "VariableDeclaration" && declarator.parent.kind === "const";
    return isConst && init?.type === "Literal" && typeof init.value === "number" ? init.value : null;
  }
  if (value.type !== "MemberExpression") return null;
  const state = READY_STATES[getPropertyName(value) ?? ""];
  if (state === undefined) return null;
  const object = unwrapExpression(value.object);
  if (object.type !== "Identifier") return null;
  const variable = scope.resolve(object);
  if (variable === socket) return state;
  return object.name === "WebSocket" && (variable === null || variable.defs.length === 0) ? state : null;
}

function compare(operator: string, left: number, right: number): Truth {
  switch (operator) {
    case "===":
    case "==":
      return left === right ? "true" : "false";
    case "!==":
    case "!=":
      return left !== right ? "true" : "false";
    case "<":
      return left < right ? "true" : "false";
    case "<=":
      return left <= right ? "true" : "false";
    case ">":
      return left > right ? "true" : "false";
    case ">=":
      return left >= right ? "true" : "false";
    default:
      return "unknown";
  }
}

/** The value of a test when the socket's `readyState` is 2 (CLOSING). */
export function truthWhileClosing(node: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): Truth {
  const test = unwrapExpression(node);
  if (test.type === "UnaryExpression" && test.operator === "!") return not(truthWhileClosing(test.argument, socket, scope));
  if (test.type === "LogicalExpression" && (test.operator === "&&" || test.operator === "||")) {
    const left = truthWhileClosing(test.left, socket, scope);
    const right = truthWhileClosing(test.right, socket, scope);
    if (test.operator === "&&") return left === "false" || right === "false" ? "false" : left === "true" && right === "true" ? "true" : "unknown";
    return left === "true" || right === "true" ? "true" : left === "false" && right === "false" ? "false" : "unknown";
  }
  if (test.type === "BinaryExpression" && test.left.type !== "PrivateIdentifier") {
    if (isReadyStateOf(test.left, socket, scope)) {
      const constant = readyStateConstant(test.right, socket, scope);
      return constant === null ? "unknown" : compare(test.operator, CLOSING_READY_STATE, constant);
    }
    if (isReadyStateOf(test.right, socket, scope)) {
      const constant = readyStateConstant(test.left, socket, scope);
      return constant === null ? "unknown" : compare(test.operator, constant, CLOSING_READY_STATE);
    }
  }
  return "unknown";
}

/** A statement that always leaves the function: `return`, `throw`, or a block ending in one. */
function leaves(statement: TSESTree.Statement): boolean {
  if (statement.type === "ReturnStatement" || statement.type === "ThrowStatement") return true;
  if (statement.type === "BlockStatement") {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && leaves(last);
  }
  return false;
}

/** An earlier statement of the same block, `if (test) return;`, that leaves while the socket is closing. */
function leftEarlier(statement: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): boolean {
  const block = statement.parent;
  if (block?.type !== "BlockStatement" && block?.type !== "Program") return false;
  const index = (block.body as TSESTree.Node[]).indexOf(statement);
  for (const earlier of block.body.slice(0, Math.max(index, 0))) {
    if (earlier.type !== "IfStatement") continue;
    const truth = truthWhileClosing(earlier.test, socket, scope);
    if (truth === "true" && leaves(earlier.consequent)) return true;
    if (truth === "false" && earlier.alternate && leaves(earlier.alternate)) return true;
  }
  return false;
}

/**
 * @param node a node inside `fn` (a `close()` call on the socket).
 * @param fn the function whose run is asked about (a close handler, or a helper it calls); guards outside it are not read.
 * @returns true when a `readyState` guard between `fn` and `node` is proven to keep `node` from running
 *   while the socket is closing: an `if`, `?:`, `&&`/`||` branch it never takes, or an earlier
 *   `if (…) return;` it always takes.
 */
export function isGuardedOff(node: TSESTree.Node, fn: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && child !== fn; child = parent, parent = parent.parent) {
    if ((parent.type === "IfStatement" || parent.type === "ConditionalExpression") && child !== parent.test) {
      const truth = truthWhileClosing(parent.test, socket, scope);
      if (child === parent.consequent ? truth === "false" : truth === "true") return true;
    } else if (parent.type === "LogicalExpression" && child === parent.right) {
      const truth = truthWhileClosing(parent.left, socket, scope);
      if (parent.operator === "&&" ? truth === "false" : parent.operator === "||" && truth === "true") return true;
    }
    if ((parent.type === "BlockStatement" || parent.type === "Program") && leftEarlier(child, socket, scope)) return true;
  }
  return false;
}

/**
 * @param body a close handler's body.
 * @returns the first statement of its top level that always leaves while the socket is closing
 *   (`if (ws.readyState !== WebSocket.OPEN) return;`): code after it never runs there; `null` when none.
 */
export function returnWhileClosing(body: TSESTree.BlockStatement, socket: VariableLike, scope: ScopeIndex): TSESTree.Statement | null {
  for (const statement of body.body) {
    if (statement.type !== "IfStatement") continue;
    const truth = truthWhileClosing(statement.test, socket, scope);
    if ((truth === "true" && leaves(statement.consequent)) || (truth === "false" && statement.alternate && leaves(statement.alternate))) {
      return statement;
    }
  }
  return null;
}
