/**
 * `ws-close/no-closing-state-check` (docs/rules/no-closing-state-check.md): in `auto` mode, a close handler of
 * a standard-API socket that is not half-open compares that socket's
 * `readyState` with CLOSING (`WebSocket.CLOSING`, `sock.CLOSING`, or `2`). With
 * auto reply the runtime has answered the Close frame before the handler runs,
 * so `readyState` there is 3 (CLOSED), never 2 (docs/runtime-behaviour.md#readystate-in-the-close-handler: 2 on the old date,
 * 3 on the new; measured in workerd 2026-11-17, pinned by `test/runtime/runtime-facts.test.ts`). Report only: what the check was
 * for is the user's to decide.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkFunctionBody } from "../ast/ast-traversal.js";
import type { Finding } from "../types.js";
import { callText } from "./call-text.js";
import { shortName } from "./message-values.js";
import { isClosingConstant, isReadyStateOf } from "../model/socket-reads.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

const EQUALITY = new Set(["===", "!==", "==", "!="]);

/**
 * @param model the file's model: `sockets`, the file's sockets (`findSockets`, `findHonoSockets`); `scope`, the scope index of the same AST; `context`, the file's text, mode and the phrase that says where the mode came from.
 * @param finding the rule's finding factory.
 * @returns one finding per comparison, directly in a socket's own close handler, of
 *   that socket's `readyState` with CLOSING; none unless the mode is `auto`.
 *   Only handlers that run for nothing but this socket's close (`exclusive`): a
 *   handler shared with another socket runs while this one may really be CLOSING.
 *   `new WebSocket(url)` sockets are left alone (not standard-API sockets; browser code looks the same).
 */
function findClosingStateChecks(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { sockets, scope, context } = model;
  if (context.compat.mode !== "auto") return [];
  const socketVariables = new Set(sockets.map((socket) => socket.variable));
  const findings: Finding[] = [];
  const seen = new Set<number>();
  for (const socket of sockets) {
    if (socket.halfOpen !== "no" || socket.origin === "new-websocket") continue;
    for (const handler of socket.closeHandlers) {
      if (!handler.exclusive) continue;
      walkFunctionBody(handler.fn, (node) => {
        if (node.type !== "BinaryExpression" || !EQUALITY.has(node.operator) || seen.has(node.range[0])) return;
        const { left, right } = node as TSESTree.BinaryExpression;
        const compares =
          (isReadyStateOf(left, socket.variable, scope) && isClosingConstant(right, socketVariables, scope)) ||
          (isReadyStateOf(right, socket.variable, scope) && isClosingConstant(left, socketVariables, scope));
        if (!compares) return;
        seen.add(node.range[0]);
        const data = {
          comparison: callText(context.text, node.range),
          result: node.operator.startsWith("!") ? "true" : "false",
          socket: shortName(socket.name),
          compat: context.compatNote,
        };
        findings.push(finding("closingStateCheck", node, data));
      });
    }
  }
  return findings;
}

/** Messages of `ws-close/no-closing-state-check`. Runtime fact: docs/runtime-behaviour.md#readystate-in-the-close-handler (2 old, 3 new). */
const MESSAGES = {
  closingStateCheck:
    "`{{comparison}}` is always {{result}}: in its own close handler the socket is already CLOSED, never CLOSING ({{compat}}).",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  closingStateCheck:
    "`{{comparison}}` is always {{result}}: in its own close handler '{{socket}}'.readyState is already 3 (CLOSED), never 2 (CLOSING), because the runtime answered the peer's Close frame before the handler ran ({{compatDescription}}; auto reply to Close frames is on from compatibility date 2026-04-07).",
} as const;

/** The message ids of `ws-close/no-closing-state-check`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/no-closing-state-check` in the rule table. */
export const noClosingStateCheck = defineRule({
  id: "no-closing-state-check",
  type: "problem",
  description:
    "Disallow comparing a socket's `readyState` with CLOSING in its own close handler when the runtime already replied to the Close frame (compatibility date 2026-04-07 and later): it is always CLOSED there",
  recommended: true,
  fixable: false,
  hasSuggestions: false,
  dependsOnMode: true,
  modes: ["auto"],
  migration: "auto-reply-to-close",
  fixVerbs: null,
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findClosingStateChecks,
});
