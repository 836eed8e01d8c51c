/**
 * Same-file class inheritance, as far as one file proves it: which class of
 * the file a class extends, and where its chain of bases ends (no base,
 * `DurableObject` from `cloudflare:workers`, a framework's base class that owns
 * the close reply (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions), or something the file does not show).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { unwrapExpression } from "../ast/expressions.js";
import { importedBinding } from "../ast/imports.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";
import type { ClassFacts } from "../cross-module/module-facts.js";

/** A class declaration or expression. */
export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Modules whose base classes own the WebSocket close reply (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions). */
export const FRAMEWORK_MODULES: ReadonlySet<string> = new Set(["partyserver", "agents", "partykit/server"]);

/**
 * Where a chain of bases ends:
 * - `none`: the last class extends nothing;
 * - `durable-object`: `DurableObject` imported from `cloudflare:workers` (its `webSocketClose` is not defined);
 * - `framework`: a base class imported from a module of `FRAMEWORK_MODULES`;
 * - `unknown`: anything else (another module's class, a mixin call, a parameter, a cycle).
 */
export type ChainEnd = "none" | "durable-object" | "framework" | "unknown";

/** A class and its same-file bases, nearest first, and where the chain ends. */
export interface ClassChain {
  /** The class itself, then its base, then the base's base… (classes of this file only). */
  classes: ClassNode[];
  end: ChainEnd;
  /** For `end: "framework"`: the module and the name imported from it (`partyserver`, `Server`). */
  framework?: { source: string; imported: string };
  /**
   * The last class's base when it is a class of another module the cross-module view followed
   * (`ScopeIndex.crossModule`): its facts, and `end` is where its own chain ends. A base whose chain
   * ends in a framework gives `end: "unknown"` (the framework rules read the framework's members in one file).
   */
  importedBase?: ClassFacts;
}

const MAX_CHAIN = 16;

/** The class of this file a never-reassigned identifier names: `class A {}`, `const A = class {}`. */
export function sameFileClass(identifier: TSESTree.Identifier, scope: ScopeIndex): ClassNode | null {
  const variable = scope.resolve(identifier);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  const writes = variable.references.filter((reference) => reference.isWrite()).length;
  const node = def.node as TSESTree.Node;
  if (def.type === "ClassName" && writes === 0 && (node.type === "ClassDeclaration" || node.type === "ClassExpression")) return node;
  // `const A = class {}`: the one write is the declaration's own.
  if (def.type === "Variable" && writes <= 1 && node.type === "VariableDeclarator" && node.init) {
    const init = unwrapExpression(node.init);
    if (init.type === "ClassExpression") return init;
  }
  return null;
}

/** The direct base of a class: another class of the file, or where the chain ends. */
function directBase(node: ClassNode, scope: ScopeIndex): ClassNode | ChainEnd | { source: string; imported: string } | ClassFacts {
  if (!node.superClass) return "none";
  const superClass = unwrapExpression(node.superClass);
  if (superClass.type === "ClassExpression") return superClass;
  if (superClass.type !== "Identifier") return "unknown";
  const imported = importedBinding(superClass, scope);
  if (imported) {
    if (FRAMEWORK_MODULES.has(imported.source)) return imported;
    if (imported.source === "cloudflare:workers" && imported.imported === "DurableObject") return "durable-object";
    return scope.crossModule?.base(node) ?? "unknown";
  }
  return sameFileClass(superClass, scope) ?? "unknown";
}

/** Follows a class's bases through the file; a cycle or a chain over 16 classes ends `unknown`. */
export function classChain(node: ClassNode, scope: ScopeIndex): ClassChain {
  const classes: ClassNode[] = [node];
  for (;;) {
    const base = directBase(classes[classes.length - 1]!, scope);
    if (typeof base === "string") return { classes, end: base };
    if ("kind" in base) return { classes, end: base.end === "framework" ? "unknown" : base.end, importedBase: base };
    if ("source" in base) return { classes, end: "framework", framework: base };
    if (classes.includes(base) || classes.length >= MAX_CHAIN) return { classes, end: "unknown" };
    classes.push(base);
  }
}
