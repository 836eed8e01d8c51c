/**
 * The rule table: every rule of the core, in the order their findings are
 * reported at the same offset. Everything else is derived from it: the
 * `RuleId` type, what `analyzeFile` runs, the ESLint plugin's rules and
 * configs (`rules/index.ts` at the package root), the migrations' rule lists,
 * the CLI's fix verbs, the SARIF descriptors, and the README's rule table
 * (`npm run docs:rules`). A meta-test (`test/rules/rule-table.test.ts`) fails when
 * one of them misses a rule. Adding a rule: its file here, one line below, its
 * docs page and its tests (CONTRIBUTING "Adding a rule").
 */
import { noClosingStateCheck } from "./no-closing-state-check.js";
import { noLongCloseReason } from "./no-long-close-reason.js";
import { noNewWebSocketInProxy } from "./no-new-websocket-in-proxy.js";
import { noRedundantClose } from "./no-redundant-close.js";
import { noReservedCloseCode } from "./no-reserved-close-code.js";
import { noSendInCloseHandler } from "./no-send-in-close-handler.js";
import { requireAllowHalfOpen } from "./require-allow-half-open.js";
import { requireCloseReply } from "./require-close-reply.js";
import { requireHibernationClose } from "./require-hibernation-close.js";

/** Every rule, in reporting order. */
export const RULES = [
  noRedundantClose,
  requireHibernationClose,
  noReservedCloseCode,
  requireAllowHalfOpen,
  requireCloseReply,
  noNewWebSocketInProxy,
  noClosingStateCheck,
  noSendInCloseHandler,
  noLongCloseReason,
] as const;

/** A rule's id: its ESLint name without the `ws-close/` prefix. */
export type RuleId = (typeof RULES)[number]["id"];

/** The rule definitions by id. */
export const RULES_BY_ID: ReadonlyMap<string, (typeof RULES)[number]> = new Map(RULES.map((rule) => [rule.id, rule]));

export { configErrorText, defineRule, INVALID_CONFIG_MESSAGE, MAX_CONFIG_ERROR, PLUGIN_NAMESPACE, qualifiedRuleName, RULE_DOCS_BASE_URL } from "./rule-definition.js";
export type { FileModel, FindingFactory, FindingLocation, MigrationName, RuleDefinition, RuleSpec } from "./rule-definition.js";
