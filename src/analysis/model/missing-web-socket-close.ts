/**
 * A Durable Object class that accepts hibernatable WebSockets
 * (`this.ctx.acceptWebSocket(ws)`) and has no `webSocketClose`, own or
 * inherited from a class of the same file. The runtime never answers a Close
 * frame on such a socket, on any date (docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime), so a client's
 * close hangs.
 *
 * Proven only when one file shows everything that could add the handler or
 * close the socket; otherwise the answer is "not proven" and the rule is silent:
 * - a base class from another module (other than `DurableObject` from
 *   `cloudflare:workers`), a framework base (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions), a mixin call;
 * - any member named `webSocketClose` (a property, an accessor, a static one,
 *   a computed name), a computed member whose name the file does not spell, a
 *   class decorator;
 * - `webSocketClose` written anywhere else (`this.webSocketClose = …`,
 *   `Room.prototype.webSocketClose = …`, `Object.defineProperty(…, "webSocketClose")`),
 *   `Object.assign` / `defineProperty` / `setPrototypeOf` on `this` or a `prototype`;
 * - the class handed to a function (`instrument(Room)`, a wrapper may add the
 *   handler), or a subclass of it in the file that may define one;
 * - any `close()` call in the class, its bases, its subclasses or the file's
 *   functions (the Worker may start the close itself: then the close event is
 *   the peer's answer, docs/rules/require-hibernation-close.md#when-it-is-silent);
 * - an accepted socket, or the socket `webSocketMessage`/`webSocketError`
 *   receive, passed to code the file does not show.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { classChain, type ClassChain, type ClassNode } from "./class-chain.js";
import { closesSocket } from "./socket-closing.js";

const HANDLER = "webSocketClose";

/** Methods that show a class without a base is a Durable Object, not a helper that holds the state. */
const DURABLE_OBJECT_METHODS = new Set(["fetch", "webSocketMessage", "webSocketError", "alarm"]);

/** Methods that receive a hibernatable socket from the runtime. */
const SOCKET_HANDLERS = new Set(["webSocketMessage", "webSocketError"]);

/** Calls that take a socket as a value and cannot close it: the state's, collections', `console`'s. */
const NON_CLOSING_CALLS = new Set([
  "acceptWebSocket", "getTags", "getWebSocketAutoResponseTimestamp",
  "add", "delete", "has", "get", "set", "push", "unshift", "includes", "indexOf",
  "log", "info", "warn", "error", "debug",
]);

type FunctionNode = TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration;

/** `x.acceptWebSocket(…)` anywhere in a class body, its nested classes left out. */
export function acceptWebSocketCalls(node: ClassNode): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  walkAst(node.body, (child) => {
    if (child !== node.body && (child.type === "ClassDeclaration" || child.type === "ClassExpression")) return false;
    if (child.type === "CallExpression") {
      const callee = unwrapExpression(child.callee);
      if (callee.type === "MemberExpression" && getPropertyName(callee) === "acceptWebSocket") calls.push(child);
    }
    return true;
  });
  return calls;
}

/** The name a member's key spells, or `null` for a computed key the file does not spell. */
function memberName(member: TSESTree.ClassElement): string | null {
  if (!("key" in member) || !member.key) return null;
  if (!member.computed) {
    if (member.key.type === "Identifier") return member.key.name;
    if (member.key.type === "PrivateIdentifier") return `#${member.key.name}`;
    return staticString(member.key);
  }
  return staticString(member.key);
}

/**
 * A member named `handler` in any form, a computed name it cannot spell, or a class decorator: the
 * class may have the handler. A member's own decorator (`@callable()`) wraps that member only.
 */
export function mayDefineHandler(node: ClassNode, handler = HANDLER): boolean {
  if (node.decorators?.length) return true;
  return node.body.body.some((member) => {
    if (member.type === "StaticBlock" || member.type === "TSIndexSignature") return false;
    const name = memberName(member);
    return name === null || name === handler;
  });
}

