/**
 * `ws-close-migrate --explain FILE [paths...]`: prints how FILE's mode is
 * decided (`explain-file-mode.ts`) and writes nothing. The Workers are looked
 * for under `paths` (default `.`) and above FILE.
 */
import type { CompatOverrides } from "../compat/index.js";
import { EXIT_CODES } from "./exit-codes.js";
import { explainFileMode } from "./explain-file-mode.js";
import { formatExplanation } from "./format-explain.js";

/** Where the explanation goes. */
export interface ExplainIo {
  stdout: (text: string) => void;
  cwd: string;
}

/**
 * @param file the file to explain, relative to `io.cwd` or absolute.
 * @param paths where to look for Workers.
 * @param format `json` prints the `FileModeExplanation` object; anything else prints text.
 * @returns `EXIT_CODES.ok`, or `EXIT_CODES.error` when the file is missing or a config it depends on is broken
 *   (the explanation, with its `error`, is printed all the same).
 */
export async function runExplainCommand(
  file: string,
  paths: readonly string[],
  overrides: Omit<CompatOverrides, "wranglerConfig">,
  format: string,
  io: ExplainIo,
): Promise<number> {
  const explanation = await explainFileMode(file, { paths, cwd: io.cwd, overrides });
  io.stdout(format === "json" ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
  return explanation.error === undefined ? EXIT_CODES.ok : EXIT_CODES.error;
}
