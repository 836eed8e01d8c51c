/**
 * The sockets whose `close(code, reason)` calls `no-long-close-reason` reads,
 * and what their handlers' parameters hold: the model's sockets, Hono's `ws`
 * in every handler, and in a Durable Object class the `ws` of
 * `webSocketMessage`, `webSocketClose` and `webSocketError`, a socket passed to
 * `acceptWebSocket()`, and the loop variable over `getWebSockets()`; any
 * binding annotated with the global `WebSocket` type, and `this.ws.close()` on
 * a class field annotated so.
 */
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isFunctionNode, walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import { variableImport } from "../ast/imports.js";
import { isInstanceThis, thisFieldName, type ClassNode } from "../ast/instance-fields.js";
import { isEmptyValue, type ScopeIndex, type VariableLike } from "../ast/scope-lookup.js";
import { holdsOneValue, ReasonValues, runtimeParams, type FunctionNode } from "./close-reason-values.js";
import type { DurableObjectClass } from "./durable-object-model.js";
import { HONO_WORKERS_MODULES } from "./find-hono-sockets.js";
import type { SocketBinding } from "./socket-model.js";


function inlineFunction(node: TSESTree.Node | undefined): TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | null {
  const value = node ? unwrapExpression(node) : null;
  return value?.type === "FunctionExpression" || value?.type === "ArrowFunctionExpression" ? value : null;
}

/** True when a read of a variable registers it as a `message` handler: `x.addEventListener("message", f)` or `x.onmessage = f`. */
function isMessageRegistration(identifier: TSESTree.Identifier): boolean {
  const use = outermostWrapper(identifier);
  const parent = use.parent;
  if (parent?.type === "CallExpression" && parent.arguments[1] === use && parent.callee.type === "MemberExpression") {
    return getPropertyName(parent.callee) === "addEventListener" && staticString(parent.arguments[0]) === "message";
  }
  return parent?.type === "AssignmentExpression" && parent.right === use && parent.left.type === "MemberExpression" && getPropertyName(parent.left) === "onmessage";
}

/** A message handler argument: inline, or a function of this file used only as a message handler. */
function messageHandler(node: TSESTree.Node | undefined, scope: ScopeIndex): FunctionNode | null {
  const inline = inlineFunction(node);
  if (inline) return inline;
  const value = node ? unwrapExpression(node) : null;
  if (value?.type !== "Identifier") return null;
  const variable = scope.resolveStable(value);
  const def = variable?.defs[0];
  if (!variable || !def || !variable.references.every((reference) => reference.isWrite() || isMessageRegistration(reference.identifier as TSESTree.Identifier))) {
    return null;
  }
  if (def.type === "FunctionName" && (def.node as TSESTree.Node).type === "FunctionDeclaration") return def.node as TSESTree.FunctionDeclaration;
  return def.type === "Variable" ? inlineFunction((def.node as TSESTree.VariableDeclarator).init ?? undefined) : null;
}

/** The `message` handlers attached to a socket variable. */
function messageHandlersOf(socket: VariableLike, scope: ScopeIndex): FunctionNode[] {
  const handlers: FunctionNode[] = [];
  for (const reference of socket.references) {
    if (reference.isWrite()) continue;
    const member = outermostWrapper(reference.identifier as TSESTree.Identifier).parent;
    if (member?.type !== "MemberExpression") continue;
    const name = getPropertyName(member);
    const parent = member.parent;
    let handler: FunctionNode | null = null;
    if (name === "addEventListener" && parent?.type === "CallExpression" && parent.callee === member && staticString(parent.arguments[0]) === "message") {
      handler = messageHandler(parent.arguments[1], scope);
    } else if (name === "onmessage" && parent?.type === "AssignmentExpression" && parent.operator === "=" && parent.left === member) {
      handler = messageHandler(parent.right, scope);
    }
    if (handler) handlers.push(handler);
  }
  return handlers;
}

/** `this.ctx.<method>(…)`, `this.state.<method>(…)` or `<identifier>.<method>(…)`: a Durable Object state's method. */
function isStateCall(node: TSESTree.Node, method: string): node is TSESTree.CallExpression {
  if (node.type !== "CallExpression") return false;
  const callee = unwrapExpression(node.callee);
  if (callee.type !== "MemberExpression" || getPropertyName(callee) !== method) return false;
  const object = unwrapExpression(callee.object);
  if (object.type === "Identifier") return true;
  return object.type === "MemberExpression" && object.object.type === "ThisExpression" && ["ctx", "state"].includes(getPropertyName(object) ?? "");
}

