/**
 * Plain-data types the analysis core emits. Nothing here depends on ESLint or
 * jscodeshift: rules and transforms are adapters over these shapes (DESIGN.md).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";

/** Any ESTree node (typescript-estree's superset of ESTree; espree ASTs fit it). */
export type AstNode = TSESTree.Node;

/** A replacement of the source text in `[range[0], range[1])` (UTF-16 offsets) by `text`. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/** A 1-based line, 0-based column position, as ESTree `loc` gives it. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A suggestion: an edit the user applies by choice because it may change behaviour. */
export interface FindingSuggestion<MessageId extends string = string> {
  /** One of the rule's message ids. */
  messageId: MessageId;
  data: Record<string, string>;
  edits: TextEdit[];
}

/** Ids of the rules in the rule table (`rules/index.ts`); the ESLint rule name without the `ws-close/` prefix. */
export type { RuleId } from "./rules/index.js";
import type { RuleId } from "./rules/index.js";

/**
 * One problem the core proved, with everything an adapter needs to report it:
 * the message template id and its data, where it is, and either a `fix` (edits
 * that keep behaviour at the file's compatibility date) or `suggestions`.
 */
export interface Finding {
  ruleId: RuleId;
  messageId: string;
  data: Record<string, string>;
  /** The rendered message (the rule's template filled with `data`): one or two sentences, at most 200 characters. */
  message: string;
  /**
   * The rendered long explanation of the finding (why it matters at run time, and what the compatibility date
   * changes), printed by the CLI's `--verbose`; the same text as the rule's docs page gives. Absent when the
   * message says everything.
   */
  explanation?: string;
  /** Offsets of the reported node. */
  range: [number, number];
  loc: { start: SourcePosition; end: SourcePosition };
  /** Present only when applying it cannot change behaviour at the file's compatibility date. */
  fix?: TextEdit[];
  suggestions: FindingSuggestion[];
  /**
   * True for a defect at the file's compatibility date that no fix resolves and the code must not keep
   * (a proxy leg that cannot be made half-open safely): the CLI's `--check` fails on it.
   */
  actionRequired?: true;
}
