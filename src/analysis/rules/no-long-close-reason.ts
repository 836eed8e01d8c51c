/**
 * `ws-close/no-long-close-reason` (docs/rules/no-long-close-reason.md, issue 13): in any mode, a
 * `close(code, reason)` on a proven WebSocket whose reason is, or can be,
 * longer than 123 UTF-8 bytes.
 *
 * Runtime facts (docs/runtime-behaviour.md#close-reasons-longer-than-123-bytes; workerd `src/workerd/api/web-socket.c++`, close
 * validation; measured in `test/runtime/runtime-facts.test.ts`, "reason of 124 bytes",
 * "emoji reason of 124 bytes" and "clamped reason"): a Close frame's payload is at most 125 bytes, 2 of them the
 * code, so a reason has 123 UTF-8 bytes. From compatibility date 2026-03-03
 * (`websocket_close_reason_byte_limit`) a longer reason makes `close()` throw
 * `SyntaxError`; before that date the runtime sends an invalid frame and the
 * client fails the connection (1006). A defect on both sides of the date, so
 * the rule reports in every mode. Browsers throw `SyntaxError` too (WHATWG
 * WebSockets), so a `new WebSocket(url)` socket is reported in any file.
 *
 * Which calls: `close()` on a binding proven to be a WebSocket: the sockets of
 * `findSockets` and `findHonoSockets`; the `ws` of Hono's `onOpen`,
 * `onMessage` and `onError` (their `ws.close()` goes straight to the raw
 * socket, docs/runtime-behaviour.md#hono-accepts-the-socket-itself); in a Durable Object class, the `ws` of
 * `webSocketMessage`, `webSocketClose` and `webSocketError`, a socket passed
 * to `acceptWebSocket()`, and the loop variable over `getWebSockets()`
 * (`for (const ws of …)`, `.forEach((ws) => …)`); a binding annotated with the
 * global `WebSocket` type (`ws: WebSocket`, `let s: WebSocket | null`), and
 * `this.ws.close()` on a class field annotated so (`#ws: WebSocket | null`): the
 * type says it is a WebSocket, and every WebSocket rejects a long reason. A
 * `close()` on anything else (an unannotated parameter of a helper, a socket in
 * a `Map`) is left alone.
 *
 * What it reports, per value that can reach the reason argument (each branch
 * of `?:`, `||`, `??`, and the right side of `&&`, is judged on its own):
 * - `reasonTooLong`: a value proven longer than 123 bytes: a string literal, a
 *   template literal, a `const` bound to one, or a concatenation or template
 *   whose fixed text alone is over the limit. Bytes are counted, not
 *   characters: 62 Cyrillic letters are 124 bytes.
 * - `reasonUnbounded`: a value built from data the code does not bound: the
 *   text of an error (`err.message`, `String(err)`, `` `${err}` `` for a
 *   `catch` parameter, the parameter of a `.catch()` callback or of
 *   `webSocketError`, a value where `x instanceof Error` has been tested true,
 *   the parameter of an inline callback that a same-file function or class
 *   calls only with errors), `JSON.stringify(…)`, a received message (`event.data`
 *   of a message handler, `webSocketMessage`'s `message`, `JSON.parse` of
 *   those), or a received close reason with text added. A `.slice(0, n)`,
 *   `.substring(0, n)` or `.substr(0, n)` with a literal `n` bounds it by
 *   `3 × n` bytes (a UTF-16 code unit is at most 3 UTF-8 bytes), so `n ≤ 41`
 *   is safe and a larger `n` is reported.
 *
 * Deliberately silent: the reason of a close event or `webSocketClose`'s
 * `reason` passed on alone (it arrived in a valid Close frame, so it is at
 * most 123 bytes: `server.close(event.code, event.reason)` in a proxy is
 * fine), identifiers it cannot trace, calls to functions it does not know
 * (they may clamp), `.slice()` with a computed length, and any reason whose
 * length it cannot tell.
 *
 * Suggestions only (`decideFix` with `changes-intent`: the reason the client
 * sees changes): a literal is cut to at most 123 bytes on a character
 * boundary, with its quotes and escapes as written; anything else is wrapped
 * in a byte clamp, `new TextDecoder().decode(new TextEncoder().encode(x).slice(0, 123), { stream: true })`:
 * with `stream: true` the decoder holds back an incomplete UTF-8 sequence at
 * the end instead of turning it into U+FFFD, so the result is at most 123
 * bytes and ends on a whole character (measured in Node and in workerd, row
 * "clamped reason").
 */
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import { type ScopeIndex } from "../ast/scope-lookup.js";
import { decideFix } from "../fix/fix-policy.js";
import { codePointCount, cutLiteralToUtf8Bytes } from "../fix/utf8-literal-text.js";
import { closeCallsOn, findCloseReasonSources } from "../model/close-reason-sockets.js";
import { MAX_CLOSE_REASON_BYTES, ORIGIN_PHRASES, ReasonValues, toText, type TextValue } from "../model/close-reason-values.js";
import type { Finding, FindingSuggestion } from "../types.js";
import { callText } from "./call-text.js";
import { shortName } from "./message-values.js";
import type { FindingContext } from "./finding-context.js";
import { defineRule, type FileModel, type FindingFactory } from "./rule-definition.js";

