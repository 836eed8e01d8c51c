/**
 * Whether a socket stays in this file's sight (docs/rules/require-close-reply.md#when-it-is-silent): no code but its own close handlers can close it, and no code the
 * analysis cannot read gets hold of it. Only then may a rule claim "this close
 * handler never replies" (`require-close-reply`).
 *
 * A socket is out of sight when the file closes it outside its close handlers (a
 * `message` handler, a timer, a method that starts the close, a library's
 * callback: the close event may then be the peer's answer, and no reply is owed),
 * when it is handed to another function or object, or when it is stored in a
 * collection that other code reads or that the file reads back and closes. A
 * collection in sight is a local binding made here (`isFileCollection`) or a class
 * field only its class reads (`isClassFieldCollection`, `field-collections.ts`).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { collectionReadInSight } from "./collection-reads.js";
import { isClassFieldCollection } from "./field-collections.js";
import { parameterCallers } from "./parameter-callers.js";
import type { CloseHandler } from "./socket-model.js";

/** `console` methods: they take a socket as a value and can neither close it nor keep it. */
const CONSOLE_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace"]);
/** Collection methods that look a socket up without keeping it. */
const COLLECTION_LOOKUPS = new Set(["delete", "has", "get", "includes", "indexOf", "lastIndexOf"]);
/** Collection methods that keep the socket: the collection's readers then hold it. */
const COLLECTION_STORES = new Set(["add", "set", "push", "unshift"]);
/** The global constructors (and type names) of collections. */
const COLLECTION_TYPES = new Set(["Set", "Map", "WeakSet", "WeakMap", "Array", "ReadonlySet", "ReadonlyMap", "ReadonlyArray"]);

/** What `staysInSight` needs besides the socket. */
export interface SightContext {
  scope: ScopeIndex;
  /**
   * True when every `x.close(…)` of the file targets a known socket binding (so
   * none can close a socket read back from a collection). Asked at most once
   * per file: pass `closesOnlyKnownSockets(…)` behind a cache.
   */
  fileClosesOnlyKnownSockets: () => boolean;
}

function within(node: { range: [number, number] }, outer: { range: [number, number] }): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** The statement that declares a variable is exported: other modules read the binding. */
function isExported(variable: VariableLike): boolean {
  // A parameter's def node is its function: the function may be exported, the parameter is not.
  if (variable.defs[0]?.type !== "Variable") return false;
  const declaration = variable.defs[0]?.node as TSESTree.Node | undefined;
  const statement = declaration?.type === "VariableDeclarator" ? declaration.parent : declaration;
  return statement?.parent?.type === "ExportNamedDeclaration" || statement?.parent?.type === "ExportDefaultDeclaration";
}

/** A type annotation naming a collection: `Set<WebSocket>`, `Map<…>`, `WebSocket[]`. */
function isCollectionAnnotation(node: TSESTree.Node | undefined): boolean {
  const annotation = node && "typeAnnotation" in node ? (node.typeAnnotation as TSESTree.TSTypeAnnotation | undefined)?.typeAnnotation : undefined;
  if (!annotation) return false;
  if (annotation.type === "TSArrayType") return true;
  return annotation.type === "TSTypeReference" && annotation.typeName.type === "Identifier" && COLLECTION_TYPES.has(annotation.typeName.name);
}

/** An identifier that names a global: undeclared in the file, or one of TypeScript's lib globals (declared nowhere in the file). */
function isGlobal(identifier: TSESTree.Identifier, scope: ScopeIndex): boolean {
  const variable = scope.resolve(identifier);
  return variable === null || variable.defs.length === 0;
}

/** `new Set()`, `new Map(…)`, `[]`: a collection made here, with the global constructor. */
function isNewCollection(node: TSESTree.Node | null, scope: ScopeIndex): boolean {
  const value = node ? unwrapExpression(node) : null;
  if (value?.type === "ArrayExpression") return true;
  return (
    value?.type === "NewExpression" &&
    value.callee.type === "Identifier" &&
    COLLECTION_TYPES.has(value.callee.name) &&
    isGlobal(value.callee, scope)
  );
}

/**
 * A binding proven to hold a collection that only this file reads: made with a
 * collection constructor or typed as one, never reassigned, not exported, and
 * whose every read keeps its sockets in sight (`collectionReadInSight`: lookups,
 * stores, iteration whose elements are only sent to, compared, logged…), never
 * handed on.
 */
