/**
 * Sockets kept in a class field and assigned once (issue 10, recall 4): a Durable
 * Object's `this.client = pair[1]; this.client.accept(); this.client.addEventListener("close", …)`,
 * or an object field `this.sockets.upstream = resp.webSocket` with `this.sockets = {}`.
 * Only `require-close-reply` asks about them; the other rules see scope variables only.
 *
 * A field socket is a member path from `this` (`this.f`, or `this.a.b`) of one class,
 * found only when the file proves that no code but the class's own reads can reach the
 * socket, and that none of those reads closes it or hands it on:
 * 1. **Only the class reaches the field** (`fieldReachableOnlyByClass`, `field-collections.ts`):
 *    a private field, or a Durable Object class whose instances only the runtime makes; and
 *    every `this` of the class is the object of a member with a static name (`this` never escapes,
 *    so no `const { f } = this`, no `helper(this)`).
 * 2. **One socket write.** The only write of a socket to the path is the statement `this.f = <socket>`, where
 *    `<socket>` is an end of a `WebSocketPair` (`pair[1]`, or a binding destructured from the pair
 *    that is read nowhere else) or a `fetch()` response's `.webSocket`. A declaration may start the
 *    field as `null` or `undefined`, and statements `this.f = null` may clear it (`this.ws = null` in its
 *    close handler): they forget a socket without closing it, and the field never holds another one. For `this.a.b`, `this.a` is written once, with an object literal,
 *    and read only as `this.a.<name>`.
 * 3. **Every read is in sight.** Each `this.f` (in a method, constructor or field initializer, or an
 *    arrow inside them; one in a nested `function`, where `this` differs, is a read we cannot bound)
 *    is `accept()`, a listener that is an arrow or a `function` that never says `this` (where `this` is the
 *    socket), `send`, `readyState` and the socket's other read-only members, a `binaryType` setting, a comparison or test (`if (a && this.f)`), or a `console`
 *    argument. A `close()` anywhere (in its close handler too), `onclose = null`, `removeEventListener`,
 *    a pass to a function, an alias, a second write: no field socket.
 *
 * A method that writes the field (`fetch()`) may run again: handlers registered for an earlier socket
 * then read the newer one through `this.f`. So "never closes" holds for every socket the field ever
 * held (nothing closes any of them), but a reply written as `this.f.close()` is the same socket only when
 * the write runs once per instance: a statement of the constructor's body (`sameSocketInHandlers`).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";
import {
  constructorOf,
  definitionKeyOf,
  fieldKeyOf,
  fieldReachableOnlyByClass,
  instanceClassOf,
  sameKey,
  thisNeverEscapes,
  type ClassNode,
  type FieldKey,
} from "./field-collections.js";
import { isWebSocketPairValue, readAcceptCall, socketOrigin } from "./find-sockets.js";
import { isConsoleCall } from "./socket-in-sight.js";
import type { AcceptCall, HalfOpenState } from "./socket-model.js";

/** Members of a socket that read it or send on it, and can neither close it nor hand it on. */
const READ_ONLY_MEMBERS = new Set(["send", "readyState", "url", "protocol", "extensions", "binaryType"]);
/** Handler properties other than `onclose` that may be assigned. */
const OTHER_HANDLER_PROPERTIES = new Set(["onmessage", "onerror", "onopen"]);

/** An inline close handler of a field socket. */
export interface FieldCloseHandler {
  registration: "addEventListener" | "onclose";
  /** The `addEventListener` call or the `onclose` assignment. */
  attachedAt: TSESTree.CallExpression | TSESTree.AssignmentExpression;
  fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
}

/** A socket kept in a class field, written once, that no code of the file closes (see the file comment). */
export interface FieldSocket {
  cls: ClassNode;
  /** The member path from `this`: `["client"]`, `["sockets", "upstream"]`. */
  path: readonly string[];
  /** How the code names it: `this.client`, `this.#client`, `this.sockets.upstream`. */
  name: string;
  origin: "websocket-pair" | "fetch-response";
  /** The one write, `this.f = <socket>`. */
  write: TSESTree.AssignmentExpression;
  acceptCalls: AcceptCall[];
  /** Combined over every `accept()` call, as `SocketBinding.halfOpen`. */
  halfOpen: HalfOpenState;
  closeHandlers: FieldCloseHandler[];
  /**
   * True when the write is a statement of the constructor's body: it runs once per instance,
   * so `this.f` in a close handler (an arrow function) is always this socket.
   */
  sameSocketInHandlers: boolean;
}