export { MAX_CLOSE_REASON_BYTES };

/** Messages of `ws-close/no-long-close-reason`. Runtime facts: docs/runtime-behaviour.md#close-reasons-longer-than-123-bytes. */
const MESSAGES = {
  reasonTooLong:
    "This close reason is {{size}}, over the 123-byte limit: `{{call}}` throws SyntaxError (before 2026-03-03, the client sees 1006).",
  reasonUnbounded:
    "This close reason ({{origin}}) can pass 123 bytes: then `{{call}}` throws SyntaxError (before 2026-03-03, the client sees 1006).",
  suggestTruncate: "Cut the reason to {{bytes}} UTF-8 bytes, ending on a whole character.",
  suggestClamp:
    "Clamp the reason to at most 123 UTF-8 bytes, ending on a whole character (`TextEncoder`, then `TextDecoder` with `stream: true`).",
} as const;

/** The long explanations of the findings (`Finding.explanation`, the CLI's `--verbose`). */
const EXPLANATIONS = {
  reasonTooLong:
    "This close reason is {{size}}, more than the 123 bytes a Close frame can carry (125 bytes of payload, 2 of them the code): `{{call}}` throws SyntaxError from compatibility date 2026-03-03 (websocket_close_reason_byte_limit), and before that the runtime sends an invalid frame and the client sees the connection fail (1006). Bytes are counted, not characters.",
  reasonUnbounded:
    "This close reason comes from {{originDetail}}, and nothing keeps it within 123 UTF-8 bytes: when it is longer, `{{call}}` throws SyntaxError from compatibility date 2026-03-03 (websocket_close_reason_byte_limit), and before that the client sees the connection fail (1006). Clamp it to 123 bytes (`TextEncoder`, then `TextDecoder` with `stream: true`); `.slice(0, n)` with n ≤ 41 is enough too.",
} as const;

/** The message ids of `ws-close/no-long-close-reason`. */
export type MessageId = keyof typeof MESSAGES;

/** The expressions whose value can become the reason: each branch of `?:`, both sides of `||` and `??`, the right side of `&&`. */
function reasonLeaves(node: TSESTree.Expression): TSESTree.Expression[] {
  const value = unwrapExpression(node) as TSESTree.Expression;
  if (value.type === "ConditionalExpression") return [...reasonLeaves(value.consequent), ...reasonLeaves(value.alternate)];
  if (value.type === "LogicalExpression") {
    return value.operator === "&&" ? reasonLeaves(value.right) : [...reasonLeaves(value.left), ...reasonLeaves(value.right)];
  }
  return [node];
}

