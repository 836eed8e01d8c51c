/**
 * Whether a function closes a socket it receives: directly, in a `finally`, in
 * a nested callback, or through a helper of the same file (a function, or a
 * method of the same class called on `this`) that it passes the socket to.
 *
 * Three answers, so rules can stay silent when the code does not prove either:
 * `yes` (some `close()` on the socket is there), `no` (proven: no path can
 * close it), `unknown` (the socket escapes to code the core cannot follow, or
 * another `close()` may target it through an alias).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isFunctionNode, walkAst } from "../ast/ast-traversal.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { isGuardedOff } from "./closing-state-guards.js";
import { functionOfVariable, paramIdentifier, runtimeParams } from "./same-file-functions.js";

/**
 * True when `node` calls a method named `close` anywhere, nested functions included:
 * such a call may reach any socket, so a rule that cannot resolve its target stays silent.
 */
export function containsCloseCall(node: TSESTree.Node): boolean {
  let found = false;
  walkAst(node, (child) => {
    if (found) return false;
    if (child.type === "CallExpression") {
      const callee = unwrapExpression(child.callee);
      if (callee.type === "MemberExpression" && getPropertyName(callee) === "close") found = true;
    }
    return true;
  });
  return found;
}

/** The answer of `closesSocket`. */
export type SocketClosing = "yes" | "no" | "unknown";

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/**
 * Methods of collections, `console`, and `DurableObjectState` (`this.ctx.getTags(ws)`,
 * the Hibernation API's way to tell a socket's user in `webSocketClose`) that take a
 * socket as a value and cannot close it.
 */
const NON_CLOSING_METHODS = new Set([
  "add", "delete", "has", "get", "set", "push", "unshift", "includes", "indexOf", "lastIndexOf",
  "log", "info", "warn", "error", "debug", "trace",
  "getTags", "getWebSocketAutoResponseTimestamp",
]);

const MAX_HELPER_DEPTH = 4;

/** Options of `closesSocket`. */
export interface ClosesSocketOptions {
  /**
   * Other sockets proven distinct from the socket asked about (the file's other
   * socket bindings): a `close()` on one of them is not a possible alias.
   */
  knownOthers?: ReadonlySet<VariableLike>;
  /**
   * The socket is a variable the function sees through its closure (a standard
   * close handler reads `server` from the enclosing function): calls to functions
   * of the same file that read it (`closeBoth()`) are followed too.
   */
  closure?: boolean;
  /**
   * `fn` runs only once the socket is closing: it is the socket's own close
   * handler, where `readyState` is 2 (CLOSING) wherever the runtime does not
   * reply itself (docs/runtime-behaviour.md#readystate-in-the-close-handler). A `close()` that runs only
   * when `readyState` is something else (`if (ws.readyState === WebSocket.OPEN)`)
   * then never runs, and is no reply.
   */
  closingAtEntry?: boolean;
}

interface ClosingContext {
  scope: ScopeIndex;
  classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression | null;
  depth: number;
  visiting: Set<FunctionNode>;
  knownOthers: ReadonlySet<VariableLike>;
  closure: boolean;
  closingAtEntry: boolean;
}

function within(node: { range: [number, number] }, outer: { range: [number, number] }): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** A function of this file that a call's callee names: a declaration, a `const` function, or `this.method` of the class. */
function resolveCallee(callee: TSESTree.Node, context: ClosingContext): FunctionNode | null {
  const target = unwrapExpression(callee);
  if (target.type === "Identifier") return functionOfVariable(context.scope.resolveStable(target));
  if (target.type === "MemberExpression" && target.object.type === "ThisExpression" && context.classNode) {
    const name = getPropertyName(target);
    for (const member of context.classNode.body.body) {
      if (member.type !== "MethodDefinition" && member.type !== "PropertyDefinition") continue;
      if (member.static || member.computed || member.key.type !== "Identifier" || member.key.name !== name) continue;
      const value = member.value ? unwrapExpression(member.value) : null;
      if (value && (value.type === "FunctionExpression" || value.type === "ArrowFunctionExpression")) return value;
    }
  }
  return null;
}