/** A method definition with a body (not an overload signature). */
export type MethodWithBody = TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression };

/** An instance method with a body (not an overload signature) named one of `names`. */
export function isMethodNamed(member: TSESTree.ClassElement, names: ReadonlySet<string>): member is MethodWithBody {
  return (
    member.type === "MethodDefinition" &&
    !member.static &&
    member.kind === "method" &&
    member.value.type === "FunctionExpression" &&
    names.has(memberName(member) ?? "")
  );
}

/**
 * The variables a class is bound to: `class A {}` declares `A` twice (in the enclosing
 * scope and in the class's own), `const A = class {}` once.
 */
function classVariables(node: ClassNode, scope: ScopeIndex): VariableLike[] {
  const parent = outermostWrapper(node).parent;
  const id = node.type === "ClassDeclaration" ? node.id : parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" ? parent.id : null;
  return id ? scope.variables.filter((variable) => variable.identifiers.includes(id)) : [];
}

/** The class is given to a function or constructor (a wrapper or mixin may add methods), as a value or through its binding. */
export function isHandedToCode(node: ClassNode, scope: ScopeIndex): boolean {
  const isArgument = (use: TSESTree.Node): boolean => {
    const parent = use.parent;
    return (parent?.type === "CallExpression" || parent?.type === "NewExpression") && parent.arguments.includes(use as TSESTree.CallExpressionArgument);
  };
  if (node.type === "ClassExpression" && isArgument(outermostWrapper(node))) return true;
  return classVariables(node, scope).flatMap((variable) => variable.references).some((reference) => isArgument(outermostWrapper(reference.identifier as TSESTree.Node)));
}

/** The file names `handler` outside a method definition (`this.webSocketClose = …`), or patches `this` or a prototype wholesale. */
export function fileMayAddHandler(ast: TSESTree.Program, handler = HANDLER): boolean {
  let found = false;
  walkAst(ast, (node) => {
    if (found) return false;
    if (node.type === "MemberExpression" && getPropertyName(node) === handler) found = true;
    else if ((node.type === "Literal" || node.type === "TemplateLiteral") && staticString(node) === handler) found = true;
    else if (node.type === "CallExpression") {
      const callee = unwrapExpression(node.callee);
      const target = node.arguments[0] ? unwrapExpression(node.arguments[0]) : null;
      if (
        callee.type === "MemberExpression" &&
        ["assign", "defineProperty", "defineProperties", "setPrototypeOf"].includes(getPropertyName(callee) ?? "") &&
        (target?.type === "ThisExpression" || (target?.type === "MemberExpression" && getPropertyName(target) === "prototype"))
      ) {
        found = true;
      }
    }
    return true;
  });
  return found;
}

/** A `close()` call anywhere in the file outside the classes in `unrelated`. */
export function hasCloseCall(ast: TSESTree.Program, unrelated: ReadonlySet<ClassNode>): boolean {
  let found = false;
  walkAst(ast, (node) => {
    if (found) return false;
    if ((node.type === "ClassDeclaration" || node.type === "ClassExpression") && unrelated.has(node)) return false;
    if (node.type === "CallExpression") {
      const callee = unwrapExpression(node.callee);
      if (callee.type === "MemberExpression" && getPropertyName(callee) === "close") found = true;
    }
    return true;
  });
  return found;
}

