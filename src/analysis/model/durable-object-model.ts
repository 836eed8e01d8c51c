/**
 * The model of a file's Durable Object classes on the Hibernation API
 * (docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime): which classes are Durable Objects, and their
 * `webSocketClose(ws, code, reason, wasClean)` handler.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { VariableLike } from "../ast/scope-lookup.js";

/**
 * Why a class counts as a Durable Object:
 * - `extends-durable-object`: it extends `DurableObject` imported from `cloudflare:workers`, directly or through classes of the file;
 * - `accepts-websockets`: it calls `this.ctx.acceptWebSocket(…)`, `this.state.acceptWebSocket(…)` or `state.acceptWebSocket(…)`.
 */
export type DurableObjectEvidence = "extends-durable-object" | "accepts-websockets";

/** A `webSocketClose` method (or class-field function) of a Durable Object class. */
export interface HibernationCloseHandler {
  /** The method definition or class field that holds the handler. */
  member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition;
  fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
  /** The `ws`, `code` and `reason` parameters, when they are plain identifiers; `null` when absent or a pattern. */
  socketParam: TSESTree.Identifier | null;
  codeParam: TSESTree.Identifier | null;
  reasonParam: TSESTree.Identifier | null;
  /** The variables of those parameters, for scope queries. */
  socketVariable: VariableLike | null;
  codeVariable: VariableLike | null;
  reasonVariable: VariableLike | null;
}

/** A class proven to be a Durable Object that is not owned by a framework (partyserver, agents). */
export interface DurableObjectClass {
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  name: string | null;
  evidence: DurableObjectEvidence;
  webSocketClose: HibernationCloseHandler | null;
  /**
   * The class's first `acceptWebSocket(…)` call when the file proves the class has no
   * `webSocketClose`, own or inherited, and no other code may add it or close the socket
   * (`findMissingWebSocketClose`); `null` otherwise.
   */
  missingWebSocketClose: TSESTree.CallExpression | null;
}