/** How one read of the socket variable can close it. */
function closingThroughUse(identifier: TSESTree.Identifier, context: ClosingContext): SocketClosing {
  const use = outermostWrapper(identifier);
  const parent = use.parent;
  if (!parent) return "unknown";
  if (parent.type === "MemberExpression" && parent.object === use) return "no"; // `ws.close(…)` is counted by the caller
  if (parent.type === "BinaryExpression") return "no";
  if (parent.type === "UnaryExpression" && parent.operator === "!") return "no";
  if (
    (parent.type === "IfStatement" || parent.type === "ConditionalExpression" || parent.type === "WhileStatement") &&
    parent.test === use
  ) {
    return "no";
  }
  if (parent.type === "CallExpression" && parent.callee !== use) {
    const index = parent.arguments.indexOf(use as TSESTree.CallExpressionArgument);
    const helper = resolveCallee(parent.callee, context);
    if (helper) {
      // A parameter with a default value (`closeAll(ws, reason = "bye")`) binds the argument given there.
      const param = paramIdentifier(runtimeParams(helper)[index]);
      if (!param || context.depth >= MAX_HELPER_DEPTH || context.visiting.has(helper)) return "unknown";
      const variable = context.scope.resolve(param);
      if (!variable) return "unknown";
      return closingIn(helper, variable, { ...context, depth: context.depth + 1 });
    }
    const callee = unwrapExpression(parent.callee);
    // A function of another module the cross-module view read (`module-facts.ts`): what it does with that parameter.
    const imported = context.scope.crossModule?.argumentFacts(parent, use);
    if (imported) return imported.param.closes;
    if (callee.type === "MemberExpression" && NON_CLOSING_METHODS.has(getPropertyName(callee) ?? "")) return "no";
    return "unknown";
  }
  return "unknown";
}

function closingIn(fn: FunctionNode, socket: VariableLike, context: ClosingContext): SocketClosing {
  const visiting = new Set(context.visiting).add(fn);
  const inner = { ...context, visiting };
  let closesSelf = false;
  let closesSomethingElse = false;
  const closureHelpers: FunctionNode[] = [];
  walkAst(fn.body, (node) => {
    if (node.type !== "CallExpression") return true;
    const callee = unwrapExpression(node.callee);
    if (context.closure) {
      const helper = resolveCallee(callee, context);
      if (helper && !visiting.has(helper)) closureHelpers.push(helper);
    }
    if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "close") return true;
    const object = unwrapExpression(callee.object);
    const target = object.type === "Identifier" ? context.scope.resolve(object) : null;
    if (target === socket) {
      // A close behind a guard the closing socket never passes does not run (docs/runtime-behaviour.md#readystate-in-the-close-handler).
      if (!(context.closingAtEntry && isGuardedOff(node, fn, socket, context.scope))) closesSelf = true;
    }
    else if (!target || !context.knownOthers.has(target)) closesSomethingElse = true;
    return true;
  });
  if (closesSelf) return "yes";
  let answer: SocketClosing = closesSomethingElse ? "unknown" : "no";
  // Only the reads inside `fn`: a closure variable is also read elsewhere in the file.
  const references = socket.references.filter((reference) => within(reference.identifier as TSESTree.Identifier, fn));
  for (const helper of closureHelpers) {
    // A helper of the same file that reads the socket through its closure (`closeBoth()`).
    const readsSocket = socket.references.some((reference) => within(reference.identifier as TSESTree.Identifier, helper));
    if (!readsSocket || within(helper, fn)) continue;
    if (context.depth >= MAX_HELPER_DEPTH) return "unknown";
    const result = closingIn(helper, socket, { ...inner, depth: context.depth + 1 });
    if (result === "yes") return "yes";
    if (result === "unknown") answer = "unknown";
  }
  for (const reference of references) {
    if (reference.isWrite()) return "unknown";
    const result = closingThroughUse(reference.identifier as TSESTree.Identifier, inner);
    if (result === "yes") return "yes";
    if (result === "unknown") answer = "unknown";
  }
  return answer;
}

/**
 * @param fn the function that receives the socket (a `webSocketClose` handler, for example).
 * @param socket the variable of the parameter that holds the socket.
 * @param classNode the class `fn` belongs to, so `this.helper(ws)` can be followed; `null` outside a class.
 * @param options sockets known to be distinct, and whether the socket is read through `fn`'s closure.
 */
export function closesSocket(
  fn: FunctionNode,
  socket: VariableLike,
  scope: ScopeIndex,
  classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression | null,
  options: ClosesSocketOptions = {},
): SocketClosing {
  if (!isFunctionNode(fn)) return "unknown";
  return closingIn(fn, socket, {
    scope,
    classNode,
    depth: 0,
    visiting: new Set(),
    knownOthers: options.knownOthers ?? new Set(),
    closure: options.closure ?? false,
    closingAtEntry: options.closingAtEntry ?? false,
  });
}
