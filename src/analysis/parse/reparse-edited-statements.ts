/**
 * The program of a text after the fix loop's edits, parsing again only the
 * top-level statements that the edits touch (issue 14, item 7).
 *
 * Why: `rewriteSource` analyses the text again after each pass of fixes, as
 * `eslint --fix` does, to catch the findings those fixes create. On a 5 MB file
 * with one rewrite, parsing the whole text a second time cost 5.7 s of a 19 s
 * run (typescript-estree's conversion is slower than linear in the number of
 * top-level statements); this costs 0.35 s, most of it the scan of the blanked
 * text before the edit and moving the 460,000 nodes after it.
 *
 * Why the result is the program a full parse of the new text gives:
 * - The parser reads a top-level statement from the statement's first token
 *   to its last, looking at most one token past its end to know that it ends
 *   (the bound TypeScript's own incremental parser relies on, `maxLookahead`
 *   in `updateSourceFile`). So the statements that end before the edits, and
 *   whose next token is not edited either, parse as they did, and so do the
 *   statements that start after them, from a statement boundary, with the same
 *   text: only their offsets and line numbers move.
 * - Each edited span is re-parsed with one untouched statement on each side
 *   (`before`, `after`) in a copy of the new text where everything outside the
 *   spans is blanked to spaces, line breaks kept: every offset, line and column
 *   inside a span is the new text's own. `before` must come out as it was
 *   (compared node by node), which shows that its lookahead token is
 *   unchanged; `after` must start where it started (shifted), on a later line
 *   than the last edit, so its columns do not move.
 * - What a parse takes from the whole file is checked or carried over: whether
 *   it is an ES module (an `import` or `export` outside the spans makes it one;
 *   the blanked copy is parsed as a module then), and the directive prologue
 *   (`"use strict"` counts as a directive only among the first statements).
 * When a check fails (or the copy does not parse) the caller parses the whole
 * text. The test `test/analysis/rewrite-source-parses.test.ts` holds the result
 * equal to a full parse, node for node, on every fixture under random edits.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { visitorKeys } from "@typescript-eslint/visitor-keys";
import { walkAst } from "../ast/ast-traversal.js";
import type { AstNode, TextEdit } from "../types.js";

/** Parses a whole text as `parseSource` does; `module` makes it an ES module whatever it holds. Throws when it does not parse. */
export type ProgramParser = (text: string, options: { module: boolean }) => TSESTree.Program;

/** The inputs of `reparseEditedStatements`. */
export interface ReparseInput {
  /**
   * The text before the edits and its program (`parent` set). Its nodes are reused and moved in place:
   * neither it nor any `range` or `loc` taken from it is valid afterwards.
   */
  previous: { text: string; ast: TSESTree.Program };
  /** The edits that made `text` from `previous.text` (non-overlapping, as `applyTextEdits` takes them). */
  edits: readonly TextEdit[];
  text: string;
  parse: ProgramParser;
}

/**
 * An edited span, as indices of `previous.ast.body`: `lo` is the untouched
 * statement kept before it (-1: the span starts at the top of the file), `hi`
 * the one after it (`body.length`: it runs to the end of the file); the
 * statements strictly between are parsed again.
 */
