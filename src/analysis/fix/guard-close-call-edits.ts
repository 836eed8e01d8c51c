/**
 * Edits that guard a `close()` statement against the reserved codes a received
 * close code can carry (docs/runtime-behaviour.md#reserved-close-codes-throw, docs/rules/no-reserved-close-code.md#the-fix): for 1005 (the peer sent no status) the
 * guard sends an empty Close frame with `close()`, as the runtime's own echo
 * would; after 1006 and 1015 no peer is left to answer, so the call is skipped.
 * A code forwarded from another socket (a proxy) gets an empty Close for all
 * three: the target's own peer is still there, and a half-open target waits for
 * that answer (measured: fixtures/transforms/proxy-backend-drops-on-close, where
 * skipping it left the client hanging). Every other code reaches the original
 * statement, kept byte for byte.
 *
 * For an unguarded echo the result is the reply `safeCloseReplyLines` writes:
 *
 * ```ts
 * if (code === 1005) {
 *   ws.close();
 * } else if (code !== 1006 && code !== 1015) {
 *   ws.close(code, reason);
 * }
 * ```
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { hasSideEffects } from "../ast/side-effects.js";
import type { ReceivableReservedCode } from "../model/reserved-code-guards.js";
import { contentEnd } from "./source-edits.js";
import { lineIndentAt, type SourceStyle } from "./source-style.js";
import type { TextEdit } from "../types.js";

const STATEMENT_LIST_PARENTS = new Set(["BlockStatement", "Program", "StaticBlock", "SwitchCase"]);

/**
 * Where a guarded `close()` can be written in place of the call:
 * - `statement`: a statement alone on its line in a statement list: the guard replaces it;
 * - `branch`: the braceless branch of an `if` or `else` (`if (open) ws.close(…)`): the guard
 *   replaces the statement inside a new block, so the branch still runs exactly when it did;
 * - `arrow-body`: the expression body of an arrow (`(e) => ws.close(…)`): the body becomes a
 *   block holding the guard. `close()` returns `undefined`, so the arrow's value is unchanged.
 *
 * The statement is the call (or `void` of it), `test && call` / `test || call` (written as
 * `if (test) { … }` / `if (!(test)) { … }`: the test runs once, as before), or `return call`
 * (the guard, then `return;`: `close()` returns `undefined`).
 */
interface GuardSite {
  kind: "statement" | "branch" | "arrow-body";
  node: TSESTree.Node;
  /** The statement the guard keeps from the reserved codes, as written; `null`: the call with a semicolon. */
  keeps: "statement" | "call";
  /** Lines around the guard's lines (`if (test) {`, `}`), or after them (`return;`). */
  before: string[];
  after: string[];
}

function guardSiteOf(text: string, call: TSESTree.CallExpression, style: SourceStyle): GuardSite | null {
  const expression = call.parent?.type === "ChainExpression" ? call.parent : call;
  const outer = expression.parent?.type === "UnaryExpression" && expression.parent.operator === "void" ? expression.parent : expression;
  const parent = outer.parent;
  if (parent?.type === "ArrowFunctionExpression" && parent.body === outer) {
    // A parenthesised body (`=> (ws.close(…))`) keeps its parentheses outside the node: not rewritten.
    if (!text.slice(0, outer.range[0]).trimEnd().endsWith("=>")) return null;
    return { kind: "arrow-body", node: outer, keeps: "call", before: [], after: [] };
  }
  let statement: TSESTree.Node;
  let site: Pick<GuardSite, "keeps" | "before" | "after">;
  if (parent?.type === "ExpressionStatement" && parent.expression === outer) {
    statement = parent;
    site = { keeps: "statement", before: [], after: [] };
  } else if (parent?.type === "ReturnStatement" && parent.argument === expression) {
    statement = parent;
    site = { keeps: "call", before: [], after: [`return${style.semicolon}`] };
  } else if (
    parent?.type === "LogicalExpression" &&
    parent.right === expression &&
    (parent.operator === "&&" || parent.operator === "||") &&
    parent.parent?.type === "ExpressionStatement" &&
    parent.parent.expression === parent
  ) {
    statement = parent.parent;
    const test = text.slice(parent.left.range[0], parent.left.range[1]);
    site = { keeps: "call", before: [`if (${parent.operator === "&&" ? test : `!(${test})`}) {`], after: ["}"] };
  } else {
    return null;
  }
  const holder = statement.parent;
  if (holder && STATEMENT_LIST_PARENTS.has(holder.type)) return { kind: "statement", node: statement, ...site };
  if (holder?.type === "IfStatement" && (holder.consequent === statement || holder.alternate === statement)) return { kind: "branch", node: statement, ...site };
  return null;
}