/** `getWebSockets(…)` on the state, or a never-reassigned binding initialised with it. */
function isWebSocketList(node: TSESTree.Node, scope: ScopeIndex): boolean {
  const value = unwrapExpression(node);
  if (isStateCall(value, "getWebSockets")) return true;
  if (value.type !== "Identifier") return false;
  const def = scope.resolveStable(value)?.defs[0];
  const init = def?.type === "Variable" ? (def.node as TSESTree.VariableDeclarator).init : null;
  return init !== null && init !== undefined && isStateCall(unwrapExpression(init), "getWebSockets");
}

/** The Hibernation API methods whose first parameter is the socket. */
const HIBERNATION_HANDLERS = new Set(["webSocketMessage", "webSocketClose", "webSocketError"]);

/** Marks the sockets and values of one Durable Object class (see the module comment). */
function collectDurableObject(durableObject: DurableObjectClass, scope: ScopeIndex, sockets: Set<VariableLike>, values: ReasonValues): void {
  const addSocket = (identifier: TSESTree.Node | undefined): void => {
    if (identifier?.type !== "Identifier") return;
    const variable = scope.resolve(identifier);
    if (variable && holdsOneValue(variable)) sockets.add(variable);
  };
  for (const member of durableObject.node.body.body) {
    if (member.type !== "MethodDefinition" && member.type !== "PropertyDefinition") continue;
    if (member.static || member.computed || member.key.type !== "Identifier" || !HIBERNATION_HANDLERS.has(member.key.name)) continue;
    const fn = inlineFunction(member.value ?? undefined);
    if (!fn) continue;
    const params = runtimeParams(fn);
    addSocket(params[0]);
    if (member.key.name === "webSocketMessage") values.mark(params[1], "message");
    if (member.key.name === "webSocketError") values.mark(params[1], "error");
    if (member.key.name === "webSocketClose") values.mark(params[2], "close-reason");
  }
  walkAst(durableObject.node.body, (node) => {
    if (isStateCall(node, "acceptWebSocket")) addSocket(node.arguments[0] ? unwrapExpression(node.arguments[0]) : undefined);
    if (node.type === "ForOfStatement" && node.left.type === "VariableDeclaration" && node.left.kind === "const" && isWebSocketList(node.right, scope)) {
      addSocket(node.left.declarations[0]?.id);
    }
    if (node.type === "CallExpression") {
      const callee = unwrapExpression(node.callee);
      if (callee.type === "MemberExpression" && getPropertyName(callee) === "forEach" && isWebSocketList(callee.object, scope)) {
        const fn = inlineFunction(node.arguments[0]);
        if (fn) addSocket(runtimeParams(fn)[0]);
      }
    }
    return true;
  });
}

/** True for `upgradeWebSocket` imported from Hono's Workers adapter (docs/runtime-behaviour.md#hono-accepts-the-socket-itself). */
function isHonoUpgradeImport(variable: VariableLike | null): boolean {
  const binding = variableImport(variable);
  return binding !== null && binding.imported === "upgradeWebSocket" && HONO_WORKERS_MODULES.has(binding.source);
}

/** The object literals a function returns: its expression body, or `return {…}` outside nested functions. */
function returnedObjects(fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression): TSESTree.ObjectExpression[] {
  const objects: TSESTree.ObjectExpression[] = [];
  if (fn.body.type !== "BlockStatement") {
    const body = unwrapExpression(fn.body);
    return body.type === "ObjectExpression" ? [body] : [];
  }
  walkAst(fn.body, (node) => {
    if (isFunctionNode(node)) return false;
    const argument = node.type === "ReturnStatement" && node.argument ? unwrapExpression(node.argument) : null;
    if (argument?.type === "ObjectExpression") objects.push(argument);
    return true;
  });
  return objects;
}

