/**
 * The module specifiers a source file imports, read with TypeScript's
 * pre-processing scanner (`ts.preProcessFile`, the one the language service
 * uses to find a file's dependencies before parsing): `import … from`,
 * `export … from`, `import "x"`, `import x = require()`, `require("x")` and
 * `import()` with a string literal. No syntax tree is built and nothing is
 * type-checked, so this costs about as much as reading the text.
 *
 * Statements that are type-only as written (`import type … from`,
 * `export type … from`) are left out: they are erased from the build, so the
 * file they name is not part of the Worker through them. Other imports of
 * types only (`import { type T }`, or a value import used only as a type)
 * still count: telling them apart takes the type checker, and counting them can
 * only make a file's mode `mixed` where it is not, the safe side (replies are kept).
 */
import { loadTypeScript } from "./module-resolver.js";

/**
 * A type-only import or re-export, up to its specifier: `import type X from "`, `import type { A, B } from '`,
 * `export type { A } from "`, `export type * from "`, `export type * as ns from "`. Group 1 is the quote.
 */
const TYPE_ONLY_STATEMENT = /\b(?:import|export)\s+type\s+(?:[\w$]+|\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s+from\s*(["'])/gu;

/**
 * @param text the file's source text (any of `.js .mjs .cjs .jsx .ts .mts .cts .tsx`).
 * @returns the specifiers as written, in source order, without duplicates, type-only statements left out
 *   (a specifier also imported for its values stays). Never throws: a file with syntax errors yields what
 *   the scanner could read.
 */
export function importSpecifiers(text: string): string[] {
  // Every form above says "import", "from" or "require": a file without them has no specifier to find.
  if (!text.includes("import") && !text.includes("from") && !text.includes("require")) return [];
  // Looking for require() makes the scanner check every identifier (about twice the time): only when the text has one.
  const info = loadTypeScript().preProcessFile(text, true, text.includes("require"));
  const typeOnly = typeOnlySpecifierPositions(text);
  const specifiers = info.importedFiles.filter((file) => !typeOnly.has(file.pos)).map((file) => file.fileName);
  return [...new Set(specifiers)];
}

/**
 * Where the specifiers of type-only statements start (the offset of the opening quote, as the scanner
 * reports `pos`). A match inside a comment or a string starts where the scanner reports no
 * specifier, so it removes nothing.
 */
function typeOnlySpecifierPositions(text: string): Set<number> {
  const positions = new Set<number>();
  if (!text.includes("type")) return positions;
  for (const match of text.matchAll(TYPE_ONLY_STATEMENT)) positions.add(match.index + match[0].length - 1);
  return positions;
}
