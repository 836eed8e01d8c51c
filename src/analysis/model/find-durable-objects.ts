/**
 * Finds Durable Object classes and their Hibernation API close handler
 * (docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime, docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions). Classes that extend a framework's base class
 * (`Server` from `partyserver`, `Agent` from `agents`) are left out: the
 * framework answers the Close frame itself.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import type { DurableObjectClass, DurableObjectEvidence, HibernationCloseHandler } from "./durable-object-model.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";
import { classChain, type ClassNode } from "./class-chain.js";
import { findMissingWebSocketClose } from "./missing-web-socket-close.js";

/** `this.ctx.acceptWebSocket(…)`, `this.state.acceptWebSocket(…)` or `<identifier>.acceptWebSocket(…)`. */
function isAcceptWebSocketCall(node: TSESTree.Node): boolean {
  if (node.type !== "CallExpression") return false;
  const callee = unwrapExpression(node.callee);
  if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "acceptWebSocket") return false;
  const object = unwrapExpression(callee.object);
  if (object.type === "Identifier") return true;
  return (
    object.type === "MemberExpression" &&
    object.object.type === "ThisExpression" &&
    ["ctx", "state"].includes(getPropertyName(object) ?? "")
  );
}

/**
 * Why `node` is a Durable Object class: it extends `DurableObject` from `cloudflare:workers`
 * (directly or through classes of the file), or it accepts hibernatable WebSockets
 * (`this.ctx.acceptWebSocket(…)`). `null` for a class that extends a framework's base class
 * anywhere up the file's chain (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions) or shows neither.
 */
export function durableObjectEvidence(node: ClassNode, scope: ScopeIndex): DurableObjectEvidence | null {
  // A framework's base anywhere up the file's chain owns the reply; `DurableObject` at its end proves the class.
  const end = classChain(node, scope).end;
  if (end === "framework") return null;
  if (end === "durable-object") return "extends-durable-object";
  let accepts = false;
  walkAst(node.body, (child) => {
    if (accepts) return false;
    if (isAcceptWebSocketCall(child)) accepts = true;
    return true;
  });
  return accepts ? "accepts-websockets" : null;
}

function plainParam(param: TSESTree.Parameter | undefined): TSESTree.Identifier | null {
  return param?.type === "Identifier" ? param : null;
}

function findWebSocketClose(node: ClassNode, scope: ScopeIndex): HibernationCloseHandler | null {
  for (const member of node.body.body) {
    if (member.type !== "MethodDefinition" && member.type !== "PropertyDefinition") continue;
    if (member.static || member.computed || member.key.type !== "Identifier" || member.key.name !== "webSocketClose") continue;
    // A getter or setter named `webSocketClose` is not the handler itself (what it returns is unknown).
    if (member.type === "MethodDefinition" && member.kind !== "method") continue;
    const value = member.value ? unwrapExpression(member.value) : null;
    if (value?.type !== "FunctionExpression" && value?.type !== "ArrowFunctionExpression") continue;
    // A TypeScript `this` parameter is not a runtime parameter.
    const params = value.params[0]?.type === "Identifier" && value.params[0].name === "this" ? value.params.slice(1) : value.params;
    const socketParam = plainParam(params[0]);
    const codeParam = plainParam(params[1]);
    const reasonParam = plainParam(params[2]);
    return {
      member,
      fn: value,
      socketParam,
      codeParam,
      reasonParam,
      socketVariable: socketParam ? scope.resolve(socketParam) : null,
      codeVariable: codeParam ? scope.resolve(codeParam) : null,
      reasonVariable: reasonParam ? scope.resolve(reasonParam) : null,
    };
  }
  return null;
}

/**
 * @param ast the program, `parent` set on every node.
 * @returns every Durable Object class of the file, with its `webSocketClose` handler if it has one.
 */
export function findDurableObjects(ast: TSESTree.Program, scope: ScopeIndex): DurableObjectClass[] {
  const all: ClassNode[] = [];
  walkAst(ast, (node) => {
    if (node.type === "ClassDeclaration" || node.type === "ClassExpression") all.push(node);
    return true;
  });
  const classes: DurableObjectClass[] = [];
  for (const node of all) {
    const evidence = durableObjectEvidence(node, scope);
    if (!evidence) continue;
    const webSocketClose = findWebSocketClose(node, scope);
    classes.push({
      node,
      name: node.id?.name ?? null,
      evidence,
      webSocketClose,
      missingWebSocketClose: webSocketClose ? null : findMissingWebSocketClose(node, all, ast, scope),
    });
  }
  return classes;
}
