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
import { packageVersion } from "../src/package-version.js";
import noClosingStateCheck from "./no-closing-state-check.js";
import noNewWebSocketInProxy from "./no-new-websocket-in-proxy.js";
import noRedundantClose from "./no-redundant-close.js";
import noReservedCloseCode from "./no-reserved-close-code.js";
import noSendInCloseHandler from "./no-send-in-close-handler.js";
import requireAllowHalfOpen from "./require-allow-half-open.js";
import requireCloseReply from "./require-close-reply.js";
import requireHibernationClose from "./require-hibernation-close.js";

const version = packageVersion();

/** Every rule of the plugin, by name without the `ws-close/` prefix. */
export const rules = {
  "no-redundant-close": noRedundantClose,
  "require-hibernation-close": requireHibernationClose,
  "no-reserved-close-code": noReservedCloseCode,
  "require-allow-half-open": requireAllowHalfOpen,
  "require-close-reply": requireCloseReply,
  "no-new-websocket-in-proxy": noNewWebSocketInProxy,
  "no-closing-state-check": noClosingStateCheck,
  "no-send-in-close-handler": noSendInCloseHandler,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

/** The files the plugin's configs apply to: the source extensions the CLI reads. */
export const SOURCE_FILE_GLOBS = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];

const plugin = {
  meta: { name: "ws-close-migrate/eslint-plugin", version, namespace: "ws-close" },
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
  name: "ws-close/recommended",
  files: SOURCE_FILE_GLOBS,
  languageOptions: { parser: tsParser, sourceType: "module" },
  plugins: { "ws-close": plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: Object.fromEntries(
    Object.entries(rules)
      .filter(([, rule]) => rule.meta.docs?.recommended)
      .map(([name]) => [`ws-close/${name}`, "error"]),
  ),
};

export default plugin;
