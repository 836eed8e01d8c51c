/**
 * `ws-close/no-reserved-close-code` (docs/rules/no-reserved-close-code.md): in any mode, a `close()` on a
 * proven socket that throws `InvalidAccessError` because of its code, on every
 * compatibility date (docs/runtime-behaviour.md#reserved-close-codes-throw; workerd `src/workerd/api/web-socket.c++`
 * validates the code before it looks at the socket's state):
 * - a literal code that is 1004, 1005, 1006, 1015 or outside 1000–4999:
 *   reported without a fix (only the author knows what was meant);
 * - a received close code (see `received-close-codes.ts`) passed on without a
 *   guard that excludes 1005, 1006 and 1015 (see `reserved-code-guards.ts`).
 *   The peer closed without a status (1005) or the connection dropped (1006):
 *   the echo throws (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005, docs/runtime-behaviour.md#a-dropped-connection-arrives-as-1006). The fix guards the call
 *   (`guard-close-call-edits.ts`): an empty Close for 1005, nothing after 1006
 *   and 1015, as the runtime's own echo would do (docs/rules/no-reserved-close-code.md#the-fix); a code passed to
 *   any other socket gets an empty Close for all three, since that socket may
 *   still wait for its answer (measured: `proxy-backend-drops-on-close`).
 *
 * Targets are proven sockets only: a standard-API socket of `findSockets` (any
 * call on it), and the `ws` parameter of a Durable Object's `webSocketClose`.
 * A call that `no-redundant-close` reports as a redundant echo is left to it:
 * its fix removes the call, throw and all. On a call it reports as a custom
 * close, a received code is reported without a fix: the guard would add a
 * `close()` that is redundant there too, and the user's choice between that
 * rule's suggestions comes first.
 *
 * A received code passed to a helper of the file that hands its `code`
 * parameter straight to `close()`, while other calls give it other codes
 * (`helper-code-params.ts`), is reported at each call that passes one; the fix
 * guards the `close()` in the helper.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { DurableObjectClass } from "../model/durable-object-model.js";
import { decideFix } from "../fix/fix-policy.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import { guardCloseCallEdits } from "../fix/guard-close-call-edits.js";
import { ReceivedCloseCodes, type ReceivedCodeSource } from "../model/received-close-codes.js";
import { helperCodeForwarding, type HelperCodeCall } from "../model/helper-code-params.js";
import {
  numericLiteralValue,
  RECEIVABLE_RESERVED_CODES,
  ReservedCodeGuards,
  type ReceivableReservedCode,
} from "../model/reserved-code-guards.js";
import { walkAst } from "../ast/ast-traversal.js";
import { provenSockets } from "../model/proven-sockets.js";
import { closeCodeUse, declarationName, receivedCodeAtCall } from "../cross-module/close-code-params.js";
import { paramIdentifier, runtimeParams } from "../model/same-file-functions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import type { SocketBinding } from "../model/socket-model.js";
import { detectSourceStyle, type SourceStyle } from "../fix/source-style.js";
import type { Finding } from "../types.js";
import { callText } from "./call-text.js";
import { codeText, shortName, shortPath } from "./message-values.js";
import type { FindingContext } from "./finding-context.js";
import { noRedundantClose } from "./no-redundant-close.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

/** Codes `close()` refuses inside 1000–4999 (docs/runtime-behaviour.md#reserved-close-codes-throw). */
const RESERVED_CODES = new Set([1004, 1005, 1006, 1015]);
const MIN_CODE = 1000;
const MAX_CODE = 4999;

/** What each receivable reserved code means, for messages. */
const CODE_MEANINGS: Record<ReceivableReservedCode, string> = {
  1005: "1005 (the peer closed without a status code)",
  1006: "1006 (the connection dropped without a Close frame)",
  1015: "1015 (the TLS handshake failed)",
};

