/**
 * One ESLint run of `npm run bench`: `node bench/eslint-run.mjs <parser|noop|plugin> <dir>`.
 * `parser`: typescript-eslint's parser and no rules (what any ESLint run over
 * TypeScript pays); `noop`: the same plus one rule that does nothing (what
 * any plugin's rule pays before it does anything: on this machine ESLint with
 * one rule on runs measurably longer than with none, and the profiles differ
 * mostly in garbage collection); `plugin`: the parser plus the plugin's `recommended` config
 * (built, from `dist/rules`). Prints `{ files, problems, fatal, lintMs }` as JSON.
 */
import { ESLint } from "eslint";
import tsParser from "@typescript-eslint/parser";

const [mode, dir] = process.argv.slice(2);
if (!["parser", "noop", "plugin"].includes(mode) || !dir) {
  process.stderr.write("usage: node bench/eslint-run.mjs <parser|noop|plugin> <dir>\n");
  process.exit(2);
}
const config = [{ files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"], languageOptions: { parser: tsParser, sourceType: "module" } }];
if (mode === "noop") {
  config.push({ plugins: { bench: { rules: { noop: { create: () => ({ Program() {} }) } } } }, rules: { "bench/noop": "error" } });
}
if (mode === "plugin") {
  const { default: plugin } = await import("../dist/rules/index.js");
  config.push(plugin.configs.recommended);
}
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
const start = performance.now();
const results = await eslint.lintFiles(["."]);
const lintMs = performance.now() - start;
let problems = 0;
let fatal = 0;
for (const result of results) {
  problems += result.messages.length;
  fatal += result.fatalErrorCount;
}
process.stdout.write(`${JSON.stringify({ files: results.length, problems, fatal, lintMs })}\n`);
