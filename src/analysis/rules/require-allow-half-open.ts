/**
 * `ws-close/require-allow-half-open` (docs/rules/require-allow-half-open.md): in `auto` or `mixed` mode, a
 * standard-API socket that is a leg of a proxy and is accepted without
 * `{ allowHalfOpen: true }`.
 *
 * Runtime fact (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply; measured in workerd by the
 * `proxy-closes-other-socket` fixture): with auto reply the runtime answers a
 * leg's Close frame before its close handler runs, so the client is answered at
 * once (~1 ms) instead of after the backend (~500 ms with the slow backend): the
 * close is no longer coordinated end to end. `accept({ allowHalfOpen: true })`
 * on the legs restores what the old date did.
 *
 * A half-open socket is answered only by code (docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime), so a leg is
 * made half-open only where its close is proven to be completed afterwards:
 * - its own close handler closes it; or
 * - its close handler closes the peer, and the peer's close handler closes it
 *   (the close travels leg → peer → leg).
 * A completing `close()` in a handler that reads `readyState` is not proof: a
 * half-open socket is CLOSING in its own close handler (docs/runtime-behaviour.md#readystate-in-the-close-handler), so an
 * `OPEN` guard skips the reply and the client's close would hang.
 *
 * Half-open, the `close()` calls of the handlers on the way back carry the reply,
 * so the fix guards each one that a received 1005/1006/1015 makes throw
 * (`half-open-reply-guards.ts`) in the same edit; when one cannot be guarded in
 * place, the option is only a suggestion and the finding is `actionRequired`
 * (measured: the `proxy-arrow-forwards-close` fixture).
 *
 * A leg whose peer is a `new WebSocket(url)` is made half-open too: the peer
 * cannot be (it answers its own server at once), but a close the client starts
 * then still travels client → leg → peer → backend and back (measured: the
 * `proxy-relay-new-websocket` fixture, the client answered after the slow
 * backend). `no-new-websocket-in-proxy` reports the peer.
 *
 * Silent on:
 * - `new WebSocket(url)` sockets (they cannot be half-open);
 * - sockets already half-open, or whose options the core cannot read (a spread,
 *   a parameter, a value computed at run time);
 * - sockets with more than one `accept()` call;
 * - Hibernation API sockets: they are not standard-API sockets and take no options.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkFunctionBody } from "../ast/ast-traversal.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import { decideFix } from "../fix/fix-policy.js";
import type { ProxyModel } from "../model/proxy-model.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";
import type { AcceptCall, HalfOpenState, HandlerCloseCall, SocketBinding } from "../model/socket-model.js";
import { ReceivedCloseCodes } from "../model/received-close-codes.js";
import { numericLiteralValue } from "../model/reserved-code-guards.js";
import { noReservedCloseCode } from "./no-reserved-close-code.js";
import { allowHalfOpenEdits } from "../fix/source-edits.js";
import type { Finding, FindingSuggestion, TextEdit } from "../types.js";
import { halfOpenReplyGuards, type HalfOpenReplyGuards, type HalfOpenReplyInput } from "../fix/half-open-reply-guards.js";
import { attachedUpFront } from "../model/attached-up-front.js";
import { callText } from "./call-text.js";
import { MAX_CODE_TEXT, nameList, shortName } from "./message-values.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

type HandlerFunction = SocketBinding["closeHandlers"][number]["fn"];

/** True when `fn`'s own body (nested functions excluded) reads some socket's `readyState`. */
function readsReadyState(fn: HandlerFunction): boolean {
  let found = false;
  walkFunctionBody(fn, (node) => {
    if (node.type === "MemberExpression" && getPropertyName(node) === "readyState") found = true;
  });
  return found;
}

/**
 * How a close handler of `from` closes `to`: not at all; only in a handler that may not be in place
 * when the Close frame comes (`late`, see `attachedUpFront`); only behind a `readyState` check; or for sure.
 */
type Closing = "none" | "late" | "guarded" | "yes";