/** `this.f` or `this.a.b` with static names: the path, or `null`. */
function thisPath(node: TSESTree.Node): { path: FieldKey[]; root: TSESTree.MemberExpression } | null {
  const member = unwrapExpression(node);
  if (member.type !== "MemberExpression") return null;
  const key = fieldKeyOf(member);
  if (!key) return null;
  const object = unwrapExpression(member.object);
  if (object.type === "ThisExpression") return { path: [key], root: member };
  if (object.type !== "MemberExpression" || key.private) return null;
  const inner = fieldKeyOf(object);
  if (!inner || unwrapExpression(object.object).type !== "ThisExpression") return null;
  return { path: [inner, key], root: object };
}

/** `null` or `undefined` (the global): a field that holds no socket yet. */
function isEmptyValue(node: TSESTree.Node, scope: ScopeIndex): boolean {
  const value = unwrapExpression(node);
  if (value.type === "Literal" && value.value === null) return true;
  if (value.type !== "Identifier" || value.name !== "undefined") return false;
  // A global: undeclared, or one of TypeScript's lib globals (declared nowhere in the file).
  const variable = scope.resolve(value);
  return variable === null || variable.defs.length === 0;
}

/**
 * The origin of the written value when it is a socket that only this write hands on: `pair[i]` of a
 * `const pair = new WebSocketPair()` whose other reads take the other end, `x.webSocket` (of a response
 * read nowhere else for `.webSocket`), or a `const` bound to one of those (or destructured from the pair)
 * and read nowhere but here.
 */
function writtenOrigin(write: TSESTree.AssignmentExpression, scope: ScopeIndex): FieldSocket["origin"] | null {
  const value = unwrapExpression(write.right);
  if (value.type === "Identifier") {
    const variable = scope.resolveStable(value);
    if (!variable || variable.defs.length !== 1) return null;
    const onlyHere = variable.references.every((reference) => reference.isWrite() || reference.identifier === value);
    if (!onlyHere) return null;
    const origin = socketOrigin(variable, scope);
    return origin === "websocket-pair" || origin === "fetch-response" ? origin : null;
  }
  if (value.type !== "MemberExpression") return null;
  const object = unwrapExpression(value.object);
  if (getPropertyName(value) === "webSocket") {
    if (object.type !== "Identifier") return "fetch-response";
    const variable = scope.resolve(object);
    const readAgain = variable?.references.some((reference) => {
      if (reference.identifier === object || reference.isWrite()) return false;
      const use = outermostWrapper(reference.identifier as TSESTree.Node);
      const parent = use.parent;
      if (parent?.type !== "MemberExpression" || parent.object !== use) return true;
      const name = getPropertyName(parent);
      if (name === null) return true;
      if (name !== "webSocket") return false;
      // `if (!resp.webSocket) throw …`: a test of the socket, not a second handle on it.
      const test = outermostWrapper(parent).parent;
      return !(test?.type === "UnaryExpression" && test.operator === "!") && !(test?.type === "IfStatement" && test.test === outermostWrapper(parent)) && test?.type !== "BinaryExpression";
    });
    return readAgain ? null : "fetch-response";
  }
  if (!value.computed || !isWebSocketPairValue(object, scope)) return null;
  const index = unwrapExpression(value.property);
  if (index.type !== "Literal" || (index.value !== 0 && index.value !== 1)) return null;
  if (object.type === "Identifier") {
    // The pair's other reads take the other end only (`webSocket: pair[0]`).
    const variable = scope.resolve(object);
    const otherEndOnly = variable?.references.every((reference) => {
      if (reference.isWrite() || reference.identifier === object) return true;
      const parent = outermostWrapper(reference.identifier as TSESTree.Node).parent;
      if (parent?.type !== "MemberExpression" || !parent.computed) return false;
      const other = unwrapExpression(parent.property);
      return other.type === "Literal" && (other.value === 0 || other.value === 1) && other.value !== index.value;
    });
    if (!otherEndOnly) return null;
  }
  return "websocket-pair";
}

