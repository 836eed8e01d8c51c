/**
 * The core's entry point: one call per file gives the socket model and every
 * rule's findings. Rules and transforms call this and adapt the result.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { CompatResolution } from "../compat/types.js";
import { walkAst } from "./ast/ast-traversal.js";
import type { DurableObjectClass } from "./model/durable-object-model.js";
import { findDurableObjects } from "./model/find-durable-objects.js";
import { findHonoSockets } from "./model/find-hono-sockets.js";
import { findProxyLinks, type ProxyModel } from "./model/proxy-model.js";
import { findRedundantCloses } from "./rules/no-redundant-close.js";
import { findReservedCloseCodes } from "./rules/no-reserved-close-code.js";
import { findMissingAllowHalfOpen } from "./rules/require-allow-half-open.js";
import { findMissingCloseReplies } from "./rules/require-close-reply.js";
import { findMissingHibernationCloses } from "./rules/require-hibernation-close.js";
import { findClosingStateChecks } from "./rules/no-closing-state-check.js";
import { findNewWebSocketProxyLegs } from "./rules/no-new-websocket-in-proxy.js";
import { findSendsInCloseHandlers } from "./rules/no-send-in-close-handler.js";
import { ScopeIndex, type ScopeManagerLike } from "./ast/scope-lookup.js";
import { findSockets } from "./model/find-sockets.js";
import type { SocketBinding } from "./model/socket-model.js";
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
  /** The file's path; its extension tells TypeScript (`.ts .mts .cts .tsx`) from JavaScript. */
  filePath?: string;
}

const TYPESCRIPT_EXTENSION = /\.[mc]?tsx?$/iu;

/** What the core knows about one file. */
export interface FileAnalysis {
  sockets: SocketBinding[];
  durableObjects: DurableObjectClass[];
  proxies: ProxyModel;
  /** Every rule's findings, in source order. */
  findings: Finding[];
}

/** Analyses one file. Pure: reads only its input. */
export function analyzeFile(input: AnalyzeFileInput): FileAnalysis {
  if (input.ast.body[0] && !input.ast.body[0].parent) walkAst(input.ast, () => true);
  const scope = new ScopeIndex(input.scopeManager);
  const sockets = [...findSockets(scope), ...findHonoSockets(input.ast, scope)];
  const durableObjects = findDurableObjects(input.ast, scope);
  const proxies = findProxyLinks(sockets);
  const context = {
    text: input.text,
    ast: input.ast,
    typescript: TYPESCRIPT_EXTENSION.test(input.filePath ?? ""),
    compat: input.compat,
    compatDescription: input.compatDescription,
  };
  const redundantCloses = findRedundantCloses(sockets, proxies, context);
  const findings = [
    ...redundantCloses,
    ...findMissingHibernationCloses(durableObjects, scope, context),
    ...findReservedCloseCodes({ sockets, durableObjects, scope, redundantCloses }, context),
    ...findMissingAllowHalfOpen(sockets, proxies, scope, context),
    ...findMissingCloseReplies(sockets, proxies, scope, context),
    ...findNewWebSocketProxyLegs(sockets, proxies, context),
    ...findClosingStateChecks(sockets, scope, context),
    ...findSendsInCloseHandlers(sockets, scope, context),
  ].sort((a, b) => a.range[0] - b.range[0]);
  return { sockets, durableObjects, proxies, findings };
}
