/**
 * What making a proxy leg half-open asks of the code
 * (docs/rules/require-allow-half-open.md#the-reply-must-be-safe-for-every-close-code: "A fix that turns off the
 * runtime's reply must make every close that now carries the reply safe for 1005/1006/1015 in the
 * same edit").
 *
 * A half-open socket is answered only by code (docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime). Its reply then travels through the
 * `close()` calls of the close handlers on the way back: the leg's own handlers, and, when the peer
 * completes it, the peer's. A call there that passes on a received code throws `InvalidAccessError`
 * on 1005, 1006 and 1015 (docs/runtime-behaviour.md#reserved-close-codes-throw), and a throw stops the handler before the
 * reply: a client that closed without a status code would get no answer where the runtime answered
 * it before. So the half-open edit is applied only together with a guard for each such call
 * (`no-reserved-close-code`'s fix), or not at all.
 *
 * Measured in workerd: `fixtures/transforms/proxy-closes-other-socket` (block bodies) and
 * `proxy-expression-arrow-handlers` (expression-bodied arrows), the `client-no-status` runs.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkFunctionBody } from "../ast/ast-traversal.js";
import { unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";
import type { ReceivedCloseCodes } from "../model/received-close-codes.js";
import { numericLiteralValue, RECEIVABLE_RESERVED_CODES, ReservedCodeGuards } from "../model/reserved-code-guards.js";
import type { SocketBinding } from "../model/socket-model.js";
import type { Finding, TextEdit } from "../types.js";

type CloseHandler = SocketBinding["closeHandlers"][number];

/** The inputs of `halfOpenReplyGuards`. */
export interface HalfOpenReplyInput {
  /** The close handlers whose `close()` calls carry the reply once the leg is half-open. */
  handlers: readonly CloseHandler[];
  /** The file's `no-reserved-close-code` findings: their fixes are the guards. */
  reservedCodeFindings: readonly Finding[];
  codes: ReceivedCloseCodes;
  scope: ScopeIndex;
}

/** The guards a half-open edit needs, and the calls no guard can be proven for. */
export interface HalfOpenReplyGuards {
  /** Guard edits (from `no-reserved-close-code`'s fixes), to apply in the same fix as the half-open edit. */
  edits: TextEdit[];
  /** The calls that the guard edits guard. */
  guarded: TSESTree.CallExpression[];
  /** Calls that may throw on a reserved code and that the core cannot guard here: the half-open edit is then no fix. */
  unprovable: TSESTree.CallExpression[];
}

/** Close codes `close()` accepts (docs/runtime-behaviour.md#reserved-close-codes-throw): 1000–4999 except 1004, 1005, 1006 and 1015. */
function isSendableCode(code: number): boolean {
  return Number.isInteger(code) && code >= 1000 && code <= 4999 && ![1004, 1005, 1006, 1015].includes(code);
}

/** A literal code, or a never-reassigned `const` initialised with one: its value. */
function constantCode(argument: TSESTree.Node, scope: ScopeIndex): number | null {
  const literal = numericLiteralValue(argument);
  if (literal !== null) return literal;
  const value = unwrapExpression(argument);
  if (value.type !== "Identifier") return null;
  const def = scope.resolveStable(value)?.defs[0];
  if (def?.type !== "Variable") return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const declaration = declarator.parent;
  if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "const" || !declarator.init) return null;
  return numericLiteralValue(declarator.init);
}

/** True when the code argument of `call` is proven never to throw, whatever code the peer closed with. */
function provenSafe(call: TSESTree.CallExpression, codes: ReceivedCloseCodes, scope: ScopeIndex): boolean {
  const argument = call.arguments[0];
  if (!argument) return true;
  if (argument.type === "SpreadElement") return false;
  const constant = constantCode(argument, scope);
  if (constant !== null) return isSendableCode(constant);
  const sources = codes.sourcesIn(argument);
  if (sources.size === 0) return false;
  return [...sources].every((source) => {
    const outcomes = new ReservedCodeGuards(codes, source, scope).outcomes(call, argument);
    return RECEIVABLE_RESERVED_CODES.every((code) => outcomes.get(code) === "safe");
  });
}

/** Every `close()` call of the handlers: the ones the model resolved, and any other `x.close(…)` in their bodies. */
function closeCallsOf(handlers: readonly CloseHandler[]): TSESTree.CallExpression[] {
  const calls = new Set<TSESTree.CallExpression>();
  for (const handler of handlers) {
    for (const closeCall of handler.closeCalls) calls.add(closeCall.call);
    walkFunctionBody(handler.fn, (node) => {
      if (node.type !== "CallExpression") return;
      const callee = unwrapExpression(node.callee);
      if (callee.type === "MemberExpression" && getPropertyName(callee) === "close") calls.add(node);
    });
  }
  return [...calls].sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * @returns for each `close()` call in `handlers`: nothing when it is proven not to throw on any
 *   received code (no code, a sendable constant, or a received code every reserved value of which
 *   a guard excludes); the edits of `no-reserved-close-code`'s fix when that rule guards it; else
 *   the call is `unprovable` (a guard the core cannot write there, or a code it cannot read).
 */
export function halfOpenReplyGuards(input: HalfOpenReplyInput): HalfOpenReplyGuards {
  const byCall = new Map<string, Finding>();
  for (const finding of input.reservedCodeFindings) byCall.set(`${finding.range[0]}:${finding.range[1]}`, finding);
  const result: HalfOpenReplyGuards = { edits: [], guarded: [], unprovable: [] };
  for (const call of closeCallsOf(input.handlers)) {
    const reported = byCall.get(`${call.range[0]}:${call.range[1]}`);
    if (reported?.fix) {
      result.edits.push(...reported.fix);
      result.guarded.push(call);
    } else if (reported || !provenSafe(call, input.codes, input.scope)) {
      result.unprovable.push(call);
    }
  }
  return result;
}
