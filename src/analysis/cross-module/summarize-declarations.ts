/**
 * What a declaration of one module does with sockets, as plain data another
 * module's analysis can use (`module-facts.ts`). Computed with the same model
 * functions as a single file's findings (`closesSocket`, `staysInSight`,
 * `classChain`), on the declaring file's own AST and scopes, so "closes its
 * argument" means the same across modules as within one.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import { closeCodeUse } from "./close-code-params.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { classChain, type ClassNode } from "../model/class-chain.js";
import { inheritableCollections } from "../model/field-collections.js";
import { findDurableObjects } from "../model/find-durable-objects.js";
import { acceptWebSocketCalls, fileMayAddHandler, isMethodNamed, mayDefineHandler, socketsMayBeClosedElsewhere } from "../model/missing-web-socket-close.js";
import { functionOfVariable, paramIdentifier, runtimeParams, type FunctionNode } from "../model/same-file-functions.js";
import { closesSocket, containsCloseCall } from "../model/socket-closing.js";
import { returnedSocketKind } from "../model/find-sockets.js";
import { closesOnlyKnownSockets, staysInSight } from "../model/socket-in-sight.js";
import type { CloseHandler } from "../model/socket-model.js";
import type { CallbackArgumentKind, ClassFacts, FunctionFacts, ParameterFacts } from "./module-facts.js";
import { callsOfCallbackParameter } from "../model/callback-arguments.js";
import { collectErrors } from "../model/close-reason-sockets.js";
import { ReasonValues } from "../model/close-reason-values.js";

/** The declaring file: its AST, scopes (with its own cross-module facts, if any) and display path. */
export interface DeclaringFile {
  ast: TSESTree.Program;
  scope: ScopeIndex;
  /** Relative to the run's directory, `/`-separated: named in messages. */
  file: string;
}

/** The close listeners `fn` attaches to `param` itself: `param.addEventListener("close", f)`, `param.onclose = f`. */
function closeListenersOn(fn: FunctionNode, param: VariableLike, scope: ScopeIndex): CloseHandler[] {
  const handlers: CloseHandler[] = [];
  for (const reference of param.references) {
    const identifier = reference.identifier as TSESTree.Identifier;
    if (identifier.range[0] < fn.range[0] || identifier.range[1] > fn.range[1]) continue;
    const use = outermostWrapper(identifier);
    const member = use.parent;
    if (member?.type !== "MemberExpression" || member.object !== use) continue;
    const name = getPropertyName(member);
    const parent = member.parent;
    let handler: TSESTree.Node | undefined;
    let attachedAt: TSESTree.Node | undefined;
    if (name === "addEventListener" && parent?.type === "CallExpression" && parent.callee === member && staticString(parent.arguments[0]) === "close") {
      handler = parent.arguments[1];
      attachedAt = parent;
    } else if (name === "onclose" && parent?.type === "AssignmentExpression" && parent.left === member && parent.operator === "=") {
      handler = parent.right;
      attachedAt = parent;
    }
    if (!handler || !attachedAt) continue;
    const value = unwrapExpression(handler);
    const listener =
      value.type === "ArrowFunctionExpression" || value.type === "FunctionExpression"
        ? value
        : value.type === "Identifier"
          ? functionOfVariable(scope.resolveStable(value))
          : null;
    // A listener the core cannot read: the parameter's reads in it are not followed, so it leaves sight.
    if (!listener) return [];
    handlers.push({ registration: name === "onclose" ? "onclose" : "addEventListener", attachedAt, fn: listener, exclusive: value === listener });
  }
  return handlers;
}

/** Most callback positions described. */
const MAX_CALLBACK_POSITIONS = 4;

/** What every call of a callback passes at each position, when they agree; `undefined` when it is called nowhere or not only called. */
function callbackArgumentKinds(calls: TSESTree.CallExpression[] | null, values: () => ReasonValues): CallbackArgumentKind[] | undefined {
  if (!calls || calls.length === 0) return undefined;
  const positions = Math.min(MAX_CALLBACK_POSITIONS, Math.max(...calls.map((call) => call.arguments.length)));
  const kinds: CallbackArgumentKind[] = [];
  for (let position = 0; position < positions; position++) {
    const each = calls.map((call): CallbackArgumentKind => {
      const argument = call.arguments[position];
      if (!argument || call.arguments.slice(0, position + 1).some((arg) => arg.type === "SpreadElement")) return "unknown";
      const kind = values().valueOf(argument).kind;
      return kind === "error" || kind === "message" ? kind : "unknown";
    });
    kinds.push(each.every((kind) => kind === each[0]) ? each[0]! : "unknown");
  }
  return kinds.some((kind) => kind !== "unknown") ? kinds : undefined;
}

/** The class a function is a member of (for `this.helper(ws)`), or `null`. */
function classOf(fn: TSESTree.Node): ClassNode | null {
  for (let current = fn.parent; current; current = current.parent) {
    if (current.type === "ClassBody") return current.parent as ClassNode;
    if (current.type === "FunctionDeclaration" || current.type === "FunctionExpression" || current.type === "ArrowFunctionExpression") return null;
  }
  return null;
}

/**
 * @param fn a function, method or arrow of the declaring file.
 * @param name the name messages give it.
 * @returns per runtime parameter: whether the function closes it (anywhere, its close listeners
 *   included), whether each close listener it attaches closes it, and whether it stays in sight.
 */
