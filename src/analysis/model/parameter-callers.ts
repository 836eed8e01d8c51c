/**
 * The calls of this file that give a function its parameter: what a socket
 * parameter (`handleSession(socket)`) is, at each call site. `staysInSight` asks
 * whether the argument passed there may be closed or handed on elsewhere: the
 * caller's `server.close()` on a timer closes the parameter's socket too
 * (docs/rules/require-close-reply.md#when-it-is-silent).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Calls of a function found in the file, and the position of the parameter among their arguments. */
export interface ParameterCallers {
  calls: TSESTree.CallExpression[];
  index: number;
}

/** Calls whose callee is a reference of `variable` (`f(…)`). */
function callsOf(variable: VariableLike | null): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable?.references ?? []) {
    const use = outermostWrapper(reference.identifier as TSESTree.Node);
    if (use.parent?.type === "CallExpression" && use.parent.callee === use) calls.push(use.parent);
  }
  return calls;
}

/** `this.name(…)` calls anywhere in the class body. */
function thisCallsIn(body: TSESTree.ClassBody, name: string): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  walkAst(body, (node) => {
    if (node.type !== "CallExpression") return true;
    const callee = unwrapExpression(node.callee);
    if (callee.type === "MemberExpression" && callee.object.type === "ThisExpression" && getPropertyName(callee) === name) calls.push(node);
    return true;
  });
  return calls;
}

/**
 * @param variable a binding; only a plain parameter of a named function is read.
 * @param scope the file's scope index.
 * @returns the file's calls of the function that declares `variable` as a parameter: `f(…)` for a
 *   function declaration or a `const f = (…) => …`, `this.m(…)` in the class for a method or an arrow
 *   field `m`. `null` when `variable` is no such parameter (an inline callback's, a destructured or
 *   rest one). Calls from other modules, or through other references, are not listed.
 */
export function parameterCallers(variable: VariableLike, scope: ScopeIndex): ParameterCallers | null {
  const def = variable.defs[0];
  if (def?.type !== "Parameter") return null;
  const fn = def.node as FunctionNode;
  const name = def.name as TSESTree.Node;
  // A TypeScript `this` parameter is not a runtime parameter.
  const params = fn.params[0]?.type === "Identifier" && fn.params[0].name === "this" ? fn.params.slice(1) : fn.params;
  const index = params.findIndex((param) => param === name || (param.type === "AssignmentPattern" && param.left === name));
  if (index < 0 || params.slice(0, index).some((param) => param.type === "RestElement")) return null;
  if (fn.type === "FunctionDeclaration") return fn.id ? { calls: callsOf(scope.resolve(fn.id)), index } : null;
  const parent = fn.parent;
  if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" && parent.init && unwrapExpression(parent.init) === fn) {
    return { calls: callsOf(scope.resolve(parent.id)), index };
  }
  if ((parent?.type === "MethodDefinition" || parent?.type === "PropertyDefinition") && parent.value === fn && !parent.static && !parent.computed) {
    const key = parent.key.type === "Identifier" ? parent.key.name : null;
    return key ? { calls: thisCallsIn(parent.parent, key), index } : null;
  }
  return null;
}
