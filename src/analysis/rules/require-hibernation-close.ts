/**
 * `ws-close/require-hibernation-close` (docs/rules/require-hibernation-close.md): in any mode, a Durable
 * Object's `webSocketClose(ws, …)` that never closes `ws`. The runtime never
 * replies for hibernatable sockets (docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime; workerd
 * `src/workerd/io/legacy-hibernation-manager.c++`; the Durable Objects docs
 * that say it does are contradicted by the runtime), so the client's
 * close hangs until workerd drops the connection. The fix appends a reply that
 * cannot throw for any code the runtime delivers (`close-reply-edits.ts`).
 * A class that accepts hibernatable sockets and has no `webSocketClose` at all
 * (own or inherited in the file) is reported too, and gets the method with that
 * reply (`add-web-socket-close-edits.ts`).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import { addWebSocketCloseEdits } from "../fix/add-web-socket-close-edits.js";
import { appendCloseReplyEdits } from "../fix/close-reply-edits.js";
import { decideFix } from "../fix/fix-policy.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import { closesSocket, containsCloseCall, type SocketClosing } from "../model/socket-closing.js";
import { hibernatableSocketClosedElsewhere } from "../model/socket-in-sight.js";
import { classChain, type ClassNode } from "../model/class-chain.js";
import { acceptWebSocketCalls, fileMayAddHandler, mayDefineHandler } from "../model/missing-web-socket-close.js";
import type { ClassFacts } from "../cross-module/module-facts.js";
import { detectSourceStyle } from "../fix/source-style.js";
import type { Finding } from "../types.js";
import { shortName, shortPath } from "./message-values.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";


/**
 * @param model the file's model: `durableObjects`, the file's Durable Object classes from `findDurableObjects`.
 * @param finding the rule's finding factory.
 * @returns one finding per `webSocketClose` proven never to close its socket, and one per class
 *   proven to accept hibernatable sockets without any `webSocketClose`; in every mode.
 */
function findMissingHibernationCloses(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { durableObjects, scope, context } = model;
  const findings: Finding[] = [];
  for (const durableObject of durableObjects) {
    const handler = durableObject.webSocketClose;
    const acceptCall = durableObject.missingWebSocketClose;
    if (acceptCall) {
      const edits = addWebSocketCloseEdits({
        text: context.text,
        classNode: durableObject.node,
        style: detectSourceStyle(context.text, context.ast),
        typescript: context.typescript,
      });
      const at = durableObject.node.id ?? acceptCall;
      // A base of another module that has none either is named: the user cannot see it here.
      const base = classChain(durableObject.node, scope).importedBase;
      const baseNote = base ? ` (nor does its base \`${shortName(base.name)}\`)` : "";
      const baseNoteDetail = base ? `, nor does its base \`${base.name}\` in ${base.file}` : "";
      const data = { className: shortName(durableObject.name ?? "(class)"), baseNote, baseNoteDetail };
      findings.push(finding("missingWebSocketClose", at, data, decideFix(edits, "repairs-defect", [])));
    }
    const importedBase = classChain(durableObject.node, scope).importedBase;
    if (!handler) {
      const inherited = importedBase ? inheritedMissingReply(durableObject.node, importedBase, model) : null;
      if (inherited) findings.push(finding("inheritedMissingCloseReply", durableObject.node.id ?? durableObject.node, inherited, decideFix(null, "repairs-defect", [])));
      continue;
    }
    // A base class of another module may close the socket (its `webSocketMessage`, an alarm): undecidable too.
    if (importedBase?.closesElsewhere) continue;
    // Another path of the file may close the socket (docs/rules/require-hibernation-close.md#when-it-is-silent): undecidable. Otherwise
    // `webSocketClose` runs only on the peer's Close frame, with readyState 2 (docs/runtime-behaviour.md#readystate-in-the-close-handler).
    if (hibernatableSocketClosedElsewhere(context.ast, handler.fn, new Set(model.sockets.map((socket) => socket.variable)), scope)) continue;
    const closing: SocketClosing = handler.socketVariable
      ? closesSocket(handler.fn, handler.socketVariable, scope, durableObject.node, { closingAtEntry: true })
      : containsCloseCall(handler.fn.body)
        ? "unknown"
        : "no";
    if (closing !== "no") continue;
    const params =
      handler.fn.params[0]?.type === "Identifier" && handler.fn.params[0].name === "this" ? handler.fn.params.slice(1) : handler.fn.params;
    const edits = appendCloseReplyEdits({
      text: context.text,
      fn: handler.fn,
      params,
      style: detectSourceStyle(context.text, context.ast),
      typescript: context.typescript,
    });
    const data = { className: shortName(durableObject.name ?? "(class)"), socket: shortName(handler.socketParam?.name ?? "ws") };
    const key = handler.member.key;
    findings.push(finding("missingCloseReply", key, data, decideFix(edits, "repairs-defect", [])));
  }
  return findings;
}