/** The inputs of `guardCloseCallEdits`. */
export interface GuardCloseCallInput {
  text: string;
  call: TSESTree.CallExpression;
  /** The received code as the guard reads it (an identifier, or `event.code`); repeated in the tests. */
  codeText: string;
  /** The reserved codes the call throws on, which the guard keeps from it. */
  missing: readonly ReceivableReservedCode[];
  style: SourceStyle;
  /**
   * The code comes from another socket's close event (a proxy forwarding a close): after 1006 or 1015 the
   * target may still be open or waiting for its answer, so it gets an empty Close for every missing code.
   */
  forwarded?: boolean;
}

/**
 * @returns one edit that writes the guard in place of the call (see `GuardSite`: a statement of
 *   its own, a braceless `if`/`else` branch, or an arrow's expression body), or `null` when the
 *   call sits anywhere else (`f(ws.close(code))`, `c ? ws.close(code) : x`), a statement of its
 *   own shares its line with other code (`try { ws.close(code) } catch {}`; a trailing `//`
 *   comment is fine), or an argument has side effects (the guard skips the call, so it must not
 *   skip anything else).
 */
export function guardCloseCallEdits(input: GuardCloseCallInput): TextEdit[] | null {
  const { text, call, codeText, missing, style } = input;
  const site = guardSiteOf(text, call, style);
  if (!site || missing.length === 0 || call.arguments.some(hasSideEffects)) return null;
  const { node } = site;
  // A braceless branch keeps the `;` that guards the next line of semicolon-less code after its new block.
  const end = site.kind === "branch" ? contentEnd(text, node) : node.range[1];
  const lineStart = text.lastIndexOf("\n", node.range[0] - 1) + 1;
  const lineEnd = text.indexOf("\n", node.range[1]);
  const after = text.slice(node.range[1], lineEnd === -1 ? text.length : lineEnd).trim();
  if (site.kind === "statement") {
    if (text.slice(lineStart, node.range[0]).trim() !== "" || (after !== "" && !after.startsWith("//"))) return null;
  }
  const indent = lineIndentAt(text, node.range[0]);
  const expression = call.parent?.type === "ChainExpression" ? call.parent : call;
  const original =
    site.keeps === "statement" ? text.slice(node.range[0], end) : `${text.slice(expression.range[0], expression.range[1])}${style.semicolon}`;
  const emptyClose = `${text.slice(call.callee.range[0], call.callee.range[1])}()${style.semicolon}`;
  const skipped = missing.filter((code) => code !== 1005).map((code) => `${codeText} !== ${code}`);
  const guard: string[] = [];
  if (input.forwarded) {
    guard.push(`if (${missing.map((code) => `${codeText} === ${code}`).join(" || ")}) {`, `${style.indent}${emptyClose}`, "} else {");
  } else if (missing.includes(1005)) {
    guard.push(`if (${codeText} === 1005) {`, `${style.indent}${emptyClose}`, skipped.length > 0 ? `} else if (${skipped.join(" && ")}) {` : "} else {");
  } else {
    guard.push(`if (${skipped.join(" && ")}) {`);
  }
  guard.push(`${style.indent}${original}`, "}");
  const nested = site.before.length > 0 ? guard.map((line) => `${style.indent}${line}`) : guard;
  const lines = [...site.before, ...nested, ...site.after];
  if (site.kind === "statement") return [{ range: [node.range[0], node.range[1]], text: lines.join(`${style.eol}${indent}`) }];
  // A new block around the guard: its lines one level deeper than the line the call was on.
  const inner = `${style.eol}${indent}${style.indent}`;
  return [{ range: [node.range[0], end], text: `{${inner}${lines.join(inner)}${style.eol}${indent}}` }];
}
