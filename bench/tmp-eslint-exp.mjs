import { ESLint } from "eslint";
import tsParser from "@typescript-eslint/parser";
const [mode, dir] = process.argv.slice(2);
const config = [{ files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"], languageOptions: { parser: tsParser, sourceType: "module" } }];
const { default: plugin } = await import("../dist/rules/index.js");
if (mode === "plugin") config.push(plugin.configs.recommended);
if (mode === "empty") {
  const rules = Object.fromEntries(Object.keys(plugin.configs.recommended.rules).map((id) => [id.split("/")[1], { meta: { type: "problem", schema: [] }, create: () => ({ Program() {} }) }]));
  config.push({ plugins: { x: { rules } }, rules: Object.fromEntries(Object.keys(rules).map((r) => [`x/${r}`, "error"])) });
}
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
const c0 = process.cpuUsage(); const start = performance.now();
await eslint.lintFiles(["."]);
const c = process.cpuUsage(c0);
console.log(mode, ((performance.now() - start) / 1000).toFixed(2), "s wall", ((c.user + c.system) / 1e6).toFixed(2), "s cpu");
