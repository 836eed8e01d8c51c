// The README's walkthrough code blocks: a fenced block right after `<!-- walkthrough: NAME -->`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./offline-install.js";

/** One marked block: its fence language and its text (untrimmed, with its final newline). */
export interface WalkthroughBlock {
  language: string;
  text: string;
}

const MARKED_BLOCK = /^<!-- walkthrough: ([a-z-]+) -->\n```([a-z]*)\n([\s\S]*?)^```$/gmu;

/**
 * Every marked block of README.md, by name.
 *
 * @throws Error when a name is marked twice.
 */
export function readmeWalkthroughBlocks(): Map<string, WalkthroughBlock> {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const blocks = new Map<string, WalkthroughBlock>();
  for (const [, name, language, text] of readme.matchAll(MARKED_BLOCK)) {
    if (blocks.has(name!)) throw new Error(`README.md marks two blocks "walkthrough: ${name}"`);
    blocks.set(name!, { language: language!, text: text! });
  }
  return blocks;
}

/**
 * The commands of a shell block: one a line, without `# comments` after them; blank and comment lines dropped.
 *
 * @throws Error when the block is not a `sh` block.
 */
export function shellCommands(block: WalkthroughBlock): string[] {
  if (block.language !== "sh") throw new Error(`expected a sh block, got ${block.language || "no language"}`);
  return block.text
    .split("\n")
    .map((line) => line.replace(/(?:^|\s+)#.*$/u, "").trim())
    .filter((line) => line !== "");
}
