/**
 * `ws-close/require-close-reply` (docs/rules/require-close-reply.md): a standard-API socket whose peer's
 * Close frame is never answered.
 * - `manual` or `mixed` mode: without auto reply (before 2026-04-07, or with
 *   `web_socket_manual_reply_to_close`) the runtime does not answer the Close
 *   frame, so a close handler that never closes its socket leaves the client's
 *   close hanging (docs/runtime-behaviour.md#without-the-auto-reply-only-your-code-answers). So does an accepted
 *   `WebSocketPair` end or `fetch()` response socket with no close listener at
 *   all, and Hono's `upgradeWebSocket`, which never replies itself (docs/runtime-behaviour.md#hono-accepts-the-socket-itself).
 * - any mode: a half-open socket (`accept({ allowHalfOpen: true })`) is never
 *   answered by the runtime on any date (docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime).
 *
 * A socket's close counts as completed when one of its own close handlers
 * closes it, or when a close handler of another socket (its proxy peer) does:
 * the close then travels back once the peer's side has closed
 * (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply). "Never" is proven with `closesSocket`: helpers of the same file are
 * followed, a close behind a `readyState` guard the closing socket never passes
 * is no close (`closing-state-guards.ts`), and anything the core cannot follow
 * keeps the rule silent: a socket that other code may close or that escapes
 * (`staysInSight`, docs/rules/require-close-reply.md#when-it-is-silent; a socket kept in a
 * local collection or in a class field only its class reads stays in sight,
 * `field-collections.ts`), a `close()`
 * on an unknown object, a close handler that is not a function of this file.
 * `new WebSocket(url)` sockets (browser code looks the same) are left alone.
 * A socket kept in a class field itself (`this.client = pair[1]`, `field-sockets.ts`) is
 * reported when no code of the file closes it, and fixed only where `this.client` is always
 * that socket (`findFieldSocketMissingReplies`).
 *
 * The fix adds a reply that cannot throw for any code the runtime delivers
 * (`close-reply-edits.ts`): at the end of the handler, before an early return
 * the closing socket always takes, in a listener added after `accept()`, or in
 * a Hono `onClose`. It repairs the hang and changes nothing else (`repairs-defect`).
 */
import { findPartyServerMissingReplies } from "./party-server-close-reply.js";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import {
  addCloseListenerEdits,
  addHonoOnCloseEdits,
  appendEventCloseReplyEdits,
  appendHonoOnCloseReplyEdits,
  insertBeforeStatementEdits,
} from "../fix/close-reply-edits.js";
import { decideFix } from "../fix/fix-policy.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { closesSocket, containsCloseCall, type SocketClosing } from "../model/socket-closing.js";
import { returnWhileClosing } from "../model/closing-state-guards.js";
import { findHonoEvents, isOnCloseProperty } from "../model/find-hono-sockets.js";
import { findFieldSockets } from "../model/field-sockets.js";
import { closesOnlyKnownSockets, staysInSight, type SightContext } from "../model/socket-in-sight.js";
import type { CloseHandler, SocketBinding } from "../model/socket-model.js";
import { detectSourceStyle } from "../fix/source-style.js";
import type { Finding, TextEdit } from "../types.js";
import type { FunctionFacts } from "../cross-module/module-facts.js";
import { shortName } from "./message-values.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

/** Members of Hono's `WSContext` that act on the socket it wraps without handing it out (`raw` does). */
const WS_CONTEXT_MEMBERS = new Set(["close", "send", "readyState", "protocol", "url", "binaryType"]);

/**
 * True when no Hono handler but `onClose` can close the socket or hand it on: the
 * events object is a literal of inline functions (no spread, no handler from
 * elsewhere), every other handler's `ws` stays in sight (`staysInSight`), and no
 * handler reads `ws.raw`, the raw socket the core does not follow.
 */