interface Span {
  lo: number;
  hi: number;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/u;
const NOT_LINE_BREAKS = /[^\n\r\u2028\u2029]+/gu;

/**
 * @returns the program of `text`, `parent` set on every node, equal to what a
 *   full parse gives; `null` when that cannot be shown (then parse the whole text).
 */
export function reparseEditedStatements({ previous, edits, text, parse }: ReparseInput): TSESTree.Program | null {
  const body = previous.ast.body;
  // (The program spans the whole text, as typescript-estree gives it: `copy` may stop short of the end, below.)
  if (edits.length === 0 || body.length === 0 || previous.ast.range[0] !== 0 || previous.ast.range[1] !== previous.text.length) return null;
  // Copies: an edit's range may be a node's own, which `shift` moves.
  const sorted = edits
    .map(({ range, text: replacement }): TextEdit => ({ range: [range[0], range[1]], text: replacement }))
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const spans = editedSpans(body, sorted, previous.text);
  if (!prologueHolds(body, spans)) return null;
  // An `import` or `export` outside the spans makes the new text a module whatever the spans now hold: the copy,
  // blanked there, is parsed as one. Otherwise the copy is a module when the spans make it one, and must come out
  // as the old text was (below), for the statements outside the spans were parsed that way.
  const module = moduleOutsideSpans(body, spans);

  const newOffset = offsetMapper(sorted);
  let copy = "";
  let cursor = 0;
  for (const { lo, hi } of spans) {
    // (An insertion at the very top belongs to the span, which starts at 0 in both texts.)
    const start = lo >= 0 ? newOffset(body[lo]!.range[0]) : 0;
    const end = newOffset(hi < body.length ? body[hi]!.range[1] : previous.text.length);
    copy += blank(text.slice(cursor, start)) + text.slice(start, end);
    cursor = end;
  }
  // What follows the last span is left out: nothing there is parsed again, and blank text costs its scan.

  let fresh: TSESTree.Program;
  try {
    fresh = parse(copy, { module });
  } catch {
    return null;
  }
  // A module that became a script (its one `export` edited away, or one only by an `import.meta` outside the
  // spans, which the blanked copy lacks) or the other way round: the statements outside the spans may parse
  // otherwise (`await` at the top level).
  if (fresh.sourceType !== previous.ast.sourceType) return null;

  const statements: TSESTree.ProgramStatement[] = [];
  let next = 0; // the next statement of `fresh.body`
  let index = 0; // the next statement of `body`
  // The shift of the untouched statements from here on, known from each span's `after` as it comes out of `copy`.
  let offsetShift = 0;
  let lineShift = 0;
  for (const { lo, hi } of spans) {
    for (; index <= lo; index++) statements.push(shift(body[index]!, offsetShift, lineShift));
    if (lo >= 0) {
      if (!sameTree(fresh.body[next], statements.at(-1), 0, 0)) return null;
      next++;
    }
    const after = hi < body.length ? body[hi]! : null;
    const afterStart = after ? newOffset(after.range[0]) : Infinity;
    for (; next < fresh.body.length && fresh.body[next]!.range[0] < afterStart; next++) {
      const statement = fresh.body[next]!;
      walkAst(statement, () => true);
      statements.push(statement);
    }
    if (after) {
      const freshAfter = fresh.body[next];
      if (
        freshAfter?.type !== after.type ||
        freshAfter.range[0] !== afterStart ||
        freshAfter.range[1] !== newOffset(after.range[1]) ||
        freshAfter.loc.start.column !== after.loc.start.column
      ) {
        return null;
      }
      offsetShift = freshAfter.range[0] - after.range[0];
      lineShift = freshAfter.loc.start.line - after.loc.start.line;
      next++;
    }
    index = hi;
  }
  for (; index < body.length; index++) statements.push(shift(body[index]!, offsetShift, lineShift));
  if (next !== fresh.body.length) return null;

  fresh.body = statements;
  for (const statement of statements) (statement as { parent: AstNode }).parent = fresh;
  if (copy.length < text.length) {
    // The program ends where the new text does: its last line moved as the statements after the last span did,
    // and its column did not (a line break lies between the last edit and that span's `after`).
    fresh.range[1] = text.length;
    fresh.loc.end.line = previous.ast.loc.end.line + lineShift;
    fresh.loc.end.column = previous.ast.loc.end.column;
  }
  return fresh;
}

/**
 * The spans to parse again, in order, merged where they meet. Each edit touches
 * the statements it overlaps or abuts; `before` is the statement that ends
 * before the edit starts, `after` the first that starts after it on a later line.
 */
function editedSpans(body: readonly TSESTree.ProgramStatement[], edits: readonly TextEdit[], text: string): Span[] {
  const spans: Span[] = [];
  for (const { range: [start, end] } of edits) {
    const lo = firstIndex(body, (statement) => statement.range[1] >= start) - 1;
    let hi = firstIndex(body, (statement) => statement.range[0] > end);
    while (hi < body.length && !LINE_BREAK.test(text.slice(end, body[hi]!.range[0]))) hi++;
    const last = spans.at(-1);
    if (last && lo <= last.hi) last.hi = Math.max(last.hi, hi);
    else spans.push({ lo, hi });
  }
  return spans;
}

/** The first index whose statement passes `test` (statements are in order, so `test` flips once), or `body.length`. */
function firstIndex(body: readonly TSESTree.ProgramStatement[], test: (statement: TSESTree.ProgramStatement) => boolean): number {
  let low = 0;
  let high = body.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(body[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** A statement that may be a directive (`"use strict";`) when only directives come before it. */
function mayBeDirective(statement: TSESTree.ProgramStatement): boolean {
  return statement.type === "ExpressionStatement" && statement.expression.type === "Literal" && typeof statement.expression.value === "string";
}

/**
 * True when no statement's directive status can change: the re-parsed statements
 * come after an untouched statement that is not a directive (or, for a span at
 * the top of the file, are followed by one), so the prologue is the same in the
 * new text, in the blanked copy and in the old text wherever they share statements.
 */
function prologueHolds(body: readonly TSESTree.ProgramStatement[], spans: readonly Span[]): boolean {
  let prologueEnd = body.findIndex((statement) => !mayBeDirective(statement));
  if (prologueEnd === -1) prologueEnd = body.length;
  return spans.every(({ lo, hi }) => (lo >= 0 ? lo >= prologueEnd : hi === body.length || !mayBeDirective(body[hi]!)));
}

const MODULE_STATEMENTS = new Set(["ImportDeclaration", "ExportNamedDeclaration", "ExportDefaultDeclaration", "ExportAllDeclaration", "TSExportAssignment"]);

/** True when a statement outside the spans makes the file an ES module (as TypeScript's `isFileProbablyExternalModule` sees it). */
function moduleOutsideSpans(body: readonly TSESTree.ProgramStatement[], spans: readonly Span[]): boolean {
  let span = 0;
  for (const [index, statement] of body.entries()) {
    while (span < spans.length && spans[span]!.hi <= index) span++;
    if (span < spans.length && spans[span]!.lo < index) continue; // parsed again
    if (MODULE_STATEMENTS.has(statement.type)) return true;
    if (statement.type === "TSImportEqualsDeclaration" && statement.moduleReference.type === "TSExternalModuleReference") return true;
  }
  return false;
}

/** Maps an offset of the old text that no edit covers to the new text's. */
function offsetMapper(sortedEdits: readonly TextEdit[]): (offset: number) => number {
  return (offset) => {
    let shift = 0;
    for (const { range, text } of sortedEdits) {
      if (range[1] > offset) break;
      shift += text.length - (range[1] - range[0]);
    }
    return offset + shift;
  };
}

/** `text` with every character but line breaks turned into a space: same length, same lines, no tokens. */
function blank(text: string): string {
  return text.replace(NOT_LINE_BREAKS, (run) => " ".repeat(run.length));
}

/**
 * Moves a statement's nodes by `offsetShift` characters and `lineShift` lines
 * (columns stay), in place: new `range` and `loc` objects for the 460,000 nodes
 * after the middle of a 5 MB file cost 0.46 s and 90 MB, against 0.11 s.
 * typescript-estree gives a few nodes their child's `range` or `loc` object
 * (`import x from "y"`'s specifier, a type predicate's annotation); those are
 * moved once, with the parent.
 */
function shift<T extends AstNode>(statement: T, offsetShift: number, lineShift: number): T {
  if (offsetShift === 0 && lineShift === 0) return statement;
  const stack: AstNode[] = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const parent = node === statement ? null : node.parent;
    if (node.range !== parent?.range) {
      node.range[0] += offsetShift;
      node.range[1] += offsetShift;
    }
    if (node.loc !== parent?.loc) {
      node.loc.start.line += lineShift;
      node.loc.end.line += lineShift;
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === "object" && "type" in item) stack.push(item as AstNode);
      } else if (value && typeof value === "object" && "type" in value) {
        stack.push(value as AstNode);
      }
    }
  }
  return statement;
}

/**
 * True when two trees are the same, node for node and property for property
 * (`parent` aside), `b`'s offsets and lines moved by the shifts.
 */
export function sameTree(a: unknown, b: unknown, offsetShift: number, lineShift: number): boolean {
  const pairs: Array<[unknown, unknown]> = [[a, b]];
  while (pairs.length > 0) {
    const [x, y] = pairs.pop()!;
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
    if (x instanceof RegExp || y instanceof RegExp) {
      if (!(x instanceof RegExp && y instanceof RegExp && String(x) === String(y))) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const other = y as unknown[];
      if (x.length !== other.length) return false;
      for (let i = 0; i < x.length; i++) pairs.push([x[i], other[i]]);
      continue;
    }
    const left = x as Record<string, unknown>;
    const right = y as Record<string, unknown>;
    const keys = Object.keys(left).filter((key) => key !== "parent");
    if (keys.length !== Object.keys(right).filter((key) => key !== "parent").length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(right, key)) return false;
      if (key === "range" && "type" in left) {
        const [p, q] = left[key] as [number, number];
        const [r, s] = right[key] as [number, number];
        if (p !== r + offsetShift || q !== s + offsetShift) return false;
      } else if (key === "loc" && "type" in left) {
        const { start, end } = left[key] as TSESTree.SourceLocation;
        const other = right[key] as TSESTree.SourceLocation;
        if (
          start.line !== other.start.line + lineShift ||
          end.line !== other.end.line + lineShift ||
          start.column !== other.start.column ||
          end.column !== other.end.column
        ) {
          return false;
        }
      } else {
        pairs.push([left[key], right[key]]);
      }
    }
  }
  return true;
}
