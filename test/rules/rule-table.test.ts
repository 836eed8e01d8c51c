// The rule table (src/analysis/rules/) drives every list a rule must be in: a
// rule missing from one of them, or a list naming a rule the table does not
// have, fails here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import plugin, { rules } from "../../rules/index.js";
import { README_RULE_TABLE_MARKERS, renderReadmeRuleTable } from "../../rules/readme-rule-table.js";
import { INVALID_CONFIG_MESSAGE, PLUGIN_NAMESPACE, qualifiedRuleName, RULES, RULES_BY_ID, type RuleDefinition } from "../../src/analysis/index.js";
import { sarifToolMetadata } from "../../src/cli/sarif-rule-descriptors.js";
import { formatText } from "../../src/cli/format-text.js";
import { createColors } from "picocolors";
import { MIGRATIONS } from "../../src/migrations/registry.js";
import type { MigrateResult } from "../../src/migrate/types.js";
import { analyzeFile, parseSource } from "../../src/analysis/index.js";
import { compatNote, describeCompatResolution, resolveCompatForFile } from "../../src/compat/index.js";
import { transformFixtures } from "../codemods/transform-fixtures.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const coreRulesDir = path.join(projectRoot, "src/analysis/rules");
const ids = RULES.map((rule) => rule.id);

/** The rule definitions the files of `src/analysis/rules/` export, by file name. */
async function definitionsOnDisk(): Promise<Map<string, RuleDefinition[]>> {
  const found = new Map<string, RuleDefinition[]>();
  for (const file of readdirSync(coreRulesDir).filter((name) => name.endsWith(".ts"))) {
    const module = (await import(pathToFileURL(path.join(coreRulesDir, file)).href)) as Record<string, unknown>;
    const definitions = Object.values(module).filter(
      (value): value is RuleDefinition => typeof value === "object" && value !== null && "id" in value && "find" in value && "messages" in value,
    );
    if (definitions.length > 0) found.set(file.slice(0, -".ts".length), definitions);
  }
  return found;
}

/** A one-file run in which every fixable rule changed something, for the text report. */
function runWithOneChangePerRule(dryRun: boolean): MigrateResult {
  const changes = RULES.filter((rule) => rule.fixable).map((rule, index) => ({
    ruleId: qualifiedRuleName(rule.id),
    line: index + 1,
    column: 1,
    message: `message of ${rule.id}`,
  }));
  return {
    files: [
      {
        path: "src/worker.ts",
        absolutePath: path.join(projectRoot, "src/worker.ts"),
        status: "changed",
        mode: "auto",
        config: "wrangler.jsonc",
        modeSource: "wrangler.jsonc",
        migrations: [],
        changes,
        needsReview: [],
        before: "a\n",
        after: "b\n",
      },
    ],
    wrote: !dryRun,
    warnings: [],
    tempFiles: { removed: [], left: [] },
  };
}