const CLOSING_RANK: Record<Closing, number> = { none: 0, late: 1, guarded: 2, yes: 3 };

/** Whether a close a handler reaches through a helper can carry a half-open leg's reply (see `helperCloseCounts`). */
type CloseCounts = (closeCall: HandlerCloseCall) => boolean;

/**
 * `anchor`: the `accept()` call of the leg that would be made half-open; its handlers must be in place with it.
 * `counts`: whether a close reached through a helper can carry the reply.
 */
function closingOf(from: SocketBinding, to: SocketBinding, anchor: TSESTree.CallExpression, counts: CloseCounts): Closing {
  let result: Closing = "none";
  for (const handler of from.closeHandlers) {
    // A `readyState` check in the handler or in the helper the close sits in guards it.
    const closeCalls = handler.closeCalls.filter(
      (closeCall) =>
        (to === from ? closeCall.target.kind === "self" : closeCall.target.kind === "other" && closeCall.target.variable === to.variable) &&
        counts(closeCall),
    );
    if (closeCalls.length === 0) continue;
    const guarded = !closeCalls.some((closeCall) => !closeCall.path.some(readsReadyState));
    const closing: Closing = !attachedUpFront(handler, anchor) ? "late" : guarded ? "guarded" : "yes";
    if (CLOSING_RANK[closing] > CLOSING_RANK[result]) result = closing;
  }
  return result;
}

/** What the core reads from one `accept()` call's options. */
interface AcceptOptions {
  halfOpen: HalfOpenState;
  /** The `const` the options come from, or `null` for options written at the call. */
  variable: string | null;
  /**
   * True for an explicit `allowHalfOpen: false`: the runtime then answers Close frames on every
   * compatibility date (measured: runtime-facts "explicitly not half-open", docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime); the date only sets the default.
   */
  explicitFalse: boolean;
}

const UNREADABLE: AcceptOptions = { halfOpen: "unknown", variable: null, explicitFalse: false };

function propertyKey(property: TSESTree.Property): string | null {
  if (property.computed) return staticString(property.key);
  return property.key.type === "Identifier" ? property.key.name : staticString(property.key);
}

/** True when an options literal sets `allowHalfOpen: false` (its last such property). */
function setsAllowHalfOpenFalse(options: TSESTree.ObjectExpression): boolean {
  const last = options.properties.filter((p): p is TSESTree.Property => p.type === "Property" && propertyKey(p) === "allowHalfOpen").at(-1);
  const value = last ? unwrapExpression(last.value) : null;
  return value?.type === "Literal" && value.value === false;
}

/**
 * The half-open state of one `accept()` call, reading an options argument that
 * is a never-reassigned `const` initialised with an object literal of this file.
 */
function effectiveHalfOpen(accept: AcceptCall, scope: ScopeIndex): AcceptOptions {
  if (accept.optionsKind !== "other") {
    const literal = accept.call.arguments[0] ? unwrapExpression(accept.call.arguments[0]) : null;
    const explicitFalse = literal?.type === "ObjectExpression" && setsAllowHalfOpenFalse(literal);
    return { halfOpen: accept.halfOpen, variable: null, explicitFalse };
  }
  const argument = accept.call.arguments[0];
  const value = argument ? unwrapExpression(argument) : null;
  if (value?.type !== "Identifier") return UNREADABLE;
  const variable = scope.resolveStable(value);
  const def = variable?.defs[0];
  if (def?.type !== "Variable") return UNREADABLE;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const declaration = declarator.parent;
  const init = declarator.init ? unwrapExpression(declarator.init) : null;
  if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "const" || init?.type !== "ObjectExpression") {
    return UNREADABLE;
  }
  // Used anywhere but as an `accept()` argument (`options.allowHalfOpen = true`, `Object.assign(options, …)`),
  // the literal no longer tells what the options hold.
  const onlyAccepted = variable!.references.every((reference) => {
    if (reference.isWrite()) return true;
    const use = outermostWrapper(reference.identifier as TSESTree.Node);
    const parent = use.parent;
    if (parent?.type !== "CallExpression" || parent.arguments[0] !== use) return false;
    const callee = unwrapExpression(parent.callee);
    return callee.type === "MemberExpression" && getPropertyName(callee) === "accept";
  });
  if (!onlyAccepted) return UNREADABLE;
  let halfOpen: HalfOpenState = "no";
  for (const property of init.properties) {
    if (property.type === "SpreadElement") return UNREADABLE;
    const key = propertyKey(property);
    if (key === null) return UNREADABLE;
    if (key !== "allowHalfOpen") continue;
    const flag = unwrapExpression(property.value);
    halfOpen = flag.type === "Literal" && typeof flag.value === "boolean" ? (flag.value ? "yes" : "no") : "unknown";
  }
  return { halfOpen, variable: variable!.name, explicitFalse: setsAllowHalfOpenFalse(init) };
}

