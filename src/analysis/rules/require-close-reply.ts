/**
 * `ws-close/require-close-reply` (SPEC §3): a standard-API socket whose peer's
 * Close frame is never answered.
 * - `manual` or `mixed` mode: without auto reply (before 2026-04-07, or with
 *   `web_socket_manual_reply_to_close`) the runtime does not answer the Close
 *   frame, so a close handler that never closes its socket leaves the client's
 *   close hanging (SPEC §1.2 row 1, measured: "old: hangs").
 * - any mode: a half-open socket (`accept({ allowHalfOpen: true })`) is never
 *   answered by the runtime on any date (SPEC §1.2 row 5).
 *
 * A socket's close counts as completed when one of its own close handlers
 * closes it, or when a close handler of another socket (its proxy peer) does:
 * the close then travels back once the peer's side has closed (SPEC §1.2,
 * proxies). "Never" is proven with `closesSocket`: helpers of the same file are
 * followed, and anything the core cannot follow (the socket escapes, a `close()`
 * on an unknown object, a close handler that is not a function of this file)
 * keeps the rule silent. Hono sockets (the framework accepts them) and
 * `new WebSocket(url)` sockets (browser code looks the same) are left alone.
 *
 * The fix appends to the handler a reply that cannot throw for any code the
 * runtime delivers (`close-reply-edits.ts`); it repairs the hang and changes
 * nothing else (`repairs-defect`).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import { appendEventCloseReplyEdits, closeReplyListenerEdits } from "../fix/close-reply-edits.js";
import { decideFix } from "../fix/fix-policy.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { closesSocket, type SocketClosing } from "../model/socket-closing.js";
import type { CloseHandler, SocketBinding } from "../model/socket-model.js";
import { detectSourceStyle } from "../fix/source-style.js";
import type { Finding } from "../types.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

/** Methods that take a socket as a value and can neither close it nor attach a handler to it (collections, `console`). */
const NON_ESCAPING_METHODS = new Set([
  "add", "delete", "has", "get", "set", "push", "unshift", "includes", "indexOf", "lastIndexOf",
  "log", "info", "warn", "error", "debug", "trace",
]);

/** Socket members whose use cannot attach a close handler or hand the socket to other code. */
function isInertMemberUse(member: TSESTree.MemberExpression): boolean {
  const name = getPropertyName(member);
  if (name === null || name === "onclose") return false;
  const parent = member.parent;
  if (name === "addEventListener" && parent?.type === "CallExpression" && parent.callee === member) {
    const event = staticString(parent.arguments[0]);
    return event !== null && event !== "close";
  }
  return true;
}

/**
 * True when every read of the socket outside its resolved close handlers keeps
 * it in this file's sight: a member use other than a close registration, a test,
 * or an argument of a collection or `console` method. A socket handed to other
 * code may get a close handler (or a `close()`) there.
 */
function staysInSight(socket: SocketBinding, handlers: readonly CloseHandler[]): boolean {
  return socket.variable.references.every((reference) => {
    // The socket binding is never reassigned (findSockets): its only write is its initializer.
    if (reference.isWrite()) return true;
    const identifier = reference.identifier as TSESTree.Identifier;
    const use = outermostWrapper(identifier);
    const parent = use.parent;
    if (!parent) return false;
    if (parent.type === "MemberExpression" && parent.object === use) {
      if (handlers.some((handler) => handler.attachedAt === parent.parent || handler.attachedAt === parent.parent?.parent)) return true;
      return isInertMemberUse(parent);
    }
    if (handlers.some((handler) => identifier.range[0] >= handler.fn.range[0] && identifier.range[1] <= handler.fn.range[1])) return true;
    if (parent.type === "BinaryExpression" || (parent.type === "UnaryExpression" && parent.operator === "!")) return true;
    if ((parent.type === "IfStatement" || parent.type === "ConditionalExpression") && parent.test === use) return true;
    if (parent.type === "CallExpression" && parent.callee !== use) {
      const callee = unwrapExpression(parent.callee);
      return callee.type === "MemberExpression" && NON_ESCAPING_METHODS.has(getPropertyName(callee) ?? "");
    }
    return false;
  });
}

