/**
 * The formatting habits of a file, so inserted code looks like its neighbours:
 * semicolons or not, line ending, and the indentation unit.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "./ast-traversal.js";

/** How new statements are written into a file. */
export interface SourceStyle {
  /** `";"` when most expression statements end with a semicolon, else `""`. */
  semicolon: string;
  eol: "\n" | "\r\n";
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
  return { semicolon: without > withSemicolon ? "" : ";", eol: text.includes("\r\n") ? "\r\n" : "\n" };
}

/** The whitespace that starts the line `offset` is on. */
export function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/u.exec(text.slice(lineStart))![0];
}
