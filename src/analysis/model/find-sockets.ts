/**
 * Finds the file's standard-API sockets (docs/rules/no-redundant-close.md#what-it-reports): bindings on which `accept()`
 * is called and a close handler is attached, with the handlers and the
 * `close()` calls that run in them, each resolved through scope.
 *
 * Precision first: a binding that may be reassigned, a handler that is not a
 * function in this file, or a `close()` on an expression the scope does not
 * resolve is left out, so no rule can report on it.
 */
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isFunctionNode, walkAst, walkFunctionBody } from "../ast/ast-traversal.js";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import { assignedOnceValue, isNeverReassigned, isOneBinding, type ScopeIndex, type VariableLike } from "../ast/scope-lookup.js";
import { allCallsOf, paramIdentifier, resolveCalledFunction, runtimeParams, type ClassNode } from "./same-file-functions.js";
import type {
  AcceptCall,
  CloseArguments,
  CloseCallSite,
  CloseHandler,
  HalfOpenState,
  HandlerCloseCall,
  MessageForward,
  SocketBinding,
  SocketOrigin,
} from "./socket-model.js";

type FunctionNode = CloseHandler["fn"];

/** `new WebSocketPair()` with the global `WebSocketPair` (not a local binding of that name). */
function isNewWebSocketPair(node: TSESTree.Node, scope: ScopeIndex): boolean {
  const expression = unwrapExpression(node);
  return (
    expression.type === "NewExpression" &&
    expression.callee.type === "Identifier" &&
    expression.callee.name === "WebSocketPair" &&
    scope.resolve(expression.callee) === null
  );
}

/** `new WebSocketPair()`, or a never-reassigned binding initialised with it. */
export function isWebSocketPairValue(node: TSESTree.Node, scope: ScopeIndex): boolean {
  const expression = unwrapExpression(node);
  if (isNewWebSocketPair(expression, scope)) return true;
  if (expression.type !== "Identifier") return false;
  const variable = scope.resolveStable(expression);
  const def = variable?.defs[0];
  if (def?.type !== "Variable") return false;
  const declarator = def.node as TSESTree.VariableDeclarator;
  return declarator.id.type === "Identifier" && declarator.init !== null && isNewWebSocketPair(declarator.init, scope);
}

/**
 * `const [client, server] = [pair[0], pair[1]]`: the array literal's element at the
 * binding's position is `pair[0]` or `pair[1]` of a `WebSocketPair` value (a shape
 * found in public relays, beside `Object.values(pair)`).
 */
function isPairEndInArrayLiteral(pattern: TSESTree.ArrayPattern, init: TSESTree.Node, name: TSESTree.Identifier, scope: ScopeIndex): boolean {
  if (init.type !== "ArrayExpression") return false;
  const index = pattern.elements.findIndex((element) => element === name);
  const element = index >= 0 ? init.elements[index] : undefined;
  const value = element && element.type !== "SpreadElement" ? unwrapExpression(element) : null;
  if (value?.type !== "MemberExpression" || !value.computed) return false;
  const property = unwrapExpression(value.property);
  return property.type === "Literal" && (property.value === 0 || property.value === 1) && isWebSocketPairValue(value.object, scope);
}

/** Classifies a binding's origin. */
export function socketOrigin(variable: VariableLike, scope: ScopeIndex): SocketOrigin {
  const def = variable.defs[0]!;
  if (def.type === "Parameter") return "parameter";
  if (def.type !== "Variable") return "other";
  const declarator = def.node as TSESTree.VariableDeclarator;
  // A `let` assigned once after an empty start takes its origin from the assigned value.
  const value = assignedOnceValue(variable) ?? declarator.init;
  const init = value ? unwrapExpression(value) : null;
  if (!init) return "other";
  if (init.type === "NewExpression" && init.callee.type === "Identifier" && init.callee.name === "WebSocket" && scope.resolve(init.callee) === null) {
    return "new-websocket";
  }
  if (declarator.id.type === "ArrayPattern") {
    if (isObjectValuesOfPair(init, scope)) return "websocket-pair";
    // `const [client, server] = makeWebSocketPair()`, a function of another module that returns a pair's ends.
    const call = unwrapExpression(init.type === "AwaitExpression" ? init.argument : init);
    if (call.type === "CallExpression" && scope.crossModule?.callee(call)?.returns === "websocket-pair-ends") return "websocket-pair";
    return isPairEndInArrayLiteral(declarator.id, init, def.name as TSESTree.Identifier, scope) ? "websocket-pair" : "other";
  }
  if (declarator.id.type === "ObjectPattern") return isWebSocketPairValue(init, scope) ? "websocket-pair" : "other";
  if (init.type === "MemberExpression") {
    if (isWebSocketPairValue(init.object, scope)) return "websocket-pair";
    if (getPropertyName(init) === "webSocket") return "fetch-response";
  }
  if (isResponseWebSocketFromHelper(init, scope)) return "fetch-response";
  return "other";
}

