/**
 * The hook setups of README's "Pre-commit and CI" section, read from the
 * README itself, so that the end-to-end tests install exactly what it says.
 * Each snippet is found by its first line (`# .husky/pre-commit`,
 * `// package.json`, `# .pre-commit-config.yaml`) and a word it holds.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../cli/cli-fixture.js";

/** One fenced code block: its language tag and its text (ending with a newline). */
export interface ReadmeBlock {
  lang: string;
  text: string;
}

/** The text of README's "### Pre-commit and CI" section, its heading included. */
export function preCommitSection(): string {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n### Pre-commit and CI\n");
  if (start === -1) throw new Error('README.md has no "### Pre-commit and CI" section');
  const rest = readme.slice(start + 1);
  const next = rest.slice(4).search(/^#{2,3} /mu);
  return next === -1 ? rest : rest.slice(0, next + 4);
}

/** The code blocks of README's "### Pre-commit and CI" section, in order. */
export function preCommitSectionBlocks(): ReadmeBlock[] {
  return [...preCommitSection().matchAll(/^```(\w*)\n([\s\S]*?)^```$/gmu)].map((match) => ({ lang: match[1]!, text: match[2]! }));
}

/**
 * What the section's prose gives as a variant: the first capture group of `pattern` in the section's text,
 * lines joined by spaces.
 *
 * @throws Error naming the pattern when the section does not match it.
 */
export function documentedVariant(pattern: RegExp): string {
  const match = pattern.exec(preCommitSection().replaceAll("\n", " "));
  if (match?.[1] === undefined) throw new Error(`README's Pre-commit and CI section does not match ${String(pattern)}`);
  return match[1];
}

/**
 * The one block of the section whose first line is `firstLine` and that contains `marker`.
 *
 * @throws Error naming both when there is not exactly one such block.
 */
export function readmeBlock(firstLine: string, marker: string): string {
  const found = preCommitSectionBlocks().filter((block) => block.text.startsWith(`${firstLine}\n`) && block.text.includes(marker));
  if (found.length !== 1) throw new Error(`README's Pre-commit and CI section has ${found.length} blocks starting "${firstLine}" with "${marker}"`);
  return found[0]!.text;
}

/** The block's text without its first line (the comment naming the file), as it goes into the file. */
export function fileContent(block: string): string {
  return block.slice(block.indexOf("\n") + 1);
}

/** The husky + lint-staged setup: the install commands, `.husky/pre-commit`, and package.json's `lint-staged` field. */
export function lintStagedSetup(): { commands: string[]; hook: string; lintStaged: Record<string, string> } {
  const commands = preCommitSectionBlocks().filter((block) => block.lang === "sh" && block.text.includes("npx husky init"));
  if (commands.length !== 1) throw new Error(`README's Pre-commit and CI section has ${commands.length} blocks with "npx husky init"`);
  const manifest = JSON.parse(fileContent(readmeBlock("// package.json", '"lint-staged"'))) as { "lint-staged": Record<string, string> };
  return {
    commands: commands[0]!.text.split("\n").filter(Boolean),
    hook: fileContent(readmeBlock("# .husky/pre-commit", "lint-staged")),
    lintStaged: manifest["lint-staged"],
  };
}
