/**
 * Parses a source file the way ESLint with typescript-eslint's parser does, so
 * the transform and the CLI see the same AST and scopes as the ESLint rules.
 */
import { parse, TSError, type TSESTree } from "@typescript-eslint/typescript-estree";
import { analyze } from "@typescript-eslint/scope-manager";
import { walkAst } from "./ast-traversal.js";
import type { ScopeManagerLike } from "./scope-lookup.js";
import { SourceParseError } from "./source-parse-error.js";

export { SOURCE_EXTENSIONS } from "./source-extensions.js";
export { SourceParseError };

/** A parsed file: its text, its ESTree program (with `parent` set on every node) and its scopes. */
export interface ParsedSource {
  text: string;
  ast: TSESTree.Program;
  scopeManager: ScopeManagerLike;
}

/**
 * Parses `text` as the file at `filePath` (its extension picks JSX and the
 * source type: `.ts`/`.mts`/`.cts` without JSX so `<T>x` assertions parse;
 * `.cjs`/`.cts` as scripts).
 *
 * @throws SourceParseError when the text does not parse.
 */
export function parseSource(text: string, filePath: string): ParsedSource {
  const extension = filePath.slice(filePath.lastIndexOf(".")).toLowerCase();
  const jsx = !(extension === ".ts" || extension === ".mts" || extension === ".cts");
  const sourceType = extension === ".cjs" || extension === ".cts" ? "script" : "module";
  let ast: TSESTree.Program;
  try {
    // No `comment`: the core never reads `ast.comments`, and collecting them rescans the whole text.
    ast = parse(text, { range: true, loc: true, comment: false, jsx, filePath });
  } catch (error) {
    if (error instanceof TSError) {
      throw new SourceParseError(filePath, error.location.start.line, error.location.start.column + 1, error.message);
    }
    throw error;
  }
  walkAst(ast, () => true);
  const scopeManager = analyze(ast, { sourceType, jsxPragma: null }) as unknown as ScopeManagerLike;
  return { text, ast, scopeManager };
}