/** The inputs of `findReservedCloseCodes` besides the rule context. */
export interface ReservedCloseCodeInput {
  sockets: readonly SocketBinding[];
  durableObjects: readonly DurableObjectClass[];
  scope: ScopeIndex;
  /** The findings of `no-redundant-close` for the same file (see the module comment). */
  redundantCloses: readonly Finding[];
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** `close(…)` calls on a variable: `ws.close(…)`, `ws?.close(…)`, `ws!.close(…)`. */
function closeCallsOn(variable: VariableLike): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    if (reference.isWrite()) continue;
    let use = reference.identifier as TSESTree.Node;
    while (use.parent && unwrapExpression(use.parent) !== use.parent) use = use.parent;
    const member = use.parent;
    if (member?.type !== "MemberExpression" || member.object !== use || getPropertyName(member) !== "close") continue;
    const call = member.parent;
    if (call?.type === "CallExpression" && call.callee === member) calls.push(call);
  }
  return calls;
}

function literalProblem(code: number): string | null {
  if (!Number.isInteger(code)) return null;
  if (code < MIN_CODE || code > MAX_CODE) return "is outside the range 1000–4999";
  return RESERVED_CODES.has(code) ? "is reserved (1004, 1005, 1006 and 1015 may not be sent)" : null;
}

/** The text of the received-code read in `argument` the guard can repeat: `code`, or `event.code` (also read in a mapped `const`). */
function guardableCodeText(argument: TSESTree.Node, codes: ReceivedCloseCodes, source: ReceivedCodeSource, text: string): string | null {
  const stack: TSESTree.Node[] = [argument];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const plain =
      node.type === "Identifier" ||
      (node.type === "MemberExpression" && !node.computed && !node.optional && node.object.type === "Identifier");
    if (plain && codes.sourceOf(node) === source) return text.slice(node.range[0], node.range[1]);
    const mapped = node.type === "Identifier" ? codes.mappedInit(node, source, true) : null;
    if (mapped) stack.push(mapped);
    if (node.type === "ConditionalExpression") stack.push(node.alternate, node.consequent, node.test);
    else if (node.type === "TSAsExpression" || node.type === "TSNonNullExpression" || node.type === "TSSatisfiesExpression") stack.push(node.expression);
    else if (node.type === "BinaryExpression" || node.type === "LogicalExpression") stack.push(node.right, node.left);
    else if (node.type === "UnaryExpression") stack.push(node.argument);
    else if (node.type === "CallExpression") stack.push(...[...node.arguments].reverse());
  }
  return null;
}

/**
 * The `consequence` of a received code that throws, when 1005 is among the codes:
 * the peer is still there and waits for an answer (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005).
 * After 1006 and 1015 no peer is left, and the consequence is empty.
 */
export const RESERVED_CODE_CONSEQUENCES = {
  closeEvent:
    " Where the runtime does not answer Close frames itself (before compatibility date 2026-04-07, with web_socket_manual_reply_to_close, or on a half-open socket), a peer that closed without a status code then gets no answer: uncaught, the connection is dropped (1006); caught, its close hangs.",
  webSocketClose:
    " An exception in webSocketClose does not drop the connection, and the runtime never answers for hibernatable sockets: a client that closed without a status code hangs.",
} as const;

interface CallContext {
  call: TSESTree.CallExpression;
  /** The socket variable the call closes. */
  variable: VariableLike;
  /** True when `no-redundant-close` reports the call as a custom close: no guard fix then. */
  customRedundant: boolean;
}

function literalFinding(
  finding: FindingFactory<MessageId>,
  call: TSESTree.CallExpression, code: number, problem: string, context: FindingContext): Finding {
  const data = { call: callText(context.text, call.range), code: String(code), problem };
  return finding("reservedLiteralCode", call, data, decideFix(null, "repairs-defect", []));
}

/**
 * True when the call closes the very socket whose close event (or `webSocketClose`) carries the code: an
 * echo, whose guard skips the call after 1006 and 1015 (no peer is left to answer). Anything else, a proxy
 * passing one leg's code on to the other, a handler shared by both legs, or a target the core cannot tie to
 * the event (a helper's parameter), gets an empty Close for all three codes: the target's own peer may still
 * be there, a half-open target waits for that answer, and on a socket that is already closed `close()`
 * without arguments does nothing (docs/runtime-behaviour.md#close-after-the-auto-reply-does-nothing).
 */
function echoesOwnCode(
  target: VariableLike,
  source: ReceivedCodeSource,
  sockets: readonly SocketBinding[],
  durableObjects: readonly DurableObjectClass[],
): boolean {
  if (source.kind === "web-socket-close") {
    return durableObjects.some((durableObject) => durableObject.webSocketClose?.fn === source.handler && durableObject.webSocketClose.socketVariable === target);
  }
  const owners = sockets.filter((socket) => socket.closeHandlers.some((handler) => handler.fn === source.handler));
  return owners.length > 0 && owners.every((owner) => owner.variable === target);
}