function isFileCollection(receiver: TSESTree.Node, scope: ScopeIndex): boolean {
  const object = unwrapExpression(receiver);
  if (object.type !== "Identifier") return false;
  const variable = scope.resolveStable(object);
  const def = variable?.defs[0];
  if (!variable || !def || isExported(variable)) return false;
  if (def.type === "Variable") {
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (!isNewCollection(declarator.init, scope) && !isCollectionAnnotation(declarator.id)) return false;
  } else if (def.type === "Parameter") {
    if (!isCollectionAnnotation(def.name as TSESTree.Node)) return false;
  } else {
    return false;
  }
  const isSame = (node: TSESTree.Node): boolean => {
    const value = unwrapExpression(node);
    return value.type === "Identifier" && scope.resolve(value) === variable;
  };
  return variable.references.every((reference) => reference.isWrite() || collectionReadInSight(reference.identifier as TSESTree.Node, isSame, scope));
}

/** `console.log(…)` with the global `console`. */
export function isConsoleCall(callee: TSESTree.Node, scope: ScopeIndex): boolean {
  if (callee.type !== "MemberExpression") return false;
  const object = unwrapExpression(callee.object);
  return object.type === "Identifier" && object.name === "console" && isGlobal(object, scope) && CONSOLE_METHODS.has(getPropertyName(callee) ?? "");
}

/** A handler named by an identifier that is a function of another module calling no `close()` at all (`module-facts.ts`). */
function closesNothing(handler: TSESTree.Node | undefined, scope: ScopeIndex): boolean {
  const value = handler ? unwrapExpression(handler) : null;
  return value?.type === "Identifier" && scope.crossModule?.handler(value)?.closesAnything === false;
}

/** True when the socket, passed as an argument of `call`, stays in sight. */
function argumentStaysInSight(call: TSESTree.CallExpression, context: SightContext, argument?: TSESTree.Node): boolean {
  const callee = unwrapExpression(call.callee);
  if (isConsoleCall(callee, context.scope)) return true;
  // A function of another module the cross-module view read: it neither closes the socket nor hands it on.
  const imported = argument ? context.scope.crossModule?.argumentFacts(call, argument) : null;
  if (imported) return imported.param.inSight && imported.param.closes === "no";
  if (callee.type !== "MemberExpression") return false;
  if (!isFileCollection(callee.object, context.scope) && !isClassFieldCollection(callee.object, context.scope)) return false;
  const method = getPropertyName(callee) ?? "";
  if (COLLECTION_LOOKUPS.has(method)) return true;
  // The file reads the collection back: a `close()` on a socket taken from it would close this one.
  return COLLECTION_STORES.has(method) && context.fileClosesOnlyKnownSockets();
}

/**
 * @param socket the socket's binding.
 * @param handlers the socket's close handlers the core resolved: what they do is judged by `closesSocket`.
 * @returns true when every read of the socket outside `handlers` is a member use that neither closes it
 *   nor registers an unread close handler (`send`, `accept`, `readyState`, a `message` listener), a
 *   comparison or test, a `console` call, or a lookup in (or, when no `close()` of the file can reach
 *   it back, a store into) a collection only this file reads: a local binding, or a class field whose
 *   every read keeps its elements in sight (`isClassFieldCollection`). For a parameter
 *   (`handleSession(socket)`), each plain binding this file passes to it (`this.handleSession(server)`)
 *   must stay in sight the same way: the caller's `server.close()` closes `socket` too.
 */
export function staysInSight(socket: VariableLike, handlers: readonly CloseHandler[], context: SightContext): boolean {
  return bindingStaysInSight(socket, handlers, context, new Set(), new Set());
}

