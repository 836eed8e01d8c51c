/**
 * Scope queries over a scope manager. Works with `@typescript-eslint/scope-manager`
 * and with ESLint's `eslint-scope` (both expose `scopes`, `variables`,
 * `references` and `defs` in the same shape), so the core serves rules on
 * JavaScript files parsed by espree as well as on TypeScript files.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";

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

  /** The variable an identifier resolves to, and whether that variable is never reassigned. */
  resolveStable(identifier: TSESTree.Identifier): VariableLike | null {
    const variable = this.resolve(identifier);
    return variable && isNeverReassigned(variable) ? variable : null;
  }
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
