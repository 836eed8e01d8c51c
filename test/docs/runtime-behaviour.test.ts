// docs/runtime-behaviour.md states the runtime facts the rules rely on, each with the tests that pin
// it. Here: every fact names at least one test, every named test exists (its file, and a test of
// that file whose name ends with the cited title, as vitest lists it), and every link to an anchor of
// the page, or of a rule page, from the code and the docs lands on a heading.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { markdownHeadings, testCitations, type TestCitation } from "./markdown-references.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const pagePath = path.join(projectRoot, "docs/runtime-behaviour.md");
const page = readFileSync(pagePath, "utf8");
const headings = markdownHeadings(page);

/** The facts: the `###` sections of the page, each with the tests it cites. */
const facts = headings
  .filter((heading) => heading.depth === 3)
  .map((heading) => ({ heading: heading.text, slug: heading.slug, citations: testCitations(heading.body) }));

/** Every test of `files`, by vitest's own listing (`describe > … > it` names), without running them. */
function listTests(files: readonly string[]): Map<string, string[]> {
  const outputDir = mkdtempSync(path.join(tmpdir(), "ws-close-vitest-list-"));
  try {
    const output = path.join(outputDir, "tests.json");
    // A config of its own: listing needs no global setup (the project's rebuilds dist/).
    const config = path.join(outputDir, "vitest.config.mjs");
    writeFileSync(config, `export default { test: { include: ["test/**/*.test.ts"] } };\n`);
    const vitest = createRequire(import.meta.url).resolve("vitest/package.json").replace(/package\.json$/u, "vitest.mjs");
    const args = [vitest, "list", "--config", config, "--root", projectRoot, `--json=${output}`, ...files];
    const run = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0 || !existsSync(output)) throw new Error(`vitest list failed (${run.status}): ${run.stderr}`);
    const listed = JSON.parse(readFileSync(output, "utf8")) as { name: string; file: string }[];
    const byFile = new Map<string, string[]>();
    for (const test of listed) {
      const file = path.relative(projectRoot, test.file).split(path.sep).join("/");
      byFile.set(file, [...(byFile.get(file) ?? []), test.name]);
    }
    return byFile;
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

/** Files where a link to a docs anchor may stand: the code, the tests, the fixtures and the docs. */
const LINKING_FILES = ["{src,rules,codemods,scripts,bench,test,fixtures,examples,docs}/**/*.{ts,js,mjs,cjs,json,jsonc,toml,md}", "*.md"];
const ANCHOR_LINK = /(docs\/runtime-behaviour\.md|docs\/rules\/[a-z-]+\.md|(?<![\w/.-])runtime-behaviour\.md|(?<![\w/.-])\.\.\/runtime-behaviour\.md|(?<![\w/.-])[a-z-]+\.md)#([a-z0-9-]+)/gu;

describe("docs/runtime-behaviour.md", () => {
  it("has facts, each under a heading of its own", () => {
    expect(facts.length).toBeGreaterThanOrEqual(20);
    const slugs = facts.map((fact) => fact.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it.each(facts.map((fact) => [fact.heading, fact] as const))("%s: names a test that pins it", (_heading, fact) => {
    expect(fact.citations.length).toBeGreaterThan(0);
  });

  it("names only tests that exist: the file, and a test of it with that title", { timeout: 180_000 }, () => {
    const citations: TestCitation[] = facts.flatMap((fact) => fact.citations);
    const files = [...new Set(citations.map((citation) => citation.file))];
    const missingFiles = files.filter((file) => !existsSync(path.join(projectRoot, file)));
    expect(missingFiles).toEqual([]);
    const tests = listTests(files);
    const missing = citations
      .filter((citation) => !(tests.get(citation.file) ?? []).some((name) => name === citation.title || name.endsWith(` > ${citation.title}`)))
      .map((citation) => `${citation.file} › ${citation.title}`);
    expect(missing).toEqual([]);
  });

  it("every link to an anchor of it or of a rule page, in code, tests, fixtures and docs, lands on a heading", async () => {
    const files = await fg(LINKING_FILES, { cwd: projectRoot, ignore: ["**/node_modules/**", "dist/**"] });
    const anchorsOf = new Map<string, Set<string>>();
    const anchors = (target: string): Set<string> | undefined => {
      if (!anchorsOf.has(target)) {
        const file = path.join(projectRoot, target);
        anchorsOf.set(target, existsSync(file) ? new Set(markdownHeadings(readFileSync(file, "utf8")).map((heading) => heading.slug)) : new Set());
      }
      return anchorsOf.get(target);
    };
    const broken: string[] = [];
    let links = 0;
    for (const file of files) {
      const text = readFileSync(path.join(projectRoot, file), "utf8");
      for (const match of text.matchAll(ANCHOR_LINK)) {
        const target = linkTarget(file, match[1]!);
        if (target === null) continue;
        links += 1;
        if (!anchors(target)?.has(match[2]!)) broken.push(`${file}: ${match[0]}`);
      }
    }
    for (const match of page.matchAll(/\]\(#([a-z0-9-]+)\)/gu)) {
      links += 1;
      if (!headings.some((heading) => heading.slug === match[1])) broken.push(`docs/runtime-behaviour.md: ${match[0]}`);
    }
    expect(broken).toEqual([]);
    expect(links).toBeGreaterThan(0);
  });
});

/**
 * The page a link names, from the repository root: `docs/…` as written; a bare `x.md` relative to
 * the linking file in `docs/` (rule pages link to each other and to `../runtime-behaviour.md`);
 * `null` for other markdown files (README sections, CHANGELOGs), which this test does not check.
 */
function linkTarget(linkingFile: string, written: string): string | null {
  if (written.startsWith("docs/")) return written;
  if (!linkingFile.startsWith("docs/")) return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(linkingFile), written));
  return target.startsWith("docs/") ? target : null;
}