/** `staysInSight`, where a pass of the binding to one of `passes` (the calls that give a parameter its socket) is in sight. */
function bindingStaysInSight(
  socket: VariableLike,
  handlers: readonly CloseHandler[],
  context: SightContext,
  passes: ReadonlySet<TSESTree.Node>,
  seen: Set<VariableLike>,
): boolean {
  seen.add(socket);
  const readsInSight = socket.references.every((reference) => {
    // A socket binding is never reassigned (findSockets): its only write is its initializer.
    if (reference.isWrite()) return true;
    const identifier = reference.identifier as TSESTree.Identifier;
    if (handlers.some((handler) => within(identifier, handler.fn))) return true;
    const use = outermostWrapper(identifier);
    const parent = use.parent;
    if (!parent) return false;
    if (parent.type === "MemberExpression" && parent.object === use) {
      if (handlers.some((handler) => handler.attachedAt === parent.parent || handler.attachedAt === parent.parent?.parent)) return true;
      const name = getPropertyName(parent);
      // `ws.close(…)` outside a close handler: the Worker may start the close, and the close event is then the answer.
      if (name === "onclose" && parent.parent?.type === "AssignmentExpression" && parent.parent.left === parent && closesNothing(parent.parent.right, context.scope)) return true;
      if (name === null || name === "close" || name === "onclose") return false;
      const call = parent.parent;
      if (name === "addEventListener" && call?.type === "CallExpression" && call.callee === parent) {
        const event = staticString(call.arguments[0]);
        if (event === "close" && closesNothing(call.arguments[1], context.scope)) return true;
        return event !== null && event !== "close";
      }
      return true;
    }
    if (parent.type === "BinaryExpression" || (parent.type === "UnaryExpression" && parent.operator === "!")) return true;
    if ((parent.type === "IfStatement" || parent.type === "ConditionalExpression") && parent.test === use) return true;
    if (parent.type === "CallExpression" && parent.callee !== use) return passes.has(parent) || argumentStaysInSight(parent, context, use);
    return false;
  });
  if (!readsInSight) return false;
  const callers = parameterCallers(socket, context.scope);
  if (!callers) return true;
  const calls = new Set<TSESTree.Node>(callers.calls);
  return callers.calls.every((call) => {
    const argument = call.arguments[callers.index];
    if (!argument || call.arguments.slice(0, callers.index + 1).some((arg) => arg.type === "SpreadElement")) return true;
    const value = unwrapExpression(argument);
    const variable = value.type === "Identifier" ? context.scope.resolve(value) : null;
    if (!variable || seen.has(variable)) return true;
    return bindingStaysInSight(variable, handlers, context, calls, seen);
  });
}

/**
 * @param ast the program.
 * @param known the file's socket bindings.
 * @returns true when every `x.close(…)` call of the file is on an identifier bound to one of `known`.
 */
export function closesOnlyKnownSockets(ast: TSESTree.Program, known: ReadonlySet<VariableLike>, scope: ScopeIndex): boolean {
  let onlyKnown = true;
  walkAst(ast, (node) => {
    if (!onlyKnown) return false;
    if (node.type !== "CallExpression") return true;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "close") return true;
    const object = unwrapExpression(callee.object);
    const target = object.type === "Identifier" ? scope.resolve(object) : null;
    if (!target || !known.has(target)) onlyKnown = false;
    return true;
  });
  return onlyKnown;
}

/**
 * For the Hibernation API's `webSocketClose` (docs/rules/require-hibernation-close.md#when-it-is-silent): true when the file
 * may close a hibernatable socket somewhere else, so no rule may claim that the
 * handler "never replies" (`require-hibernation-close`): a `close()` call outside
 * `handler` (in `webSocketMessage`, an alarm, `this.ctx.getWebSockets().forEach(…)`,
 * a helper) on anything but a known standard-API socket, or a direct call of the
 * class's `webSocketClose` (which then runs while the socket may be OPEN).
 *
 * @param ast the program.
 * @param handler the `webSocketClose` function.
 * @param known the file's standard-API socket bindings (`findSockets`): those are other sockets.
 */
export function hibernatableSocketClosedElsewhere(
  ast: TSESTree.Program,
  handler: TSESTree.Node,
  known: ReadonlySet<VariableLike>,
  scope: ScopeIndex,
): boolean {
  let elsewhere = false;
  walkAst(ast, (node) => {
    if (elsewhere || node === handler) return false;
    if (node.type !== "CallExpression") return true;
    // A function of another module that closes what it is given (`reply(ws, 1011, "error")` in `webSocketError`).
    if (scope.crossModule?.mayCloseArgument(node)) elsewhere = true;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== "MemberExpression") return true;
    const name = getPropertyName(callee);
    if (name === "webSocketClose") elsewhere = true;
    if (name !== "close") return true;
    const object = unwrapExpression(callee.object);
    const target = object.type === "Identifier" ? scope.resolve(object) : null;
    if (!target || !known.has(target)) elsewhere = true;
    return true;
  });
  return elsewhere;
}
