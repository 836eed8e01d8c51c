/**
 * The core's entry point: one call per file gives the socket model and every
 * rule's findings. Rules and transforms call this and adapt the result.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { CompatResolution } from "../compat/types.js";
import { walkAst } from "./ast-traversal.js";
import { findRedundantCloses } from "./findings/no-redundant-close.js";
import { ScopeIndex, type ScopeManagerLike } from "./scope-lookup.js";
import { findSockets } from "./find-sockets.js";
import type { SocketBinding } from "./socket-model.js";
import type { Finding } from "./types.js";

/** The inputs of `analyzeFile`. */
export interface AnalyzeFileInput {
  /** The ESTree program, `parent` set on every node (ESLint does this; so does `parseSource`). */
  ast: TSESTree.Program;
  /** The scope manager of the same AST. */
  scopeManager: ScopeManagerLike;
  text: string;
  compat: CompatResolution;
  /** Phrase naming the date, flags and config that decided the mode (see `describeCompatResolution`). */
  compatDescription: string;
}

/** What the core knows about one file. */
export interface FileAnalysis {
  sockets: SocketBinding[];
  /** Every rule's findings, in source order. */
  findings: Finding[];
}

/** Analyses one file. Pure: reads only its input. */
export function analyzeFile(input: AnalyzeFileInput): FileAnalysis {
  if (input.ast.body[0] && !input.ast.body[0].parent) walkAst(input.ast, () => true);
  const scope = new ScopeIndex(input.scopeManager);
  const sockets = findSockets(scope);
  const context = { text: input.text, compat: input.compat, compatDescription: input.compatDescription };
  const findings = [...findRedundantCloses(sockets, context)].sort((a, b) => a.range[0] - b.range[0]);
  return { sockets, findings };
}