/** The class a node sits in, so `this.helper(ws)` can be followed. */
function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "ClassDeclaration" || current.type === "ClassExpression") return current;
  }
  return null;
}

/** The runtime parameters of a handler: a TypeScript `this` parameter left out. */
function runtimeParams(fn: CloseHandler["fn"]): TSESTree.Parameter[] {
  const [first] = fn.params;
  return first?.type === "Identifier" && first.name === "this" ? fn.params.slice(1) : fn.params;
}

/** True when the socket's name, read at the end of `fn`'s body, might not be the socket: `fn` declares that name. */
function shadowsSocket(fn: CloseHandler["fn"], socket: VariableLike, scope: ScopeIndex): boolean {
  let shadowed = false;
  walkAst(fn, (node) => {
    if (shadowed) return false;
    if (node.type === "Identifier" && node.name === socket.name) {
      const variable = scope.resolve(node);
      if (variable !== null && variable !== socket) shadowed = true;
    }
    return true;
  });
  return shadowed;
}

/** Combines answers: `yes` wins, then `unknown`. */
function combine(answers: readonly SocketClosing[]): SocketClosing {
  if (answers.includes("yes")) return "yes";
  return answers.includes("unknown") ? "unknown" : "no";
}

/** How many times the socket registers a close handler (`addEventListener("close", …)`, a non-literal event, `onclose =`). */
function closeRegistrationCount(socket: SocketBinding): number {
  let count = 0;
  for (const reference of socket.variable.references) {
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const member = use.parent;
    if (member?.type !== "MemberExpression" || member.object !== use) continue;
    const name = getPropertyName(member);
    if (name === "addEventListener" && member.parent?.type === "CallExpression" && member.parent.callee === member) {
      const event = staticString(member.parent.arguments[0]);
      if (event === null || event === "close") count++;
    } else if (name === "onclose" || name === null) {
      count++;
    }
  }
  return count;
}

/** Where a finding about a handler is reported: the registration's callee, or the `onclose` target. */
function registrationNode(handler: CloseHandler): TSESTree.Node {
  const at = handler.attachedAt;
  return at.type === "CallExpression" ? at.callee : at.type === "AssignmentExpression" ? at.left : at;
}

/**
 * @param model the file's model: `sockets`, the file's sockets (`findSockets`, `findHonoSockets`); `proxies`, the file's proxy links (a peer's close handler may complete the close).
 * @param finding the rule's finding factory.
 * @returns one finding per socket whose close is proven never completed: in `manual`
 *   and `mixed` mode for every standard-API socket, in every mode for half-open ones.
 */