function receivedCodeFinding(
  finding: FindingFactory<MessageId>,
  target: CallContext,
  argument: TSESTree.Node,
  codes: ReceivedCloseCodes,
  input: ReservedCloseCodeInput,
  context: FindingContext,
  style: () => SourceStyle,
): Finding | null {
  const sources = codes.sourcesIn(argument);
  if (sources.size !== 1) return null;
  const source = [...sources][0]!;
  const outcomes = new ReservedCodeGuards(codes, source, input.scope).outcomes(target.call, argument);
  const missing = RECEIVABLE_RESERVED_CODES.filter((code) => ["throws", "may-throw"].includes(outcomes.get(code)!));
  if (missing.length === 0) return null;
  const guarded = RECEIVABLE_RESERVED_CODES.some((code) => outcomes.get(code) === "safe");
  const codeText = guardableCodeText(argument, codes, source, context.text);
  const definite = missing.every((code) => outcomes.get(code) === "throws");
  const edits =
    codeText && definite && !target.customRedundant
      ? guardCloseCallEdits({
          text: context.text,
          call: target.call,
          codeText,
          missing,
          style: style(),
          forwarded: !echoesOwnCode(target.variable, source, input.sockets, input.durableObjects),
        })
      : null;
  const messageId: MessageId =
    source.kind === "web-socket-close" ? "unguardedReceivedCodeHibernation" : "unguardedReceivedCode";
  const data = {
    call: callText(context.text, target.call.range),
    code: shortCode(codeText ?? context.text.slice(argument.range[0], argument.range[1])),
    ...receivedCodeNotes(source.kind, missing),
    ...guardNotes(guarded),
  };
  return finding(messageId, target.call, data, decideFix(edits, "repairs-defect", []));
}

/**
 * The `close(code, …)` calls (of proven sockets, not redundant echoes) in a helper whose `code`
 * parameter some calls give a received code (`helper-code-params.ts`): one finding at each such
 * call that lets a reserved code through.
 * The fix guards the `close()` in the helper against every code one of those calls lets
 * through: it changes the helper only for codes on which that `close()` throws anyway,
 * whatever the other calls pass.
 */
function helperCallFindings(
  finding: FindingFactory<MessageId>,
  closeCalls: Iterable<TSESTree.CallExpression>,
  redundant: ReadonlyMap<number, string>,
  codes: ReceivedCloseCodes,
  input: ReservedCloseCodeInput,
  context: FindingContext,
  style: () => SourceStyle,
): Finding[] {
  const findings: Finding[] = [];
  for (const call of closeCalls) {
    const redundantAs = redundant.get(call.range[0]);
    const argument = call.arguments[0];
    if (redundantAs === "redundantEcho" || !argument || argument.type === "SpreadElement") continue;
    findings.push(...helperCallFindingsOf(finding, { call, customRedundant: redundantAs !== undefined }, argument, codes, input, context, style));
  }
  return findings;
}

/** The findings of one `close()` in a helper (see `helperCallFindings`). */
function helperCallFindingsOf(
  finding: FindingFactory<MessageId>,
  target: Pick<CallContext, "call" | "customRedundant">,
  argument: TSESTree.Node,
  codes: ReceivedCloseCodes,
  input: ReservedCloseCodeInput,
  context: FindingContext,
  style: () => SourceStyle,
): Finding[] {
  const forwarding = helperCodeForwarding(target.call, argument, codes, input.scope);
  if (!forwarding) return [];
  const throwing = (outcomes: HelperCodeCall["outcomes"]) =>
    RECEIVABLE_RESERVED_CODES.filter((code) => ["throws", "may-throw"].includes(outcomes.get(code)!));
  const reported = forwarding.calls.filter((site) => throwing(site.outcomes).length > 0);
  const guarded = RECEIVABLE_RESERVED_CODES.filter((code) => reported.some((site) => throwing(site.outcomes).includes(code)));
  const edits =
    reported.length > 0 && !target.customRedundant
      ? guardCloseCallEdits({
          text: context.text,
          call: target.call,
          codeText: forwarding.parameter.name,
          missing: guarded,
          style: style(),
          // The skip after 1006 and 1015 only where every such call echoes its own socket's code.
          forwarded: !reported.every((site) => site.target !== null && echoesOwnCode(site.target, site.source, input.sockets, input.durableObjects)),
        })
      : null;
  return reported.map((site) => {
    const missing = throwing(site.outcomes);
    const data = {
      call: callText(context.text, site.call.range),
      code: shortCode(guardableCodeText(site.argument, codes, site.source, context.text) ?? context.text.slice(site.argument.range[0], site.argument.range[1])),
      close: callText(context.text, target.call.range),
      ...receivedCodeNotes(site.source.kind, missing),
      ...guardNotes(RECEIVABLE_RESERVED_CODES.some((code) => site.outcomes.get(code) === "safe")),
    };
    return finding("unguardedReceivedCodeThroughHelper", site.call, data, decideFix(edits, "repairs-defect", []));
  });
}

