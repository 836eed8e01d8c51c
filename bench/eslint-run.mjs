/**
 * One ESLint run of `npm run bench`: `node bench/eslint-run.mjs <parser|noop|plugin> <dir>`.
 * `parser`: typescript-eslint's parser and no rules (what any ESLint run over
 * TypeScript pays); `noop`: the same plus one rule that does nothing (what
 * any plugin's rule pays before it does anything: on this machine ESLint with
 * one rule on runs measurably longer than with none, and the profiles differ
 * mostly in garbage collection); `plugin`: the parser plus the plugin's `recommended` config
 * (built, from `dist/rules`); `plugin-profile`: `plugin` under V8's sampling
 * profiler, which also prints `profile: { totalMs, pluginMs }`: the CPU time
 * of the samples taken in the plugin's own code (`dist/`, and the
 * `RuleCreator` wrapper around each rule) against all samples, a share that
 * the machine's speed from run to run does not move, and `loadMs`, the time
 * its import took (before the profile starts). Prints
 * `{ files, problems, fatal, lintMs }` as JSON.
 */
import { Session } from "node:inspector/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tsParser from "@typescript-eslint/parser";

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");

const [mode, dir] = process.argv.slice(2);
if (!["parser", "noop", "plugin", "plugin-profile"].includes(mode) || !dir) {
  process.stderr.write("usage: node bench/eslint-run.mjs <parser|noop|plugin|plugin-profile> <dir>\n");
  process.exit(2);
}
const config = [{ files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"], languageOptions: { parser: tsParser, sourceType: "module" } }];
if (mode === "noop") {
  config.push({ plugins: { bench: { rules: { noop: { create: () => ({ Program() {} }) } } } }, rules: { "bench/noop": "error" } });
}
let loadMs;
if (mode === "plugin" || mode === "plugin-profile") {
  const loadStart = performance.now();
  const { default: plugin } = await import("../dist/rules/index.js");
  loadMs = performance.now() - loadStart;
  config.push(plugin.configs.recommended);
}
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
const session = mode === "plugin-profile" ? new Session() : null;
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
}
const start = performance.now();
const results = await eslint.lintFiles(["."]);
const lintMs = performance.now() - start;
let profile;
if (session) {
  const { profile: cpu } = await session.post("Profiler.stop");
  session.disconnect();
  profile = { ...pluginShare(cpu), loadMs };
}
let problems = 0;
let fatal = 0;
for (const result of results) {
  problems += result.messages.length;
  fatal += result.fatalErrorCount;
}
process.stdout.write(`${JSON.stringify({ files: results.length, problems, fatal, lintMs, ...(profile ? { profile } : {}) })}\n`);

/**
 * CPU time of the samples taken inside the plugin's own code (its built files, or `RuleCreator`'s wrapper,
 * anywhere on the stack: what the plugin calls counts too), against all samples but idle ones, in
 * milliseconds. Garbage collection is sampled on its own, so the plugin's share of it is not counted.
 */
function pluginShare(cpu) {
  const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
  const inPlugin = new Map();
  const isPluginFrame = (node) => {
    const url = node.callFrame.url.startsWith("file:") ? fileURLToPath(node.callFrame.url) : node.callFrame.url;
    return url.startsWith(DIST) || url.endsWith(path.join("eslint-utils", "RuleCreator.js"));
  };
  // Children are listed by id: walk down from the root, passing "inside the plugin" on.
  const root = cpu.nodes[0];
  const stack = [[root, false]];
  while (stack.length > 0) {
    const [node, inside] = stack.pop();
    const here = inside || isPluginFrame(node);
    inPlugin.set(node.id, here);
    for (const child of node.children ?? []) stack.push([byId.get(child), here]);
  }
  let totalUs = 0;
  let pluginUs = 0;
  cpu.samples.forEach((id, index) => {
    const delta = cpu.timeDeltas[index] ?? 0;
    if (byId.get(id)?.callFrame.functionName === "(idle)") return;
    totalUs += delta;
    if (inPlugin.get(id)) pluginUs += delta;
  });
  return { totalMs: totalUs / 1000, pluginMs: pluginUs / 1000 };
}