/** An object literal of plain properties in which `key` is absent or empty. */
function isObjectWithoutSocket(node: TSESTree.Node, key: FieldKey, scope: ScopeIndex): boolean {
  const value = unwrapExpression(node);
  if (value.type !== "ObjectExpression") return false;
  return value.properties.every((property) => {
    if (property.type !== "Property" || property.kind !== "init") return false;
    const name = property.computed ? staticString(property.key) : property.key.type === "Identifier" ? property.key.name : staticString(property.key);
    if (name === null) return false;
    return name !== key.name || isEmptyValue(property.value, scope);
  });
}

/** True when `this` appears anywhere in `node`. */
function mentionsThis(node: TSESTree.Node): boolean {
  let found = false;
  walkAst(node, (child) => {
    if (found) return false;
    if (child.type === "ThisExpression") found = true;
    return true;
  });
  return found;
}

/**
 * The inline function a listener registration gives, or `null`: an arrow, or a `function` that
 * never says `this` (there `this` is the socket: `function () { this.close() }` closes it).
 */
function inlineFunction(node: TSESTree.Node | undefined): FieldCloseHandler["fn"] | null {
  const fn = node ? unwrapExpression(node) : null;
  if (fn?.type === "ArrowFunctionExpression") return fn;
  return fn?.type === "FunctionExpression" && !mentionsThis(fn.body) ? fn : null;
}

/** True when only the truth of `node` is used: `!x`, `if (a && x)`, `x ? … : …`, `while (x || y)`. */
function isTested(node: TSESTree.Node): boolean {
  let current = node;
  while (current.parent?.type === "LogicalExpression") current = current.parent;
  const parent = current.parent;
  if (parent?.type === "UnaryExpression" && parent.operator === "!") return true;
  if (current !== node && parent?.type === "ExpressionStatement") return false;
  return (
    (parent?.type === "IfStatement" || parent?.type === "ConditionalExpression" || parent?.type === "WhileStatement" || parent?.type === "DoWhileStatement") &&
    parent.test === current
  );
}

/** What one read of the socket path does; `false` when it may close the socket or hand it on. */
function readInSight(use: TSESTree.Node, socket: Pick<FieldSocket, "acceptCalls" | "closeHandlers">, scope: ScopeIndex): boolean {
  const parent = use.parent;
  if (!parent) return false;
  if (parent.type === "MemberExpression" && parent.object === use) {
    const name = getPropertyName(parent);
    const call = parent.parent?.type === "CallExpression" && parent.parent.callee === parent ? parent.parent : null;
    const assigned = parent.parent?.type === "AssignmentExpression" && parent.parent.left === parent && parent.parent.operator === "=" ? parent.parent : null;
    if (name === "accept" && call) {
      socket.acceptCalls.push(readAcceptCall(call));
      return true;
    }
    if (name === "addEventListener" && call) {
      const event = staticString(call.arguments[0]);
      if (event === null) return false;
      // Any listener runs with `this` bound to the socket: only an inline one the core reads.
      const fn = inlineFunction(call.arguments[1]);
      if (!fn) return false;
      if (event !== "close") return true;
      socket.closeHandlers.push({ registration: "addEventListener", attachedAt: call, fn });
      return true;
    }
    if (name === "onclose" && assigned) {
      const fn = inlineFunction(assigned.right);
      if (!fn) return false;
      socket.closeHandlers.push({ registration: "onclose", attachedAt: assigned, fn });
      return true;
    }
    if (OTHER_HANDLER_PROPERTIES.has(name ?? "") && assigned) return inlineFunction(assigned.right) !== null;
    if (name === "binaryType" && assigned) return true;
    return READ_ONLY_MEMBERS.has(name ?? "") && !assigned && (name === "send" ? call !== null : call === null);
  }
  if (parent.type === "BinaryExpression" || isTested(use)) return true;
  if (parent.type === "CallExpression" && parent.callee !== use) return isConsoleCall(unwrapExpression(parent.callee), scope);
  return false;
}

