/**
 * The shape of one rule of the core (CONTRIBUTING "Adding a rule"): its facts and
 * its finder, in one typed definition. The rule table (`./index.ts`) lists the
 * definitions; the ESLint plugin, the migrations, the CLI's report and SARIF,
 * the docs and the README table are all derived from it.
 */
import type { ScopeIndex } from "../ast/scope-lookup.js";
import type { FixDecision } from "../fix/fix-policy.js";
import type { DurableObjectClass } from "../model/durable-object-model.js";
import type { ProxyModel } from "../model/proxy-model.js";
import type { SocketBinding } from "../model/socket-model.js";
import type { Finding, RuleId, SourcePosition } from "../types.js";
import type { FindingContext } from "./finding-context.js";
import { formatMessage } from "./format-message.js";
import { fitQuotedCode } from "./message-values.js";

/** The plugin's namespace: ESLint rule ids are `ws-close/<id>`, its settings `settings["ws-close"]`. */
export const PLUGIN_NAMESPACE = "ws-close";

/** `ws-close/<id>`: a rule's full ESLint name, as reports and SARIF give it. */
export function qualifiedRuleName(id: string): string {
  return `${PLUGIN_NAMESPACE}/${id}`;
}

/** Where each rule's documentation page lives: `<base><id>.md` (`docs/rules/<id>.md` in the repository). */
export const RULE_DOCS_BASE_URL = "https://github.com/ws-close-migrate/ws-close-migrate/blob/main/docs/rules/";

/**
 * The message a rule whose findings depend on the mode (`dependsOnMode`) reports once per
 * file, at its top, when the wrangler config or the lint settings cannot be read.
 */
export const INVALID_CONFIG_MESSAGE = `${PLUGIN_NAMESPACE} cannot tell this file's compatibility mode: {{error}}`;

/** The longest `{{error}}` of {@link INVALID_CONFIG_MESSAGE}: a longer error is cut (its start names the file and position). */
export const MAX_CONFIG_ERROR = 140;

/**
 * The `{{error}}` of {@link INVALID_CONFIG_MESSAGE}: whitespace runs collapsed, cut at {@link MAX_CONFIG_ERROR}
 * characters with a final `…`.
 */
export function configErrorText(error: string): string {
  const text = error.replace(/\s+/gu, " ").trim();
  return text.length <= MAX_CONFIG_ERROR ? text : `${text.slice(0, MAX_CONFIG_ERROR - 1)}…`;
}

/** The names of the migrations (`src/migrations/registry.ts`): a rule's fixes are applied, or its findings listed for review, by one of them. */
export type MigrationName = "auto-reply-to-close" | "hibernation-close" | "reserved-close-code" | "manual-reply-to-close";

/** What every rule's finder gets: the file's model, built once for all rules, and its text and mode. */
export interface FileModel {
  /** The file's standard-API sockets (`findSockets`, `findHonoSockets`). */
  sockets: readonly SocketBinding[];
  /** The file's Durable Object classes (`findDurableObjects`). */
  durableObjects: readonly DurableObjectClass[];
  proxies: ProxyModel;
  scope: ScopeIndex;
  context: FindingContext;
  /** Another rule's findings in the same file, computed once whatever the order (no-reserved-close-code is silent on the calls no-redundant-close removes). */
  findingsOf(rule: RuleDefinition): readonly Finding[];
}

/** Where a finding is reported: any ESTree node, or a range with its `loc`. */
export interface FindingLocation {
  range: readonly [number, number];
  loc: { start: SourcePosition; end: SourcePosition };
}

/**
 * Builds one finding of the rule: the message rendered from the rule's own template for
 * `messageId` (a typo is a type error) and its explanation (`RuleSpec.explanations`), at `at`, with the fix or suggestions that
 * `decideFix` (`fix/fix-policy.ts`) chose; none when `decision` is left out.
 */
export type FindingFactory<MessageId extends string> = (
  messageId: MessageId,
  at: FindingLocation,
  data: Record<string, string>,
  decision?: FixDecision<MessageId>,
) => Finding;

