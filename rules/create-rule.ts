// The `eslint-utils` entry alone: the package index also loads ESLint's own classes.
import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";
import { RULE_DOCS_BASE_URL } from "../src/analysis/index.js";

/** Extra `meta.docs` fields of this plugin's rules. */
export interface WsCloseRuleDocs {
  /** True when the rule is on in `configs.recommended`. */
  recommended?: boolean;
}

/** The one `RuleCreator` every rule of the plugin is built with: `meta.docs.url` is `docs/rules/<name>.md` (the core's `RULE_DOCS_BASE_URL`). */
export const createRule = RuleCreator<WsCloseRuleDocs>((name) => `${RULE_DOCS_BASE_URL}${name}.md`);