/** True when a read of a constant is the reason argument of a `.close()` call. */
function isCloseReasonArgument(identifier: TSESTree.Identifier): boolean {
  const use = outermostWrapper(identifier);
  const call = use.parent;
  return call?.type === "CallExpression" && call.arguments[1] === use && call.callee.type === "MemberExpression" && getPropertyName(call.callee) === "close";
}

/**
 * The literal to cut for a proven-too-long leaf: the leaf itself when it is a
 * string or template literal without substitutions, or the initializer of the
 * `const` it names when every read of that constant is a close reason (cutting
 * it then changes nothing else).
 */
function literalToCut(leaf: TSESTree.Node, scope: ScopeIndex): TSESTree.StringLiteral | TSESTree.TemplateLiteral | null {
  const value = unwrapExpression(leaf);
  const isLiteral = (node: TSESTree.Node): node is TSESTree.StringLiteral | TSESTree.TemplateLiteral =>
    (node.type === "Literal" && typeof node.value === "string") || (node.type === "TemplateLiteral" && node.expressions.length === 0);
  if (isLiteral(value)) return value;
  if (value.type !== "Identifier") return null;
  const variable = scope.resolveStable(value);
  const def = variable?.defs[0];
  if (!variable || def?.type !== "Variable" || (def.parent as TSESTree.VariableDeclaration | undefined)?.kind !== "const") return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const init = declarator.init ? unwrapExpression(declarator.init) : null;
  if (declarator.id.type !== "Identifier" || !init || !isLiteral(init)) return null;
  const reads = variable.references.filter((reference) => !reference.isWrite());
  return reads.every((reference) => isCloseReasonArgument(reference.identifier as TSESTree.Identifier)) ? init : null;
}

function literalValue(literal: TSESTree.StringLiteral | TSESTree.TemplateLiteral): string | null {
  return literal.type === "Literal" ? literal.value : literal.quasis[0]!.value.cooked;
}

/**
 * The byte clamp the `suggestClamp` suggestion wraps around an expression (see
 * the module comment; pinned in workerd by the runtime-facts test "clamped reason").
 *
 * @param expressionText the source text of the expression, parenthesized by the caller if it is a sequence.
 * @returns an expression whose value is at most 123 UTF-8 bytes and ends on a whole character.
 */
export function clampText(expressionText: string): string {
  return `new TextDecoder().decode(new TextEncoder().encode(${expressionText}).slice(0, ${MAX_CLOSE_REASON_BYTES}), { stream: true })`;
}

function clampSuggestion(leaf: TSESTree.Node, context: FindingContext): FindingSuggestion<MessageId> {
  const text = context.text.slice(leaf.range[0], leaf.range[1]);
  return { messageId: "suggestClamp", data: {}, edits: [{ range: leaf.range, text: clampText(leaf.type === "SequenceExpression" ? `(${text})` : text) }] };
}

function sizeText(text: TextValue): string {
  if (text.exact === null) return `at least ${text.min} UTF-8 bytes`;
  const characters = codePointCount(text.exact);
  return characters === text.min ? `${text.min} UTF-8 bytes` : `${text.min} UTF-8 bytes (${characters} characters)`;
}

/** Where an unbounded reason comes from: short for the message, in full (the other module's file, the cut) for the explanation. */
function originText(text: TextValue): { origin: string; originDetail: string } {
  // Passed by another module's code (`module-facts.ts`): the message names it.
  const phrase = ORIGIN_PHRASES[text.origin!];
  const origin = phrase + (text.via ? ` via \`${shortName(text.via.name)}\`` : "");
  const detail = phrase + (text.via ? ` that \`${text.via.name}\` in ${text.via.file} passes` : "");
  const originDetail = text.cut === null ? detail : `${detail}, cut to ${text.cut} UTF-16 code units (up to ${3 * text.cut} UTF-8 bytes)`;
  return { origin, originDetail };
}