/** `x.webSocket` (a `fetch()` response's socket), or a `const` bound to one. */
function isResponseWebSocket(node: TSESTree.Node, scope: ScopeIndex): boolean {
  const value = unwrapExpression(node.type === "AwaitExpression" ? node.argument : node);
  if (value.type === "MemberExpression") return getPropertyName(value) === "webSocket";
  if (value.type !== "Identifier") return false;
  const def = scope.resolveStable(value)?.defs[0];
  if (def?.type !== "Variable") return false;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const init = declarator.init ? unwrapExpression(declarator.init) : null;
  return declarator.id.type === "Identifier" && init?.type === "MemberExpression" && getPropertyName(init) === "webSocket";
}

/** What a function gives back: its expression body, or the argument of each `return` (`null` for a bare `return`). */
function returnedValues(fn: FunctionNode): (TSESTree.Node | null)[] {
  if (fn.body.type !== "BlockStatement") return [fn.body];
  const returns: (TSESTree.Node | null)[] = [];
  walkFunctionBody(fn, (node) => {
    if (node.type === "ReturnStatement") returns.push(node.argument);
  });
  return returns;
}

/**
 * The Workers socket every `return` of `fn` gives (for another module's view, `module-facts.ts`):
 * `response-websocket` when each gives a response's `.webSocket`; `websocket-pair-ends` when each gives
 * an array of `WebSocketPair` ends (`return [client, server]`) or `Object.values(pair)`; else `null`.
 */
export function returnedSocketKind(fn: FunctionNode, scope: ScopeIndex): "websocket-pair-ends" | "response-websocket" | null {
  const values = returnedValues(fn);
  if (values.length === 0 || values.some((value) => value === null)) return null;
  if (values.every((value) => isResponseWebSocket(value!, scope))) return "response-websocket";
  const isPairEnds = (node: TSESTree.Node): boolean => {
    const value = unwrapExpression(node);
    if (value.type === "CallExpression") return isObjectValuesOfPair(value, scope);
    if (value.type !== "ArrayExpression" || value.elements.length === 0) return false;
    return value.elements.every((element) => {
      const item = element && element.type !== "SpreadElement" ? unwrapExpression(element) : null;
      const variable = item?.type === "Identifier" ? scope.resolveStable(item) : null;
      return variable !== null && socketOrigin(variable, scope) === "websocket-pair";
    });
  };
  return values.every((value) => isPairEnds(value!)) ? "websocket-pair-ends" : null;
}

/** `Object.values(pair)` on a `WebSocketPair` value. */
function isObjectValuesOfPair(init: TSESTree.Node, scope: ScopeIndex): boolean {
  return (
    init.type === "CallExpression" &&
    init.callee.type === "MemberExpression" &&
    init.callee.object.type === "Identifier" &&
    init.callee.object.name === "Object" &&
    getPropertyName(init.callee) === "values" &&
    init.arguments[0] !== undefined &&
    isWebSocketPairValue(init.arguments[0], scope)
  );
}

/**
 * `await connectBackend(…)` (or without `await`) where `connectBackend` is a
 * function of this file whose every `return` gives a response's `.webSocket`
 * (README "Sockets it understands": backend sockets that come back from a helper), or a function of
 * another module the cross-module view says does (`FunctionFacts.returns`).
 */
function isResponseWebSocketFromHelper(init: TSESTree.Node, scope: ScopeIndex): boolean {
  const call = unwrapExpression(init.type === "AwaitExpression" ? init.argument : init);
  if (call.type !== "CallExpression") return false;
  if (scope.crossModule?.callee(call)?.returns === "response-websocket") return true;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== "Identifier") return false;
  const def = scope.resolveStable(callee)?.defs[0];
  let fn: FunctionNode | null = null;
  if (def?.type === "FunctionName" && (def.node as TSESTree.Node).type === "FunctionDeclaration") fn = def.node as TSESTree.FunctionDeclaration;
  if (def?.type === "Variable") {
    const value = (def.node as TSESTree.VariableDeclarator).init;
    const fnValue = value ? unwrapExpression(value) : null;
    if (fnValue?.type === "ArrowFunctionExpression" || fnValue?.type === "FunctionExpression") fn = fnValue;
  }
  if (!fn) return false;
  if (fn.body.type !== "BlockStatement") return isResponseWebSocket(fn.body, scope);
  const returns: TSESTree.ReturnStatement[] = [];
  walkFunctionBody(fn, (node) => {
    if (node.type === "ReturnStatement") returns.push(node);
  });
  return returns.length > 0 && returns.every((statement) => statement.argument !== null && isResponseWebSocket(statement.argument, scope));
}

