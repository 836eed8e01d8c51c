/**
 * The rule metadata a SARIF report declares, read from the core's rule table
 * (`src/analysis/rules/index.ts`), so the ids, descriptions and documentation
 * URLs are the ESLint plugin's own.
 */
import { qualifiedRuleName, RULE_DOCS_BASE_URL, RULES } from "../analysis/rules/index.js";
import type { SarifReportingDescriptor } from "./format-sarif.js";

/** What the SARIF report says about the tool beyond its name and version. */
export interface SarifToolMetadata {
  /** The project's home page: the repository the rule documentation lives in. */
  informationUri: string;
  /** One descriptor per rule of the table, `ws-close/<id>`, in the table's order. */
  rules: SarifReportingDescriptor[];
}

/**
 * Builds the descriptors: `id` `ws-close/<id>`, `shortDescription` the rule's description,
 * `helpUri` its docs page, and the level its results get by default (`error`: every rule has a
 * fix or reports a defect; review items are lowered to `warning` per result).
 */
export function sarifToolMetadata(): SarifToolMetadata {
  const descriptors = RULES.map(
    (rule): SarifReportingDescriptor => ({
      id: qualifiedRuleName(rule.id),
      name: rule.id,
      shortDescription: { text: rule.description },
      helpUri: rule.docsUrl,
      defaultConfiguration: { level: "error" },
    }),
  );
  return { informationUri: RULE_DOCS_BASE_URL.replace(/\/blob\/.*$/u, ""), rules: descriptors };
}
