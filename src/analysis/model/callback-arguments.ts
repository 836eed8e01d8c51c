/**
 * What a same-file function or class passes to a callback it is given: for a
 * parameter of an inline function that is an argument of a call (or `new`) of
 * a function or class of this file, the expressions that every call of that
 * callback passes in the parameter's place.
 *
 * The shape (Cloudflare's chat demo, `workers-chat-demo` `src/chat.mjs`):
 *
 * ```js
 * let limiter = new RateLimiterClient(() => stub(), (err) => webSocket.close(1011, err.stack));
 * class RateLimiterClient {
 *   constructor(getLimiterStub, reportError) { this.reportError = reportError; }
 *   async callLimiter() { try { … } catch (err) { this.reportError(err); } }
 * }
 * ```
 *
 * The callback parameter of the callee (`reportError`) is followed to its
 * uses: called directly (`reportError(x)`, `reportError?.(x)`), or stored once
 * by a statement of the constructor in a `this` field (`this.reportError =
 * reportError`) that the class only calls (`this.reportError(x)`). Any other
 * use (passed on, returned, stored elsewhere, the field read or written by
 * anything else of the file, a `this` that is not the instance) means the file
 * does not show every call: no answer. Code of another module may still call
 * a public field of an exported class; it can only add calls, and the calls
 * this file makes stay what they are.
 */
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import { isInstanceThis, thisFieldName, type ClassNode } from "../ast/instance-fields.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** A function's runtime parameters: a TypeScript `this` parameter is left out. */
function runtimeParams(fn: FunctionNode): TSESTree.Parameter[] {
  const first = fn.params[0];
  return first?.type === "Identifier" && first.name === "this" ? fn.params.slice(1) : fn.params;
}

/** The position of `node` among a call's arguments, or `null` when a spread comes at or before it. */
function argumentIndex(call: TSESTree.CallExpression | TSESTree.NewExpression, node: TSESTree.Node): number | null {
  const index = call.arguments.indexOf(node as TSESTree.CallExpressionArgument);
  if (index < 0 || call.arguments.slice(0, index + 1).some((argument) => argument.type === "SpreadElement")) return null;
  return index;
}

/** The function or class of this file that `callee` names and that nothing reassigns. */
function sameFileTarget(callee: TSESTree.Node, scope: ScopeIndex): FunctionNode | ClassNode | null {
  const value = unwrapExpression(callee);
  if (value.type !== "Identifier") return null;
  const variable = scope.resolve(value);
  if (!variable || variable.defs.length !== 1 || variable.references.some((reference) => reference.isWrite() && !isDeclaratorInit(reference))) return null;
  const def = variable.defs[0]!;
  const node = def.node as TSESTree.Node;
  if ((def.type === "FunctionName" && node.type === "FunctionDeclaration") || (def.type === "ClassName" && node.type === "ClassDeclaration")) return node;
  if (def.type !== "Variable" || node.type !== "VariableDeclarator" || !node.init) return null;
  if ((node.parent as TSESTree.VariableDeclaration | undefined)?.kind !== "const") return null;
  const init = unwrapExpression(node.init);
  return init.type === "FunctionExpression" || init.type === "ArrowFunctionExpression" || init.type === "ClassExpression" ? init : null;
}

function isDeclaratorInit(reference: { identifier: unknown }): boolean {
  const identifier = reference.identifier as TSESTree.Node;
  return identifier.parent?.type === "VariableDeclarator" && identifier.parent.id === identifier;
}

/** The constructor of a class body, if it has one. */
function constructorOf(classNode: ClassNode): TSESTree.FunctionExpression | null {
  for (const member of classNode.body.body) {
    if (member.type === "MethodDefinition" && member.kind === "constructor" && member.value.type === "FunctionExpression") return member.value;
  }
  return null;
}

/** The name a non-computed member expression reads (`#name` for a private one), else `null`. */
function memberName(node: TSESTree.MemberExpression): string | null {
  if (node.computed) return getPropertyName(node);
  return node.property.type === "PrivateIdentifier" ? `#${node.property.name}` : node.property.name;
}

/** The call whose callee is `use` (`f(x)`, `f?.(x)`), else `null`. */
function callOf(use: TSESTree.Node): TSESTree.CallExpression | null {
  const parent = use.parent;
  return parent?.type === "CallExpression" && parent.callee === use ? parent : null;
}

/**
 * The calls `classNode` makes of the field `name` that its constructor sets
 * once from a parameter, or `null` when the field is used any other way
 * anywhere in the file (`program`).
 */
function fieldCalls(classNode: ClassNode, name: string, store: TSESTree.AssignmentExpression | null, program: TSESTree.Program): TSESTree.CallExpression[] | null {
  // A method or field declared with that name would be another value under the same name.
  for (const member of classNode.body.body) {
    if ((member.type === "MethodDefinition" || member.type === "PropertyDefinition") && member.key.type !== "PrivateIdentifier" && !member.computed && member.key.type === "Identifier" && member.key.name === name) {
      if (member.type === "MethodDefinition" || member.value !== null) return null;
    }
    if ((member.type === "MethodDefinition" || member.type === "PropertyDefinition") && member.key.type === "PrivateIdentifier" && `#${member.key.name}` === name) {
      if (member.type === "MethodDefinition" || member.value !== null) return null;
    }
  }
  const calls: TSESTree.CallExpression[] = [];
  let foreign = false;
  walkAst(program, (node) => {
    if (foreign) return false;
    // `const { reportError } = this` reads the field without a member expression.
    if (node.type === "Property" && node.parent?.type === "ObjectPattern" && !node.computed && node.key.type === "Identifier" && node.key.name === name) {
      foreign = true;
      return false;
    }
    if (node.type !== "MemberExpression" || node === store?.left) return true;
    if (memberName(node) !== name) return true;
    const inClass = thisFieldName(node) === name && isInside(node, classNode) && isInstanceThis(unwrapExpression(node.object), classNode);
    const call = inClass ? callOf(outermostWrapper(node)) : null;
    if (call) calls.push(call);
    else foreign = true;
    return true;
  });
  return foreign ? null : calls;
}