/** A received code's source text for a message: at most 24 characters (`codeText`). */
function shortCode(text: string): string {
  return codeText(text, MAX_CODE_ARGUMENT);
}

/** The longest `{{code}}`: the read of a received code (`event.code`) as a message quotes it. */
const MAX_CODE_ARGUMENT = 24;

/** The `guardNote` of a message (short) and of its explanation, when a guard lets some reserved code through. */
function guardNotes(guarded: boolean): Record<"guardNote" | "guardNoteDetail", string> {
  return guarded ? { guardNote: " (missed by the guard here)", guardNoteDetail: ", which the guard here does not exclude" } : { guardNote: "", guardNoteDetail: "" };
}

/**
 * The parts of a message about a received code that reaches `close()`: `codes` (`1005 or 1006`) for the message;
 * `missing` (each code with its meaning), `origin` and `consequence` for the explanation.
 */
function receivedCodeNotes(
  source: ReceivedCodeSource["kind"],
  missing: readonly ReceivableReservedCode[],
): Record<"codes" | "missing" | "origin" | "consequence", string> {
  return {
    codes: joinAlternatives(missing.map(String)),
    missing: joinAlternatives(missing.map((code) => CODE_MEANINGS[code])),
    origin: source === "web-socket-close" ? "webSocketClose can receive these codes" : "a close event can carry these codes",
    consequence: !missing.includes(1005)
      ? ""
      : source === "web-socket-close"
        ? RESERVED_CODE_CONSEQUENCES.webSocketClose
        : RESERVED_CODE_CONSEQUENCES.closeEvent,
  };
}

/**
 * Calls of another module's function that passes a received code straight to `close()` on a socket
 * of this file (`ParameterFacts.closeCode`: `forwardClose(backend, event)`, `echo(ws, code, reason)`),
 * when a reserved code reaches that `close()` from here. The guard belongs in the other module: no fix.
 */
function importedHelperFindings(
  finding: FindingFactory<MessageId>,
  model: FileModel,
  codes: ReceivedCloseCodes,
  sockets: ReadonlySet<VariableLike>,
): Finding[] {
  const { scope, context } = model;
  const findings: Finding[] = [];
  if (!scope.crossModule) return findings;
  walkAst(context.ast, (node: TSESTree.Node) => {
    if (node.type !== "CallExpression") return true;
    const fn = scope.crossModule!.callee(node);
    if (!fn) return true;
    fn.params.forEach((param, index) => {
      const closeCode = param?.closeCode;
      const argument = node.arguments[index];
      const targetArgument = closeCode ? node.arguments[closeCode.target] : undefined;
      if (!closeCode || !argument || !targetArgument || node.arguments.slice(0, Math.max(index, closeCode.target) + 1).some((arg: TSESTree.CallExpressionArgument) => arg.type === "SpreadElement")) return;
      const target = unwrapExpression(targetArgument);
      const socket = target.type === "Identifier" ? scope.resolve(target) : null;
      if (!socket || !sockets.has(socket)) return;
      // The declaring module is analysed too and reports at its `close()`, where the guard goes.
      if (closeCode.reportedThere) return;
      const received = receivedCodeAtCall(node, argument, closeCode.kind, codes, scope);
      if (!received) return;
      const { source, missing } = received;
      const data = {
        call: callText(context.text, node.range),
        code: shortCode(context.text.slice(argument.range[0], argument.range[1]) + (closeCode.kind === "event" ? ".code" : "")),
        fn: shortName(fn.name),
        file: shortPath(fn.file),
        ...receivedCodeNotes(source.kind, missing),
      };
      findings.push(finding("unguardedReceivedCodeThroughImport", node, data, decideFix(null, "repairs-defect", [])));
    });
    return true;
  });
  return findings;
}

