// The `eslint-utils` entry alone: the package index also loads ESLint's own classes.
import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";

/** Where each rule's documentation page lives; `meta.docs.url` of every rule. */
export const RULE_DOCS_BASE_URL = "https://github.com/ws-close-migrate/ws-close-migrate/blob/main/docs/rules/";

/** Extra `meta.docs` fields of this plugin's rules. */
export interface WsCloseRuleDocs {
  /** True when the rule is on in `configs.recommended`. */
  recommended?: boolean;
}

/** The one `RuleCreator` every rule of the plugin is built with. */
export const createRule = RuleCreator<WsCloseRuleDocs>((name) => `${RULE_DOCS_BASE_URL}${name}.md`);