/** Reads `accept()`'s options: only an object literal without spreads can be proven not half-open. */
export function readAcceptCall(call: TSESTree.CallExpression): AcceptCall {
  const options = call.arguments[0];
  if (!options) return { call, optionsKind: "none", halfOpen: "no", autoReplyOnEveryDate: false };
  const value = unwrapExpression(options);
  if (value.type !== "ObjectExpression") return { call, optionsKind: "other", halfOpen: "unknown", autoReplyOnEveryDate: false };
  let halfOpen: HalfOpenState = "no";
  let explicitFalse = false;
  for (const property of value.properties) {
    if (property.type === "SpreadElement") {
      halfOpen = "unknown";
      continue;
    }
    const key = property.computed ? staticString(property.key) : property.key.type === "Identifier" ? property.key.name : staticString(property.key);
    if (key === null && property.computed) halfOpen = "unknown";
    if (key !== "allowHalfOpen") continue;
    const flag = unwrapExpression(property.value);
    halfOpen = flag.type === "Literal" && typeof flag.value === "boolean" ? (flag.value ? "yes" : "no") : "unknown";
    explicitFalse = flag.type === "Literal" && flag.value === false;
  }
  return { call, optionsKind: "literal", halfOpen, autoReplyOnEveryDate: explicitFalse && halfOpen === "no" };
}

/**
 * The events a named handler of `event` may also be registered for and still be
 * followed: a close handler that also runs on `error` (`ws.addEventListener("error", end)`)
 * is still a close handler, but not an exclusive one (`CloseHandler.exclusive`).
 */
const ALSO_REGISTERED_FOR: Record<HandledEvent, readonly string[]> = { close: ["close", "error"], message: ["message"] };

/** The event a use of a handler registers it for (`addEventListener(event, fn)`, `onevent = fn`), or `null` for any other use. */
function registeredEvent(use: TSESTree.Node): string | null {
  const parent = use.parent;
  if (parent?.type === "CallExpression" && parent.arguments[1] === use && parent.callee.type === "MemberExpression") {
    return getPropertyName(parent.callee) === "addEventListener" ? staticString(parent.arguments[0]) : null;
  }
  if (parent?.type === "AssignmentExpression" && parent.operator === "=" && parent.right === use && parent.left.type === "MemberExpression") {
    const name = getPropertyName(parent.left);
    return name?.startsWith("on") ? name.slice(2) : null;
  }
  return null;
}

/**
 * True when every read of a named handler attaches it as a handler of `event`
 * (for `close`, also of `error`). A close handler called directly or passed
 * elsewhere runs at times the core cannot see, so it is not followed at all.
 */
function isUsedOnlyAsHandlerOf(variable: VariableLike, event: HandledEvent): boolean {
  const allowed = ALSO_REGISTERED_FOR[event];
  return variable.references.every((reference) => {
    if (reference.isWrite()) return true;
    const registered = registeredEvent(outermostWrapper(reference.identifier as TSESTree.Identifier));
    return registered !== null && allowed.includes(registered);
  });
}

/** The socket events whose handlers the core follows. */
type HandledEvent = "close" | "message";

/**
 * Resolves a handler argument to a function in this file: inline, or a
 * never-reassigned declaration that is used only as a handler of `event`.
 */
function resolveHandlerFunction(node: TSESTree.Node | undefined, scope: ScopeIndex, event: HandledEvent = "close"): FunctionNode | null {
  if (!node) return null;
  const expression = unwrapExpression(node);
  if (expression.type === "ArrowFunctionExpression" || expression.type === "FunctionExpression") return expression;
  if (expression.type !== "Identifier") return null;
  const variable = scope.resolveStable(expression);
  const def = variable?.defs[0];
  if (!variable || !def || !isUsedOnlyAsHandlerOf(variable, event)) return null;
  if (def.type === "FunctionName") {
    const fn = def.node as TSESTree.Node;
    return fn.type === "FunctionDeclaration" ? fn : null;
  }
  if (def.type === "Variable") {
    const init = (def.node as TSESTree.VariableDeclarator).init;
    const value = init ? unwrapExpression(init) : null;
    if (value && (value.type === "ArrowFunctionExpression" || value.type === "FunctionExpression")) return value;
  }
  return null;
}

