/**
 * The core's entry point: one call per file gives the socket model and every
 * rule's findings. Rules and transforms call this and adapt the result.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { CompatResolution, FrameworkVersions } from "../compat/types.js";
import { walkAst } from "./ast/ast-traversal.js";
import { ScopeIndex, type ScopeManagerLike } from "./ast/scope-lookup.js";
import { CrossModuleLookup, type CrossModuleFacts } from "./cross-module/module-facts.js";
import type { DurableObjectClass } from "./model/durable-object-model.js";
import { findDurableObjects } from "./model/find-durable-objects.js";
import { findHonoSockets } from "./model/find-hono-sockets.js";
import { findSockets } from "./model/find-sockets.js";
import { findProxyLinks, type ProxyModel } from "./model/proxy-model.js";
import type { SocketBinding } from "./model/socket-model.js";
import { RULES } from "./rules/index.js";
import type { FileModel, RuleDefinition } from "./rules/rule-definition.js";
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
  /** The short form for messages (see `compatNote`): `auto: wrangler.jsonc 2026-05-01`. */
  compatNote: string;
  /** The partyserver and agents versions the file runs with (`resolveFrameworkVersions`); default none (unknown). */
  frameworks?: FrameworkVersions;
  /** The file's path; its extension tells TypeScript (`.ts .mts .cts .tsx`) from JavaScript. */
  filePath?: string;
  /**
   * What a cross-module view knows of the modules the file imports (`module-facts.ts`: the CLI's
   * ts-morph view, or typed linting's program); default none: every question about another module is
   * unknown, and the rules stay silent on it.
   */
  crossModule?: CrossModuleFacts;
}

const TYPESCRIPT_EXTENSION = /\.[mc]?tsx?$/iu;

/** What the core knows about one file. */
export interface FileAnalysis {
  sockets: SocketBinding[];
  durableObjects: DurableObjectClass[];
  proxies: ProxyModel;
  /** Every rule's findings, in source order (rules in table order at the same offset). */
  findings: Finding[];
}

/** Analyses one file with every rule of the table. Pure: reads only its input. */
export function analyzeFile(input: AnalyzeFileInput): FileAnalysis {
  if (input.ast.body[0] && !input.ast.body[0].parent) walkAst(input.ast, () => true);
  const scope = new ScopeIndex(input.scopeManager);
  if (input.crossModule) scope.crossModule = new CrossModuleLookup(input.crossModule, input.text);
  const sockets = [...findSockets(scope), ...findHonoSockets(input.ast, scope)];
  const durableObjects = findDurableObjects(input.ast, scope);
  const proxies = findProxyLinks(sockets);
  const byRule = new Map<RuleDefinition, Finding[]>();
  const model: FileModel = {
    sockets,
    durableObjects,
    proxies,
    scope,
    context: {
      text: input.text,
      ast: input.ast,
      typescript: TYPESCRIPT_EXTENSION.test(input.filePath ?? ""),
      compat: input.compat,
      compatDescription: input.compatDescription,
      compatNote: input.compatNote,
      frameworks: input.frameworks ?? {},
    },
    findingsOf(rule) {
      let findings = byRule.get(rule);
      if (!findings) {
        findings = rule.find(model);
        byRule.set(rule, findings);
      }
      return findings;
    },
  };
  const findings = RULES.flatMap((rule) => model.findingsOf(rule)).sort((a, b) => a.range[0] - b.range[0]);
  return { sockets, durableObjects, proxies, findings };
}
