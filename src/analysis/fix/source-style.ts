/**
 * The formatting habits of a file, so inserted code looks like its neighbours:
 * semicolons or not, line ending, and the indentation unit.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";

/** How new statements are written into a file. */
export interface SourceStyle {
  /** `";"` when most expression statements end with a semicolon, else `""`. */
  semicolon: string;
  eol: "\n" | "\r\n";
  /** One level of indentation: the most common step between a block's line and its first statement's line; `"  "` when no block shows one. */
  indent: string;
}

const DEFAULT_INDENT = "  ";

function detectIndentUnit(text: string, ast: TSESTree.Program): string {
  const counts = new Map<string, number>();
  walkAst(ast, (node) => {
    if (node.type !== "BlockStatement" && node.type !== "ClassBody") return true;
    const first = node.body[0];
    if (!first || text.lastIndexOf("\n", first.range[0] - 1) < node.range[0]) return true;
    const outer = lineIndentAt(text, node.range[0]);
    const inner = lineIndentAt(text, first.range[0]);
    if (inner.length > outer.length && inner.startsWith(outer)) {
      const unit = inner.slice(outer.length);
      counts.set(unit, (counts.get(unit) ?? 0) + 1);
    }
    return true;
  });
  let best = DEFAULT_INDENT;
  let bestCount = 0;
  for (const [unit, count] of counts) {
    if (count > bestCount) {
      best = unit;
      bestCount = count;
    }
  }
  return best;
}

/** Reads the style from the file's text and AST. Never throws. */
export function detectSourceStyle(text: string, ast: TSESTree.Program): SourceStyle {
  let withSemicolon = 0;
  let without = 0;
  walkAst(ast, (node) => {
    if (node.type === "ExpressionStatement" || node.type === "VariableDeclaration" || node.type === "ReturnStatement") {
      if (node.type === "VariableDeclaration" && node.parent?.type.startsWith("For")) return true;
      if (text.charAt(node.range[1] - 1) === ";") withSemicolon++;
      else without++;
    }
    return true;
  });
  return {
    semicolon: without > withSemicolon ? "" : ";",
    eol: text.includes("\r\n") ? "\r\n" : "\n",
    indent: detectIndentUnit(text, ast),
  };
}

/** The whitespace that starts the line `offset` is on. */
export function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/u.exec(text.slice(lineStart))![0];
}