describe("the rule table", () => {
  it("has unique camelCase-free kebab-case ids, and every definition file is in it, each once", async () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)+$/u);
    const onDisk = await definitionsOnDisk();
    expect([...onDisk.keys()].sort()).toEqual([...ids].sort());
    for (const rule of RULES) expect(onDisk.get(rule.id), rule.id).toEqual([rule]);
  });

  it("gives the ESLint plugin its rules, in table order, with meta from the table", () => {
    expect(Object.keys(rules)).toEqual(ids);
    expect(plugin.meta.namespace).toBe(PLUGIN_NAMESPACE);
    for (const definition of RULES) {
      const rule = rules[definition.id];
      expect(rule.name).toBe(definition.id);
      expect(rule.meta.type).toBe(definition.type);
      expect(rule.meta.docs!.description).toBe(definition.description);
      expect(rule.meta.docs!.url).toBe(definition.docsUrl);
      expect(rule.meta.docs!.url!.endsWith(`/docs/rules/${definition.id}.md`)).toBe(true);
      expect(rule.meta.docs!.recommended === true).toBe(definition.recommended);
      expect(rule.meta.fixable).toBe(definition.fixable ? "code" : undefined);
      expect(rule.meta.hasSuggestions === true).toBe(definition.hasSuggestions);
      const expected: Record<string, string> = { ...definition.messages };
      if (definition.dependsOnMode) expected.invalidConfig = INVALID_CONFIG_MESSAGE;
      expect(rule.meta.messages).toEqual(expected);
    }
  });

  it("puts every rule in exactly the migration it names, and no other", () => {
    const listed = MIGRATIONS.flatMap((migration) => migration.ruleIds);
    expect([...listed].sort()).toEqual([...ids].sort());
    for (const rule of RULES) {
      const owners = MIGRATIONS.filter((migration) => migration.ruleIds.includes(rule.id)).map((migration) => migration.name);
      expect(owners, rule.id).toEqual([rule.migration]);
    }
  });

  it("gives the CLI's report a verb for every rule with a fix, and only those", () => {
    for (const rule of RULES) expect(rule.fixVerbs !== null, rule.id).toBe(rule.fixable);
    for (const dryRun of [false, true]) {
      const text = formatText(runWithOneChangePerRule(dryRun), { colors: createColors(false), diff: false, dryRun });
      for (const rule of RULES.filter((candidate) => candidate.fixable)) {
        const verb = dryRun ? rule.fixVerbs!.planned : rule.fixVerbs!.done;
        expect(text, rule.id).toMatch(new RegExp(`\\d+:1  ${verb}  ${qualifiedRuleName(rule.id)}\\n`, "u"));
      }
      expect(text).not.toMatch(/ (would )?fix(ed)? {2}ws-close\//u);
    }
  });

  it("declares one SARIF descriptor per rule, from the table", () => {
    const descriptors = sarifToolMetadata().rules;
    expect(descriptors.map((descriptor) => descriptor.id)).toEqual(ids.map(qualifiedRuleName));
    for (const [index, rule] of RULES.entries()) {
      expect(descriptors[index]!.shortDescription.text).toBe(rule.description);
      expect(descriptors[index]!.helpUri).toBe(rule.docsUrl);
    }
  });

  it("has a docs page per rule and no page without a rule", () => {
    const pages = readdirSync(path.join(projectRoot, "docs/rules")).filter((file) => file.endsWith(".md"));
    expect(pages.map((file) => file.slice(0, -".md".length)).sort()).toEqual([...ids].sort());
  });

  it("matches the README's rule table (npm run docs:rules rewrites it)", () => {
    const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
    const begin = readme.indexOf(README_RULE_TABLE_MARKERS.begin);
    const end = readme.indexOf(README_RULE_TABLE_MARKERS.end);
    expect(begin).toBeGreaterThan(-1);
    expect(readme.slice(begin + README_RULE_TABLE_MARKERS.begin.length + 1, end)).toBe(renderReadmeRuleTable());
    for (const id of ids) expect(renderReadmeRuleTable()).toContain(`| [\`${PLUGIN_NAMESPACE}/${id}\`](docs/rules/${id}.md) |`);
  });

  // What eslint-plugin-eslint-plugin checks in a rule file it can read (no-unused-message-ids,
  // no-missing-placeholders), checked here for the table's shape, which it cannot read.
  it("uses every message id of a rule in its own file, outside the message table", () => {
    for (const rule of RULES) {
      const text = readFileSync(path.join(coreRulesDir, `${rule.id}.ts`), "utf8");
      const outsideMessages = text.replace(/\nconst MESSAGES = \{[\s\S]*?\n\} as const;/u, "");
      for (const id of Object.keys(rule.messages)) expect(outsideMessages, `${rule.id}: ${id}`).toContain(`"${id}"`);
    }
  });

  it("fills every placeholder of every finding on the transform fixtures", () => {
    let findings = 0;
    for (const fixture of transformFixtures()) {
      const { inputPath: filePath, input: text } = fixture;
      const cwd = path.dirname(filePath);
      const compat = resolveCompatForFile(filePath, { cwd });
      const parsed = parseSource(text, filePath);
      const analysis = analyzeFile({ ...parsed, compat, compatDescription: describeCompatResolution(compat, cwd), compatNote: compatNote(compat, { cwd, filePath }), filePath });
      for (const finding of analysis.findings) {
        findings++;
        expect(finding.message, `${fixture.name}: ${finding.ruleId}/${finding.messageId}`).not.toMatch(/\{\{/u);
        for (const suggestion of finding.suggestions) {
          const template = RULES_BY_ID.get(finding.ruleId)!.messages[suggestion.messageId as never] as string;
          for (const [, name] of template.matchAll(/\{\{\s*(\w+)\s*\}\}/gu)) expect(suggestion.data, `${fixture.name}: ${suggestion.messageId}`).toHaveProperty(name!);
        }
      }
    }
    expect(findings).toBeGreaterThan(30);
  });
});
