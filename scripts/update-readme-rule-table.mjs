// Rewrites README.md's rule table from the rule table (src/analysis/rules/), through the
// built `dist/rules/readme-rule-table.js`. Run by `npm run docs:rules`, which builds first.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const readmePath = fileURLToPath(new URL("../README.md", import.meta.url));
const { withReadmeRuleTable } = await import("../dist/rules/readme-rule-table.js");
const before = readFileSync(readmePath, "utf8");
const after = withReadmeRuleTable(before);
if (after === before) console.log("README.md: the rule table is current");
else {
  writeFileSync(readmePath, after);
  console.log("README.md: rule table rewritten");
}
