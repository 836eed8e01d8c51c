/**
 * Hono's WebSocket helper (docs/runtime-behaviour.md#hono-accepts-the-socket-itself): `upgradeWebSocket` from
 * `hono/cloudflare-workers` or `hono/cloudflare` calls `server.accept()` itself,
 * without options, and its `onClose(event, ws)` receives the raw `CloseEvent`;
 * `ws.close(…)` there goes straight to the raw socket. So the `ws` of `onClose`
 * is a standard-API socket that is never half-open, and `onClose` is its close
 * handler: the same model as a `WebSocketPair` socket, with no `accept()` call
 * in the user's code.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import { variableImport } from "../ast/imports.js";
import { findHandlerCloseCalls } from "./find-sockets.js";
import { staticString, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import type { SocketBinding } from "./socket-model.js";

/** The modules whose `upgradeWebSocket` is the Cloudflare Workers adapter. */
export const HONO_WORKERS_MODULES = new Set(["hono/cloudflare-workers", "hono/cloudflare"]);

type FunctionNode = TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** The object literals a function returns: an expression body, or `return {…}` not inside nested functions. */
function returnedObjects(fn: FunctionNode): TSESTree.ObjectExpression[] {
  if (fn.body.type !== "BlockStatement") {
    const body = unwrapExpression(fn.body);
    return body.type === "ObjectExpression" ? [body] : [];
  }
  const objects: TSESTree.ObjectExpression[] = [];
  walkAst(fn.body, (node) => {
    if (node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") return false;
    if (node.type === "ReturnStatement" && node.argument) {
      const value = unwrapExpression(node.argument);
      if (value.type === "ObjectExpression") objects.push(value);
    }
    return true;
  });
  return objects;
}

/** True for `upgradeWebSocket` imported from one of `HONO_WORKERS_MODULES`. */
function isHonoUpgradeImport(variable: VariableLike | null): boolean {
  const binding = variableImport(variable);
  return binding !== null && binding.imported === "upgradeWebSocket" && HONO_WORKERS_MODULES.has(binding.source);
}

function propertyName(property: TSESTree.Property): string | null {
  if (!property.computed && property.key.type === "Identifier") return property.key.name;
  return staticString(property.key);
}

/** The events object an `upgradeWebSocket(…)` factory returns. */
export interface HonoEvents {
  /** The `upgradeWebSocket(…)` call. */
  call: TSESTree.CallExpression;
  /** An object literal the factory returns (`return { onMessage, onClose }`, or an expression body). */
  object: TSESTree.ObjectExpression;
}

/**
 * @param ast the program, `parent` set on every node.
 * @returns every object literal returned by the factory of an `upgradeWebSocket(…)` call from
 *   `HONO_WORKERS_MODULES`, the factory written inline.
 */
export function findHonoEvents(ast: TSESTree.Program, scope: ScopeIndex): HonoEvents[] {
  const events: HonoEvents[] = [];
  // Without the import no call can be one: the walk of a 5 MB file is spared (0.15 s a pass, issue 14).
  if (!scope.variables.some(isHonoUpgradeImport)) return events;
  walkAst(ast, (node) => {
    if (node.type !== "CallExpression") return true;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== "Identifier") return true;
    if (!isHonoUpgradeImport(scope.resolve(callee))) return true;
    const factory = node.arguments[0] ? unwrapExpression(node.arguments[0]) : null;
    if (factory?.type !== "ArrowFunctionExpression" && factory?.type !== "FunctionExpression") return true;
    for (const object of returnedObjects(factory)) events.push({ call: node, object });
    return true;
  });
  return events;
}

/** The `onClose` property of an events object, by its static name. */
export function isOnCloseProperty(property: TSESTree.ObjectLiteralElement): boolean {
  return property.type === "Property" && propertyName(property) === "onClose";
}

/**
 * @param ast the program, `parent` set on every node.
 * @returns one socket per `onClose(event, ws)` handler of an `upgradeWebSocket(…)` call whose
 *   `ws` parameter is a plain identifier; the handler must be written inline in the returned object.
 */
export function findHonoSockets(ast: TSESTree.Program, scope: ScopeIndex): SocketBinding[] {
  const sockets: SocketBinding[] = [];
  for (const { object } of findHonoEvents(ast, scope)) {
    for (const property of object.properties) {
      if (property.type !== "Property" || !isOnCloseProperty(property)) continue;
      const fn = unwrapExpression(property.value);
      if (fn.type !== "FunctionExpression" && fn.type !== "ArrowFunctionExpression") continue;
      const wsParam = fn.params[1];
      if (wsParam?.type !== "Identifier") continue;
      const variable = scope.resolve(wsParam);
      if (!variable) continue;
      sockets.push({
        variable,
        name: wsParam.name,
        origin: "hono-upgrade",
        acceptCalls: [],
        halfOpen: "no",
        closeHandlers: [
          { registration: "hono-onClose", attachedAt: property, fn, exclusive: true, closeCalls: findHandlerCloseCalls(fn, variable, scope) },
        ],
        messageForwards: [],
      });
    }
  }
  return sockets;
}
