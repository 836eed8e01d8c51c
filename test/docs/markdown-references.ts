/**
 * What the docs tests read from a markdown page: its headings with the anchors GitHub gives them,
 * and the tests a section cites.
 */
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";

/** One heading of a page. */
export interface MarkdownHeading {
  /** 1 for `#`, 2 for `##`, … */
  depth: number;
  /** The heading's text as rendered (code spans without their backticks). */
  text: string;
  /** The anchor GitHub gives the heading (`#the-auto-reply-flag-and-its-date`), without `#`. */
  slug: string;
  /** The markdown from the heading's line to the next heading of the same or a higher level. */
  body: string;
}

/** One test a page cites: `` `test/x.test.ts` › `title` `` (a title with backticks in a ``double`` code span). */
export interface TestCitation {
  /** The test file, from the repository root. */
  file: string;
  /** The test's title, or the end of its full name (`describe > it`) with ` > ` between the names. */
  title: string;
}

const markdown = new MarkdownIt({ html: true });

/**
 * @param text a markdown page.
 * @returns its headings in page order; anchors are made as GitHub makes them, numbered (`-1`, `-2`)
 *   when a heading's text repeats.
 */
export function markdownHeadings(text: string): MarkdownHeading[] {
  const slugger = new GithubSlugger();
  const lines = text.split("\n");
  const tokens = markdown.parse(text, {});
  const found: { depth: number; text: string; slug: string; line: number }[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== "heading_open") return;
    const inline = tokens[index + 1]!;
    const rendered = (inline.children ?? []).map((child) => child.content).join("");
    found.push({ depth: Number(token.tag.slice(1)), text: rendered, slug: slugger.slug(rendered), line: token.map?.[0] ?? 0 });
  });
  return found.map((heading, index) => {
    const next = found.slice(index + 1).find((other) => other.depth <= heading.depth);
    return { depth: heading.depth, text: heading.text, slug: heading.slug, body: lines.slice(heading.line, next?.line ?? lines.length).join("\n") };
  });
}

const CITATION = /`(test\/[^`\s]+\.test\.ts)` › (`+)(.+?)\2(?!`)/gu;

/**
 * @param markdownText a section of a page.
 * @returns the tests it cites, in order.
 */
export function testCitations(markdownText: string): TestCitation[] {
  return [...markdownText.matchAll(CITATION)].map((match) => ({ file: match[1]!, title: match[3]! }));
}