/** True when `identifier` is the handler argument of `sock.addEventListener("close", …)` or `sock.onclose = …` on `socket`. */
function isCloseRegistrationOn(identifier: TSESTree.Identifier, socket: VariableLike, scope: ScopeIndex): boolean {
  const use = outermostWrapper(identifier);
  const parent = use.parent;
  let target: TSESTree.Node | null = null;
  if (parent?.type === "CallExpression" && parent.arguments[1] === use && staticString(parent.arguments[0]) === "close") {
    const callee = unwrapExpression(parent.callee);
    if (callee.type === "MemberExpression" && getPropertyName(callee) === "addEventListener") target = callee.object;
  } else if (parent?.type === "AssignmentExpression" && parent.operator === "=" && parent.right === use) {
    const left = parent.left;
    if (left.type === "MemberExpression" && getPropertyName(left) === "onclose") target = left.object;
  }
  const object = target ? unwrapExpression(target) : null;
  return object?.type === "Identifier" && scope.resolveStable(object) === socket;
}

/** The never-reassigned, declared and not exported variable a named handler resolves to; `null` otherwise (other modules may call an exported one). */
function unexportedHandlerVariable(identifier: TSESTree.Identifier, scope: ScopeIndex): VariableLike | null {
  const variable = scope.resolveStable(identifier);
  const declaration = variable?.defs[0]?.node as TSESTree.Node | undefined;
  if (!variable || !declaration) return null;
  const statement = declaration.type === "VariableDeclarator" ? declaration.parent : declaration;
  const exported = statement?.parent?.type === "ExportNamedDeclaration" || statement?.parent?.type === "ExportDefaultDeclaration";
  return exported ? null : variable;
}

/**
 * True when the handler passed as `argument` runs only as a close handler of
 * `socket` (see `CloseHandler.exclusive`): inline, or a function that is not
 * exported and whose every other use registers it as a close handler of `socket`.
 */
function isExclusiveHandler(argument: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): boolean {
  const expression = unwrapExpression(argument);
  if (expression.type !== "Identifier") return true;
  const variable = unexportedHandlerVariable(expression, scope);
  if (!variable) return false;
  return variable.references.every(
    (reference) => reference.isWrite() || isCloseRegistrationOn(reference.identifier as TSESTree.Identifier, socket, scope),
  );
}

/**
 * True when the named handler passed as `argument` runs only for events of
 * `socket`, on `close` and on `error` (`const end = () => {…}; ws.addEventListener("close", end);
 * ws.addEventListener("error", end)`): not exported, every other use a `close` or `error`
 * registration on this same socket (see `CloseHandler.alsoOnError`).
 */
function isCloseAndErrorHandler(argument: TSESTree.Node, socket: VariableLike, scope: ScopeIndex): boolean {
  const expression = unwrapExpression(argument);
  if (expression.type !== "Identifier") return false;
  const variable = unexportedHandlerVariable(expression, scope);
  if (!variable) return false;
  let onError = false;
  const onlyThisSocket = variable.references.every((reference) => {
    if (reference.isWrite()) return true;
    const identifier = reference.identifier as TSESTree.Identifier;
    if (isCloseRegistrationOn(identifier, socket, scope)) return true;
    const use = outermostWrapper(identifier);
    if (registeredEvent(use) !== "error") return false;
    const parent = use.parent!;
    const target =
      parent.type === "CallExpression" && parent.callee.type === "MemberExpression"
        ? parent.callee.object
        : parent.type === "AssignmentExpression" && parent.left.type === "MemberExpression"
          ? parent.left.object
          : null;
    const object = target ? unwrapExpression(target) : null;
    onError = true;
    return object?.type === "Identifier" && scope.resolveStable(object) === socket;
  });
  return onlyThisSocket && onError;
}

/**
 * Classifies a `close()` call's arguments against the handler's event parameter
 * (`e` with `e.code`/`e.reason`, or a destructured `{ code, reason }`).
 */
