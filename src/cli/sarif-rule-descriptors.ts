/**
 * The rule metadata a SARIF report declares, read from the ESLint plugin's own
 * rules (`rules/index.ts`) so that the ids, descriptions and documentation URLs
 * cannot drift from the plugin's. Loaded on demand: the plugin pulls in
 * typescript-eslint, which only `--format sarif` needs.
 */
import type { SarifReportingDescriptor } from "./format-sarif.js";

/** What the SARIF report says about the tool beyond its name and version. */
export interface SarifToolMetadata {
  /** The project's home page: the repository the rule documentation lives in. */
  informationUri: string;
  /** One descriptor per plugin rule, `ws-close/<name>`, in the plugin's order. */
  rules: SarifReportingDescriptor[];
}

/**
 * Builds the descriptors from the plugin: `id` `ws-close/<name>`, `shortDescription` the rule's
 * `meta.docs.description`, `helpUri` its `meta.docs.url` (`RULE_DOCS_BASE_URL` + `<name>.md`, from
 * `rules/create-rule.ts`), and the level its results get by default (`error`: every rule has a fix or
 * reports a defect; review items are lowered to `warning` per result).
 */
export async function loadSarifToolMetadata(): Promise<SarifToolMetadata> {
  const [{ rules }, { RULE_DOCS_BASE_URL }] = await Promise.all([import("../../rules/index.js"), import("../../rules/create-rule.js")]);
  const descriptors = Object.entries(rules).map(([name, rule]): SarifReportingDescriptor => {
    const docs = rule.meta.docs;
    return {
      id: `ws-close/${name}`,
      name,
      shortDescription: { text: docs?.description ?? name },
      helpUri: docs?.url ?? `${RULE_DOCS_BASE_URL}${name}.md`,
      defaultConfiguration: { level: "error" },
    };
  });
  return { informationUri: RULE_DOCS_BASE_URL.replace(/\/blob\/.*$/u, ""), rules: descriptors };
}