function findMissingCloseReplies(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { sockets, proxies, scope, context } = model;
  const withoutAutoReply = context.compat.mode === "manual" || context.compat.mode === "mixed";
  const findings: Finding[] = [];
  const variables = new Set(sockets.map((socket) => socket.variable));
  for (const socket of sockets) {
    if (socket.origin === "hono-upgrade" || socket.origin === "new-websocket") continue;
    const halfOpen = socket.halfOpen === "yes";
    if (!halfOpen && !withoutAutoReply) continue;
    // `accept({ allowHalfOpen: false })` gets the runtime's reply on every date (measured): no reply is missing.
    if (!halfOpen && socket.acceptCalls.length > 0 && socket.acceptCalls.every((accept) => accept.autoReplyOnEveryDate)) continue;
    // Every close registration must be a handler the core read, and the socket must not escape.
    if (closeRegistrationCount(socket) !== socket.closeHandlers.length) continue;
    if (!staysInSight(socket, socket.closeHandlers)) continue;
    const knownOthers = new Set([...variables].filter((variable) => variable !== socket.variable));
    const own = socket.closeHandlers.map((handler) =>
      closesSocket(handler.fn, socket.variable, scope, enclosingClass(handler.fn), { knownOthers, closure: true }),
    );
    // A peer's close handler that closes this socket completes its close (SPEC §1.2, proxies).
    const byPeers = sockets
      .filter((other) => other !== socket)
      .flatMap((other) =>
        other.closeHandlers.map((handler) =>
          proxies.forwardsClose(other, socket)
            ? "yes"
            : closesSocket(handler.fn, socket.variable, scope, enclosingClass(handler.fn), { knownOthers, closure: true }),
        ),
      );
    if (combine([...own, ...byPeers]) !== "no") continue;

    const compat = context.compatDescription;
    const peers = proxies.peersOf(socket).map((peer) => `'${peer.name}'`);
    const peerNote = peers.length > 0 ? `, and no close handler of its peer ${peers.join(", ")} closes it either` : "";
    const handler = [...socket.closeHandlers].reverse().find((candidate) => candidate.exclusive);
    if (socket.closeHandlers.length === 0) {
      if (!halfOpen) continue;
      const accept = socket.acceptCalls.find((call) => call.halfOpen === "yes")!.call;
      const data = { socket: socket.name, peerNote };
      findings.push(finding("halfOpenWithoutCloseHandler", accept, data));
      continue;
    }
    const messageId: MessageId = halfOpen ? "halfOpenMissingReply" : "missingReply";
    const data = { socket: socket.name, compat, peerNote };
    // A handler that also runs for another socket or event cannot take a reply to this socket's Close frame.
    if (!handler) {
      // One function for this socket's `close` and `error`: the reply goes in a `close` listener of its own.
      const shared = socket.closeHandlers.find((candidate) => candidate.alsoOnError);
      if (!shared) continue;
      const edits = closeReplyListenerEdits({
        text: context.text,
        registration: shared.attachedAt,
        socket: socket.name,
        style: detectSourceStyle(context.text, context.ast),
        typescript: context.typescript,
      });
      findings.push(finding(messageId, registrationNode(shared), data, decideFix(edits, "repairs-defect", [])));
      continue;
    }
    const edits = shadowsSocket(handler.fn, socket.variable, scope)
      ? null
      : appendEventCloseReplyEdits({
          text: context.text,
          fn: handler.fn,
          params: runtimeParams(handler.fn),
          socket: socket.name,
          style: detectSourceStyle(context.text, context.ast),
          typescript: context.typescript,
        });
    findings.push(finding(messageId, registrationNode(handler), data, decideFix(edits, "repairs-defect", [])));
  }
  return findings;
}

/** Messages of `ws-close/require-close-reply`. Runtime facts: SPEC §1.1, §1.2 rows 1, 5 and proxies. */
const MESSAGES = {
  missingReply:
    "This close handler never closes '{{socket}}'{{peerNote}}: without auto reply to Close frames ({{compat}}; auto reply is on from compatibility date 2026-04-07 unless web_socket_manual_reply_to_close is set), the runtime does not answer the peer's Close frame, so the peer's close hangs.",
  halfOpenMissingReply:
    "This close handler never closes '{{socket}}'{{peerNote}}: '{{socket}}' is accepted with `allowHalfOpen: true`, so the runtime does not answer the peer's Close frame on any compatibility date, and the peer's close hangs.",
  halfOpenWithoutCloseHandler:
    "'{{socket}}' is accepted with `allowHalfOpen: true` but has no close handler that closes it{{peerNote}}: the runtime does not answer the peer's Close frame on a half-open socket on any compatibility date, so the peer's close hangs. Add a close handler that replies.",
} as const;

/** The message ids of `ws-close/require-close-reply`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/require-close-reply` in the rule table. */
export const requireCloseReply = defineRule({
  id: "require-close-reply",
  type: "problem",
  description:
    "Require a close handler to answer the peer's Close frame where the runtime does not: before compatibility date 2026-04-07 (or with web_socket_manual_reply_to_close), and on half-open sockets",
  recommended: true,
  fixable: true,
  hasSuggestions: false,
  dependsOnMode: true,
  modes: "any",
  migration: "manual-reply-to-close",
  fixVerbs: { done: "added reply", planned: "would add reply" },
  messages: MESSAGES,
  find: findMissingCloseReplies,
});