/** Hono's `upgradeWebSocket(c => ({ onOpen, onMessage, onClose, onError }))`: each handler's `ws` is the raw socket's context. */
function collectHono(ast: TSESTree.Program, scope: ScopeIndex, sockets: Set<VariableLike>, values: ReasonValues): void {
  if (!scope.variables.some(isHonoUpgradeImport)) return;
  walkAst(ast, (node) => {
    if (node.type !== "CallExpression") return true;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== "Identifier" || !isHonoUpgradeImport(scope.resolve(callee))) return true;
    const factory = inlineFunction(node.arguments[0]);
    for (const object of factory ? returnedObjects(factory) : []) {
      for (const property of object.properties) {
        if (property.type !== "Property" || property.computed || property.key.type !== "Identifier") continue;
        const fn = inlineFunction(property.value);
        if (!fn || !["onOpen", "onMessage", "onClose", "onError"].includes(property.key.name)) continue;
        const ws = fn.params[1];
        const variable = ws?.type === "Identifier" ? scope.resolve(ws) : null;
        if (variable && holdsOneValue(variable)) sockets.add(variable);
        if (property.key.name === "onMessage") values.markEventParam(fn, "message-event");
        if (property.key.name === "onClose") values.markEventParam(fn, "close-event");
      }
    }
    return true;
  });
}

/** Marks `catch (err)` bindings, and the parameter of a `.catch(fn)` callback or of the second callback of `.then()`. */
export function collectErrors(scope: ScopeIndex, values: ReasonValues): void {
  for (const variable of scope.variables) {
    const def = variable.defs[0];
    const identifier = variable.identifiers[0] as TSESTree.Node | undefined;
    if (def?.type === "CatchClause") values.mark(identifier, "error");
    if (def?.type !== "Parameter") continue;
    const fn = def.node as FunctionNode;
    if (runtimeParams(fn)[0] !== identifier) continue;
    const use = outermostWrapper(fn);
    const call = use.parent;
    if (call?.type !== "CallExpression" || call.callee.type !== "MemberExpression") continue;
    const method = getPropertyName(call.callee);
    if ((method === "catch" && call.arguments[0] === use) || (method === "then" && call.arguments[1] === use)) values.mark(identifier, "error");
  }
}

/** True when `node` names the global `WebSocket` type (not one the file declares or imports). */
function isGlobalWebSocketType(node: TSESTree.TypeNode, scope: ScopeIndex): boolean {
  if (node.type !== "TSTypeReference" || node.typeName.type !== "Identifier" || node.typeName.name !== "WebSocket" || node.typeArguments) return false;
  const variable = scope.resolve(node.typeName);
  return (variable === null || variable.defs.length === 0) && !scope.variables.some((declared) => declared.name === "WebSocket" && declared.defs.length > 0);
}

/** True when a binding or field is annotated `WebSocket`, or `WebSocket | null | undefined`. */
function isWebSocketAnnotated(node: TSESTree.Node | null | undefined, scope: ScopeIndex): boolean {
  const annotation = node && "typeAnnotation" in node ? (node.typeAnnotation as TSESTree.TSTypeAnnotation | undefined)?.typeAnnotation : undefined;
  if (!annotation) return false;
  if (annotation.type !== "TSUnionType") return isGlobalWebSocketType(annotation, scope);
  const sockets = annotation.types.filter((type) => isGlobalWebSocketType(type, scope));
  return sockets.length > 0 && annotation.types.every((type) => sockets.includes(type) || type.type === "TSNullKeyword" || type.type === "TSUndefinedKeyword");
}

/**
 * Bindings annotated with the global `WebSocket` type (`ws: WebSocket`,
 * `let socket: WebSocket | null`): the type system says that what they hold
 * when `close()` is called on them is a WebSocket, and every WebSocket
 * (Workers, browsers, Node) rejects a reason over 123 bytes.
 */
function collectTypedSockets(scope: ScopeIndex, sockets: Set<VariableLike>): void {
  for (const variable of scope.variables) {
    const def = variable.defs[0];
    if (!def || (def.type !== "Parameter" && def.type !== "Variable")) continue;
    if (variable.identifiers.some((identifier) => isWebSocketAnnotated(identifier as TSESTree.Node, scope))) sockets.add(variable);
  }
}

/**
 * `this.ws.close(…)` calls, in a class, on a field annotated with the global
 * `WebSocket` type (`#ws: WebSocket | null = null`, `private ws?: WebSocket`,
 * a constructor's `private ws: WebSocket`), where `this` is the instance.
 */
