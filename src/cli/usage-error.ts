/**
 * How the CLI answers an invalid command line (an unknown option, a value that
 * is not one of the choices, a missing argument, a malformed date): one line on
 * stderr that names the problem and where help is, never the whole help, which
 * would push the error off the screen. The exit code is `EXIT_CODES.usage`.
 */
import type { Command } from "commander";

/**
 * The one line printed for an invalid command line.
 *
 * @param message what is wrong, with or without commander's `error: ` prefix; line breaks (commander's
 *   "(Did you mean --force?)" on a line of its own, which becomes "; did you mean --force?") are joined into one line.
 * @param commandPath the command whose help to point at: `ws-close-migrate` or `ws-close-migrate upgrade`.
 * @returns `error: <message> (see <commandPath> --help)` and a newline.
 */
export function usageErrorLine(message: string, commandPath: string): string {
  const text = message
    .trim()
    .replace(/^error:\s*/u, "")
    .replace(/\s*\n\s*\(Did you mean (.+?)\)$/u, "; did you mean $1")
    .split(/\s*\n\s*/u)
    .join(" ");
  return `error: ${text} (see ${commandPath} --help)\n`;
}

/**
 * Sends a commander command's output to the CLI's streams, its parse errors as
 * {@link usageErrorLine} (with no help after them).
 *
 * @param commandPath how the user runs the command: `ws-close-migrate`, `ws-close-migrate upgrade`.
 * @returns the command, for chaining.
 */
export function withUsageErrors(
  command: Command,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
  commandPath: string,
): Command {
  return command.showHelpAfterError(false).configureOutput({
    writeOut: io.stdout,
    writeErr: io.stderr,
    outputError: (text, write) => write(usageErrorLine(text, commandPath)),
  });
}