function honoEventsStayInSight(events: TSESTree.Node | undefined, onClose: TSESTree.Node | null, scope: ScopeIndex, sight: SightContext): boolean {
  if (events?.type !== "ObjectExpression") return false;
  for (const property of events.properties) {
    if (property.type !== "Property") return false;
    const fn = unwrapExpression(property.value);
    if (fn.type !== "FunctionExpression" && fn.type !== "ArrowFunctionExpression") return false;
    const wsParam = fn.params[1];
    if (!wsParam) continue;
    const variable = wsParam.type === "Identifier" ? scope.resolve(wsParam) : null;
    if (!variable) return false;
    const readsRaw = variable.references.some((reference) => {
      const member = outermostWrapper(reference.identifier as TSESTree.Identifier).parent;
      return member?.type === "MemberExpression" && !WS_CONTEXT_MEMBERS.has(getPropertyName(member) ?? "");
    });
    if (readsRaw) return false;
    if (property !== onClose && !staysInSight(variable, [], sight)) return false;
  }
  return true;
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
function registrationNode(handler: Pick<CloseHandler, "attachedAt">): TSESTree.Node {
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
  const allCloseHandlers = sockets.flatMap((socket) => socket.closeHandlers);
  let onlyKnownCloses: boolean | undefined;
  const sight: SightContext = {
    scope,
    fileClosesOnlyKnownSockets: () => (onlyKnownCloses ??= closesOnlyKnownSockets(context.ast, variables, scope)),
  };
  for (const socket of sockets) {
    if (socket.origin === "new-websocket") continue;
    // Hono registers onClose itself, and never replies (hono/cloudflare-workers `upgradeWebSocket`, docs/runtime-behaviour.md#hono-accepts-the-socket-itself).
    const hono = socket.origin === "hono-upgrade";
    const onClose = socket.closeHandlers[0]?.attachedAt ?? null;
    if (hono && !honoEventsStayInSight(onClose?.parent, onClose, scope, sight)) continue;
    const halfOpen = socket.halfOpen === "yes";
    if (!halfOpen && !withoutAutoReply) continue;
    // `accept({ allowHalfOpen: false })` gets the runtime's reply on every date (measured): no reply is missing.
    if (!halfOpen && socket.acceptCalls.length > 0 && socket.acceptCalls.every((accept) => accept.autoReplyOnEveryDate)) continue;
    // Every close registration must be a handler the core read (here, or of another module and closing nothing), and the socket must not escape.
    const imported = importedSilentHandlers(socket.variable, scope);
    if (!hono && closeRegistrationCount(socket) !== socket.closeHandlers.length + imported.length) continue;
    // Reads in any known socket's close handler are judged below (own and peers' handlers).
    if (!staysInSight(socket.variable, allCloseHandlers, sight)) continue;
    const knownOthers = new Set([...variables].filter((variable) => variable !== socket.variable));
    // In its own close handler the socket is closing: a close behind `readyState === OPEN` never runs (docs/runtime-behaviour.md#readystate-in-the-close-handler).
    // A handler that also runs at other times (shared with `error`, called directly) may pass that guard then.
    const own = socket.closeHandlers.map((handler) =>
      closesSocket(handler.fn, socket.variable, scope, enclosingClass(handler.fn), {
        knownOthers,
        closure: true,
        closingAtEntry: handler.exclusive,
      }),
    );
    // A peer's close handler that closes this socket completes its close (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply). In that
    // chain this socket's own close came first, so it is closing there too: `readyState === OPEN` fails.
    const byPeers = sockets
      .filter((other) => other !== socket)
      .flatMap((other) =>
        other.closeHandlers.map((handler) =>
          closesSocket(handler.fn, socket.variable, scope, enclosingClass(handler.fn), {
            knownOthers,
            closure: true,
            closingAtEntry: handler.exclusive,
          }),
        ),
      );
    if (combine([...own, ...byPeers]) !== "no") continue;

    const peers = proxies.peersOf(socket);
    const notes = importedNotes(socket.variable, scope);
    const data = {
      socket: shortName(socket.name),
      compat: context.compatNote,
      // The message names one other code that does not close the socket either; the explanation names all.
      peerNote: peers.length > 0 ? `, nor does '${shortName(peers[0]!.name)}'` : notes.length > 0 ? `, nor does \`${shortName(notes[0]!.name)}\`` : "",
      peerNoteDetail:
        (peers.length > 0 ? `, and no close handler of its peer ${peers.map((peer) => `'${peer.name}'`).join(", ")} closes it either` : "") +
        notes.map((note) => `; \`${note.name}\` in ${note.file} ${note.what}`).join(""),
    };
    const handler = [...socket.closeHandlers].reverse().find((candidate) => candidate.exclusive);
    // A replying close listener of its own, added after `registration`.
    const listenerOfItsOwn = (registration: TSESTree.CallExpression | TSESTree.AssignmentExpression): TextEdit[] | null =>
      addCloseListenerEdits({
        text: context.text,
        ast: context.ast,
        after: registration,
        socket: socket.name,
        style: detectSourceStyle(context.text, context.ast),
        typescript: context.typescript,
      });
    if (socket.closeHandlers.length === 0 && imported.length > 0) {
      // Only handlers of another module, none of which closes anything: the reply goes in a listener of its own here.
      const registration = imported.at(-1)!;
      const edits = listenerOfItsOwn(registration);
      findings.push(finding(halfOpen ? "halfOpenMissingReply" : "missingReply", registrationNode({ attachedAt: registration }), data, decideFix(edits, "repairs-defect", [])));
      continue;
    }
    if (socket.closeHandlers.length === 0) {
      // A socket of unproven origin (a parameter) may get its close listener from its caller.
      if (!halfOpen && socket.origin !== "websocket-pair" && socket.origin !== "fetch-response") continue;
      const accept = halfOpen ? socket.acceptCalls.find((call) => call.halfOpen === "yes")!.call : socket.acceptCalls[0]?.call;
      if (!accept) continue;
      const edits = socket.acceptCalls.length === 1 ? listenerOfItsOwn(accept) : null;
      // Another module adds close listeners that never reply (`handleSession(server)`): not "no close listener".
      const importedListeners = handedToImportedListeners(socket.variable, scope);
      const messageId: MessageId = halfOpen ? "halfOpenWithoutCloseHandler" : importedListeners ? "importedListenerMissingReply" : "missingCloseListener";
      findings.push(finding(messageId, accept, data, decideFix(edits, "repairs-defect", [])));
      continue;
    }
    const messageId: MessageId = halfOpen ? "halfOpenMissingReply" : "missingReply";
    // A handler that also runs for another socket or event cannot take a reply to this socket's Close frame.
    if (!handler) {
      // One function for this socket's `close` and `error`: the reply goes in a `close` listener of its own.
      const shared = socket.closeHandlers.find((candidate) => candidate.alsoOnError);
      if (!shared) continue;
      const registration = shared.attachedAt;
      if (registration.type !== "CallExpression" && registration.type !== "AssignmentExpression") continue;
      const edits = listenerOfItsOwn(registration);
      findings.push(finding(messageId, registrationNode(shared), data, decideFix(edits, "repairs-defect", [])));
      continue;
    }
    const before = handler.fn.body.type === "BlockStatement" ? returnWhileClosing(handler.fn.body, socket.variable, scope) : null;
    const edits = shadowsSocket(handler.fn, socket.variable, scope)
      ? null
      : appendEventCloseReplyEdits({
          text: context.text,
          fn: handler.fn,
          params: runtimeParams(handler.fn),
          socket: socket.name,
          style: detectSourceStyle(context.text, context.ast),
          typescript: context.typescript,
          // After `if (ws.readyState !== WebSocket.OPEN) return;` nothing runs while closing: the reply goes before it.
          ...(before ? { before } : {}),
        });
    findings.push(finding(messageId, registrationNode(handler), data, decideFix(edits, "repairs-defect", [])));
  }
  findings.push(...findFieldSocketMissingReplies(model, finding));
  if (withoutAutoReply) findings.push(...findHonoMissingReplies(model, finding, sight));
  // partyserver and agents servers (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions): their `onClose` is a close handler below partyserver 0.5.4.
  findings.push(
    ...findPartyServerMissingReplies(model, finding, {
      missingReply: "partyServerMissingReply",
      hibernatingMissingReply: "hibernatingPartyServerMissingReply",
      withoutOnClose: "partyServerWithoutOnClose",
    }),
  );
  return findings;
}

/** A function of another module that gets a socket and never closes it (`importedNotes`). */
interface ImportedNote {
  name: string;
  /** Its file, as the cross-module view shows it. */
  file: string;
  /** What it does: `never closes it`, `adds a close listener that never closes it`. */
  what: string;
}

/**
 * Each function of another module the socket is handed to, or registered as its close handler
 * (`module-facts.ts`), that never closes it: the message names the code the user cannot see here.
 */
function importedNotes(socket: VariableLike, scope: ScopeIndex): ImportedNote[] {
  const notes = new Map<string, ImportedNote>();
  const add = (note: ImportedNote): void => {
    const key = JSON.stringify([note.name, note.file, note.what]);
    if (!notes.has(key)) notes.set(key, note);
  };
  for (const reference of socket.references) {
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const call = use.parent;
    if (call?.type !== "CallExpression" || call.callee === use) continue;
    const imported = scope.crossModule?.argumentFacts(call, use);
    if (!imported) continue;
    const what = imported.param.closeListeners.length > 0 ? "adds a close listener that never closes it" : "never closes it";
    add({ name: imported.fn.name, file: imported.fn.file, what });
  }
  for (const registration of importedSilentHandlers(socket, scope)) {
    const fn = importedCloseHandler(registration, scope)!;
    add({ name: fn.name, file: fn.file, what: "never closes it" });
  }
  return [...notes.values()];
}

/** True when the socket is handed to a function of another module that adds close listeners to it. */
function handedToImportedListeners(socket: VariableLike, scope: ScopeIndex): boolean {
  return socket.references.some((reference) => {
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const call = use.parent;
    return call?.type === "CallExpression" && call.callee !== use && (scope.crossModule?.argumentFacts(call, use)?.param.closeListeners.length ?? 0) > 0;
  });
}

/** The close handler of another module a registration names (`ws.addEventListener("close", onClose)`, `ws.onclose = onClose`), if known. */
function importedCloseHandler(registration: TSESTree.CallExpression | TSESTree.AssignmentExpression, scope: ScopeIndex): FunctionFacts | null {
  const handler = registration.type === "CallExpression" ? registration.arguments[1] : registration.right;
  const value = handler ? unwrapExpression(handler) : null;
  return value?.type === "Identifier" ? (scope.crossModule?.handler(value) ?? null) : null;
}

/**
 * The close registrations on `socket` whose handler is a function of another module that calls no
 * `close()` at all (`FunctionFacts.closesAnything`): it cannot reply, whatever it is given.
 */
function importedSilentHandlers(socket: VariableLike, scope: ScopeIndex): Array<TSESTree.CallExpression | TSESTree.AssignmentExpression> {
  if (!scope.crossModule) return [];
  const registrations: Array<TSESTree.CallExpression | TSESTree.AssignmentExpression> = [];
  for (const reference of socket.references) {
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const member = use.parent;
    if (member?.type !== "MemberExpression" || member.object !== use) continue;
    const parent = member.parent;
    const name = getPropertyName(member);
    const registration =
      name === "addEventListener" && parent?.type === "CallExpression" && parent.callee === member && staticString(parent.arguments[0]) === "close"
        ? parent
        : name === "onclose" && parent?.type === "AssignmentExpression" && parent.left === member && parent.operator === "="
          ? parent
          : null;
    if (registration && importedCloseHandler(registration, scope)?.closesAnything === false) registrations.push(registration);
  }
  return registrations;
}

/** Names tried for the local that captures a field socket. */
const CAPTURE_NAMES = ["socket", "closingSocket", "fieldSocket"];

/** A name for a new `const` in `block` that no identifier of `block` or `fn` (nor an enclosing binding read there) uses. */
function freeName(block: TSESTree.BlockStatement, fn: TSESTree.Node): string | null {
  const used = new Set<string>();
  for (const root of [block, fn]) {
    walkAst(root, (node) => {
      if (node.type === "Identifier") used.add(node.name);
      return true;
    });
  }
  return CAPTURE_NAMES.find((name) => !used.has(name)) ?? null;
}

/**
 * Sockets kept in a class field and assigned once (`field-sockets.ts`: `this.client = pair[1]`,
 * `this.sockets.upstream = resp.webSocket`) that no code of the file closes: their close
 * handlers never reply. The fix appends the reply to the last close handler. It closes `this.f`
 * only when that is always this socket: the write is a statement of the constructor, the field
 * is never cleared, and the handler is an arrow function. Otherwise (a write in `fetch()` may run
 * again and put a newer socket in the field, so `this.f.close()` in an earlier socket's handler
 * would close the newer one) the reply closes a local taken just before the registration
 * statement (`const socket = this.f;`): the handler is registered on exactly that socket.
 */
function findFieldSocketMissingReplies(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { scope, context } = model;
  const withoutAutoReply = context.compat.mode === "manual" || context.compat.mode === "mixed";
  const findings: Finding[] = [];
  for (const socket of findFieldSockets(context.ast, scope)) {
    const halfOpen = socket.halfOpen === "yes";
    if (!halfOpen && !withoutAutoReply) continue;
    if (!halfOpen && socket.acceptCalls.every((accept) => accept.autoReplyOnEveryDate)) continue;
    const data = { socket: shortName(socket.name), compat: context.compatNote, peerNote: "", peerNoteDetail: "" };
    const handler = socket.closeHandlers.at(-1);
    if (!handler) {
      const accept = halfOpen ? socket.acceptCalls.find((call) => call.halfOpen === "yes")!.call : socket.acceptCalls[0]!.call;
      findings.push(finding(halfOpen ? "halfOpenWithoutCloseHandler" : "missingCloseListener", accept, data, decideFix(null, "repairs-defect", [])));
      continue;
    }
    const style = detectSourceStyle(context.text, context.ast);
    const reply = (name: string): TextEdit[] | null =>
      appendEventCloseReplyEdits({ text: context.text, fn: handler.fn, params: runtimeParams(handler.fn), socket: name, style, typescript: context.typescript });
    let edits: TextEdit[] | null = null;
    if (socket.sameSocketInHandlers && handler.fn.type === "ArrowFunctionExpression") {
      edits = reply(socket.name);
    } else {
      // The handler is registered on what `this.f` holds at that moment: a local taken just before holds the same socket.
      const statement = handler.attachedAt.parent;
      const local = statement?.type === "ExpressionStatement" && statement.parent?.type === "BlockStatement" ? freeName(statement.parent, handler.fn) : null;
      const capture = local ? insertBeforeStatementEdits(context.text, statement as TSESTree.ExpressionStatement, [`const ${local} = ${socket.name}${style.semicolon}`], style) : null;
      const replyEdits = local && capture ? reply(local) : null;
      edits = capture && replyEdits ? [...capture, ...replyEdits] : null;
    }
    findings.push(finding(halfOpen ? "halfOpenMissingReply" : "missingReply", registrationNode(handler), data, decideFix(edits, "repairs-defect", [])));
  }
  return findings;
}

/**
 * Hono events objects whose `onClose` does not take `ws`, or that have no `onClose`.
 * Hono never replies: its `upgradeWebSocket` only forwards the close event to `onClose`,
 * and adds no close listener at all without one (`if (events.onClose)
 * server.addEventListener("close", …)`, hono 4.13 `adapter/cloudflare-workers/websocket.js`).
 * So without auto reply nothing answers the peer's Close frame. Only for an object of
 * inline handlers that keep `ws` in sight.
 */
function findHonoMissingReplies(model: FileModel, finding: FindingFactory<MessageId>, sight: SightContext): Finding[] {
  const { scope, context } = model;
  const findings: Finding[] = [];
  for (const { object } of findHonoEvents(context.ast, scope)) {
    // A computed key may name onClose.
    if (object.properties.some((property) => property.type === "Property" && property.computed && staticString(property.key) === null)) continue;
    const onClose = object.properties.find(isOnCloseProperty) as TSESTree.Property | undefined;
    if (!honoEventsStayInSight(object, onClose ?? null, scope, sight)) continue;
    const style = detectSourceStyle(context.text, context.ast);
    if (!onClose) {
      const edits = addHonoOnCloseEdits(context.text, object, style);
      findings.push(finding("honoWithoutOnClose", object, { compat: context.compatNote }, decideFix(edits, "repairs-defect", [])));
      continue;
    }
    // `onClose: () => {…}` never sees ws, so it cannot close it (with ws, the socket model has it: `findHonoSockets`).
    const fn = unwrapExpression(onClose.value);
    if ((fn.type !== "ArrowFunctionExpression" && fn.type !== "FunctionExpression") || fn.params.length >= 2) continue;
    // A `close()` on anything there may reach the socket some other way: stay silent.
    if (containsCloseCall(fn)) continue;
    const edits = appendHonoOnCloseReplyEdits(context.text, fn, style);
    findings.push(finding("missingReply", onClose, { socket: "ws", compat: context.compatNote, peerNote: "", peerNoteDetail: "" }, decideFix(edits, "repairs-defect", [])));
  }
  return findings;
}

/** Messages of `ws-close/require-close-reply`. Runtime facts: docs/runtime-behaviour.md#without-the-auto-reply-only-your-code-answers, docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime, docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply, docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions. */
const MESSAGES = {
  missingReply: "Its close handler never closes '{{socket}}'{{peerNote}}, and without auto reply ({{compat}}) the peer's close hangs.",
  halfOpenMissingReply:
    "Its close handler never closes half-open '{{socket}}'{{peerNote}}, and the runtime never answers a half-open socket: the peer's close hangs.",
  missingCloseListener: "No close listener closes '{{socket}}'{{peerNote}}, and without auto reply ({{compat}}) the peer's close hangs.",
  importedListenerMissingReply:
    "No close listener closes '{{socket}}'{{peerNote}}, and without auto reply ({{compat}}) the peer's close hangs.",
  honoWithoutOnClose:
    "This Hono upgradeWebSocket handler has no onClose, and neither Hono nor the runtime replies ({{compat}}): the peer's close hangs.",
  halfOpenWithoutCloseHandler:
    "No close handler closes half-open '{{socket}}'{{peerNote}}, and the runtime never answers a half-open socket: the peer's close hangs.",
  partyServerMissingReply:
    "`{{className}}.onClose` never closes its connection; neither {{framework}} nor the runtime ({{compat}}) replies: the client hangs.",
  hibernatingPartyServerMissingReply:
    "`{{className}}.onClose` never closes its connection; neither {{framework}} nor the runtime (hibernating server) replies: the client hangs.",
  partyServerWithoutOnClose:
    "`{{className}}` has no `onClose`; neither {{framework}} nor the runtime ({{hibernation}}) replies: the client's close hangs.",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  missingReply:
    "This close handler never closes '{{socket}}'{{peerNoteDetail}}: without auto reply to Close frames ({{compatDescription}}; auto reply is on from compatibility date 2026-04-07 unless web_socket_manual_reply_to_close is set), the runtime does not answer the peer's Close frame, so the peer's close hangs.",
  halfOpenMissingReply:
    "This close handler never closes '{{socket}}'{{peerNoteDetail}}: '{{socket}}' is accepted with `allowHalfOpen: true`, so the runtime does not answer the peer's Close frame on any compatibility date, and the peer's close hangs.",
  missingCloseListener:
    "'{{socket}}' is accepted but has no close listener{{peerNoteDetail}}: without auto reply to Close frames ({{compatDescription}}; auto reply is on from compatibility date 2026-04-07 unless web_socket_manual_reply_to_close is set), the runtime does not answer the peer's Close frame, so the peer's close hangs.",
  importedListenerMissingReply:
    "'{{socket}}' is accepted, but no close listener closes it{{peerNoteDetail}}: without auto reply to Close frames ({{compatDescription}}; auto reply is on from compatibility date 2026-04-07 unless web_socket_manual_reply_to_close is set), the runtime does not answer the peer's Close frame, so the peer's close hangs.",
  honoWithoutOnClose:
    "This Hono upgradeWebSocket handler has no onClose, so Hono adds no close listener: without auto reply to Close frames ({{compatDescription}}; auto reply is on from compatibility date 2026-04-07 unless web_socket_manual_reply_to_close is set), nothing answers the peer's Close frame, so the peer's close hangs.",
  halfOpenWithoutCloseHandler:
    "'{{socket}}' is accepted with `allowHalfOpen: true` but has no close handler that closes it{{peerNoteDetail}}: the runtime does not answer the peer's Close frame on a half-open socket on any compatibility date, so the peer's close hangs. Add a close handler that replies.",
  partyServerMissingReply:
    "`{{className}}.onClose` never closes '{{socket}}': {{framework}} does not answer the Close frame itself (it does from {{since}}), and without auto reply ({{compatDescription}}) neither does the runtime, so the client's close hangs.",
  hibernatingPartyServerMissingReply:
    "`{{className}}.onClose` never closes '{{socket}}': {{framework}} does not answer the Close frame itself (it does from {{since}}), and the runtime never answers a hibernating server's sockets, so the client's close hangs.",
  partyServerWithoutOnClose:
    "`{{className}}` has no `onClose`: {{framework}} does not answer a client's Close frame itself (it does from {{since}}), and {{hibernationDetail}}, so the client's close hangs.",
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
  explanations: EXPLANATIONS,
  find: findMissingCloseReplies,
});