export function classifyCloseArguments(call: TSESTree.CallExpression, fn: FunctionNode, scope: ScopeIndex): CloseArguments {
  const args = call.arguments;
  if (args.length === 0) return "none";
  if (args.length > 2 || args.some((arg) => arg.type === "SpreadElement")) return "custom";
  // A TypeScript `this` parameter is not a runtime parameter: the event is the one after it.
  const [first, second] = fn.params;
  const eventParam = first?.type === "Identifier" && first.name === "this" ? second : first;
  if (!eventParam) return "custom";
  const matches = (arg: TSESTree.Node | undefined, field: "code" | "reason"): boolean => {
    if (!arg) return false;
    const value = unwrapExpression(arg);
    if (eventParam.type === "Identifier") {
      if (value.type !== "MemberExpression" || getPropertyName(value) !== field) return false;
      const object = unwrapExpression(value.object);
      return object.type === "Identifier" && scope.resolve(object) === scope.resolve(eventParam);
    }
    if (eventParam.type === "ObjectPattern" && value.type === "Identifier") {
      const property = eventParam.properties.find(
        (p): p is TSESTree.Property =>
          p.type === "Property" && !p.computed && p.key.type === "Identifier" && p.key.name === field,
      );
      return property?.value.type === "Identifier" && scope.resolve(value) === scope.resolve(property.value);
    }
    return false;
  };
  const echoesCode = matches(args[0], "code");
  const echoesReason = args.length === 1 || matches(args[1], "reason");
  return echoesCode && echoesReason ? "echo" : "custom";
}

/** Helpers are followed this many calls deep from a close handler. */
const MAX_HELPER_DEPTH = 4;

/** Global functions that surely run the function they are given, later (`setTimeout(() => ws.close(…))`). */
const CALLBACK_RUNNERS = new Set(["setTimeout", "queueMicrotask"]);

/** What the core knows inside one function on the way from a close handler to a `close()` call. */
interface CloseFrame {
  fn: FunctionNode;
  path: FunctionNode[];
  site: CloseCallSite;
  /** A helper's parameters bound to a stable binding of its caller (the socket passed in). */
  bound: Map<VariableLike, VariableLike>;
  /** A helper's parameters bound to nothing the core follows: a `close()` on them targets an unknown socket. */
  unbound: Set<VariableLike>;
  /** Parameters that hold the close event, its `code`, its `reason` (bound by the caller). */
  events: Set<VariableLike>;
  codes: Set<VariableLike>;
  reasons: Set<VariableLike>;
  /** The class whose instance `this` is in `fn`, so `this.helper(…)` can be followed. */
  thisClass: ClassNode | null;
}

/** The class whose instance `this` is inside `fn`: a method's, or an arrow's enclosing method's (a `function` has its own `this`). */
function thisClassOf(fn: FunctionNode): ClassNode | null {
  let current: TSESTree.Node | undefined = fn;
  while (current) {
    if (current.type === "ArrowFunctionExpression") {
      current = current.parent;
      continue;
    }
    if (current.type === "PropertyDefinition" || current.type === "StaticBlock") return null;
    if (current.type === "FunctionExpression" || current.type === "FunctionDeclaration") {
      const parent = current.parent;
      return parent?.type === "MethodDefinition" && !parent.static ? (parent.parent.parent as ClassNode) : null;
    }
    if (current.type === "ClassBody") return null;
    current = current.parent;
  }
  return null;
}

/** Classifies a helper's `close()` arguments against the event, code and reason its caller passed in. */
function classifyBoundCloseArguments(call: TSESTree.CallExpression, frame: CloseFrame, scope: ScopeIndex): CloseArguments {
  const args = call.arguments;
  if (args.length === 0) return "none";
  if (args.length > 2 || args.some((arg) => arg.type === "SpreadElement")) return "custom";
  const matches = (arg: TSESTree.Node | undefined, field: "code" | "reason"): boolean => {
    if (!arg) return false;
    const value = unwrapExpression(arg);
    if (value.type === "Identifier") {
      const variable = scope.resolve(value);
      return variable !== null && (field === "code" ? frame.codes : frame.reasons).has(variable);
    }
    if (value.type !== "MemberExpression" || getPropertyName(value) !== field) return false;
    const object = unwrapExpression(value.object);
    const variable = object.type === "Identifier" ? scope.resolve(object) : null;
    return variable !== null && frame.events.has(variable);
  };
  return matches(args[0], "code") && (args.length === 1 || matches(args[1], "reason")) ? "echo" : "custom";
}