/** The proven sockets `socket` is a proxy leg with (docs/rules/require-allow-half-open.md#what-it-reports). */
function legPeersOf(socket: SocketBinding, proxies: ProxyModel): SocketBinding[] {
  return proxies.peersOf(socket).filter(
    (peer) =>
      proxies.forwardsClose(socket, peer) ||
      (proxies.forwardsClose(peer, socket) &&
        proxies.linksOf(socket).some((link) => link.messageForwards.some((forward) => forward.from === socket && forward.to === peer))),
  );
}

/** Why a leg's close is not proven to be completed once half-open, naming the missing direction. */
function missingCompletion(socket: SocketBinding, peer: SocketBinding, anchor: TSESTree.CallExpression, counts: CloseCounts): string {
  const self = closingOf(socket, socket, anchor, counts);
  const back = closingOf(peer, socket, anchor, counts);
  const forth = closingOf(socket, peer, anchor, counts);
  const guarded = "only behind a `readyState` check, which a half-open socket fails (it is CLOSING in its own close handler)";
  const late =
    "only in a handler attached inside a callback, conditionally or after an `await`, which may not be in place when the Close frame comes";
  const direct = "(a close in a callback or in another function is not followed)";
  if (self === "guarded") return `the close handler of '${socket.name}' closes it ${guarded}`;
  if (back === "none") {
    if (self === "late") return `'${socket.name}' is closed ${late}`;
    return `the close handler of '${peer.name}' does not close '${socket.name}' ${direct}: the close goes from '${socket.name}' to '${peer.name}' and not back`;
  }
  if (back === "guarded") return `the close handler of '${peer.name}' closes '${socket.name}' ${guarded}`;
  if (back === "late") return `'${peer.name}' closes '${socket.name}' ${late}`;
  if (forth === "none") {
    return `the close handler of '${socket.name}' closes neither '${socket.name}' nor '${peer.name}' ${direct}: the close goes from '${peer.name}' to '${socket.name}' and not back`;
  }
  if (forth === "late") return `'${socket.name}' closes '${peer.name}' ${late}`;
  return `the close handler of '${socket.name}' closes '${peer.name}' ${guarded}`;
}

/** How a leg's close is completed once half-open: in words, and the peer whose handler answers it (`null`: its own handler). */
interface Completion {
  text: string;
  via: SocketBinding | null;
}

/** How a leg's close is completed once half-open, or `null` when that is not proven. */
function completionOf(
  socket: SocketBinding,
  peers: readonly SocketBinding[],
  anchor: TSESTree.CallExpression,
  counts: CloseCounts,
): Completion | null {
  if (closingOf(socket, socket, anchor, counts) === "yes") return { text: `by its own close handler`, via: null };
  const peer = peers.find(
    (candidate) => closingOf(candidate, socket, anchor, counts) === "yes" && closingOf(socket, candidate, anchor, counts) === "yes",
  );
  if (!peer) return null;
  return { text: `after '${peer.name}' has closed: its close handler closes '${peer.name}', whose close handler closes '${socket.name}'`, via: peer };
}

