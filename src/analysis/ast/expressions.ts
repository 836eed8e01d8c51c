/**
 * Reading expressions the way the model needs them: past TypeScript wrappers
 * that do not change a value, and as static strings. Property names come from
 * `@typescript-eslint/utils`' `ASTUtils.getPropertyName` at the call sites.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getStringIfConstant } from "@typescript-eslint/utils/ast-utils";

/** Strips `x!`, `x as T`, `x satisfies T` and `<T>x` wrappers that do not change the value. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === "TSNonNullExpression" ||
    current.type === "TSAsExpression" ||
    current.type === "TSSatisfiesExpression" ||
    current.type === "TSTypeAssertion"
  ) {
    current = current.expression;
  }
  return current;
}

/** The outermost wrapper of `node` that has the same value (see `unwrapExpression`; also an optional chain's `ChainExpression`). */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === "TSNonNullExpression" ||
      current.parent.type === "TSAsExpression" ||
      current.parent.type === "TSSatisfiesExpression" ||
      current.parent.type === "TSTypeAssertion" ||
      current.parent.type === "ChainExpression")
  ) {
    current = current.parent;
  }
  return current;
}

/**
 * The string value of a node whose value is a constant string (`"close"`, `` `close` ``,
 * `"clo" + "se"`), by `ASTUtils.getStringIfConstant` without a scope; `null` when it is
 * not constant or there is no node.
 */
export function staticString(node: TSESTree.Node | undefined): string | null {
  return node ? getStringIfConstant(node) : null;
}
