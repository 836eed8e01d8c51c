/**
 * The yardstick of the large-file bench: a fresh `node` that reads one file and
 * parses it with `@typescript-eslint/typescript-estree`, as the CLI's parser
 * does (`range`, `loc`, no JSX for `.ts`), and does nothing else.
 */
import { readFileSync } from "node:fs";
import typescriptEstree from "@typescript-eslint/typescript-estree";

const file = process.argv[2];
const ast = typescriptEstree.parse(readFileSync(file, "utf8"), { range: true, loc: true, jsx: !/\.[mc]?ts$/u.test(file) });
process.stdout.write(`${JSON.stringify({ statements: ast.body.length })}\n`);