/** A same-file function a call names: a declaration, a `const` function, or `this.method` of the class chain. */
function sameFileCallee(callee: TSESTree.Node, scope: ScopeIndex, family: readonly ClassNode[]): FunctionNode | null {
  const target = unwrapExpression(callee);
  if (target.type === "Identifier") {
    const def = scope.resolveStable(target)?.defs[0];
    const node = def?.node as TSESTree.Node | undefined;
    if (def?.type === "FunctionName" && node?.type === "FunctionDeclaration") return node;
    if (def?.type === "Variable" && node?.type === "VariableDeclarator" && node.init) {
      const init = unwrapExpression(node.init);
      if (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression") return init;
    }
    return null;
  }
  if (target.type !== "MemberExpression" || target.object.type !== "ThisExpression") return null;
  const name = getPropertyName(target);
  // Every definition of the method in the family: a subclass may override it.
  const definitions = family.flatMap((node) =>
    node.body.body.filter((member): member is MethodWithBody => isMethodNamed(member, new Set([name ?? ""]))),
  );
  return definitions.length === 1 ? definitions[0]!.value : null;
}

/**
 * True when one read of an accepted socket (`ws`, `pair[1]`) may reach code that
 * could close it: it must be a member access on it (`ws.send`,
 * `ws.serializeAttachment`), an argument of a call that cannot close it, or an
 * argument of a function of the file that is proven not to close it.
 */
function useEscapes(node: TSESTree.Node, scope: ScopeIndex, family: readonly ClassNode[]): boolean {
  const use = outermostWrapper(node);
  const parent = use.parent;
  if (parent?.type === "MemberExpression" && parent.object === use) return false;
  if (parent?.type !== "CallExpression" || parent.callee === use) return true;
  const callee = unwrapExpression(parent.callee);
  if (callee.type === "MemberExpression" && NON_CLOSING_CALLS.has(getPropertyName(callee) ?? "")) return false;
  // A function of another module the cross-module view read: it escapes unless proven neither to close nor keep it.
  const imported = scope.crossModule?.argumentFacts(parent, use);
  if (imported) return imported.param.closes !== "no" || !imported.param.inSight;
  const helper = sameFileCallee(parent.callee, scope, family);
  const param = helper?.params[parent.arguments.indexOf(use as TSESTree.CallExpressionArgument)];
  const paramVariable = param?.type === "Identifier" ? scope.resolve(param) : null;
  if (!helper || !paramVariable) return true;
  const classNode = family.find((member) => helper.range[0] >= member.range[0] && helper.range[1] <= member.range[1]) ?? null;
  return closesSocket(helper, paramVariable, scope, classNode) !== "no";
}

/** The reads of a variable, or `null` when it is written other than by its own declaration. */
function readsOf(variable: VariableLike): TSESTree.Identifier[] | null {
  const def = variable.defs[0];
  const declaration = variable.defs.length === 1 && def?.type === "Variable" ? (def.node as TSESTree.Node) : null;
  const reads: TSESTree.Identifier[] = [];
  for (const reference of variable.references) {
    const identifier = reference.identifier as TSESTree.Identifier;
    if (!reference.isWrite()) reads.push(identifier);
    else if (!declaration || identifier.range[0] < declaration.range[0] || identifier.range[1] > declaration.range[1]) return null;
  }
  return reads;
}

/** The index of `pair[1]`, or `null`. */
function numericIndex(node: TSESTree.MemberExpression): number | null {
  return node.computed && node.property.type === "Literal" && typeof node.property.value === "number" ? node.property.value : null;
}

/**
 * True when the socket an `acceptWebSocket` call accepts may reach code that could
 * close it: `ws` (every read of the binding) or `pair[i]` (every `pair[i]` read; the
 * pair itself must not be handed anywhere) that is not a plain binding or a pair end
 * counts as escaping.
 */
function acceptedSocketEscapes(argument: TSESTree.Node, scope: ScopeIndex, family: readonly ClassNode[]): boolean {
  if (argument.type === "Identifier") {
    const variable = scope.resolve(argument);
    const reads = variable ? readsOf(variable) : null;
    return !reads || reads.some((read) => useEscapes(read, scope, family));
  }
  if (argument.type !== "MemberExpression" || argument.object.type !== "Identifier" || numericIndex(argument) === null) return true;
  const variable = scope.resolve(argument.object);
  const reads = variable ? readsOf(variable) : null;
  if (!reads) return true;
  for (const read of reads) {
    const member = outermostWrapper(read).parent;
    if (member?.type !== "MemberExpression" || member.object !== outermostWrapper(read)) return true;
    const index = numericIndex(member);
    if (index === null) return true;
    // The other end goes to the client in the `Response`; only the accepted end matters.
    if (index === numericIndex(argument) && useEscapes(member, scope, family)) return true;
  }
  return false;
}

/**
 * The sockets that the family's methods named `handlers` receive first (`webSocketMessage(ws, …)`,
 * partyserver's `onMessage(connection, …)`), or that its `acceptWebSocket` calls accept, may reach
 * code that could close them.
 */
export function socketsMayBeClosedElsewhere(
  accepts: readonly TSESTree.CallExpression[],
  family: readonly ClassNode[],
  scope: ScopeIndex,
  handlers: ReadonlySet<string> = SOCKET_HANDLERS,
): boolean {
  for (const node of family) {
    for (const member of node.body.body) {
      if (!isMethodNamed(member, handlers)) continue;
      const param = member.value.params.find((p) => !(p.type === "Identifier" && p.name === "this"));
      if (!param) continue;
      const variable = param.type === "Identifier" ? scope.resolve(param) : null;
      if (!variable || closesSocket(member.value, variable, scope, node) !== "no") return true;
    }
  }
  for (const call of accepts) {
    const argument = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
    if (!argument || acceptedSocketEscapes(argument, scope, family)) return true;
  }
  return false;
}

/** A class, its bases in the file (nearest first), then its subclasses in the file. */
export function classFamily(node: ClassNode, chain: ClassChain, classes: readonly ClassNode[], scope: ScopeIndex): ClassNode[] {
  const subclasses = classes.filter((other) => other !== node && classChain(other, scope).classes.includes(node));
  return [...chain.classes, ...subclasses];
}

/**
 * @param node a class of the file.
 * @param classes every class of the file (to find its subclasses).
 * @returns the class's first `acceptWebSocket` call when the file proves the class is a
 *   Durable Object that accepts hibernatable sockets, has no `webSocketClose` (own or
 *   inherited), and leaves the reply to no other code; otherwise `null`. A class whose
 *   base in the file also accepts gets `null`: the base is the one to report.
 */
export function findMissingWebSocketClose(
  node: ClassNode,
  classes: readonly ClassNode[],
  ast: TSESTree.Program,
  scope: ScopeIndex,
): TSESTree.CallExpression | null {
  const accepts = acceptWebSocketCalls(node);
  if (accepts.length === 0) return null;
  const chain = classChain(node, scope);
  if (chain.end !== "none" && chain.end !== "durable-object") return null;
  const bases = chain.classes.slice(1);
  if (bases.some((base) => acceptWebSocketCalls(base).length > 0)) return null;
  // A base from another module (`ClassChain.importedBase`): it must show no handler, no accept of its own (it is
  // the one to report then) and no close of any socket.
  const imported = chain.importedBase;
  if (imported && (imported.webSocketClose || imported.mayDefineWebSocketClose || imported.acceptsHibernatable || imported.closesElsewhere)) return null;
  const family = classFamily(node, chain, classes, scope);
  if (
    chain.end === "none" &&
    !family.some((member) => member.body.body.some((element) => isMethodNamed(element, DURABLE_OBJECT_METHODS)))
  ) {
    return null;
  }
  if (family.some((member) => mayDefineHandler(member)) || family.some((member) => isHandedToCode(member, scope))) return null;
  if (fileMayAddHandler(ast)) return null;
  const unrelated = new Set(classes.filter((other) => !family.includes(other)));
  if (hasCloseCall(ast, unrelated)) return null;
  if (socketsMayBeClosedElsewhere(accepts, family, scope)) return null;
  return accepts[0]!;
}