/** The frame of a helper called with `call`'s arguments from `caller`: each parameter bound to what the argument is. */
function helperFrame(helper: FunctionNode, call: TSESTree.CallExpression, caller: CloseFrame, scope: ScopeIndex): CloseFrame {
  const frame: CloseFrame = {
    fn: helper,
    path: [...caller.path, helper],
    site: "helper",
    bound: new Map(),
    unbound: new Set(),
    events: new Set(),
    codes: new Set(),
    reasons: new Set(),
    thisClass: thisClassOf(helper),
  };
  const spreadAt = call.arguments.findIndex((arg) => arg.type === "SpreadElement");
  for (const [index, param] of runtimeParams(helper).entries()) {
    const identifier = paramIdentifier(param);
    const variable = identifier ? scope.resolve(identifier) : null;
    if (!variable) continue;
    const argument = spreadAt === -1 || index < spreadAt ? call.arguments[index] : undefined;
    const value = argument ? unwrapExpression(argument) : null;
    if (!value || !isNeverReassigned(variable)) {
      frame.unbound.add(variable);
      continue;
    }
    if (value.type === "Identifier") {
      const passed = scope.resolve(value);
      if (passed && caller.events.has(passed)) frame.events.add(variable);
      else if (passed && caller.codes.has(passed)) frame.codes.add(variable);
      else if (passed && caller.reasons.has(passed)) frame.reasons.add(variable);
      else if (passed && caller.bound.has(passed)) frame.bound.set(variable, caller.bound.get(passed)!);
      else if (passed && !caller.unbound.has(passed) && scope.resolveStable(value)) frame.bound.set(variable, passed);
      else frame.unbound.add(variable);
      continue;
    }
    if (value.type === "MemberExpression") {
      const object = unwrapExpression(value.object);
      const event = object.type === "Identifier" ? scope.resolve(object) : null;
      const field = getPropertyName(value);
      if (event && caller.events.has(event) && field === "code") frame.codes.add(variable);
      else if (event && caller.events.has(event) && field === "reason") frame.reasons.add(variable);
      else frame.unbound.add(variable);
      continue;
    }
    frame.unbound.add(variable);
  }
  return frame;
}

/**
 * The `close()` calls that run when close handler `fn` runs, and whose target
 * resolves to a stable binding: in its body, in a callback it gives
 * `setTimeout`/`queueMicrotask`, and in the functions of this file it calls
 * (`forwardClose(target, e)`, `this.closeBoth(ws)`, `closeBoth()`), up to
 * `MAX_HELPER_DEPTH` calls deep. A helper's `close()` on its parameter targets
 * what this call passed (`target` is `backend` when the handler calls
 * `forwardClose(backend, e)`), so a helper called with different sockets
 * elsewhere proves nothing about them here. Other nested functions are not
 * entered (their code runs later, or never).
 */
export function findHandlerCloseCalls(fn: FunctionNode, socket: VariableLike, scope: ScopeIndex): HandlerCloseCall[] {
  const calls: HandlerCloseCall[] = [];
  const seen = new Set<TSESTree.CallExpression>();
  const visit = (frame: CloseFrame, visiting: ReadonlySet<FunctionNode>, depth: number): void => {
    walkAst(frame.fn, (node) => {
      if (node !== frame.fn && node.type === "ClassBody") return false;
      if (node !== frame.fn && isFunctionNode(node)) {
        const runner = node.parent?.type === "CallExpression" && node.parent.arguments[0] === node ? unwrapExpression(node.parent.callee) : null;
        const runsLater = runner?.type === "Identifier" && CALLBACK_RUNNERS.has(runner.name) && scope.resolve(runner) === null;
        if (!runsLater) return false;
        const thisClass = node.type === "ArrowFunctionExpression" ? frame.thisClass : null;
        visit({ ...frame, fn: node, path: [...frame.path, node], site: frame.site === "direct" ? "callback" : frame.site, thisClass }, visiting, depth);
        return false;
      }
      if (node.type !== "CallExpression") return true;
      const callee = unwrapExpression(node.callee);
      if (callee.type === "MemberExpression" && getPropertyName(callee) === "close") {
        const object = unwrapExpression(callee.object);
        if (object.type !== "Identifier" || seen.has(node)) return true;
        const variable = scope.resolve(object);
        const target = variable && frame.bound.has(variable) ? frame.bound.get(variable)! : variable && frame.unbound.has(variable) ? null : scope.resolveStable(object);
        if (!target) return true;
        seen.add(node);
        calls.push({
          call: node,
          target: target === socket ? { kind: "self" } : { kind: "other", variable: target },
          args: frame.site === "helper" ? classifyBoundCloseArguments(node, frame, scope) : classifyCloseArguments(node, fn, scope),
          site: frame.site,
          path: frame.path,
        });
        return true;
      }
      if (depth >= MAX_HELPER_DEPTH) return true;
      const thisCall = callee.type === "MemberExpression" && callee.object.type === "ThisExpression";
      const helper = resolveCalledFunction(callee, scope, thisCall ? frame.thisClass : null);
      if (helper && !visiting.has(helper) && helper.body) {
        visit(helperFrame(helper, node, frame, scope), new Set(visiting).add(helper), depth + 1);
      }
      return true;
    });
  };
  const events = new Set<VariableLike>();
  const codes = new Set<VariableLike>();
  const reasons = new Set<VariableLike>();
  const event = runtimeParams(fn)[0];
  if (event?.type === "Identifier") {
    const variable = scope.resolve(event);
    if (variable) events.add(variable);
  } else if (event?.type === "ObjectPattern") {
    for (const property of event.properties) {
      if (property.type !== "Property" || property.computed || property.key.type !== "Identifier" || property.value.type !== "Identifier") continue;
      const variable = scope.resolve(property.value);
      if (variable && property.key.name === "code") codes.add(variable);
      if (variable && property.key.name === "reason") reasons.add(variable);
    }
  }
  const top: CloseFrame = { fn, path: [fn], site: "direct", bound: new Map(), unbound: new Set(), events, codes, reasons, thisClass: thisClassOf(fn) };
  visit(top, new Set([fn]), 0);
  return calls;
}

