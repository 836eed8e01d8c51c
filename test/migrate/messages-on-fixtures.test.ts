/**
 * Issue 12 ("Must show"): every message the tool gives on the repository's own code, fixtures and
 * examples, is one or two sentences of at most 200 characters, and every finding carries its
 * explanation. Two passes over every source file under fixtures/ and examples/:
 * - `migrate()` in a dry run on each project (each example, each fixture case), with the cross-module
 *   view: the messages the CLI prints (its changes and the findings left for review);
 * - `analyzeFile` on each file with its own wrangler config: every finding's message and explanation,
 *   and every suggestion's message (ESLint shows them; the CLI does not).
 * The bound on every template with the longest values is `test/rules/message-length.test.ts`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/index.js";
import { analyzeFile, formatMessage, parseSource, RULES_BY_ID, SOURCE_EXTENSIONS } from "../../src/analysis/index.js";
import { compatNote, describeCompatResolution, resolveCompatForFile, resolveFrameworkVersions } from "../../src/compat/index.js";
import { MAX_MESSAGE, sentenceCount } from "../support/message-bounds.js";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** `examples/<project>` and `fixtures/<group>/<case>`: the directories a user would run the tool in. */
function projects(): string[] {
  const children = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name));
  return [...children(path.join(REPO_ROOT, "examples")), ...children(path.join(REPO_ROOT, "fixtures")).flatMap(children)];
}

/** Every source file under `dir`, `node_modules` left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension)) ? [full] : [];
  });
}

function expectShort(message: string, where: string): void {
  expect(message.length, `${where}: ${message}`).toBeLessThanOrEqual(MAX_MESSAGE);
  expect(sentenceCount(message), `${where}: ${message}`).toBeLessThanOrEqual(2);
}

describe("messages on every fixture and example (issue 12)", () => {
  it("migrate() reports nothing longer than 200 characters or two sentences", async () => {
    let messages = 0;
    for (const project of projects()) {
      if (!statSync(project).isDirectory()) continue;
      const result = await migrate({ paths: ["."], cwd: project, write: false });
      for (const file of result.files) {
        for (const change of [...file.changes, ...file.needsReview]) {
          messages++;
          expectShort(change.message, `${path.relative(REPO_ROOT, project)}/${file.path}:${change.line}:${change.column} ${change.ruleId}`);
        }
      }
    }
    // Not vacuous: the fixtures hold well over a hundred findings.
    expect(messages).toBeGreaterThan(100);
  }, 300_000);

  it("every finding, with each suggestion, is short and has its explanation", () => {
    let findings = 0;
    let suggestions = 0;
    for (const filePath of projects().flatMap(sourceFiles)) {
      const cwd = path.dirname(filePath);
      let compat;
      try {
        compat = resolveCompatForFile(filePath, { cwd });
      } catch {
        continue; // A broken config: the file is not analysed (fixtures/config/broken-*).
      }
      let parsed;
      try {
        parsed = parseSource(readFileSync(filePath, "utf8"), filePath);
      } catch {
        continue; // A fixture that does not parse on purpose.
      }
      const analysis = analyzeFile({
        ...parsed,
        compat,
        compatDescription: describeCompatResolution(compat, cwd),
        compatNote: compatNote(compat, { cwd, filePath }),
        frameworks: resolveFrameworkVersions(filePath, { cwd }),
        filePath,
      });
      for (const finding of analysis.findings) {
        findings++;
        const where = `${path.relative(REPO_ROOT, filePath)}:${finding.loc.start.line} ${finding.ruleId}/${finding.messageId}`;
        expectShort(finding.message, where);
        expect(finding.explanation, where).toEqual(expect.any(String));
        expect(finding.explanation, where).not.toMatch(/\{\{/u);
        const rule = RULES_BY_ID.get(finding.ruleId)!;
        for (const suggestion of finding.suggestions) {
          suggestions++;
          const template = (rule.messages as Record<string, string>)[suggestion.messageId]!;
          const message = formatMessage(template, suggestion.data);
          expect(message, where).not.toMatch(/\{\{/u);
          expectShort(message, `${where} → ${suggestion.messageId}`);
        }
      }
    }
    expect(findings).toBeGreaterThan(100);
    expect(suggestions).toBeGreaterThanOrEqual(10);
  }, 300_000);
});
