/**
 * `this.name` in a class: which reads of `this` are the instance of a given
 * class, and the field name a `this.name` / `this.#name` member reads.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { unwrapExpression } from "./expressions.js";

/** A class declaration or expression. */
export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/**
 * @returns the name of a non-computed `this.name` member (`#name` for a
 *   private one, `this!.name` too), else `null`.
 */
export function thisFieldName(node: TSESTree.Node): string | null {
  if (node.type !== "MemberExpression" || node.computed || unwrapExpression(node.object).type !== "ThisExpression") return null;
  return node.property.type === "PrivateIdentifier" ? `#${node.property.name}` : node.property.name;
}

/**
 * @returns true when a `this` inside `classNode` is the instance: its nearest
 *   non-arrow function is a method, accessor or constructor of that class (not
 *   a static one), or it is in the initializer of a non-static field. A `this`
 *   in a nested `function`, a nested class or a static block is something else.
 */
export function isInstanceThis(thisNode: TSESTree.Node, classNode: ClassNode): boolean {
  for (let current = thisNode.parent; current; current = current.parent) {
    if (current.type === "FunctionExpression" || current.type === "FunctionDeclaration") {
      const member = current.parent;
      return member?.type === "MethodDefinition" && !member.static && member.value === current && member.parent?.parent === classNode;
    }
    if (current.type === "PropertyDefinition") return !current.static && current.parent?.parent === classNode;
    if (current.type === "ClassBody" || current.type === "StaticBlock") return false;
  }
  return false;
}
