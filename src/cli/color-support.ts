/**
 * Whether the text report is coloured. Conventions followed: https://no-color.org
 * (`NO_COLOR` set to anything non-empty turns colour off, whatever else is set),
 * `FORCE_COLOR` (set to anything but `0` or `false` turns it on, for CI logs that
 * render ANSI codes), and `TERM=dumb` (no escape codes); otherwise colour exactly
 * when stdout is a terminal, so piped output is plain.
 */

/**
 * @param env the process environment.
 * @param stdoutIsTTY whether stdout is a terminal (`process.stdout.isTTY`).
 * @returns true to colour the report.
 */
export function shouldUseColor(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "0" && force !== "false") return true;
  if (env.TERM === "dumb") return false;
  return stdoutIsTTY;
}