/**
 * The evidence a binding needs (docs/rules/no-redundant-close.md#what-it-reports): the ends of a `WebSocketPair` and a
 * `fetch()` response's `.webSocket` are sockets once accepted; any other binding
 * needs `accept()` and an event handler; `new WebSocket(url)` needs an event handler.
 */
function isProvenSocket(origin: SocketOrigin, acceptCount: number, handlerCount: number): boolean {
  if (origin === "new-websocket") return handlerCount > 0;
  if (origin === "websocket-pair" || origin === "fetch-response") return acceptCount > 0;
  return acceptCount > 0 && handlerCount > 0;
}

/** `other.send(…)` calls that run directly in a message handler of `socket`, `other` a stable binding. */
function findMessageForwards(fn: FunctionNode, socket: VariableLike, scope: ScopeIndex): MessageForward[] {
  const forwards: MessageForward[] = [];
  walkFunctionBody(fn, (node) => {
    if (node.type !== "CallExpression") return;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "send") return;
    const object = unwrapExpression(callee.object);
    if (object.type !== "Identifier") return;
    const target = scope.resolveStable(object);
    if (target && target !== socket) forwards.push({ call: node, to: target });
  });
  return forwards;
}

/** The `accept()` calls made on a variable itself (`server.accept(…)`). */
function ownAcceptCalls(variable: VariableLike): AcceptCall[] {
  const calls: AcceptCall[] = [];
  for (const reference of variable.references) {
    if (reference.isWrite()) continue;
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const member = use.parent;
    if (member?.type !== "MemberExpression" || member.object !== use || getPropertyName(member) !== "accept") continue;
    if (member.parent?.type === "CallExpression" && member.parent.callee === member) calls.push(readAcceptCall(member.parent));
  }
  return calls;
}

/** Functions that hand an accepted socket to another are followed this many calls deep. */
const MAX_ACCEPT_DEPTH = 3;

/**
 * The caller's `accept()` calls of a parameter that receives an accepted socket
 * (issue 10, recall 3: `server.accept(); attach(server)` with `function attach(ws) {
 * ws.addEventListener("close", …) }`): every call of the function (none exported,
 * none passed as a value, see `allCallsOf`) gives, at the parameter's place, a
 * binding that is accepted (itself, or as such a parameter in turn) and used for
 * nothing else than `accept()` and these calls, so the parameter is the only
 * name under which the file handles the socket. `[]` otherwise.
 */
function inheritedAcceptCalls(variable: VariableLike, scope: ScopeIndex, depth = 0): AcceptCall[] {
  const def = variable.defs[0];
  if (def?.type !== "Parameter" || depth >= MAX_ACCEPT_DEPTH) return [];
  const fn = def.node as FunctionNode;
  const index = runtimeParams(fn).findIndex((param) => paramIdentifier(param) === def.name);
  const calls = index === -1 ? null : allCallsOf(fn, scope);
  if (!calls || calls.length === 0) return [];
  const inherited: AcceptCall[] = [];
  for (const call of calls) {
    const spreadAt = call.arguments.findIndex((arg) => arg.type === "SpreadElement");
    const argument = spreadAt === -1 || index < spreadAt ? call.arguments[index] : undefined;
    const value = argument && argument.type !== "SpreadElement" ? unwrapExpression(argument) : null;
    const passed = value?.type === "Identifier" ? scope.resolveStable(value) : null;
    if (!passed || passed === variable) return [];
    const onlyAcceptedAndPassed = passed.references.every((reference) => {
      if (reference.isWrite()) return true;
      const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
      const parent = use.parent;
      if (parent?.type === "CallExpression" && calls.includes(parent)) return parent.arguments[index] === use;
      return parent?.type === "MemberExpression" && parent.object === use && getPropertyName(parent) === "accept" && parent.parent?.type === "CallExpression" && parent.parent.callee === parent;
    });
    if (!onlyAcceptedAndPassed) return [];
    const accepts = ownAcceptCalls(passed);
    const found = accepts.length > 0 ? accepts : inheritedAcceptCalls(passed, scope, depth + 1);
    if (found.length === 0) return [];
    inherited.push(...found);
  }
  return inherited;
}

