/**
 * `ws-close/no-redundant-close` (docs/rules/no-redundant-close.md): in `auto` mode, a standard-API
 * socket that is not half-open calls `close()` on itself inside its own close
 * handler. The runtime already echoed the peer's Close frame before the handler
 * ran (docs/runtime-behaviour.md#close-after-the-auto-reply-does-nothing; workerd `src/workerd/api/web-socket.c++`), so:
 * - an echo (no arguments, or the event's own code and reason) is removed by a
 *   fix: the call sends nothing, and an echo of 1005 only throws (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005);
 * - a custom code or reason is never sent (row 3): the user chooses between
 *   removing it and making the socket half-open, so both are suggestions.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { decideFix } from "../fix/fix-policy.js";
import { halfOpenReplyGuards } from "../fix/half-open-reply-guards.js";
import { attachedUpFront } from "../model/attached-up-front.js";
import { ReceivedCloseCodes } from "../model/received-close-codes.js";
import type { SocketBinding } from "../model/socket-model.js";
import { allowHalfOpenEdits, removeCallEdits } from "../fix/source-edits.js";
import type { Finding, FindingSuggestion } from "../types.js";
import { callText } from "./call-text.js";
import { shortName } from "./message-values.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

/**
 * True when, once `socket` is half-open, its own close handlers answer it safely: each is attached with
 * the `accept()` (`attachedUpFront`), at least one closes the socket, and every `close()` in them is
 * proven not to throw on a received 1005, 1006 or 1015 as written (`halfOpenReplyGuards`, no guard edits).
 */
function replySafeOnceHalfOpen(socket: SocketBinding, accept: TSESTree.CallExpression, model: FileModel): boolean {
  if (!socket.closeHandlers.every((handler) => attachedUpFront(handler, accept))) return false;
  const codes = new ReceivedCloseCodes(model.sockets, model.durableObjects, model.scope);
  return halfOpenReplyGuards({ handlers: socket.closeHandlers, reservedCodeFindings: [], codes, scope: model.scope }).unprovable.length === 0;
}

/**
 * @param model the file's model: `sockets`, the file's sockets from `findSockets`; `proxies`, the file's proxy links: a leg that can be made half-open is left alone; `context`, the file's text, mode and the phrase that says where the mode came from.
 * @param finding the rule's finding factory.
 * @returns one finding per redundant `close()` call; none unless the mode is `auto`.
 */
function findRedundantCloses(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { sockets, proxies, context } = model;
  if (context.compat.mode !== "auto") return [];
  const findings: Finding[] = [];
  const seen = new Set<number>();
  for (const socket of sockets) {
    // `new WebSocket(url)` is never reported as redundant: browser code looks the same (docs/rules/no-redundant-close.md#when-it-is-silent).
    if (socket.halfOpen !== "no" || socket.origin === "new-websocket") continue;
    // A proxy leg becomes half-open (require-allow-half-open), and then its own reply is required (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply).
    if (socket.origin !== "hono-upgrade" && proxies.peersOf(socket).length > 0) continue;
    for (const handler of socket.closeHandlers) {
      // A handler that also runs for another socket or event: there the call may be the only close (docs/rules/no-redundant-close.md#when-it-is-silent).
      if (!handler.exclusive) continue;
      for (const closeCall of handler.closeCalls) {
        // A close in a callback or a helper is not the handler's own statement to remove (the helper may run elsewhere).
        if (closeCall.target.kind !== "self" || closeCall.site !== "direct" || seen.has(closeCall.call.range[0])) continue;
        seen.add(closeCall.call.range[0]);
        const { call } = closeCall;
        const isEcho = closeCall.args !== "custom";
        const data: Record<string, string> = {
          call: callText(context.text, call.range),
          socket: shortName(socket.name),
          compat: context.compatNote,
          throwNote:
            closeCall.args === "echo"
              ? " It also throws InvalidAccessError when the peer closed without a status code (1005) or the connection dropped (1006)."
              : "",
        };
        const removal = removeCallEdits(context.text, call);
        const suggestions: FindingSuggestion<MessageId>[] = [];
        if (!isEcho) {
          if (removal) suggestions.push({ messageId: "suggestRemoveClose", data, edits: removal });
          const accept = socket.acceptCalls.length === 1 ? socket.acceptCalls[0]! : null;
          // Half-open, this handler's close() calls are the reply: offered only where each is safe for 1005, 1006
          // and 1015 as written, and the handler is in place from the accept() on (docs/rules/no-redundant-close.md#fix-or-suggestions).
          const halfOpen = accept && replySafeOnceHalfOpen(socket, accept.call, model) ? allowHalfOpenEdits(context.text, accept) : null;
          if (halfOpen) suggestions.push({ messageId: "suggestAllowHalfOpen", data, edits: halfOpen });
        }
        const messageId: MessageId = isEcho ? "redundantEcho" : "redundantCustomClose";
        findings.push(finding(messageId, call, data, decideFix(removal, isEcho ? "keeps-behaviour" : "changes-intent", suggestions)));
      }
    }
  }
  return findings;
}

/** Messages of `ws-close/no-redundant-close`. Runtime facts: docs/runtime-behaviour.md#close-after-the-auto-reply-does-nothing, docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005. */
const MESSAGES = {
  redundantEcho: "`{{call}}` does nothing: the runtime already answered the peer's Close frame before this handler ran ({{compat}}).",
  redundantCustomClose:
    "`{{call}}` is never sent: the runtime already answered the peer's Close frame with the peer's own code ({{compat}}).",
  suggestRemoveClose: "Remove `{{call}}`; the runtime's own reply stays as it is.",
  suggestAllowHalfOpen:
    "Accept '{{socket}}' with `{ allowHalfOpen: true }` so that this handler's reply is the one sent (the reply is then required).",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  redundantEcho:
    "`{{call}}` does nothing: the runtime already answered the peer's Close frame on '{{socket}}' before this close handler ran ({{compatDescription}}; auto reply to Close frames is on from compatibility date 2026-04-07).{{throwNote}}",
  redundantCustomClose:
    "`{{call}}` is never sent: the runtime already answered the peer's Close frame on '{{socket}}' with the peer's own code and reason ({{compatDescription}}; auto reply to Close frames is on from compatibility date 2026-04-07). Remove it, or accept '{{socket}}' with `{ allowHalfOpen: true }` so that this handler's close is the reply (the handler must then reply on every path).",
} as const;

/** The message ids of `ws-close/no-redundant-close`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/no-redundant-close` in the rule table. */
export const noRedundantClose = defineRule({
  id: "no-redundant-close",
  type: "suggestion",
  description:
    "Disallow `close()` replies in a WebSocket close handler when the runtime already replies to Close frames (compatibility date 2026-04-07 and later)",
  recommended: true,
  fixable: true,
  hasSuggestions: true,
  dependsOnMode: true,
  modes: ["auto"],
  migration: "auto-reply-to-close",
  fixVerbs: { done: "removed", planned: "would remove" },
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findRedundantCloses,
});
