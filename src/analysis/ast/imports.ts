/** What an `import` binds a name to: the module and the imported name. */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { ScopeIndex, VariableLike } from "./scope-lookup.js";

/** The module and imported name an identifier is bound to by an `import`, if it is. */
export function importedBinding(identifier: TSESTree.Identifier, scope: ScopeIndex): { source: string; imported: string } | null {
  return variableImport(scope.resolve(identifier));
}

/** The module and imported name of a variable an `import` declares, if it is one. */
export function variableImport(variable: VariableLike | null): { source: string; imported: string } | null {
  const def = variable?.defs[0];
  if (def?.type !== "ImportBinding") return null;
  const specifier = def.node as TSESTree.Node;
  const declaration = specifier.parent;
  if (declaration?.type !== "ImportDeclaration") return null;
  const source = String(declaration.source.value);
  if (specifier.type === "ImportSpecifier") {
    const imported = specifier.imported.type === "Identifier" ? specifier.imported.name : String(specifier.imported.value);
    return { source, imported };
  }
  if (specifier.type === "ImportDefaultSpecifier") return { source, imported: "default" };
  return null;
}
