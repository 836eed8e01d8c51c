/**
 * Whether evaluating an expression can do anything besides producing its value, as far as the
 * syntax shows. Fixes use it before they drop, skip or repeat an expression: a guard that skips a
 * `close()` must not skip anything else, and a removed `if (test) ws.close()` must not take a call
 * in its test with it.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "./ast-traversal.js";

/** Node types whose evaluation can have side effects. */
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

/**
 * @returns true when `node` holds a call (other than a membership test, see `isMembershipTest`), a
 *   `new`, an assignment, an update, `await`, `yield`, `delete`, a tagged template, `import()`, or a
 *   function or class expression (which creates a new object each time). Property reads count as
 *   pure (a getter could do more; Workers code compares `readyState` and reads event fields).
 */
export function hasSideEffects(node: TSESTree.Node): boolean {
  let found = false;
  walkAst(node, (child) => {
    if (found) return false;
    if (isMembershipTest(child)) return true;
    if (EFFECTFUL_TYPES.has(child.type) || (child.type === "UnaryExpression" && child.operator === "delete")) found = true;
    return !found;
  });
  return found;
}
