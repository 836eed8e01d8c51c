/**
 * `ws-close/no-new-websocket-in-proxy` (docs/rules/no-new-websocket-in-proxy.md): in `auto` or `mixed` mode, a
 * `new WebSocket(url)` socket is one leg of a proxy. Such a socket can never be
 * half-open: `accept()` throws TypeError on it (measured in workerd 2026-11-17),
 * so with auto reply the runtime answers its Close frame at once (its close
 * handler sees CLOSED: `new-websocket-facts.test.ts`), and a close the backend
 * starts is answered before the other leg has closed (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply). A close
 * the client starts still travels end to end once the accepted leg is half-open
 * (`require-allow-half-open` makes it so; measured by the
 * `proxy-relay-new-websocket` fixture).
 *
 * The remedy, the `fetch()` upgrade pattern with `accept({ allowHalfOpen: true })`,
 * changes what the code does (the half-open leg must then complete its closes),
 * so it is a suggestion, offered only where `fetchUpgradeEdits` proves it valid
 * (facts pinned by `test/runtime/new-websocket-facts.test.ts`).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { fetchUpgradeEdits } from "../fix/fetch-upgrade-edits.js";
import { unwrapExpression } from "../ast/expressions.js";
import { decideFix } from "../fix/fix-policy.js";
import type { SocketBinding } from "../model/socket-model.js";
import type { Finding, FindingSuggestion } from "../types.js";
import { callText } from "./call-text.js";
import { shortName } from "./message-values.js";
import { assignedOnceValue } from "../ast/scope-lookup.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

/** The `new WebSocket(…)` expression a `new-websocket` binding is initialised with, or assigned once after an empty start (`let ws; try { ws = new WebSocket(url) } …`). */
function constructorOf(socket: SocketBinding): TSESTree.NewExpression | null {
  const declarator = socket.variable.defs[0]?.node as TSESTree.VariableDeclarator | undefined;
  const value = assignedOnceValue(socket.variable) ?? (declarator?.type === "VariableDeclarator" ? declarator.init : null);
  if (!value) return null;
  const init = unwrapExpression(value);
  return init.type === "NewExpression" ? init : null;
}

/**
 * @param model the file's model: `sockets`, the file's sockets (`findSockets`, `findHonoSockets`); `proxies`, the file's proxy links; `context`, the file's text, AST, mode and the phrase that says where the mode came from.
 * @param finding the rule's finding factory.
 * @returns one finding per `new WebSocket(url)` socket proxied with a Workers socket
 *   (one that is not itself a `new WebSocket`: that proves the file runs in Workers);
 *   none unless the mode is `auto` or `mixed`.
 */
function findNewWebSocketProxyLegs(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { sockets, proxies, context } = model;
  const { mode } = context.compat;
  if (mode !== "auto" && mode !== "mixed") return [];
  const findings: Finding[] = [];
  for (const socket of sockets) {
    if (socket.origin !== "new-websocket") continue;
    const peers = proxies.peersOf(socket).filter((peer) => peer.origin !== "new-websocket");
    const construct = constructorOf(socket);
    if (peers.length === 0 || !construct) continue;
    const data = {
      socket: shortName(socket.name),
      construct: callText(context.text, construct.range),
      peer: `'${shortName(peers[0]!.name)}'`,
      peers: peers.map((peer) => `'${peer.name}'`).join(", "),
      compat: context.compatNote,
    };
    const edits = fetchUpgradeEdits(context.text, context.ast, socket);
    const suggestions: FindingSuggestion<MessageId>[] = edits ? [{ messageId: "suggestFetchUpgrade", data, edits }] : [];
    findings.push(finding("newWebSocketProxyLeg", construct, data, decideFix(edits, "changes-intent", suggestions)));
  }
  return findings;
}

/** Messages of `ws-close/no-new-websocket-in-proxy`. Runtime facts: docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply, docs/runtime-behaviour.md#a-new-websocket-can-never-be-half-open; measured: `accept()` on a `new WebSocket` throws TypeError, no `open` event after `accept()`. */
const MESSAGES = {
  newWebSocketProxyLeg:
    "This `new WebSocket` proxy leg can never be half-open: the runtime answers the backend's Close before {{peer}} closes ({{compat}}).",
  suggestFetchUpgrade:
    "Connect '{{socket}}' with `fetch()` and an `Upgrade: websocket` header, and accept it with `{ allowHalfOpen: true }` (its close handler must then reply).",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  newWebSocketProxyLeg:
    "'{{socket}}' (`{{construct}}`) is a proxy leg with {{peers}}, and a `new WebSocket` socket can never be half-open (accept() throws on it): where the runtime replies to Close frames itself ({{compatDescription}}; on from compatibility date 2026-04-07) it answers the backend's Close frame on '{{socket}}' at once, before {{peers}} has closed, so a close the backend starts does not travel end to end (a close the client starts does once {{peers}} is half-open, see require-allow-half-open). Connect with `fetch()` and an `Upgrade: websocket` header instead, and accept the response's socket with `{ allowHalfOpen: true }`.",
} as const;

/** The message ids of `ws-close/no-new-websocket-in-proxy`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/no-new-websocket-in-proxy` in the rule table. */
export const noNewWebSocketInProxy = defineRule({
  id: "no-new-websocket-in-proxy",
  type: "problem",
  description:
    "Disallow `new WebSocket(url)` as a leg of a WebSocket proxy: it can never be half-open, so from compatibility date 2026-04-07 the proxy cannot coordinate its close",
  recommended: true,
  fixable: false,
  hasSuggestions: true,
  dependsOnMode: true,
  modes: ["auto", "mixed"],
  migration: "auto-reply-to-close",
  fixVerbs: null,
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findNewWebSocketProxyLegs,
});