/**
 * The `close()` of a function of this file that passes its parameter (or its `.code`) straight to it, when a
 * call in another module brings that parameter a received code unguarded (`CrossModuleFacts.incoming`, the
 * CLI's view; real code: `SocketHandler.onClose(ws, code, …)` echoing `ws.close(code, "Goodbye")`, called
 * from a Durable Object's `webSocketClose`). The guard goes here, against every code a caller lets through:
 * it changes the function only for codes on which its `close()` throws anyway, whatever other calls pass;
 * and it gives an empty Close for each, as for a forwarded code (the target's own peer may still wait).
 */
function incomingCodeFindings(finding: FindingFactory<MessageId>, model: FileModel, lazyStyle: () => SourceStyle): Finding[] {
  const { scope, context } = model;
  if (!scope.crossModule) return [];
  const findings: Finding[] = [];
  walkAst(context.ast, (node: TSESTree.Node) => {
    if (node.type !== "FunctionDeclaration" && node.type !== "FunctionExpression" && node.type !== "ArrowFunctionExpression") return true;
    const name = declarationName(node);
    const incoming = name === null ? [] : scope.crossModule!.incoming(name);
    const params = runtimeParams(node);
    for (const index of new Set(incoming.map((entry) => entry.param))) {
      const identifier = paramIdentifier(params[index]);
      const variable = identifier ? scope.resolve(identifier) : null;
      const use = variable ? closeCodeUse(node, variable, scope) : null;
      const calls = incoming.filter((entry) => entry.param === index && entry.kind === use?.kind);
      if (!use || !identifier || calls.length === 0) continue;
      const missing = RECEIVABLE_RESERVED_CODES.filter((code) => calls.some((entry) => entry.missing.includes(code)));
      const codeText = use.kind === "event" ? `${identifier.name}.code` : identifier.name;
      const edits = guardCloseCallEdits({ text: context.text, call: use.call, codeText, missing, style: lazyStyle(), forwarded: true });
      const first = calls[0]!;
      const data = {
        call: callText(context.text, use.call.range),
        code: shortCode(codeText),
        callers: `${shortPath(first.file)}:${first.line}${calls.length > 1 ? ` and ${calls.length - 1} more` : ""}`,
        callersDetail: calls.map((entry) => `${entry.file}:${entry.line}`).join(", "),
        ...receivedCodeNotes(first.source, missing),
      };
      findings.push(finding("unguardedReceivedCodeFromImporter", use.call, data, decideFix(edits, "repairs-defect", [])));
    }
    return true;
  });
  return findings;
}

/**
 * @returns one finding per `close()` on a proven socket whose code argument
 *   throws on every date: a reserved or out-of-range literal, or a received
 *   code not guarded against 1005, 1006 and 1015. In every mode.
 */
function findReservedCloseCodes(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { context } = model;
  const input: ReservedCloseCodeInput = { ...model, redundantCloses: model.findingsOf(noRedundantClose) };
  const redundant = new Map<number, string>();
  for (const redundantClose of input.redundantCloses) redundant.set(redundantClose.range[0], redundantClose.messageId);
  const codes = new ReceivedCloseCodes(input.sockets, input.durableObjects, input.scope);
  let style: SourceStyle | null = null;
  const lazyStyle = (): SourceStyle => (style ??= detectSourceStyle(context.text, context.ast));
  const findings: Finding[] = [];
  const seen = new Set<TSESTree.CallExpression>();
  for (const variable of provenSockets(input.sockets, input.durableObjects, input.scope)) {
    for (const call of closeCallsOn(variable)) {
      if (seen.has(call)) continue;
      seen.add(call);
      const redundantAs = redundant.get(call.range[0]);
      if (redundantAs === "redundantEcho") continue;
      const argument = call.arguments[0];
      if (!argument || argument.type === "SpreadElement") continue;
      const literal = numericLiteralValue(argument);
      if (literal !== null) {
        const problem = literalProblem(literal);
        if (problem) findings.push(literalFinding(finding, call, literal, problem, context));
        continue;
      }
      if (codes.isEmpty) continue;
      const received = receivedCodeFinding(finding, { call, variable, customRedundant: redundantAs !== undefined }, argument, codes, input, context, lazyStyle);
      if (received) findings.push(received);
    }
  }

  if (!codes.isEmpty) findings.push(...helperCallFindings(finding, seen, redundant, codes, input, context, lazyStyle));
  if (!codes.isEmpty) findings.push(...importedHelperFindings(finding, model, codes, provenSockets(input.sockets, input.durableObjects, input.scope)));
  findings.push(...incomingCodeFindings(finding, model, lazyStyle));
  return findings;
}