/** `a`, `a and b`, `a, b and c`, each call in backquotes. */
function callList(text: string, calls: readonly TSESTree.CallExpression[]): string {
  const items = calls.map((call) => `\`${callText(text, call.range)}\``);
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)!}`;
}

/** A finding whose fix (when there is one) repairs a close that does not travel end to end. */
function legFinding(
  finding: FindingFactory<MessageId>,
  messageId: MessageId,
  data: Record<string, string>,
  node: TSESTree.Node,
  fix: TextEdit[] | null,
  suggestions: FindingSuggestion<MessageId>[] = [],
): Finding {
  return finding(messageId, node, data, decideFix(fix, "repairs-defect", suggestions));
}

/**
 * Whether a close in a helper of the file or a `setTimeout` callback (not the handler's own body) can carry a half-open
 * leg's reply: a half-open leg gets no reply from the runtime, so that close must not throw for
 * a received 1005, 1006 or 1015 (docs/rules/require-allow-half-open.md#the-reply-must-be-safe-for-every-close-code). It counts when it passes no code or a literal
 * one, or when `no-reserved-close-code` guards it in the same run (its finding carries a fix) or
 * proves it safe (no finding on a code it reads as received). A close whose code the helper got
 * from the handler's event (`forwardClose(target, e)`) but which that rule cannot guard, or a
 * computed code, does not count: the leg is then reported without a fix.
 */
function helperCloseCounts(model: FileModel): CloseCounts {
  let reserved: Map<number, boolean> | null = null;
  let codes: ReceivedCloseCodes | null = null;
  return (closeCall) => {
    if (closeCall.site === "direct") return true;
    const code = closeCall.call.arguments[0];
    if (!code) return true;
    if (code.type === "SpreadElement") return false;
    const literal = numericLiteralValue(code);
    if (literal !== null) return Number.isInteger(literal) && literal >= 1000 && literal <= 4999 && ![1004, 1005, 1006, 1015].includes(literal);
    reserved ??= new Map(model.findingsOf(noReservedCloseCode).map((finding) => [finding.range[0], finding.fix !== undefined && finding.fix !== null]));
    const fixed = reserved.get(closeCall.call.range[0]);
    if (fixed !== undefined) return fixed;
    codes ??= new ReceivedCloseCodes(model.sockets, model.durableObjects, model.scope);
    return codes.sourcesIn(code).size > 0;
  };
}

/**
 * @param model the file's model: `sockets`, the file's sockets (`findSockets`, `findHonoSockets`); `proxies`, the file's proxy links (`findProxyLinks`); `scope`, the scope index of the same AST (to read an options object kept in a `const`); `context`, the file's text, mode and the phrase that says where the mode came from.
 * @param finding the rule's finding factory.
 * @returns one finding per proxy leg that loses its close coordination; none unless the mode is `auto` or `mixed`.
 */
function findMissingAllowHalfOpen(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { sockets, proxies, scope, context } = model;
  if (context.compat.mode !== "auto" && context.compat.mode !== "mixed") return [];
  const counts = helperCloseCounts(model);
  let codes: ReceivedCloseCodes | null = null;
  const replyGuards = (handlers: HalfOpenReplyInput["handlers"]): HalfOpenReplyGuards =>
    halfOpenReplyGuards({
      handlers,
      reservedCodeFindings: model.findingsOf(noReservedCloseCode),
      codes: (codes ??= new ReceivedCloseCodes(sockets, model.durableObjects, scope)),
      scope,
    });
  const findings: Finding[] = [];
  for (const socket of sockets) {
    if (socket.origin === "new-websocket") continue;
    const peers = legPeersOf(socket, proxies);
    if (peers.length === 0) continue;
    const peer = peers[0]!;
    const base = { socket: shortName(socket.name), peer: shortName(peer.name), compat: context.compatNote, why: "", whyDetail: "" };

    if (socket.origin === "hono-upgrade") {
      const handler = socket.closeHandlers[0];
      const at = handler?.attachedAt.type === "Property" ? handler.attachedAt.key : handler?.attachedAt;
      if (at) findings.push(legFinding(finding, "honoNeverHalfOpen", base, at, null));
      continue;
    }

    if (socket.acceptCalls.length !== 1) continue;
    const accept = socket.acceptCalls[0]!;
    const options = effectiveHalfOpen(accept, scope);
    if (options.halfOpen !== "no") continue;

    base.why = options.explicitFalse ? "`allowHalfOpen: false`" : context.compatNote;
    base.whyDetail = options.explicitFalse
      ? "`allowHalfOpen: false` asks for the runtime's reply on every compatibility date"
      : `${context.compatDescription}; auto reply to Close frames is on from compatibility date 2026-04-07`;
    const completed = completionOf(socket, peers, accept.call, counts);
    const call = callText(context.text, accept.call.range);
    if (completed === null) {
      findings.push(legFinding(finding, "closeNotCompleted", { ...base, call, missing: missingCompletion(socket, peer, accept.call, counts) }, accept.call, null));
      continue;
    }
    const completion = completed.text;
    if (options.variable !== null) {
      findings.push(legFinding(finding, "optionsNotLiteral", { ...base, call, completion, options: shortName(options.variable) }, accept.call, null));
      continue;
    }
    // Half-open, the runtime no longer answers: the close() calls on the way back carry the reply, and each must
    // be safe for 1005/1006/1015 in the same fix, or the fix is not applied (`half-open-reply-guards.ts`).
    const guards = replyGuards([...socket.closeHandlers, ...(completed.via?.closeHandlers ?? [])]);
    const halfOpen = allowHalfOpenEdits(context.text, accept);
    const edits = halfOpen ? [...halfOpen, ...guards.edits] : null;
    const guardNote =
      guards.guarded.length === 0
        ? ""
        : ` The same fix guards ${callList(context.text, guards.guarded)} against close codes 1005, 1006 and 1015, which would otherwise throw before the reply.`;
    // A `new WebSocket(url)` peer can never be half-open, but this leg can: a close the client starts still waits
    // for the backend (measured: fixtures/transforms/proxy-relay-new-websocket). The peer's own close is
    // no-new-websocket-in-proxy's report.
    const relay = peers.find((candidate) => candidate.origin === "new-websocket");
    const peerNote = relay
      ? ` '${relay.name}' itself, a \`new WebSocket\`, can never be half-open: a close its server starts is still answered at once (no-new-websocket-in-proxy).`
      : "";
    const data = { ...base, call, completion, guardNote, peerNote };
    if (guards.unprovable.length === 0) {
      findings.push(legFinding(finding, "missingAllowHalfOpen", data, accept.call, edits));
      continue;
    }
    const unsafe = { ...data, unsafe: nameList(guards.unprovable.map((call) => callText(context.text, call.range, MAX_CODE_TEXT)), (text) => `\`${text}\``), unsafeDetail: callList(context.text, guards.unprovable) };
    const suggestions: FindingSuggestion<MessageId>[] = edits ? [{ messageId: "suggestAllowHalfOpen", data: unsafe, edits }] : [];
    // A defect at this date that no fix resolves: the CLI's `--check` fails on it.
    findings.push({ ...legFinding(finding, "replyNotGuardable", unsafe, accept.call, null, suggestions), actionRequired: true });
  }
  return findings;
}

