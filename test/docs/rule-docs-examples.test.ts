// Every ❌/✅ example of docs/rules/<rule>.md, linted with the plugin through ESLint's Linter
// (flat config, typescript-eslint's parser): a ❌ example gets at least one report of the
// page's rule, a ✅ example none. The conventions the examples follow are in
// ./rule-doc-examples.ts (and CONTRIBUTING "Adding a rule").
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../rules/index.js";
import { PLUGIN_NAMESPACE, qualifiedRuleName, RULES } from "../../src/analysis/index.js";
import { ruleDocExamples, type RuleDocExample } from "./rule-doc-examples.js";
import { rulesCalledPlanned } from "./rule-mentions.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const docsDir = path.join(projectRoot, "docs/rules");
const ruleIds = RULES.map((rule) => rule.id);
const pages = readdirSync(docsDir)
  .filter((name) => name.endsWith(".md"))
  .map((name) => ({ ruleId: name.slice(0, -".md".length), text: readFileSync(path.join(docsDir, name), "utf8") }));

// Each example is linted as a file of its own project, a fresh directory with no wrangler
// config, so only what the example states decides its mode.
const workRoot = mkdtempSync(path.join(tmpdir(), "ws-close-doc-examples-"));
afterAll(() => rmSync(workRoot, { recursive: true, force: true }));
let exampleCount = 0;

interface LintOutcome {
  /** Reports of the page's rule, as `line:column messageId`. */
  reports: string[];
  /** Parse errors and reports of a broken configuration. */
  problems: string[];
}

function lintExample(ruleId: string, example: RuleDocExample): LintOutcome {
  const directory = path.join(workRoot, `example-${exampleCount++}`);
  mkdirSync(directory);
  if (example.packageJson !== undefined) writeFileSync(path.join(directory, "package.json"), example.packageJson);
  const filename = path.join(directory, `worker.${example.extension}`);
  const settings = example.compatibilityDate === undefined ? {} : { [PLUGIN_NAMESPACE]: { compatibilityDate: example.compatibilityDate } };
  const config: Linter.Config[] = [
    {
      files: ["**/*.{js,ts,tsx}"],
      languageOptions: { parser: tsParser as Linter.Parser, sourceType: "module", parserOptions: { ecmaFeatures: { jsx: example.extension === "tsx" } } },
      plugins: { [PLUGIN_NAMESPACE]: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
      settings,
      rules: { [qualifiedRuleName(ruleId)]: "error" },
    },
  ];
  const messages = new Linter({ cwd: directory }).verify(example.setup === "" ? example.code : `${example.setup}\n${example.code}`, config, filename);
  return {
    reports: messages.filter((message) => message.ruleId === qualifiedRuleName(ruleId) && message.messageId !== "invalidConfig").map((message) => `${message.line}:${message.column} ${message.messageId}`),
    problems: messages
      .filter((message) => message.fatal || message.messageId === "invalidConfig")
      .map((message) => `${message.line}:${message.column} ${message.message}`),
  };
}

describe("docs/rules: one page per rule", () => {
  it("has a page for every rule of the table and no page for a rule it does not have", () => {
    expect(pages.map((page) => page.ruleId).sort()).toEqual([...ruleIds].sort());
  });

  it.each([...pages.map((page) => [`docs/rules/${page.ruleId}.md`, page.text] as const), ["README.md", readFileSync(path.join(projectRoot, "README.md"), "utf8")] as const])(
    "%s calls no rule of the table planned or not yet implemented",
    (_name, text) => {
      expect(rulesCalledPlanned(text, ruleIds)).toEqual([]);
    },
  );

  it.each(pages.map((page) => [page.ruleId, page.text] as const))("docs/rules/%s.md links docs/runtime-behaviour.md", (_id, text) => {
    expect(text).toMatch(/\]\(\.\.\/runtime-behaviour\.md(#[a-z0-9-]+)?\)/u);
  });

  it("the planned check finds a rule of the table called planned, and only such a rule", () => {
    const text = ["- `ws-close/require-close-reply` (planned): adds the reply", "- `ws-close/no-such-rule` (planned)", "- no-redundant-close removes echoes"].join("\n");
    expect(rulesCalledPlanned(text, ruleIds)).toEqual(["line 1: - `ws-close/require-close-reply` (planned): adds the reply"]);
    expect(rulesCalledPlanned("no-redundant-close is not yet implemented", ruleIds)).toHaveLength(1);
  });
});

for (const page of pages) {
  const examples = ruleDocExamples(page.text);
  describe(`docs/rules/${page.ruleId}.md`, () => {
    it("has at least one ❌ and one ✅ example", () => {
      expect(new Set(examples.map((example) => example.kind))).toEqual(new Set(["incorrect", "correct"]));
    });

    it.each(examples.map((example) => [`line ${example.line}: ${example.label}`, example] as const))("%s", (_name, example) => {
      const outcome = lintExample(page.ruleId, example);
      const shown = `\n--- the example (compatibility date ${example.compatibilityDate ?? "none"}) ---\n${example.setup === "" ? "" : `${example.setup} // setup\n`}${example.code}`;
      expect(outcome.problems, `the example parses and its configuration is valid${shown}`).toEqual([]);
      if (example.kind === "incorrect") {
        expect(outcome.reports.length, `a ❌ example gets a report of ws-close/${page.ruleId}${shown}`).toBeGreaterThan(0);
      } else {
        expect(outcome.reports, `a ✅ example gets no report of ws-close/${page.ruleId}${shown}`).toEqual([]);
      }
    });
  });
}