export function summarizeFunction(fn: FunctionNode, name: string, declaring: DeclaringFile): FunctionFacts {
  const { scope } = declaring;
  const classNode = classOf(fn);
  // A constructor's callbacks may be kept in a field and called by the class's methods (`callbackArguments`).
  const isConstructor = fn.parent?.type === "MethodDefinition" && fn.parent.kind === "constructor";
  const target = isConstructor && classNode ? classNode : fn;
  let values: ReasonValues | null = null;
  const reasonValues = (): ReasonValues => {
    if (!values) {
      values = new ReasonValues(scope, declaring.ast);
      collectErrors(scope, values);
    }
    return values;
  };
  const params = runtimeParams(fn).map((param, index): ParameterFacts | null => {
    const identifier = paramIdentifier(param);
    const variable = identifier ? scope.resolve(identifier) : null;
    if (!variable) return null;
    const listeners = closeListenersOn(fn, variable, scope);
    let onlyKnown: boolean | undefined;
    const inSight =
      staysInSight(variable, listeners, {
        scope,
        fileClosesOnlyKnownSockets: () => (onlyKnown ??= closesOnlyKnownSockets(declaring.ast, new Set([variable]), scope)),
      });
    const callbackArguments = callbackArgumentKinds(callsOfCallbackParameter(target, index, scope, declaring.ast), reasonValues);
    const use = closeCodeUse(fn, variable, scope);
    const closeCode = use ? { kind: use.kind, target: use.target } : undefined;
    return {
      closes: closesSocket(fn, variable, scope, classNode),
      closeListeners: listeners.map((listener) => closesSocket(listener.fn, variable, scope, classNode, { closure: true, closingAtEntry: true })),
      inSight,
      ...(callbackArguments ? { callbackArguments } : {}),
      ...(closeCode ? { closeCode } : {}),
    };
  });
  const returns = returnedSocketKind(fn, scope);
  return { kind: "function", name, file: declaring.file, params, closesAnything: containsCloseCall(fn), ...(returns ? { returns } : {}) };
}

/**
 * A `close()` (or `webSocketClose(…)`) call in the file outside `except` (the chain's `webSocketClose`)
 * and outside the classes in `unrelated`, or a call of another module's function that may close what it
 * is given.
 */
function closesOutside(ast: TSESTree.Program, except: TSESTree.Node | null, unrelated: ReadonlySet<TSESTree.Node>, scope: ScopeIndex): boolean {
  let found = false;
  walkAst(ast, (node) => {
    if (found || node === except || unrelated.has(node)) return false;
    if (node.type === "CallExpression") {
      const callee = unwrapExpression(node.callee);
      if (callee.type === "MemberExpression" && ["close", "webSocketClose"].includes(getPropertyName(callee) ?? "")) found = true;
      if (scope.crossModule?.mayCloseArgument(node)) found = true;
    }
    return true;
  });
  return found;
}

/** Every class of the file. */
function classesOf(ast: TSESTree.Program): ClassNode[] {
  const classes: ClassNode[] = [];
  walkAst(ast, (node) => {
    if (node.type === "ClassDeclaration" || node.type === "ClassExpression") classes.push(node);
    return true;
  });
  return classes;
}

const WEB_SOCKET_CLOSE = new Set(["webSocketClose"]);

/**
 * @param node a class of the declaring file.
 * @returns what a subclass in another module inherits: the nearest `webSocketClose` and whether it
 *   closes its socket, whether the chain may close sockets elsewhere or define the handler unreadably,
 *   whether it accepts hibernatable sockets, and where the chain ends.
 */
export function summarizeClass(node: ClassNode, declaring: DeclaringFile): ClassFacts {
  const { ast, scope } = declaring;
  const chain = classChain(node, scope);
  const imported = chain.importedBase ?? null;
  let webSocketClose: ClassFacts["webSocketClose"] = null;
  let handlerFn: TSESTree.Node | null = null;
  for (const cls of chain.classes) {
    const method = cls.body.body.find((member) => isMethodNamed(member, WEB_SOCKET_CLOSE));
    if (!method || method.type !== "MethodDefinition") continue;
    const fn = method.value as TSESTree.FunctionExpression;
    handlerFn = fn;
    const socket = paramIdentifier(runtimeParams(fn)[0]);
    const variable = socket ? scope.resolve(socket) : null;
    const closes = variable ? closesSocket(fn, variable, scope, cls, { closingAtEntry: true }) : "unknown";
    webSocketClose = { closes, className: cls.id?.name ?? "(class)", file: declaring.file };
    break;
  }
  webSocketClose ??= imported?.webSocketClose ?? null;
  const mayDefine =
    chain.classes.some((cls) => mayDefineHandler(cls) && !cls.body.body.some((member) => isMethodNamed(member, WEB_SOCKET_CLOSE))) ||
    fileMayAddHandler(ast) ||
    (imported?.mayDefineWebSocketClose ?? false);
  const accepts = chain.classes.flatMap((cls) => acceptWebSocketCalls(cls));
  const closesElsewhere =
    closesOutside(ast, handlerFn, new Set(classesOf(ast).filter((cls) => !chain.classes.includes(cls))), scope) || socketsMayBeClosedElsewhere(accepts, chain.classes, scope) || (imported?.closesElsewhere ?? false);
  const end = chain.end;
  return {
    kind: "class",
    name: node.id?.name ?? "(class)",
    file: declaring.file,
    webSocketClose,
    mayDefineWebSocketClose: mayDefine,
    closesElsewhere,
    acceptsHibernatable: accepts.length > 0 || (imported?.acceptsHibernatable ?? false),
    end,
    ...(chain.framework ? { framework: chain.framework } : {}),
    durableObjectInItsFile: findDurableObjects(ast, scope).some((durableObject) => durableObject.node === node),
    // Only the class's own fields: one of a base further up would need that base's reads too.
    inheritableCollections: chain.classes.length === 1 && !imported ? inheritableCollections(node, scope) : [],
  };
}
