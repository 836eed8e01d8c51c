/**
 * A received close code passed to a helper of the same file that passes its
 * `code` parameter straight to `close()`, when other calls give the helper
 * other codes (issue 10; real code: cloudflare/sandbox-sdk's codex proxy):
 *
 * ```ts
 * const safeClose = (ws: WebSocket, code: number, reason: string) => {
 *   try { ws.close(code, reason); } catch {}
 * };
 * server.addEventListener("close", (e) => safeClose(backend, e.code, e.reason));
 * server.addEventListener("error", () => safeClose(backend, 1011, "Client error"));
 * ```
 *
 * `received-close-codes.ts` follows a helper's parameter as a received code
 * only when every call passes one; here the parameter is a received code on
 * some calls only, so the defect is at those calls: a received 1005, 1006 or
 * 1015 reaches `close()` and throws `InvalidAccessError` (docs/runtime-behaviour.md#reserved-close-codes-throw).
 *
 * Precision first: the parameter is a plain identifier, never reassigned, and
 * read exactly once, as the code argument of that `close()`, in the helper's own
 * body (no test of it can come before the close, no nested callback that may run
 * later); every call of the helper is known (`allCallsOf`: neither exported nor
 * passed as a value).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import { isNeverReassigned, type ScopeIndex, type VariableLike } from "../ast/scope-lookup.js";
import type { ReceivedCloseCodes, ReceivedCodeSource } from "./received-close-codes.js";
import { RECEIVABLE_RESERVED_CODES, ReservedCodeGuards, type ReceivableReservedCode, type ReservedCodeOutcome } from "./reserved-code-guards.js";
import { allCallsOf, runtimeParams, type FunctionNode } from "./same-file-functions.js";

/** One call of the helper that passes a received code to its `code` parameter. */
export interface HelperCodeCall {
  /** The call of the helper (`safeClose(backend, e.code, e.reason)`). */
  call: TSESTree.CallExpression;
  /** The argument it gives the `code` parameter (`e.code`). */
  argument: TSESTree.Node;
  source: ReceivedCodeSource;
  /** What the `close()` in the helper does for each reserved code, from this call (`ReservedCodeGuards.outcomes`). */
  outcomes: Map<ReceivableReservedCode, ReservedCodeOutcome>;
  /**
   * The socket this call makes the helper close, when the `close()` is on a parameter of the
   * helper and the call gives it a variable (`backend` of `safeClose(backend, e.code, e.reason)`):
   * tells a code forwarded to another socket (a proxy) from an echo; `null` otherwise.
   */
  target: VariableLike | null;
}

/** A `close(code, …)` in a helper whose `code` parameter is a received code on some of the helper's calls. */
export interface HelperCodeForwarding {
  /** The helper's `code` parameter, as the guard in the helper reads it. */
  parameter: TSESTree.Identifier;
  /** The calls that pass a received code, each with its outcomes. */
  calls: HelperCodeCall[];
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "FunctionDeclaration" || current.type === "FunctionExpression" || current.type === "ArrowFunctionExpression") return current;
  }
  return null;
}

/** The argument a call gives the parameter at `index`; `undefined` when a spread comes first or none is given. */
function argumentAt(call: TSESTree.CallExpression, index: number): TSESTree.CallExpressionArgument | undefined {
  const spreadAt = call.arguments.findIndex((arg) => arg.type === "SpreadElement");
  return spreadAt === -1 || index < spreadAt ? call.arguments[index] : undefined;
}

/** The index of the parameter of `fn` that `closeCall` closes (`ws` of `ws.close(…)`); -1 when it closes something else. */
function closedParamIndex(closeCall: TSESTree.CallExpression, fn: FunctionNode, scope: ScopeIndex): number {
  const callee = unwrapExpression(closeCall.callee);
  const object = callee.type === "MemberExpression" ? unwrapExpression(callee.object) : null;
  const variable = object?.type === "Identifier" ? scope.resolve(object) : null;
  const def = variable?.defs[0];
  if (def?.type !== "Parameter" || def.node !== fn) return -1;
  return runtimeParams(fn).findIndex((param) => param === def.name);
}

/**
 * @param closeCall a `close(argument, …)` on a proven socket.
 * @param argument its code argument.
 * @returns the helper's parameter and the calls of the helper that pass it a
 *   received code of one source (an argument depending on a received code the
 *   core can evaluate for each reserved code is kept with its outcomes), or
 *   `null` when `argument` is not such a parameter, or no call passes one.
 */
export function helperCodeForwarding(
  closeCall: TSESTree.CallExpression,
  argument: TSESTree.Node,
  codes: ReceivedCloseCodes,
  scope: ScopeIndex,
): HelperCodeForwarding | null {
  const value = unwrapExpression(argument);
  if (value.type !== "Identifier" || codes.sourcesIn(value).size > 0) return null;
  const variable = scope.resolve(value);
  const def = variable?.defs[0];
  if (!variable || def?.type !== "Parameter" || variable.defs.length !== 1 || !isNeverReassigned(variable)) return null;
  const fn = def.node as FunctionNode;
  if (enclosingFunction(closeCall) !== fn) return null;
  const index = runtimeParams(fn).findIndex((param) => param === def.name);
  if (index === -1) return null;
  // Read exactly once: as this close's code argument (TypeScript wrappers allowed).
  const reads = variable.references.filter((reference) => !reference.isWrite());
  if (reads.length !== 1 || outermostWrapper(reads[0]!.identifier as TSESTree.Identifier) !== argument) return null;
  const calls = allCallsOf(fn, scope);
  if (!calls) return null;
  const targetIndex = closedParamIndex(closeCall, fn, scope);
  const found: HelperCodeCall[] = [];
  for (const call of calls) {
    const given = argumentAt(call, index);
    if (!given || given.type === "SpreadElement") continue;
    const sources = codes.sourcesIn(given);
    if (sources.size !== 1) continue;
    const source = [...sources][0]!;
    const outcomes = new ReservedCodeGuards(codes, source, scope).outcomes(call, given);
    if (RECEIVABLE_RESERVED_CODES.some((code) => outcomes.get(code) === "uncertain")) continue;
    const targetArgument = targetIndex === -1 ? undefined : argumentAt(call, targetIndex);
    const target = targetArgument && targetArgument.type !== "SpreadElement" ? unwrapExpression(targetArgument) : null;
    found.push({ call, argument: given, source, outcomes, target: target?.type === "Identifier" ? scope.resolveStable(target) : null });
  }
  return found.length > 0 ? { parameter: def.name as TSESTree.Identifier, calls: found } : null;
}