/**
 * Finds every standard-API socket binding of a file.
 *
 * @param scope the scope index of the same AST (parents must be set on its nodes).
 * @returns one entry per binding proven to be a socket (see `isProvenSocket`), `new WebSocket(url)` ones included.
 */
export function findSockets(scope: ScopeIndex): SocketBinding[] {
  const sockets: SocketBinding[] = [];
  for (const variable of scope.variables) {
    if (!isOneBinding(variable)) continue;
    const acceptCalls: AcceptCall[] = [];
    const handlers: CloseHandler[] = [];
    const messageHandlers: FunctionNode[] = [];
    for (const reference of variable.references) {
      if (reference.isWrite()) continue;
      const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
      const member = use.parent;
      if (member?.type !== "MemberExpression" || member.object !== use) continue;
      const property = getPropertyName(member);
      const parent = member.parent;
      if (property === "accept" && parent?.type === "CallExpression" && parent.callee === member) {
        acceptCalls.push(readAcceptCall(parent));
      } else if (property === "addEventListener" && parent?.type === "CallExpression" && parent.callee === member) {
        if (staticString(parent.arguments[0]) === "message") {
          const fn = resolveHandlerFunction(parent.arguments[1], scope, "message");
          if (fn) messageHandlers.push(fn);
          continue;
        }
        if (staticString(parent.arguments[0]) !== "close") continue;
        const fn = resolveHandlerFunction(parent.arguments[1], scope);
        if (fn) {
          const exclusive = isExclusiveHandler(parent.arguments[1]!, variable, scope);
          const alsoOnError = !exclusive && isCloseAndErrorHandler(parent.arguments[1]!, variable, scope);
          handlers.push({ registration: "addEventListener", attachedAt: parent, fn, exclusive, alsoOnError });
        }
      } else if (
        property === "onmessage" &&
        parent?.type === "AssignmentExpression" &&
        parent.operator === "=" &&
        parent.left === member
      ) {
        const fn = resolveHandlerFunction(parent.right, scope, "message");
        if (fn) messageHandlers.push(fn);
      } else if (
        property === "onclose" &&
        parent?.type === "AssignmentExpression" &&
        parent.operator === "=" &&
        parent.left === member
      ) {
        const fn = resolveHandlerFunction(parent.right, scope);
        if (fn) {
          const exclusive = isExclusiveHandler(parent.right, variable, scope);
          const alsoOnError = !exclusive && isCloseAndErrorHandler(parent.right, variable, scope);
          handlers.push({ registration: "onclose", attachedAt: parent, fn, exclusive, alsoOnError });
        }
      }
    }
    // A parameter that every caller gives an accepted socket it uses for nothing else: the caller's `accept()`.
    let acceptedInCaller = false;
    if (acceptCalls.length === 0 && handlers.length + messageHandlers.length > 0) {
      acceptCalls.push(...inheritedAcceptCalls(variable, scope));
      acceptedInCaller = acceptCalls.length > 0;
    }
    // No evidence, no socket whatever the origin (`isProvenSocket`): the origin, which may walk a helper
    // function, is only looked up for a binding with an `accept()` call or a handler.
    if (acceptCalls.length + handlers.length + messageHandlers.length === 0) continue;
    const origin = socketOrigin(variable, scope);
    if (!isProvenSocket(origin, acceptCalls.length, handlers.length + messageHandlers.length)) continue;
    const halfOpen: HalfOpenState = acceptCalls.some((a) => a.halfOpen === "yes")
      ? "yes"
      : acceptCalls.some((a) => a.halfOpen === "unknown")
        ? "unknown"
        : "no";
    sockets.push({
      variable,
      name: variable.name,
      origin,
      acceptCalls,
      ...(acceptedInCaller ? { acceptedInCaller } : {}),
      halfOpen,
      closeHandlers: handlers.map((handler) => ({
        ...handler,
        closeCalls: findHandlerCloseCalls(handler.fn, variable, scope),
      })),
      messageForwards: messageHandlers.flatMap((fn) => findMessageForwards(fn, variable, scope)),
    });
  }
  return sockets;
}
