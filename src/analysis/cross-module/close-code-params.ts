/**
 * A received close code that crosses a module boundary as a parameter: a
 * function that passes its parameter (or its parameter's `.code`) straight to
 * `close()` (`forwardClose(target, event)`, `SocketHandler.onClose(ws, code, …)`),
 * and what a call of it passes there. `close()` throws `InvalidAccessError` for
 * a received 1005, 1006 or 1015 on every compatibility date (docs/runtime-behaviour.md#reserved-close-codes-throw; workerd
 * `src/workerd/api/web-socket.c++`, close-code validation), so a received code
 * that reaches such a parameter unguarded is a defect of the function's
 * `close()`, whichever module calls it (`no-reserved-close-code`).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex, VariableLike } from "../ast/scope-lookup.js";
import { ReceivedCloseCodes, type ReceivedCodeSource } from "../model/received-close-codes.js";
import { pathConditions, RECEIVABLE_RESERVED_CODES, ReservedCodeGuards, type ReceivableReservedCode, type ReservedCodeOutcome } from "../model/reserved-code-guards.js";
import { paramIdentifier, runtimeParams, type FunctionNode } from "../model/same-file-functions.js";
import { walkAst } from "../ast/ast-traversal.js";
import { findDurableObjects } from "../model/find-durable-objects.js";
import { findHonoSockets } from "../model/find-hono-sockets.js";
import { findSockets } from "../model/find-sockets.js";
import { provenSockets } from "../model/proven-sockets.js";
import { calleeKey, type FunctionFacts, type IncomingCode } from "./module-facts.js";

/** How a function passes a parameter to `close()`: as the code, or its `.code`; the parameter it closes; the call. */
export interface CloseCodeUse {
  kind: "value" | "event";
  /** Index of the runtime parameter whose `close()` it is. */
  target: number;
  call: TSESTree.CallExpression;
}

/** The nearest function `node` is in. */
function enclosingFunction(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "FunctionDeclaration" || current.type === "FunctionExpression" || current.type === "ArrowFunctionExpression") return current;
  }
  return null;
}

/**
 * @returns how `fn` passes `variable` (one of its parameters) to `close()`: read once as the code argument
 *   of a `close()` on another parameter of `fn` (`value`), or with every read a member `.code`, `.reason` or
 *   `.wasClean` and its one `.code` that argument (`event`); in `fn`'s own body, under no condition (no
 *   `if`, ternary or early exit before it). `null` for any other use, or a parameter that is written.
 */
export function closeCodeUse(fn: FunctionNode, variable: VariableLike, scope: ScopeIndex): CloseCodeUse | null {
  if (variable.references.some((reference) => reference.isWrite())) return null;
  const uses = variable.references.map((reference) => outermostWrapper(reference.identifier as TSESTree.Identifier));
  const closeOf = (argument: TSESTree.Node): Omit<CloseCodeUse, "kind"> | null => {
    const call = argument.parent;
    if (call?.type !== "CallExpression" || call.arguments[0] !== argument || enclosingFunction(call) !== fn || pathConditions(call).length > 0) return null;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== "MemberExpression" || getPropertyName(callee) !== "close") return null;
    const object = unwrapExpression(callee.object);
    const closed = object.type === "Identifier" ? scope.resolve(object) : null;
    const def = closed?.defs[0];
    if (!closed || closed === variable || def?.type !== "Parameter" || def.node !== fn) return null;
    const target = runtimeParams(fn).findIndex((param) => paramIdentifier(param) === def.name);
    return target < 0 ? null : { target, call };
  };
  if (uses.length === 1) {
    const value = closeOf(uses[0]!);
    if (value) return { kind: "value", ...value };
  }
  const members = uses.map((use) => (use.parent?.type === "MemberExpression" && use.parent.object === use && !use.parent.computed ? use.parent : null));
  if (members.some((member) => member === null)) return null;
  const names = members.map((member) => getPropertyName(member!));
  if (names.some((name) => !["code", "reason", "wasClean"].includes(name ?? "")) || names.filter((name) => name === "code").length !== 1) return null;
  const code = closeOf(outermostWrapper(members[names.indexOf("code")]!));
  return code ? { kind: "event", ...code } : null;
}

/** A received code reaching such a parameter from one call: where it comes from, and the codes that get through. */
export interface ReceivedCodeAtCall {
  source: ReceivedCodeSource;
  /** The reserved codes that reach the parameter (`throws` or `may-throw` at the call). */
  missing: ReceivableReservedCode[];
}

/**
 * @param call a call that gives `argument` to a parameter of `kind` (`CloseCodeUse.kind`).
 * @param codes the calling file's received codes.
 * @returns the source and the reserved codes a received code brings there unguarded, or `null` when the
 *   argument is no received code of one source (or its event), none gets through, or a guard on the way
 *   may or may not hold (`uncertain`).
 */