/** Messages of `ws-close/no-reserved-close-code`. Runtime facts: docs/runtime-behaviour.md#reserved-close-codes-throw, docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005, docs/runtime-behaviour.md#a-dropped-connection-arrives-as-1006. */
const MESSAGES = {
  reservedLiteralCode: "`{{call}}` throws InvalidAccessError on any date: close code {{code}} {{problem}}.",
  unguardedReceivedCode:
    "`{{call}}` throws InvalidAccessError on any date when `{{code}}` is {{codes}}{{guardNote}}, which a close event can carry.",
  unguardedReceivedCodeThroughHelper:
    "`{{call}}` passes `{{code}}` to `{{close}}`, which throws InvalidAccessError on {{codes}}{{guardNote}}.",
  unguardedReceivedCodeThroughImport:
    "`{{call}}` passes `{{code}}` to `{{fn}}` ({{file}}), whose close() throws InvalidAccessError on {{codes}}.",
  unguardedReceivedCodeFromImporter:
    "`{{call}}` throws InvalidAccessError on {{codes}} (any date), which `{{code}}` gets from {{callers}}.",
  unguardedReceivedCodeHibernation:
    "`{{call}}` throws InvalidAccessError on any date when `{{code}}` is {{codes}}{{guardNote}}, which webSocketClose can receive.",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  reservedLiteralCode:
    "`{{call}}` throws InvalidAccessError on every compatibility date: close code {{code}} {{problem}}, so this Close frame is never sent. Use 1000 for a normal close, or a code of your own in 4000–4999.",
  unguardedReceivedCode:
    "`{{call}}` throws InvalidAccessError on every compatibility date when `{{code}}` is {{missing}}{{guardNoteDetail}}: a close event can carry these codes, and close() refuses them.{{consequence}}",
  unguardedReceivedCodeThroughHelper:
    "`{{call}}` passes `{{code}}` to `{{close}}`, which throws InvalidAccessError on every compatibility date when it is {{missing}}{{guardNoteDetail}}: {{origin}}, and close() refuses them.{{consequence}}",
  unguardedReceivedCodeThroughImport:
    "`{{call}}` passes `{{code}}` to `{{fn}}` in {{file}}, whose close() throws InvalidAccessError on every compatibility date when it is {{missing}}: {{origin}}, and close() refuses them.{{consequence}} The guard belongs in `{{fn}}`.",
  unguardedReceivedCodeFromImporter:
    "`{{call}}` throws InvalidAccessError on every compatibility date when `{{code}}` is {{missing}}: the calls at {{callersDetail}} pass it a received code, {{origin}}, and close() refuses them.{{consequence}}",
  unguardedReceivedCodeHibernation:
    "`{{call}}` throws InvalidAccessError on every compatibility date when `{{code}}` is {{missing}}{{guardNoteDetail}}: webSocketClose can receive these codes, and close() refuses them.{{consequence}}",
} as const;

/** The message ids of `ws-close/no-reserved-close-code`. */
export type MessageId = keyof typeof MESSAGES;

/** `ws-close/no-reserved-close-code` in the rule table. */
export const noReservedCloseCode = defineRule({
  id: "no-reserved-close-code",
  type: "problem",
  description:
    "Disallow WebSocket `close()` codes that throw: reserved or out-of-range literals, and received close codes passed on without excluding 1005, 1006 and 1015",
  recommended: true,
  fixable: true,
  hasSuggestions: false,
  dependsOnMode: true,
  modes: "any",
  migration: "reserved-close-code",
  fixVerbs: { done: "guarded", planned: "would guard" },
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findReservedCloseCodes,
});