function typedFieldCloseCalls(ast: TSESTree.Program, scope: ScopeIndex): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  walkAst(ast, (node) => {
    if (node.type !== "ClassDeclaration" && node.type !== "ClassExpression") return true;
    const fields = new Set<string>();
    for (const member of node.body.body) {
      if (member.type === "PropertyDefinition" && !member.static && !member.computed && isWebSocketAnnotated(member, scope)) {
        fields.add(member.key.type === "PrivateIdentifier" ? `#${member.key.name}` : member.key.type === "Identifier" ? member.key.name : "");
      }
      if (member.type === "MethodDefinition" && member.kind === "constructor") {
        for (const param of member.value.params) {
          if (param.type === "TSParameterProperty" && param.parameter.type === "Identifier" && isWebSocketAnnotated(param.parameter, scope)) fields.add(param.parameter.name);
        }
      }
    }
    fields.delete("");
    if (fields.size === 0) return true;
    walkAst(node.body, (inner) => {
      if (inner.type !== "CallExpression") return true;
      const callee = unwrapExpression(inner.callee);
      if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "close") return true;
      const object = unwrapExpression(callee.object);
      const name = thisFieldName(object);
      if (name !== null && fields.has(name) && isInstanceThis(unwrapExpression((object as TSESTree.MemberExpression).object), node as ClassNode)) calls.push(inner);
      return true;
    });
    return true;
  });
  return calls;
}

/** A value proven to be a Workers socket: a socket binding of the file, or an element of `getWebSockets()` (`list[0]`). */
function isSocketValue(node: TSESTree.Node, sockets: ReadonlySet<VariableLike>, scope: ScopeIndex): boolean {
  const value = unwrapExpression(node);
  if (value.type === "Identifier") {
    const variable = scope.resolve(value);
    return variable !== null && sockets.has(variable);
  }
  return value.type === "MemberExpression" && value.computed && value.property.type === "Literal" && typeof value.property.value === "number" && isWebSocketList(value.object, scope);
}

/**
 * `this.ws.close(…)` calls, in a class, on a field that only ever holds a Workers socket or nothing
 * (issue 10's real code: `ws = null`, `this.ws = server` after `acceptWebSocket(server)`,
 * `this.ws = state.getWebSockets()[0]`, `this.ws = null`): every write of the field in the file is
 * `this.ws = <socket or empty>` on the instance, its declaration has no other initial value, and
 * nothing else of the file writes a member of that name. Only the close calls are read; what else
 * the field is used for does not matter to a close reason.
 */