function isInside(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** The calls of a callback parameter of `target`, or `null` when it has a use that is not a call the file shows. */
function callsOfParameter(parameter: VariableLike, target: FunctionNode | ClassNode, program: TSESTree.Program): TSESTree.CallExpression[] | null {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of parameter.references) {
    if (reference.isWrite()) return null;
    const use = outermostWrapper(reference.identifier as TSESTree.Node);
    const call = callOf(use);
    if (call) {
      calls.push(call);
      continue;
    }
    // `this.field = callback`, a statement of the constructor's own body.
    const assignment = use.parent;
    const constructor = target.type === "ClassDeclaration" || target.type === "ClassExpression" ? constructorOf(target) : null;
    if (
      !constructor ||
      assignment?.type !== "AssignmentExpression" ||
      assignment.operator !== "=" ||
      assignment.right !== use ||
      assignment.parent?.type !== "ExpressionStatement" ||
      assignment.parent.parent !== constructor.body
    ) {
      return null;
    }
    const name = thisFieldName(assignment.left);
    const fieldUses = name === null ? null : fieldCalls(target as ClassNode, name, assignment, program);
    if (!fieldUses) return null;
    calls.push(...fieldUses);
  }
  return calls;
}

/**
 * The calls a function, or a class's constructor, makes of the callback it is given at `index`
 * (for another module's view: `summarize-declarations.ts`).
 *
 * @returns the calls (see the module comment for the uses followed), or `null` when the parameter
 *   is not a plain identifier or has a use that is not such a call.
 */
export function callsOfCallbackParameter(target: FunctionNode | ClassNode, index: number, scope: ScopeIndex, program: TSESTree.Program): TSESTree.CallExpression[] | null {
  const isClass = target.type === "ClassDeclaration" || target.type === "ClassExpression";
  const fn = isClass ? constructorOf(target) : target;
  const param = fn ? runtimeParams(fn)[index] : undefined;
  if (!fn || runtimeParams(fn).slice(0, index).some((p) => p.type === "RestElement")) return null;
  // `constructor(private readonly reportError: …)`: a TypeScript parameter property is the field `this.reportError`.
  if (isClass && param?.type === "TSParameterProperty" && param.parameter.type === "Identifier" && !param.static) {
    const variable = scope.resolve(param.parameter);
    const direct = variable ? callsOfParameter(variable, target, program) : null;
    const fieldUses = fieldCalls(target, param.parameter.name, null, program);
    return direct && fieldUses ? [...direct, ...fieldUses] : null;
  }
  if (param?.type !== "Identifier") return null;
  const callbackParameter = scope.resolve(param);
  return callbackParameter ? callsOfParameter(callbackParameter, target, program) : null;
}

/**
 * @param parameter a parameter of a function (`def.type === "Parameter"`).
 * @param scope the file's scope index.
 * @param program the file's AST.
 * @returns when `parameter` belongs to an inline function passed to a call or
 *   `new` of a function or class of this file, which only calls it (see the
 *   module comment), the expression each of those calls passes in the
 *   parameter's place (`undefined` for a call that passes nothing there, or
 *   passes a spread before it); `null` otherwise. An empty list means the file
 *   never calls it.
 */
export function callbackArguments(parameter: VariableLike, scope: ScopeIndex, program: TSESTree.Program): Array<TSESTree.Node | undefined> | null {
  const def = parameter.defs[0];
  if (parameter.defs.length !== 1 || def?.type !== "Parameter") return null;
  const callback = def.node as FunctionNode;
  if (callback.type !== "FunctionExpression" && callback.type !== "ArrowFunctionExpression") return null;
  const position = runtimeParams(callback).indexOf(parameter.identifiers[0] as TSESTree.Parameter);
  if (position < 0 || runtimeParams(callback).slice(0, position).some((param) => param.type === "RestElement")) return null;
  const use = outermostWrapper(callback);
  const outer = use.parent;
  if (outer?.type !== "CallExpression" && outer?.type !== "NewExpression") return null;
  const index = argumentIndex(outer, use);
  const target = sameFileTarget(outer.callee, scope);
  if (index === null || !target) return null;
  const isClass = target.type === "ClassDeclaration" || target.type === "ClassExpression";
  if (isClass !== (outer.type === "NewExpression")) return null;
  const calls = callsOfCallbackParameter(target, index, scope, program);
  if (!calls) return null;
  return calls.map((call) => {
    const spreadBefore = call.arguments.slice(0, position + 1).some((argument) => argument.type === "SpreadElement");
    return spreadBefore ? undefined : call.arguments[position];
  });
}