/** The field socket written by `write`, when the class proves everything of the file comment. */
function fieldSocketOf(write: TSESTree.AssignmentExpression, path: FieldKey[], cls: ClassNode, scope: ScopeIndex): FieldSocket | null {
  const origin = writtenOrigin(write, scope);
  if (!origin) return null;
  const [first, second] = path as [FieldKey, FieldKey | undefined];
  if (!thisNeverEscapes(cls) || !fieldReachableOnlyByClass(cls, first, scope)) return null;
  const declaration = cls.body.body.find(
    (member): member is TSESTree.PropertyDefinition => member.type === "PropertyDefinition" && sameKey(definitionKeyOf(member), first),
  );
  let objectWrites = 0;
  if (declaration?.value) {
    if (second ? !isObjectWithoutSocket(declaration.value, second, scope) : !isEmptyValue(declaration.value, scope)) return null;
    if (second) objectWrites++;
  }
  const socket: FieldSocket = {
    cls,
    path: path.map((key) => key.name),
    name: `this.${path.map((key) => (key.private ? `#${key.name}` : key.name)).join(".")}`,
    origin,
    write,
    acceptCalls: [],
    halfOpen: "no",
    closeHandlers: [],
    sameSocketInHandlers: false,
  };
  let inSight = true;
  let clears = 0;
  walkAst(cls.body, (node) => {
    if (!inSight) return false;
    if (node.type !== "MemberExpression" || !sameKey(fieldKeyOf(node), first)) return true;
    // `other.f` (another instance), or `this.f` in a nested function: reads we cannot bound.
    if (unwrapExpression(node.object).type !== "ThisExpression" || instanceClassOf(node) !== cls) {
      inSight = false;
      return false;
    }
    let target: TSESTree.Node = outermostWrapper(node);
    if (second) {
      const parent = target.parent;
      if (parent?.type === "AssignmentExpression" && parent.left === target) {
        // `this.a = { … }`, once, as a statement.
        if (parent.operator !== "=" || parent.parent?.type !== "ExpressionStatement" || !isObjectWithoutSocket(parent.right, second, scope)) inSight = false;
        objectWrites++;
        return true;
      }
      // `this.a` is read only as `this.a.<name>`; another name than the socket's holds something else.
      if (parent?.type !== "MemberExpression" || parent.object !== target) {
        inSight = false;
        return true;
      }
      const key = fieldKeyOf(parent);
      if (key === null) inSight = false;
      if (!sameKey(key, second)) return true;
      target = outermostWrapper(parent);
    }
    const parent = target.parent;
    if (parent?.type === "AssignmentExpression" && parent.left === target) {
      // `this.f = null;` forgets the socket without closing it: the field never holds another socket.
      if (parent !== write && !(parent.operator === "=" && parent.parent?.type === "ExpressionStatement" && isEmptyValue(parent.right, scope))) inSight = false;
      if (parent !== write) clears++;
      return true;
    }
    if (!readInSight(target, socket, scope)) inSight = false;
    return true;
  });
  if (!inSight || (second && objectWrites !== 1) || socket.acceptCalls.length === 0) return null;
  socket.halfOpen = socket.acceptCalls.some((a) => a.halfOpen === "yes") ? "yes" : socket.acceptCalls.some((a) => a.halfOpen === "unknown") ? "unknown" : "no";
  // After `this.f = null` a reply through `this.f` would throw: only a field that always holds the socket takes one.
  socket.sameSocketInHandlers = clears === 0 && write.parent?.type === "ExpressionStatement" && write.parent.parent === constructorOf(cls)?.body;
  return socket;
}

/**
 * @param ast the program.
 * @param scope the file's scope index.
 * @returns the file's field sockets (file comment): each assigned once, accepted, reachable only by its class,
 *   and closed by no code of the file.
 */
export function findFieldSockets(ast: TSESTree.Program, scope: ScopeIndex): FieldSocket[] {
  const sockets: FieldSocket[] = [];
  walkAst(ast, (node) => {
    if (node.type !== "AssignmentExpression" || node.operator !== "=" || node.parent?.type !== "ExpressionStatement") return true;
    const found = thisPath(node.left);
    if (!found) return true;
    const cls = instanceClassOf(found.root);
    if (!cls) return true;
    const socket = fieldSocketOf(node, found.path, cls, scope);
    if (socket) sockets.push(socket);
    return true;
  });
  return sockets;
}
