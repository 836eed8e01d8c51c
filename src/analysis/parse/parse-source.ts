/**
 * Parses a source file the way ESLint with typescript-eslint's parser does, so
 * the transform and the CLI see the same AST and scopes as the ESLint rules.
 */
import { parse, TSError, type TSESTree } from "@typescript-eslint/typescript-estree";
import { analyze } from "@typescript-eslint/scope-manager";
import { walkAst } from "../ast/ast-traversal.js";
import { collectGarbageAfter } from "./collect-garbage.js";
import { reparseEditedStatements } from "./reparse-edited-statements.js";
import type { ScopeManagerLike } from "../ast/scope-lookup.js";
import { SourceParseError } from "./source-parse-error.js";
import type { TextEdit } from "../types.js";

export { SOURCE_EXTENSIONS } from "../../files/source-extensions.js";
export { SourceParseError };

/** A parsed file: its text, its ESTree program (with `parent` set on every node) and its scopes. */
export interface ParsedSource {
  text: string;
  ast: TSESTree.Program;
  scopeManager: ScopeManagerLike;
}

/** The parser options a file's extension decides. */
interface FileKind {
  jsx: boolean;
  sourceType: "module" | "script";
}

/**
 * `.ts`/`.mts`/`.cts` without JSX so `<T>x` assertions parse; `.cjs`/`.cts` as scripts.
 */
function fileKind(filePath: string): FileKind {
  const extension = filePath.slice(filePath.lastIndexOf(".")).toLowerCase();
  return {
    jsx: !(extension === ".ts" || extension === ".mts" || extension === ".cts"),
    sourceType: extension === ".cjs" || extension === ".cts" ? "script" : "module",
  };
}

/**
 * typescript-estree's options for the file. `module` makes the text an ES
 * module whatever it holds (`sourceType: "module"`); without it the text is
 * parsed as ESLint parses it, a module by its extension or its `import`s and
 * `export`s. No `comment`: the core never reads `ast.comments`, and collecting
 * them rescans the whole text.
 */
function parserOptions(filePath: string, module: boolean) {
  return { range: true, loc: true, comment: false, jsx: fileKind(filePath).jsx, filePath, ...(module ? { sourceType: "module" as const } : {}) };
}

/**
 * The ESTree program of `text`, `parent` set on every node.
 *
 * @throws SourceParseError when the text does not parse.
 */
function parseProgram(text: string, filePath: string): TSESTree.Program {
  let ast: TSESTree.Program;
  try {
    ast = parse(text, parserOptions(filePath, false));
  } catch (error) {
    if (error instanceof TSError) {
      throw new SourceParseError(filePath, error.location.start.line, error.location.start.column + 1, error.message);
    }
    throw error;
  }
  // The TypeScript syntax tree the ESTree program was made from is garbage now (over 200 MB for a 5 MB file).
  collectGarbageAfter(text.length);
  walkAst(ast, () => true);
  return ast;
}

function analyzeScopes(ast: TSESTree.Program, filePath: string): ScopeManagerLike {
  return analyze(ast, { sourceType: fileKind(filePath).sourceType, jsxPragma: null }) as unknown as ScopeManagerLike;
}

/**
 * Parses `text` as the file at `filePath` (its extension picks JSX and the
 * source type: `.ts`/`.mts`/`.cts` without JSX so `<T>x` assertions parse;
 * `.cjs`/`.cts` as scripts).
 *
 * @throws SourceParseError when the text does not parse.
 */
export function parseSource(text: string, filePath: string): ParsedSource {
  const ast = parseProgram(text, filePath);
  return { text, ast, scopeManager: analyzeScopes(ast, filePath) };
}

/**
 * Parses `text`, which is `previous.text` with `edits` applied, giving what
 * `parseSource(text, filePath)` gives: only the top-level statements the edits
 * touch are parsed again when that provably yields the same program
 * (`reparseEditedStatements`), else the whole text. The scopes are analysed
 * afresh: an edit can change what names resolve to anywhere in the file.
 *
 * @param previous the parse of the text before the edits; its nodes move into
 *   the new program (shifted), so it must not be used afterwards.
 * @throws SourceParseError when the text does not parse.
 */
export function reparseSource(previous: { text: string; ast: TSESTree.Program }, edits: readonly TextEdit[], text: string, filePath: string): ParsedSource {
  const ast =
    reparseEditedStatements({ previous, edits, text, parse: (copy, { module }) => parse(copy, parserOptions(filePath, module)) }) ??
    parseProgram(text, filePath);
  return { text, ast, scopeManager: analyzeScopes(ast, filePath) };
}
