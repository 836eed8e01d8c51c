/**
 * The ❌/✅ examples of a rule's docs page (`docs/rules/<rule>.md`), read with markdown-it.
 *
 * The conventions (CONTRIBUTING "Adding a rule"):
 * - In a fenced `ts`, `js` or `tsx` block, a line comment that starts with `❌` or `✅`
 *   (`// ❌ …`) starts an example; it runs to the next such line or the end of the block.
 *   A block without such a line (an `eslint.config.js`, a shell command) is no example.
 * - The compatibility date an example runs under is the `compatibility_date = "YYYY-MM-DD"`
 *   its marker line states, else the one of an HTML comment just before the block
 *   (`<!-- compatibility_date: 2026-05-01 -->`, for every example of the block). Without
 *   either, the example has no date (`unknown` mode).
 * - `<!-- package.json: {"dependencies": {"partyserver": "0.5.3"}} -->` before a block puts
 *   that `package.json` beside the examples of the block (the rules read framework versions
 *   from it).
 * - `<!-- setup: const [client, server] = Object.values(new WebSocketPair()); server.accept(); -->`
 *   before a block is code the reader takes for granted (where `server` comes from), put
 *   before each example of the block when it is linted. Show it in the block instead when
 *   the rule's point depends on it.
 * The comments before one block may come in any order, each on its own lines; several `setup`
 * comments are joined in order.
 */
import MarkdownIt from "markdown-it";

/** One ❌ or ✅ example. */
export interface RuleDocExample {
  /** `incorrect` for ❌, `correct` for ✅. */
  kind: "incorrect" | "correct";
  /** The example's code: its marker line and the lines up to the next marker or the block's end. */
  code: string;
  /** The marker line without its `//`, for the test's name. */
  label: string;
  /** 1-based line of the marker in the page. */
  line: number;
  /** File extension from the block's language (`ts`, `js`, `tsx`). */
  extension: "ts" | "js" | "tsx";
  /** `YYYY-MM-DD`, or `undefined` when neither the marker nor the block states one. */
  compatibilityDate: string | undefined;
  /** The `package.json` text to put beside the example, when the block sets one. */
  packageJson: string | undefined;
  /** Code linted before the example (the block's `setup` comment), or `""`. */
  setup: string;
}

const CODE_LANGUAGES: Readonly<Record<string, RuleDocExample["extension"]>> = {
  ts: "ts",
  typescript: "ts",
  js: "js",
  javascript: "js",
  tsx: "tsx",
};

const MARKER = /^\s*\/\/\s*(❌|✅)/u;
const DATE_IN_MARKER = /compatibility_date\s*=\s*"(\d{4}-\d{2}-\d{2})"/u;
const DATE_COMMENT = /^<!--\s*compatibility_date:\s*(\d{4}-\d{2}-\d{2})\s*-->$/u;
const PACKAGE_JSON_COMMENT = /^<!--\s*package\.json:\s*(\{.*\})\s*-->$/su;
const SETUP_COMMENT = /^<!--\s*setup:\s*(.*?)\s*-->$/su;

/** What the comments before a block set. */
interface BlockContext {
  compatibilityDate?: string;
  packageJson?: string;
  setup?: string;
}

const markdown = new MarkdownIt({ html: true });

/**
 * @param pageText the markdown of one rule page.
 * @returns every example of the page, in page order.
 * @throws Error when a `package.json` comment is not valid JSON.
 */
export function ruleDocExamples(pageText: string): RuleDocExample[] {
  const examples: RuleDocExample[] = [];
  let context: BlockContext = {};
  for (const token of markdown.parse(pageText, {})) {
    if (token.type === "html_block") {
      for (const comment of token.content.trim().split(/(?<=-->)\s*\n/u)) {
        const date = DATE_COMMENT.exec(comment.trim());
        if (date) context.compatibilityDate = date[1];
        const packageJson = PACKAGE_JSON_COMMENT.exec(comment.trim());
        if (packageJson) {
          JSON.parse(packageJson[1]!);
          context.packageJson = packageJson[1];
        }
        const setup = SETUP_COMMENT.exec(comment.trim());
        if (setup) context.setup = context.setup === undefined ? setup[1] : `${context.setup}\n${setup[1]}`;
      }
      continue;
    }
    if (token.type !== "fence") {
      // Only the comments just before a block count for it.
      if (token.block && token.nesting !== -1) context = {};
      continue;
    }
    const extension = CODE_LANGUAGES[token.info.trim().split(/\s+/u)[0] ?? ""];
    const firstLine = (token.map?.[0] ?? 0) + 2;
    if (extension) examples.push(...examplesOfBlock(token.content, firstLine, extension, context));
    context = {};
  }
  return examples;
}

function examplesOfBlock(
  content: string,
  firstLine: number,
  extension: RuleDocExample["extension"],
  context: BlockContext,
): RuleDocExample[] {
  const lines = content.split("\n");
  const starts = lines.flatMap((line, index) => (MARKER.test(line) ? [index] : []));
  return starts.map((start, position) => {
    const end = starts[position + 1] ?? lines.length;
    const marker = lines[start]!;
    return {
      kind: MARKER.exec(marker)![1] === "❌" ? "incorrect" : "correct",
      code: `${lines.slice(start, end).join("\n").trimEnd()}\n`,
      label: marker.trim().replace(/^\/\/\s*/u, ""),
      line: firstLine + start,
      extension,
      compatibilityDate: DATE_IN_MARKER.exec(marker)?.[1] ?? context.compatibilityDate,
      packageJson: context.packageJson,
      setup: context.setup ?? "",
    };
  });
}
