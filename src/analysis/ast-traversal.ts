/**
 * Minimal ESTree traversal over typescript-estree's visitor keys, which cover
 * both ESTree (espree) and TypeScript nodes.
 */
import { visitorKeys } from "@typescript-eslint/visitor-keys";
import type { AstNode } from "./types.js";

/** Node types that start a new function body: code inside them does not run when the outer code runs. */
const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** True for a function declaration, function expression or arrow function. */
export function isFunctionNode(
  node: AstNode,
): node is Extract<AstNode, { type: "FunctionDeclaration" | "FunctionExpression" | "ArrowFunctionExpression" }> {
  return FUNCTION_TYPES.has(node.type);
}

function childNodes(node: AstNode): AstNode[] {
  const keys = visitorKeys[node.type] ?? [];
  const children: AstNode[] = [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === "object" && "type" in item) children.push(item as AstNode);
    } else if (value && typeof value === "object" && "type" in value) {
      children.push(value as AstNode);
    }
  }
  return children;
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
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      if (!child.parent) (child as { parent?: AstNode }).parent = node;
      stack.push(child);
    }
  }
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
