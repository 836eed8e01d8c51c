/**
 * Finds Durable Object classes and their Hibernation API close handler
 * (SPEC §1.4, §1.6). Classes that extend a framework's base class
 * (`Server` from `partyserver`, `Agent` from `agents`) are left out: the
 * framework answers the Close frame itself.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import type { DurableObjectClass, DurableObjectEvidence, HibernationCloseHandler } from "./durable-object-model.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import { importedBinding } from "../ast/imports.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Modules whose base classes own the WebSocket close reply (SPEC §1.6). */
const FRAMEWORK_MODULES = new Set(["partyserver", "agents", "partykit/server"]);

function superClassModule(node: ClassNode, scope: ScopeIndex): { source: string; imported: string } | null {
  const superClass = node.superClass ? unwrapExpression(node.superClass) : null;
  return superClass?.type === "Identifier" ? importedBinding(superClass, scope) : null;
}

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
 * Why `node` is a Durable Object class: it extends `DurableObject` from `cloudflare:workers`,
 * or it accepts hibernatable WebSockets (`this.ctx.acceptWebSocket(…)`). `null` for a class
 * that extends a framework's base class (SPEC §1.6) or shows neither.
 */
export function durableObjectEvidence(node: ClassNode, scope: ScopeIndex): DurableObjectEvidence | null {
  const base = superClassModule(node, scope);
  if (base && FRAMEWORK_MODULES.has(base.source)) return null;
  if (base?.source === "cloudflare:workers" && base.imported === "DurableObject") return "extends-durable-object";
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
  const classes: DurableObjectClass[] = [];
  walkAst(ast, (node) => {
    if (node.type !== "ClassDeclaration" && node.type !== "ClassExpression") return true;
    const evidence = durableObjectEvidence(node, scope);
    if (evidence) {
      classes.push({ node, name: node.id?.name ?? null, evidence, webSocketClose: findWebSocketClose(node, scope) });
    }
    return true;
  });
  return classes;
}
