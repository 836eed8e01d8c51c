/**
 * Scope queries over a scope manager. Works with `@typescript-eslint/scope-manager`
 * and with ESLint's `eslint-scope` (both expose `scopes`, `variables`,
 * `references` and `defs` in the same shape), so the core serves rules on
 * JavaScript files parsed by espree as well as on TypeScript files.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { CrossModuleLookup } from "../cross-module/module-facts.js";

/** The parts of a scope variable the core reads. */
export interface VariableLike {
  name: string;
  defs: ReadonlyArray<{ type: string; node: unknown; name: unknown; parent?: unknown }>;
  references: ReadonlyArray<ReferenceLike>;
  identifiers: ReadonlyArray<unknown>;
}

/** The parts of a scope reference the core reads. */
export interface ReferenceLike {
  identifier: unknown;
  resolved: VariableLike | null;
  isWrite(): boolean;
}

/** The parts of a scope manager the core reads. */
export interface ScopeManagerLike {
  scopes: ReadonlyArray<{ variables: ReadonlyArray<VariableLike>; references: ReadonlyArray<ReferenceLike> }>;
}

/**
 * An index from identifiers to what they resolve to, built once per file.
 */
export class ScopeIndex {
  private readonly referenceByIdentifier = new Map<unknown, ReferenceLike>();
  private readonly variableByDeclaringIdentifier = new Map<unknown, VariableLike>();
  /** Every variable of every scope, in scope order. */
  readonly variables: VariableLike[] = [];
  /**
   * What the file's cross-module view knows of the modules it imports (`module-facts.ts`), asked by
   * every model function that follows a call or a base class; `null` without a view (per-file analysis).
   */
  crossModule: CrossModuleLookup | null = null;

  /** @param scopeManager a scope manager for the same AST the caller queries. */
  constructor(scopeManager: ScopeManagerLike) {
    for (const scope of scopeManager.scopes) {
      for (const reference of scope.references) this.referenceByIdentifier.set(reference.identifier, reference);
      for (const variable of scope.variables) {
        this.variables.push(variable);
        for (const identifier of variable.identifiers) this.variableByDeclaringIdentifier.set(identifier, variable);
      }
    }
  }

  /**
   * The variable an identifier refers to or declares, or `null` for a global
   * that is not declared in the file (for example `WebSocketPair`).
   */
  resolve(identifier: TSESTree.Identifier): VariableLike | null {
    return (
      this.variableByDeclaringIdentifier.get(identifier) ?? this.referenceByIdentifier.get(identifier)?.resolved ?? null
    );
  }

  /**
   * The variable an identifier resolves to, when it names one binding for its whole
   * life (`isOneBinding`): never reassigned, or a `let` assigned once after an empty start.
   */
  resolveStable(identifier: TSESTree.Identifier): VariableLike | null {
    const variable = this.resolve(identifier);
    return variable && isOneBinding(variable) ? variable : null;
  }
}

/** `null`, `undefined` or `void 0`: the empty start of a `let` assigned later, or a field emptied. */
export function isEmptyValue(node: TSESTree.Node): boolean {
  if (node.type === "Literal" && node.value === null && !("regex" in node && node.regex)) return true;
  if (node.type === "Identifier" && node.name === "undefined") return true;
  return node.type === "UnaryExpression" && node.operator === "void" && node.argument.type === "Literal";
}

const LOOPS = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);
const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/**
 * The value of a `let` declared without a value (or with `null`/`undefined`) and
 * assigned exactly once with `=` afterwards (issue 10, recall 5: `let ws; try { ws =
 * new WebSocket(url) } catch {…}`, `let backend: WebSocket | null = null; … backend =
 * resp.webSocket`); `null` for any other variable. The assignment must run at most
 * once per binding: in the function that declares it, not in a loop inside that
 * function's block that holds the declaration (a loop around both makes a new
 * binding each time). Until it runs the variable holds nothing, which cannot be
 * another socket.
 */
export function assignedOnceValue(variable: VariableLike): TSESTree.Expression | null {
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== "Variable") return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const declaration = declarator.parent;
  if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "let" || declarator.id.type !== "Identifier") return null;
  if (declarator.init && !isEmptyValue(declarator.init)) return null;
  const writes = variable.references.filter((reference) => reference.isWrite() && reference.identifier !== declarator.id);
  if (writes.length !== 1) return null;
  const target = writes[0]!.identifier as TSESTree.Node;
  const assignment = target.parent;
  if (assignment?.type !== "AssignmentExpression" || assignment.operator !== "=" || assignment.left !== target) return null;
  const holder = declaration.parent;
  if (!holder || LOOPS.has(holder.type)) return null;
  for (let current: TSESTree.Node | undefined = assignment.parent; current && current !== holder; current = current.parent) {
    if (LOOPS.has(current.type) || FUNCTIONS.has(current.type)) return null;
  }
  // The walk reached the block that holds the declaration only if the assignment sits inside it.
  let inside = false;
  for (let current: TSESTree.Node | undefined = assignment; current; current = current.parent) if (current === holder) inside = true;
  return inside ? assignment.right : null;
}

/**
 * True when a variable names one binding for its whole life: `isNeverReassigned`,
 * or a `let` assigned once after an empty start (`assignedOnceValue`). Such a
 * variable can be proven to be one socket; its value is read with
 * `assignedOnceValue` when it has no initializer.
 */
export function isOneBinding(variable: VariableLike): boolean {
  return isNeverReassigned(variable) || assignedOnceValue(variable) !== null;
}

/**
 * True when a variable holds one value for its whole life: a parameter never
 * assigned, a function declaration, or a variable written only by its
 * initializer. Only such bindings can be proven to be one socket.
 */
export function isNeverReassigned(variable: VariableLike): boolean {
  if (variable.defs.length !== 1) return false;
  const def = variable.defs[0]!;
  const writes = variable.references.filter((reference) => reference.isWrite());
  if (def.type === "Parameter" || def.type === "FunctionName" || def.type === "ImportBinding") return writes.length === 0;
  if (def.type === "Variable") {
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (!declarator.init) return false;
    return writes.length <= 1;
  }
  return false;
}
