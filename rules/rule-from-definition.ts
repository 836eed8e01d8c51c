/**
 * Turns one entry of the core's rule table into an ESLint rule. Every rule of
 * the plugin is made here, so its `meta` cannot drift from the table: the
 * type, description, `recommended`, `fixable`, `hasSuggestions` and messages
 * are the definition's own.
 */
import { INVALID_CONFIG_MESSAGE, type RuleDefinition } from "../src/analysis/index.js";
import { createRule } from "./create-rule.js";
import { findingListeners } from "./file-analysis.js";

/** The message id a rule whose findings depend on the mode reports a broken wrangler config with. */
export const INVALID_CONFIG_MESSAGE_ID = "invalidConfig";

/**
 * @param definition a rule of the table (`RULES`).
 * @returns the ESLint rule `ws-close/<id>`: no options; its messages are the definition's, plus
 *   `invalidConfig` when `dependsOnMode`; it reports the core's findings for the linted file.
 */
export function ruleFromDefinition(definition: RuleDefinition) {
  const messages: Record<string, string> = { ...definition.messages };
  if (definition.dependsOnMode) messages[INVALID_CONFIG_MESSAGE_ID] = INVALID_CONFIG_MESSAGE;
  return createRule<[], string>({
    name: definition.id,
    meta: {
      type: definition.type,
      docs: { description: definition.description, recommended: definition.recommended },
      ...(definition.fixable ? { fixable: "code" as const } : {}),
      ...(definition.hasSuggestions ? { hasSuggestions: true } : {}),
      schema: [],
      messages,
    },
    defaultOptions: [],
    create(context) {
      return findingListeners(context, definition);
    },
  });
}
