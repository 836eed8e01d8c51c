/**
 * Whether a close handler is surely in place before its socket can receive a Close frame: attached
 * in the same function as the socket's `accept()`, unconditionally, with no `await` or `yield`
 * between the two.
 *
 * This matters once a socket is half-open (docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime): the runtime then never answers it, so
 * a Close frame that arrives before the handler is attached, or a handler attached only in some
 * paths (inside an `open` callback of the other leg, behind an `if`), leaves the peer's close
 * hanging, where plain `accept()` had the runtime answer it. Real proxies attach their close
 * handlers inside the upstream's `open` listener.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isFunctionNode, walkAst } from "../ast/ast-traversal.js";
import type { CloseHandler } from "./socket-model.js";

/** Node types a registration may sit in and still run every time its statement list runs. */
const TRANSPARENT = new Set(["ExpressionStatement", "BlockStatement", "ChainExpression", "AssignmentExpression", "TSNonNullExpression", "TSAsExpression"]);

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** True when no function boundary lies between `node` and its ancestor `ancestor`. */
function sameFunction(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== ancestor; current = current.parent) if (isFunctionNode(current)) return false;
  return true;
}

/** True when an `await` or `yield` of `scope` itself (not of a nested function) lies in `[from, to)`. */
function suspendsBetween(scope: TSESTree.Node, from: number, to: number): boolean {
  let found = false;
  walkAst(scope, (node) => {
    if (found) return false;
    if (node !== scope && isFunctionNode(node)) return false;
    if (node.range[1] <= from || node.range[0] >= to) return false;
    if ((node.type === "AwaitExpression" || node.type === "YieldExpression") && node.range[0] >= from) found = true;
    return !found;
  });
  return found;
}

/**
 * @param handler a close handler of the socket (its `attachedAt` is the `addEventListener` call or the
 *   `onclose` assignment).
 * @param accept the socket's `accept()` call, or for a peer the call of the leg it answers.
 * @returns true when `handler` is attached in the function that makes the `accept()` call, in a statement
 *   that runs whenever the call does (between the two, only blocks, a `try` block and expression
 *   statements), and no `await` or `yield` of that function lies between the two.
 */
export function attachedUpFront(handler: CloseHandler, accept: TSESTree.CallExpression): boolean {
  let child: TSESTree.Node = handler.attachedAt;
  let common = child.parent;
  while (common && !contains(common, accept)) {
    const tryBlock = common.type === "TryStatement" && common.block === child;
    if (isFunctionNode(common) || (!TRANSPARENT.has(common.type) && !tryBlock)) return false;
    child = common;
    common = common.parent;
  }
  if (!common || !sameFunction(accept, common)) return false;
  const [from, to] =
    accept.range[1] <= handler.attachedAt.range[0] ? [accept.range[1], handler.attachedAt.range[0]] : [handler.attachedAt.range[1], accept.range[0]];
  return !suspendsBetween(common, from, to);
}
