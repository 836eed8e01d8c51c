/**
 * Small questions about how code reads a socket, shared by the findings that
 * look inside close handlers: is this `x.readyState` a read of that socket,
 * is this a `WebSocket.CLOSING` constant.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkFunctionBody } from "../ast/ast-traversal.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";

/** True when `node` is `sock.readyState` (or `sock["readyState"]`, `sock?.readyState`) with `sock` resolving to `socket`. */
export function isReadyStateOf(node: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): boolean {
  let value = unwrapExpression(node);
  if (value.type === "ChainExpression") value = unwrapExpression(value.expression);
  if (value.type !== "MemberExpression" || getPropertyName(value) !== "readyState") return false;
  const object = unwrapExpression(value.object);
  return object.type === "Identifier" && scope.resolveStable(object) === socket;
}

/**
 * True when `node` is the CLOSING state: the literal `2`, `WebSocket.CLOSING`
 * with the global `WebSocket`, or `x.CLOSING` on one of `sockets`.
 */
export function isClosingConstant(node: TSESTree.Node, sockets: ReadonlySet<VariableLike>, scope: ScopeIndex): boolean {
  const value = unwrapExpression(node);
  if (value.type === "Literal") return value.value === 2;
  if (value.type !== "MemberExpression" || getPropertyName(value) !== "CLOSING") return false;
  const object = unwrapExpression(value.object);
  if (object.type !== "Identifier") return false;
  const variable = scope.resolve(object);
  if (variable === null) return object.name === "WebSocket";
  return sockets.has(variable);
}

/**
 * True when `fn` reads `socket.readyState` (outside nested functions) before
 * offset `before`: a test such as `if (ws.readyState === WebSocket.OPEN) ws.send(…)`
 * or an early `if (ws.readyState !== 1) return;` may keep the code after it from
 * running, so that code is not proven to run.
 */
export function readsReadyStateBefore(fn: TSESTree.Node, before: number, socket: VariableLike, scope: ScopeIndex): boolean {
  let found = false;
  walkFunctionBody(fn, (node) => {
    if (!found && node.range[1] <= before && node.type === "MemberExpression" && isReadyStateOf(node, socket, scope)) found = true;
  });
  return found;
}