function socketFieldCloseCalls(ast: TSESTree.Program, sockets: ReadonlySet<VariableLike>, scope: ScopeIndex, typed: ReadonlySet<TSESTree.CallExpression>): TSESTree.CallExpression[] {
  if (sockets.size === 0) return [];
  // The classes' fields declared empty (`ws = null`, `ws;`), by class.
  const candidates = new Map<ClassNode, Map<string, boolean>>();
  walkAst(ast, (node) => {
    if (node.type !== "ClassDeclaration" && node.type !== "ClassExpression") return true;
    const fields = new Map<string, boolean>();
    for (const member of node.body.body) {
      if (member.type !== "PropertyDefinition" || member.static || member.computed) continue;
      const name = member.key.type === "PrivateIdentifier" ? `#${member.key.name}` : member.key.type === "Identifier" ? member.key.name : null;
      if (name !== null && (member.value === null || isEmptyValue(unwrapExpression(member.value)))) fields.set(name, true);
    }
    if (fields.size > 0) candidates.set(node, fields);
    return true;
  });
  if (candidates.size === 0) return [];
  const names = new Set([...candidates.values()].flatMap((fields) => [...fields.keys()]));
  // The fields given a socket at least once: a field only ever emptied holds no proven socket.
  const written = new Set<string>();
  const candidatesIndex = new Map([...candidates.keys()].map((cls, index) => [cls, index]));
  // One walk over the file: every write of a member of one of those names must be `this.f = <socket or empty>` on
  // the instance of the class that declares it.
  walkAst(ast, (node) => {
    let name: string | null = null;
    let fine = false;
    if (node.type === "AssignmentExpression" && node.left.type === "MemberExpression") {
      const left = node.left;
      name = thisFieldName(left) ?? (!left.computed && left.property.type === "Identifier" ? left.property.name : null);
      if (name === null || !names.has(name)) return true;
      const owner = thisFieldName(left) !== null ? [...candidates.keys()].find((cls) => candidates.get(cls)!.has(name!) && isInstanceThis(unwrapExpression(left.object), cls)) : undefined;
      const socket = isSocketValue(node.right, sockets, scope);
      fine = owner !== undefined && node.operator === "=" && (isEmptyValue(unwrapExpression(node.right)) || socket);
      if (fine && socket) written.add(`${candidatesIndex.get(owner!)}\0${name}`);
      if (fine) return true;
    } else if ((node.type === "UpdateExpression" || node.type === "UnaryExpression") && node.argument.type === "MemberExpression") {
      name = thisFieldName(node.argument) ?? (!node.argument.computed && node.argument.property.type === "Identifier" ? node.argument.property.name : null);
    } else if (node.type === "Property" && node.parent?.type === "ObjectPattern" && !node.computed && node.key.type === "Identifier") {
      name = node.key.name;
    }
    if (name !== null && names.has(name)) for (const fields of candidates.values()) if (fields.has(name)) fields.set(name, false);
    return true;
  });
  const calls: TSESTree.CallExpression[] = [];
  for (const [cls, candidateFields] of candidates) {
    const index = candidatesIndex.get(cls);
    const fields = new Set([...candidateFields].filter(([name, holdsSockets]) => holdsSockets && written.has(`${index}\0${name}`)).map(([name]) => name));
    if (fields.size === 0) continue;
    walkAst(cls.body, (inner) => {
      if (inner.type !== "CallExpression" || typed.has(inner)) return true;
      const callee = unwrapExpression(inner.callee);
      if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "close") return true;
      const object = unwrapExpression(callee.object);
      const name = thisFieldName(object);
      if (name !== null && fields.has(name) && isInstanceThis(unwrapExpression((object as TSESTree.MemberExpression).object), cls)) calls.push(inner);
      return true;
    });
  }
  return calls;
}

/** `x.close(…)` calls on a variable (`x?.close(…)`, `x!.close(…)`, `x["close"](…)` too). */
export function closeCallsOn(variable: VariableLike): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    if (reference.isWrite()) continue;
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const member = use.parent;
    if (member?.type !== "MemberExpression" || member.object !== use || getPropertyName(member) !== "close") continue;
    const call = member.parent;
    if (call?.type === "CallExpression" && call.callee === member) calls.push(call);
  }
  return calls;
}

/** The proven sockets of a file and what the values reaching their close reasons hold. */
export interface CloseReasonSources {
  sockets: Set<VariableLike>;
  /** `this.ws.close(…)` calls on a class field annotated `WebSocket`, or that only ever holds a socket or nothing. */
  fieldCloseCalls: TSESTree.CallExpression[];
  values: ReasonValues;
}

/**
 * @param input the file's sockets (`findSockets`, `findHonoSockets`), Durable Object classes, scope and AST.
 * @returns the sockets whose close calls can be read, and the values of their handlers' parameters; `null` when there is none.
 */
export function findCloseReasonSources(input: {
  sockets: readonly SocketBinding[];
  durableObjects: readonly DurableObjectClass[];
  scope: ScopeIndex;
  ast: TSESTree.Program;
}): CloseReasonSources | null {
  const { scope } = input;
  const sockets = new Set<VariableLike>();
  const values = new ReasonValues(scope, input.ast);
  for (const socket of input.sockets) {
    sockets.add(socket.variable);
    for (const handler of socket.closeHandlers) values.markEventParam(handler.fn, "close-event");
    for (const handler of messageHandlersOf(socket.variable, scope)) values.markEventParam(handler, "message-event");
  }
  for (const durableObject of input.durableObjects) collectDurableObject(durableObject, scope, sockets, values);
  collectHono(input.ast, scope, sockets, values);
  collectTypedSockets(scope, sockets);
  const typedCalls = typedFieldCloseCalls(input.ast, scope);
  const fieldCloseCalls = [...typedCalls, ...socketFieldCloseCalls(input.ast, sockets, scope, new Set(typedCalls))];
  if (sockets.size === 0 && fieldCloseCalls.length === 0) return null;
  collectErrors(scope, values);
  return { sockets, fieldCloseCalls, values };
}