export function receivedCodeAtCall(
  call: TSESTree.CallExpression,
  argument: TSESTree.Node,
  kind: "value" | "event",
  codes: ReceivedCloseCodes,
  scope: ScopeIndex,
): ReceivedCodeAtCall | null {
  let source: ReceivedCodeSource | null = null;
  let outcomes: Map<ReceivableReservedCode, ReservedCodeOutcome> | null = null;
  if (kind === "value") {
    const sources = codes.sourcesIn(argument);
    source = sources.size === 1 ? [...sources][0]! : null;
    if (source) outcomes = new ReservedCodeGuards(codes, source, scope).outcomes(call, argument);
  } else {
    const event = unwrapExpression(argument);
    const variable = event.type === "Identifier" ? scope.resolve(event) : null;
    source = variable ? codes.eventSource(variable) : null;
    if (source) {
      const guards = new ReservedCodeGuards(codes, source, scope);
      const conditions = pathConditions(call);
      outcomes = new Map(
        RECEIVABLE_RESERVED_CODES.map((code): [ReceivableReservedCode, ReservedCodeOutcome] => {
          const reached = guards.reachability(conditions, code);
          return [code, reached === "reached" ? "throws" : reached];
        }),
      );
    }
  }
  if (!source || !outcomes || RECEIVABLE_RESERVED_CODES.some((code) => outcomes!.get(code) === "uncertain")) return null;
  const missing = RECEIVABLE_RESERVED_CODES.filter((code) => ["throws", "may-throw"].includes(outcomes!.get(code)!));
  return missing.length > 0 ? { source, missing } : null;
}

/**
 * The name the cross-module view gives a declaration (`declaration-questions.ts`): `handleSession`,
 * or `SocketHandler.onClose` for a member of a named class; `null` for a function the view cannot name.
 */
export function declarationName(fn: FunctionNode): string | null {
  if (fn.type === "FunctionDeclaration") return fn.id?.name ?? null;
  const parent = fn.parent;
  if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  if ((parent?.type === "MethodDefinition" || parent?.type === "PropertyDefinition") && !parent.computed && parent.key.type === "Identifier") {
    const owner = parent.parent?.parent;
    const className = owner?.type === "ClassDeclaration" || owner?.type === "ClassExpression" ? owner.id?.name : undefined;
    return className ? `${className}.${parent.key.name}` : parent.key.name;
  }
  return null;
}

/**
 * The calls of one file that bring a received close code to a parameter of another module's function
 * that passes it straight to `close()` (`ParameterFacts.closeCode`), on a proven socket of the file:
 * what the cross-module view tells the declaring module (`CrossModuleFacts.incoming`).
 *
 * @param calling the calling file: its AST, scopes, text and display path.
 * @param wanted by `calleeKey`: the functions asked about.
 * @returns one entry per call and parameter, with the function's name (`FunctionFacts.name`).
 */
export function incomingCodesFromFile(
  calling: { ast: TSESTree.Program; scope: ScopeIndex; text: string; file: string },
  wanted: ReadonlyMap<string, FunctionFacts>,
): Array<{ name: string; entry: IncomingCode }> {
  const { ast, scope, text } = calling;
  const sockets = [...findSockets(scope), ...findHonoSockets(ast, scope)];
  const durableObjects = findDurableObjects(ast, scope);
  const codes = new ReceivedCloseCodes(sockets, durableObjects, scope);
  if (codes.isEmpty) return [];
  const proven = provenSockets(sockets, durableObjects, scope);
  const found: Array<{ name: string; entry: IncomingCode }> = [];
  walkAst(ast, (node) => {
    if (node.type !== "CallExpression") return true;
    const fn = wanted.get(calleeKey(node.callee, text));
    if (!fn) return true;
    fn.params.forEach((param, index) => {
      const closeCode = param?.closeCode;
      const argument = node.arguments[index];
      const targetArgument = closeCode ? node.arguments[closeCode.target] : undefined;
      if (!closeCode || !argument || !targetArgument) return;
      if (node.arguments.slice(0, Math.max(index, closeCode.target) + 1).some((arg) => arg.type === "SpreadElement")) return;
      const target = unwrapExpression(targetArgument);
      const socket = target.type === "Identifier" ? scope.resolve(target) : null;
      if (!socket || !proven.has(socket)) return;
      const received = receivedCodeAtCall(node, argument, closeCode.kind, codes, scope);
      if (!received) return;
      found.push({
        name: fn.name,
        entry: { param: index, kind: closeCode.kind, file: calling.file, line: node.loc.start.line, source: received.source.kind, missing: received.missing },
      });
    });
    return true;
  });
  return found;
}