/** Messages of `ws-close/require-allow-half-open`. Runtime facts: docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply, docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime, docs/runtime-behaviour.md#hono-accepts-the-socket-itself. */
const MESSAGES = {
  missingAllowHalfOpen:
    "Proxy leg '{{socket}}' lacks `{ allowHalfOpen: true }`, so its Close frame is answered before '{{peer}}' closes ({{why}}).",
  replyNotGuardable:
    "Proxy leg '{{socket}}' needs `{ allowHalfOpen: true }`, but then {{unsafe}} carries its reply and can throw on 1005, 1006 or 1015: guard it by hand.",
  suggestAllowHalfOpen: "Accept '{{socket}}' with `{ allowHalfOpen: true }`, then guard {{unsafe}} by hand against 1005, 1006 and 1015.",
  optionsNotLiteral:
    "Proxy leg '{{socket}}': `{{options}}` lacks `allowHalfOpen: true`, so the runtime answers its Close frame at once ({{why}}).",
  closeNotCompleted:
    "Proxy leg '{{socket}}' lacks `{ allowHalfOpen: true }` ({{why}}); not added, as nothing proves the code would then close it.",
  honoNeverHalfOpen:
    "Hono proxy leg '{{socket}}' can't be half-open: the runtime answers the client's Close before '{{peer}}' closes ({{compat}}).",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  missingAllowHalfOpen:
    "Proxy leg '{{socket}}' (proxied with '{{peer}}') is accepted without `{ allowHalfOpen: true }`, so the runtime answers its Close frame at once, before '{{peer}}' has closed: the close does not travel end to end through the proxy ({{whyDetail}}). Half-open, '{{socket}}' is answered {{completion}}.{{guardNote}}{{peerNote}}",
  replyNotGuardable:
    "Proxy leg '{{socket}}' (proxied with '{{peer}}') is accepted without `{ allowHalfOpen: true }`, so the runtime answers its Close frame at once, before '{{peer}}' has closed: the close does not travel end to end through the proxy ({{whyDetail}}). It is not made half-open for you: {{unsafeDetail}} would then carry the reply to '{{socket}}', and may throw on close code 1005, 1006 or 1015 before it in a form this tool cannot guard in place; guard each by hand, then add the option.",
  optionsNotLiteral:
    "Proxy leg '{{socket}}' (proxied with '{{peer}}') is accepted with `{{options}}`, which does not set `allowHalfOpen: true`, so the runtime answers its Close frame at once, before '{{peer}}' has closed: the close does not travel end to end through the proxy ({{whyDetail}}). Set `allowHalfOpen: true` in `{{options}}` by hand (other code may share it); half-open, '{{socket}}' is answered {{completion}}.",
  closeNotCompleted:
    "Proxy leg '{{socket}}' (proxied with '{{peer}}') is accepted without `{ allowHalfOpen: true }`, so the runtime answers its Close frame at once, before '{{peer}}' has closed: the close does not travel end to end through the proxy ({{whyDetail}}). It is not made half-open for you: the runtime does not answer a half-open socket, and nothing proves that this code then closes '{{socket}}': {{missing}}.",
  honoNeverHalfOpen:
    "Proxy leg '{{socket}}' (its onClose closes '{{peer}}') can never be half-open: Hono's upgradeWebSocket accepts it with plain `accept()`, without options, so the runtime answers the client's Close frame at once, before '{{peer}}' has closed, and the close no longer travels end to end through the proxy ({{compatDescription}}; auto reply to Close frames is on from compatibility date 2026-04-07). Where the end-to-end close matters, upgrade this route with a WebSocketPair of your own and accept it with `{ allowHalfOpen: true }`.",
} as const;

/** The message ids of `ws-close/require-allow-half-open`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/require-allow-half-open` in the rule table. */
export const requireAllowHalfOpen = defineRule({
  id: "require-allow-half-open",
  type: "problem",
  description:
    "Require `accept({ allowHalfOpen: true })` on both legs of a WebSocket proxy, so that a close still travels end to end when the runtime replies to Close frames (compatibility date 2026-04-07 and later)",
  recommended: true,
  fixable: true,
  hasSuggestions: true,
  dependsOnMode: true,
  modes: ["auto", "mixed"],
  migration: "auto-reply-to-close",
  fixVerbs: { done: "made half-open", planned: "would make half-open" },
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findMissingAllowHalfOpen,
});
