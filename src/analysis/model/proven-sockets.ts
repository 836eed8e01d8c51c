/**
 * The sockets whose `close()` calls `no-reserved-close-code` reads, and that a
 * received code handed across modules must reach (`close-code-params.ts`).
 */
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { isNeverReassigned } from "../ast/scope-lookup.js";
import type { DurableObjectClass } from "./durable-object-model.js";
import { helperParamsGiven } from "./same-file-functions.js";
import type { SocketBinding } from "./socket-model.js";

/**
 * Proven socket variables: standard-API sockets, `webSocketClose`'s `ws`, and a
 * parameter of a helper of this file (not exported, never passed as a value)
 * that every call gives one of those (`forwardClose(backend, event)`).
 */
export function provenSockets(sockets: readonly SocketBinding[], durableObjects: readonly DurableObjectClass[], scope: ScopeIndex): Set<VariableLike> {
  const variables = new Set<VariableLike>(sockets.map((socket) => socket.variable));
  for (const durableObject of durableObjects) {
    const variable = durableObject.webSocketClose?.socketVariable;
    if (variable && isNeverReassigned(variable)) variables.add(variable);
  }
  for (const parameter of helperParamsGiven(variables, scope)) variables.add(parameter);
  return variables;
}

