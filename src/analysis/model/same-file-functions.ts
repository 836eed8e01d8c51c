/**
 * Functions of the same file that a call reaches, and how a call's arguments
 * bind their parameters (issue 10, recall 2 and 3): a function declaration, a
 * never-reassigned `const` function, or a method of the enclosing class called
 * on `this` (`this.closeBoth(ws)`).
 *
 * Precision first: a parameter is bound only by a plain identifier or one with a
 * default value (`reason = "bye"`); a destructuring or rest parameter binds
 * nothing the core follows.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";

/** A function whose body the core can read. */
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** A class whose methods `this.method(…)` can reach. */
export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** The runtime parameters of a function: a TypeScript `this` parameter is left out. */
export function runtimeParams(fn: FunctionNode): TSESTree.Parameter[] {
  const [first] = fn.params;
  return first?.type === "Identifier" && first.name === "this" ? fn.params.slice(1) : fn.params;
}

/**
 * The identifier a parameter binds: `ws`, or `reason` of `reason = "bye"` (the
 * default applies only when the call passes nothing there); `null` for patterns and
 * rest parameters.
 */
export function paramIdentifier(param: TSESTree.Parameter | undefined): TSESTree.Identifier | null {
  if (!param) return null;
  if (param.type === "Identifier") return param;
  if (param.type === "AssignmentPattern" && param.left.type === "Identifier") return param.left;
  if (param.type === "TSParameterProperty") return paramIdentifier(param.parameter as TSESTree.Parameter);
  return null;
}

/** The class a node sits in, so `this.helper(ws)` can be followed. */
export function enclosingClass(node: TSESTree.Node): ClassNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "ClassDeclaration" || current.type === "ClassExpression") return current;
  }
  return null;
}

/** The function a never-reassigned variable names: a function declaration or a `const` function. */
export function functionOfVariable(variable: VariableLike | null): FunctionNode | null {
  const def = variable?.defs[0];
  if (def?.type === "FunctionName" && (def.node as TSESTree.Node).type === "FunctionDeclaration") {
    return def.node as TSESTree.FunctionDeclaration;
  }
  if (def?.type === "Variable") {
    const init = (def.node as TSESTree.VariableDeclarator).init;
    const value = init ? unwrapExpression(init) : null;
    if (value && (value.type === "ArrowFunctionExpression" || value.type === "FunctionExpression")) return value;
  }
  return null;
}

/** The method (or function-valued field) `name` of a class, not static, not computed. */
export function classMethod(classNode: ClassNode, name: string | null): FunctionNode | null {
  if (name === null) return null;
  for (const member of classNode.body.body) {
    if (member.type !== "MethodDefinition" && member.type !== "PropertyDefinition") continue;
    if (member.static || member.computed || member.key.type !== "Identifier" || member.key.name !== name) continue;
    const value = member.value ? unwrapExpression(member.value) : null;
    if (value && (value.type === "FunctionExpression" || value.type === "ArrowFunctionExpression")) return value;
  }
  return null;
}

/**
 * The function of this file a call's callee names: a declaration, a
 * never-reassigned `const` function, or `this.method` of `classNode`; `null` otherwise.
 */
export function resolveCalledFunction(callee: TSESTree.Node, scope: ScopeIndex, classNode: ClassNode | null): FunctionNode | null {
  const target = unwrapExpression(callee);
  if (target.type === "Identifier") return functionOfVariable(scope.resolveStable(target));
  if (target.type === "MemberExpression" && target.object.type === "ThisExpression" && classNode) {
    return classMethod(classNode, getPropertyName(target));
  }
  return null;
}

/**
 * Every call of a function declared in this file, when those are its only uses:
 * the function is named by a never-reassigned binding that is not exported, and
 * every read of it is the callee of a call. `null` when the function may run from
 * elsewhere (exported, passed as a value, stored), so its callers are not all known.
 */
export function allCallsOf(fn: FunctionNode, scope: ScopeIndex): TSESTree.CallExpression[] | null {
  let variable: VariableLike | null = null;
  if (fn.type === "FunctionDeclaration" && fn.id) variable = scope.resolveStable(fn.id);
  else if (fn.parent?.type === "VariableDeclarator" && fn.parent.id.type === "Identifier" && fn.parent.init === fn) {
    variable = scope.resolveStable(fn.parent.id);
  }
  if (!variable) return null;
  const declaration = variable.defs[0]?.node as TSESTree.Node;
  const statement = declaration.type === "VariableDeclarator" ? declaration.parent : declaration;
  if (statement?.parent?.type === "ExportNamedDeclaration" || statement?.parent?.type === "ExportDefaultDeclaration") return null;
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    if (reference.isWrite()) continue;
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const parent = use.parent;
    if (parent?.type !== "CallExpression" || parent.callee !== use) return null;
    calls.push(parent);
  }
  return calls;
}

/** Passes over helpers calling helpers (`a(ws)` calls `b(ws)`). */
const MAX_HELPER_PASSES = 4;

/**
 * The parameters of functions of this file that every call gives one of
 * `variables` (a plain identifier that resolves to it), for functions whose
 * calls are all known (`allCallsOf`); followed through helpers that pass the
 * parameter on. Such a parameter holds one of those values whenever it runs.
 */
export function helperParamsGiven(variables: ReadonlySet<VariableLike>, scope: ScopeIndex): Set<VariableLike> {
  const found = new Set<VariableLike>();
  const known = (variable: VariableLike | null): boolean => variable !== null && (variables.has(variable) || found.has(variable));
  for (let pass = 0; pass < MAX_HELPER_PASSES; pass++) {
    let added = false;
    for (const variable of scope.variables) {
      const def = variable.defs[0];
      if (def?.type !== "Parameter" || found.has(variable) || variables.has(variable) || variable.defs.length !== 1) continue;
      if (variable.references.some((reference) => reference.isWrite())) continue;
      const fn = def.node as FunctionNode;
      const index = runtimeParams(fn).findIndex((param) => paramIdentifier(param) === def.name);
      const calls = index === -1 ? null : allCallsOf(fn, scope);
      if (!calls || calls.length === 0) continue;
      const given = calls.every((call) => {
        const spreadAt = call.arguments.findIndex((arg) => arg.type === "SpreadElement");
        const argument = spreadAt === -1 || index < spreadAt ? call.arguments[index] : undefined;
        const value = argument && argument.type !== "SpreadElement" ? unwrapExpression(argument) : null;
        return value?.type === "Identifier" && known(scope.resolveStable(value));
      });
      if (given) {
        found.add(variable);
        added = true;
      }
    }
    if (!added) break;
  }
  return found;
}