/** A rule as its file writes it (`defineRule`). */
export interface RuleSpec<Id extends string, MessageId extends string> {
  /** The rule name without the namespace: `ws-close/<id>`, `docs/rules/<id>.md`. */
  id: Id;
  /** ESLint's `meta.type`: `problem` for code that fails at run time, `suggestion` for code that is dead or misleading. */
  type: "problem" | "suggestion";
  /** One line, capitalised, no final period (ESLint `meta.docs.description`; README, SARIF). */
  description: string;
  /** On in the plugin's `recommended` config. */
  recommended: boolean;
  /** Some findings carry a fix (ESLint `fixable: "code"`; the CLI applies it). */
  fixable: boolean;
  /** Some findings carry suggestions (ESLint `hasSuggestions`). */
  hasSuggestions: boolean;
  /**
   * The findings depend on the file's compatibility mode: when the wrangler config cannot be read
   * the rule reports `INVALID_CONFIG_MESSAGE` (once per file across the rules), instead of silently
   * running as `unknown`.
   */
  dependsOnMode: boolean;
  /** The modes in which the rule can report, for the README and the docs: `any`, or a list (`auto`, `manual`, `mixed`). */
  modes: "any" | readonly ("auto" | "manual" | "mixed")[];
  /** The migration that applies its fixes or lists its findings for review. */
  migration: MigrationName;
  /** How the CLI's report names the rule's fix, done and planned (`removed` / `would remove`); `null` for a rule without a fix (its findings are listed for review). */
  fixVerbs: { done: string; planned: string } | null;
  /**
   * Message templates by id (camelCase), `{{name}}` placeholders as in ESLint: one or two sentences each, at most
   * 200 characters once filled (`test/rules/message-length.test.ts` fills them with the longest values the rule can
   * give), naming the socket, what happens at run time and, for a rule that depends on the mode, `({{compat}})`
   * (`FindingContext.compatNote`).
   */
  messages: Readonly<Record<MessageId, string>>;
  /**
   * The long explanation of each finding's message id (suggestions have none): why it matters at run time and what
   * the compatibility date changes, rendered into `Finding.explanation` with the finding's data and
   * `{{compatDescription}}` (`FindingContext.compatDescription`, the long phrase). The CLI's `--verbose` prints it; the
   * rule's docs page says the same.
   */
  explanations: Readonly<Partial<Record<MessageId, string>>>;
  /** Every finding of the rule in the file, in any order. Pure: reads only the model. */
  find(model: FileModel, finding: FindingFactory<MessageId>): Finding[];
}

/** One rule of the table: its spec, with `find` bound to the rule's own finding factory. */
export interface RuleDefinition<Id extends string = string, MessageId extends string = string>
  extends Omit<RuleSpec<Id, MessageId>, "find"> {
  /** `RULE_DOCS_BASE_URL` + `<id>.md`. */
  docsUrl: string;
  find(model: FileModel): Finding[];
}

/**
 * Turns a rule file's spec into its table entry.
 *
 * @throws Error when a message id is not camelCase or a description ends with a period
 *   (the meta-test and eslint-plugin-eslint-plugin hold the same, this fails at load time).
 */
export function defineRule<const Id extends string, MessageId extends string>(spec: RuleSpec<Id, MessageId>): RuleDefinition<Id, MessageId> {
  for (const id of Object.keys(spec.messages)) {
    if (!/^[a-z][a-zA-Z0-9]*$/u.test(id)) throw new Error(`${spec.id}: message id "${id}" is not camelCase`);
  }
  if (spec.description.endsWith(".")) throw new Error(`${spec.id}: a description ends without a period`);
  const factory = (context: FindingContext): FindingFactory<MessageId> => (messageId, at, data, decision) => {
    const explanation = spec.explanations[messageId];
    // Quoted code is cut only where the message would pass 200 characters; the explanation quotes it as given.
    const fitted = fitQuotedCode(spec.messages[messageId], data);
    return {
      // Every definition is listed in the table, whose ids make up `RuleId` (the meta-test checks it).
      ruleId: spec.id as string as RuleId,
      messageId,
      data: fitted,
      message: formatMessage(spec.messages[messageId], fitted),
      ...(explanation === undefined ? {} : { explanation: formatMessage(explanation, { ...data, compatDescription: context.compatDescription }) }),
      range: [at.range[0], at.range[1]],
      loc: at.loc,
      ...(decision?.fix ? { fix: decision.fix } : {}),
      suggestions: (decision?.suggestions ?? []).map((suggestion) => ({ ...suggestion, data: fitQuotedCode(spec.messages[suggestion.messageId], suggestion.data) })),
    };
  };
  const { find, ...facts } = spec;
  return { ...facts, docsUrl: `${RULE_DOCS_BASE_URL}${spec.id}.md`, find: (model) => find(model, factory(model.context)) };
}
