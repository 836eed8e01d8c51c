/**
 * Minimal ESTree traversal over typescript-estree's visitor keys, which cover
 * both ESTree (espree) and TypeScript nodes.
 *
 * No array of children is made per node: a walk of the 930,000 nodes of a 5 MB
 * file (issue 14) takes about 0.15 s, a fifth less than with the arrays.
 */
import { visitorKeys } from "@typescript-eslint/visitor-keys";
import type { AstNode } from "../types.js";

/** Node types that start a new function body: code inside them does not run when the outer code runs. */
const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** True for a function declaration, function expression or arrow function. */
export function isFunctionNode(
  node: AstNode,
): node is Extract<AstNode, { type: "FunctionDeclaration" | "FunctionExpression" | "ArrowFunctionExpression" }> {
  return FUNCTION_TYPES.has(node.type);
}

function isNode(value: unknown): value is AstNode {
  return value !== null && typeof value === "object" && "type" in value;
}

/**
 * Visits `root` and its descendants depth-first in source order. `enter`
 * returning `false` skips the node's children. Sets `parent` on every visited
 * child (typescript-estree's `parse` leaves it unset; ESLint sets it already).
 */
export function walkAst(root: AstNode, enter: (node: AstNode) => boolean | void): void {
  const stack: AstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node) === false) continue;
    // Children are pushed last to first, so that the first is visited first.
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item: unknown = value[i];
          if (isNode(item)) pushChild(stack, item, node);
        }
      } else if (isNode(value)) {
        pushChild(stack, value, node);
      }
    }
  }
}

function pushChild(stack: AstNode[], child: AstNode, parent: AstNode): void {
  if (!child.parent) (child as { parent?: AstNode }).parent = parent;
  stack.push(child);
}

/**
 * Calls `enter` for every node of a function's body that runs when the
 * function runs: nested functions are not entered (their code runs later, or
 * never), but the function itself and its parameters' defaults are.
 */
export function walkFunctionBody(fn: AstNode, enter: (node: AstNode) => void): void {
  walkAst(fn, (node) => {
    if (node !== fn && (isFunctionNode(node) || node.type === "ClassBody")) return false;
    enter(node);
    return true;
  });
}
