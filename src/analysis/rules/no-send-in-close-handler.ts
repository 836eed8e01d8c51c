/**
 * `ws-close/no-send-in-close-handler` (docs/rules/no-send-in-close-handler.md): in `auto` or `mixed` mode, a
 * socket that is not half-open calls `send()` on itself inside its own close
 * handler. With auto reply the runtime marks the outgoing side closed before the
 * `close` event fires, so the call throws `TypeError` (docs/runtime-behaviour.md#send-in-a-close-handler, measured in
 * the runtime-facts suite: "send() in the close handler"; workerd
 * `src/workerd/api/web-socket.c++`). In `manual` mode, or half-open, it worked.
 * Report only: what to do instead (send before closing, make the socket
 * half-open, drop the message) is the user's choice.
 */
import { walkFunctionBody } from "../ast/ast-traversal.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import type { Finding } from "../types.js";
import { callText } from "./call-text.js";
import { shortName } from "./message-values.js";
import { readsReadyStateBefore } from "../model/socket-reads.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

/**
 * @param model the file's model: `sockets`, the file's sockets (`findSockets`, `findHonoSockets`); `scope`, the scope index of the same AST; `context`, the file's text, mode and the phrase that says where the mode came from.
 * @param finding the rule's finding factory.
 * @returns one finding per `send()` that runs directly in its own socket's close handler,
 *   on a socket proven not half-open; none unless the mode is `auto` or `mixed`.
 *   A `send()` after a read of the socket's `readyState` in the handler is left alone
 *   (a guard such as `if (ws.readyState === WebSocket.OPEN)` keeps it from running).
 *   `new WebSocket(url)` sockets count only in a file that also accepts a
 *   standard-API socket: browser code looks the same, and there `send()` after close does not throw.
 */
function findSendsInCloseHandlers(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { sockets, scope, context } = model;
  const { mode } = context.compat;
  if (mode !== "auto" && mode !== "mixed") return [];
  const workerFile = sockets.some((socket) => socket.origin !== "new-websocket");
  const findings: Finding[] = [];
  const seen = new Set<number>();
  for (const socket of sockets) {
    if (socket.halfOpen !== "no") continue;
    if (socket.origin === "new-websocket" && !workerFile) continue;
    for (const handler of socket.closeHandlers) {
      walkFunctionBody(handler.fn, (node) => {
        if (node.type !== "CallExpression") return;
        const callee = unwrapExpression(node.callee);
        if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "send") return;
        const object = unwrapExpression(callee.object);
        if (object.type !== "Identifier" || scope.resolveStable(object) !== socket.variable) return;
        if (seen.has(node.range[0]) || readsReadyStateBefore(handler.fn, node.range[0], socket.variable, scope)) return;
        seen.add(node.range[0]);
        const data = { call: callText(context.text, node.range), socket: shortName(socket.name), compat: context.compatNote };
        findings.push(finding("sendInCloseHandler", node, data));
      });
    }
  }
  return findings;
}

/** Messages of `ws-close/no-send-in-close-handler`. Runtime fact: docs/runtime-behaviour.md#send-in-a-close-handler. */
const MESSAGES = {
  sendInCloseHandler:
    "`{{call}}` throws TypeError: the runtime already answered the Close frame and closed the socket for sending ({{compat}}).",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  sendInCloseHandler:
    "`{{call}}` throws TypeError where the runtime replies to Close frames itself ({{compatDescription}}; on from compatibility date 2026-04-07): it answered the peer's Close frame on '{{socket}}' and closed its sending side before this close handler ran, so nothing is sent. Send before closing, accept the socket with `{ allowHalfOpen: true }` (its close handler must then reply), or drop the message.",
} as const;

/** The message ids of `ws-close/no-send-in-close-handler`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/no-send-in-close-handler` in the rule table. */
export const noSendInCloseHandler = defineRule({
  id: "no-send-in-close-handler",
  type: "problem",
  description:
    "Disallow `send()` on a socket inside its own close handler when the runtime already replied to the Close frame (compatibility date 2026-04-07 and later): it throws TypeError",
  recommended: true,
  fixable: false,
  hasSuggestions: false,
  dependsOnMode: true,
  modes: ["auto", "mixed"],
  migration: "auto-reply-to-close",
  fixVerbs: null,
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findSendsInCloseHandlers,
});