/**
 * @param model the file's sockets, Durable Object classes and scope, and its text and AST; the mode
 *   is not read (the defect holds on every date).
 * @param finding the rule's finding factory.
 * @returns one finding per value that can reach the `reason` argument of a
 *   `close(code, reason)` on a proven socket and is proven longer than 123
 *   UTF-8 bytes (`reasonTooLong`, with a suggestion that cuts the literal, or
 *   the clamp) or built from data nothing bounds (`reasonUnbounded`, with the
 *   clamp). Located at that value. No fix: the reason the client sees changes.
 */
function findLongCloseReasons(model: FileModel, finding: FindingFactory<MessageId>): Finding[] {
  const { scope, context } = model;
  const sources = findCloseReasonSources({ ...model, ast: context.ast });
  if (!sources) return [];
  const { sockets, fieldCloseCalls, values } = sources;
  // A file that declares its own `TextEncoder` or `TextDecoder` gets no clamp: the names would not be the globals.
  const canClamp = !scope.variables.some((variable) => variable.defs.length > 0 && (variable.name === "TextEncoder" || variable.name === "TextDecoder"));
  const findings: Finding[] = [];
  const seen = new Set<TSESTree.CallExpression>();
  for (const calls of [...[...sockets].map(closeCallsOn), fieldCloseCalls]) {
    for (const call of calls) {
      const reason = call.arguments[1];
      if (seen.has(call) || !reason || reason.type === "SpreadElement") continue;
      seen.add(call);
      for (const leaf of reasonLeaves(reason)) {
        const reported = leafFinding(finding, leaf, call, values, scope, canClamp, context);
        if (reported) findings.push(reported);
      }
    }
  }
  return findings;
}

function leafFinding(
  finding: FindingFactory<MessageId>,
  leaf: TSESTree.Expression,
  call: TSESTree.CallExpression,
  values: ReasonValues,
  scope: ScopeIndex,
  canClamp: boolean,
  context: FindingContext,
): Finding | null {
  const text = toText(values.valueOf(leaf));
  const tooLong = text.min > MAX_CLOSE_REASON_BYTES;
  if (!tooLong && !(text.traced > MAX_CLOSE_REASON_BYTES && text.origin !== null)) return null;
  const suggestions: FindingSuggestion<MessageId>[] = [];
  const literal = tooLong ? literalToCut(leaf, scope) : null;
  const cooked = literal ? literalValue(literal) : null;
  const cut = literal && cooked !== null ? cutLiteralToUtf8Bytes(context.text.slice(literal.range[0], literal.range[1]), cooked, MAX_CLOSE_REASON_BYTES) : null;
  if (literal && cut) {
    suggestions.push({ messageId: "suggestTruncate", data: { bytes: String(cut.bytes) }, edits: [{ range: literal.range, text: cut.text }] });
  } else if (canClamp) suggestions.push(clampSuggestion(leaf, context));
  const messageId: MessageId = tooLong ? "reasonTooLong" : "reasonUnbounded";
  const data: Record<string, string> = tooLong
    ? { size: sizeText(text), call: `${callText(context.text, call.callee.range)}()` }
    : { ...originText(text), call: `${callText(context.text, call.callee.range)}()` };
  return finding(messageId, leaf, data, decideFix(null, "changes-intent", suggestions));
}

/** `ws-close/no-long-close-reason` in the rule table. */
export const noLongCloseReason = defineRule({
  id: "no-long-close-reason",
  type: "problem",
  description:
    "Disallow WebSocket `close()` reasons that can be longer than 123 UTF-8 bytes: `close()` throws SyntaxError from compatibility date 2026-03-03, and the client sees 1006 before it",
  recommended: true,
  fixable: false,
  hasSuggestions: true,
  dependsOnMode: false,
  modes: "any",
  migration: "reserved-close-code",
  fixVerbs: null,
  messages: MESSAGES,
  explanations: EXPLANATIONS,
  find: findLongCloseReasons,
});
