/**
 * The module specifiers a source file imports, read with TypeScript's
 * pre-processing scanner (`ts.preProcessFile`, the one the language service
 * uses to find a file's dependencies before parsing): `import … from`,
 * `export … from`, `import "x"`, `import x = require()`, `require("x")` and
 * `import("x")` with a string literal. No syntax tree is built and nothing is
 * type-checked, so this costs about as much as reading the text.
 *
 * Type-only imports are included (the scanner does not tell them apart): a
 * file reached only through types then counts as part of the Worker, which can
 * only make its mode `mixed` where it is not, the safe side (replies are kept).
 */
import { loadTypeScript } from "./module-resolver.js";

/**
 * @param text the file's source text (any of `.js .mjs .cjs .jsx .ts .mts .cts .tsx`).
 * @returns the specifiers as written, in source order, without duplicates. Never throws:
 *   a file with syntax errors yields what the scanner could read.
 */
export function importSpecifiers(text: string): string[] {
  // Every form above says "import", "from" or "require": a file without them has no specifier to find.
  if (!text.includes("import") && !text.includes("from") && !text.includes("require")) return [];
  // Looking for require() makes the scanner check every identifier (about twice the time): only when the text has one.
  const info = loadTypeScript().preProcessFile(text, true, text.includes("require"));
  return [...new Set(info.importedFiles.map((file) => file.fileName))];
}
