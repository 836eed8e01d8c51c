/**
 * The ESLint plugin `ws-close` (package export `ws-close-migrate/eslint-plugin`):
 * its rules and its flat configs.
 *
 * ```js
 * import wsClose from "ws-close-migrate/eslint-plugin";
 * export default [wsClose.configs.recommended];
 * ```
 */
import tsParser from "@typescript-eslint/parser";
import type { TSESLint } from "@typescript-eslint/utils";
import { PLUGIN_NAMESPACE, qualifiedRuleName, RULES, type RuleDefinition, type RuleId } from "../src/analysis/index.js";
import type { WsCloseRuleDocs } from "./create-rule.js";
import { packageVersion } from "../src/package-version.js";
import { ruleFromDefinition } from "./rule-from-definition.js";

const version = packageVersion();

/** The message ids of rule `Id`: its table entry's, and `invalidConfig` (reported only by the rules whose findings depend on the mode). */
export type RuleMessageIds<Id extends RuleId> =
  | (Extract<(typeof RULES)[number], { id: Id }> extends RuleDefinition<Id, infer MessageId> ? MessageId : never)
  | "invalidConfig";

/** The ESLint rule `ws-close/<Id>`: no options. */
export type PluginRule<Id extends RuleId> = TSESLint.RuleModule<RuleMessageIds<Id>, [], WsCloseRuleDocs> & { name: Id };

/** Every rule of the plugin, by name without the `ws-close/` prefix: one per entry of the core's rule table, in its order. */
export const rules = Object.fromEntries(RULES.map((definition) => [definition.id, ruleFromDefinition(definition)])) as unknown as {
  [Id in RuleId]: PluginRule<Id>;
};

/** The files the plugin's configs apply to: the source extensions the CLI reads. */
export const SOURCE_FILE_GLOBS = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];

const plugin = {
  meta: { name: "ws-close-migrate/eslint-plugin", version, namespace: PLUGIN_NAMESPACE },
  rules,
  configs: {} as Record<"recommended", TSESLint.FlatConfig.Config>,
};

/**
 * `recommended`: every rule marked `recommended`, as errors, on the source files,
 * parsed with typescript-eslint's parser so the config alone lints a
 * TypeScript Workers project. typescript-eslint's own configs set the same
 * parser, so the two compose in either order.
 */
plugin.configs.recommended = {
  name: `${PLUGIN_NAMESPACE}/recommended`,
  files: SOURCE_FILE_GLOBS,
  languageOptions: { parser: tsParser, sourceType: "module" },
  plugins: { [PLUGIN_NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: Object.fromEntries(
    Object.entries(rules)
      .filter(([, rule]) => rule.meta.docs?.recommended)
      .map(([name]) => [qualifiedRuleName(name), "error"]),
  ),
};

export default plugin;