/**
 * A Durable Object without a `webSocketClose` of its own that inherits one from a class of another
 * module (`ClassChain.importedBase`) that never closes its socket, where that class's own file does not
 * prove it a Durable Object (so nothing is reported there): the finding is here, naming the other file.
 * Nothing may close the socket elsewhere, here or in the base, and the class or its base must accept
 * hibernatable sockets. The reply belongs in the other module: no fix.
 */
function inheritedMissingReply(node: ClassNode, base: ClassFacts, model: FileModel): Record<string, string> | null {
  const handler = base.webSocketClose;
  if (!handler || handler.closes !== "no" || base.durableObjectInItsFile || base.closesElsewhere || base.mayDefineWebSocketClose) return null;
  if (!base.acceptsHibernatable && acceptWebSocketCalls(node).length === 0) return null;
  if (mayDefineHandler(node) || fileMayAddHandler(model.context.ast) || containsCloseCall(model.context.ast)) return null;
  return { className: shortName(node.id?.name ?? "(class)"), base: shortName(handler.className), file: shortPath(handler.file) };
}

/** Messages of `ws-close/require-hibernation-close`. Runtime facts: docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime. */
const MESSAGES = {
  missingCloseReply:
    "`{{className}}.webSocketClose` never closes '{{socket}}', and the runtime never answers hibernatable sockets (any date): the client's close hangs.",
  inheritedMissingCloseReply:
    "`{{className}}` inherits `{{base}}.webSocketClose` ({{file}}), which never closes its socket, nor does the runtime (any date): the client's close hangs.",
  missingWebSocketClose:
    "`{{className}}` accepts hibernatable WebSockets but has no `webSocketClose`{{baseNote}}, and the runtime never answers them (any date): a client's close hangs.",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  missingCloseReply:
    "`{{className}}.webSocketClose` never closes '{{socket}}': the runtime does not answer Close frames on sockets accepted with acceptWebSocket() (Hibernation API) on any compatibility date, so the client's close hangs until the connection is dropped (1006). Close the socket at the end of webSocketClose: an empty close() after 1005, none after 1006 and 1015, the received code and reason otherwise.",
  inheritedMissingCloseReply:
    "`{{className}}` inherits `webSocketClose` from `{{base}}` in {{file}}, which never closes its socket: the runtime never answers Close frames on hibernatable WebSockets (on any compatibility date), so a client's close hangs until the connection is dropped (1006). The reply belongs in `{{base}}`, or in a `webSocketClose` of `{{className}}`'s own.",
  missingWebSocketClose:
    "`{{className}}` accepts hibernatable WebSockets but has no `webSocketClose`{{baseNoteDetail}}: the runtime never answers their Close frames on any compatibility date, so a client's close hangs until the connection is dropped (1006). Add a `webSocketClose` that closes the socket.",
} as const;

/** The message ids of `ws-close/require-hibernation-close`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/require-hibernation-close` in the rule table. */
export const requireHibernationClose = defineRule({
  id: "require-hibernation-close",
  type: "problem",
  description:
    "Require a Durable Object's `webSocketClose` to answer the Close frame: the runtime never does for hibernatable WebSockets, on any compatibility date",
  recommended: true,
  fixable: true,
  hasSuggestions: false,
  dependsOnMode: false,
  modes: "any",
  migration: "hibernation-close",
  fixVerbs: { done: "added reply", planned: "would add reply" },
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findMissingHibernationCloses,
});
