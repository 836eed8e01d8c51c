/** The CLI's exit codes, documented in `--help` and README. */
export const EXIT_CODES = {
  /** Done: files migrated (or nothing to do). */
  ok: 0,
  /** `--check`: at least one file would change, or has a defect the tool cannot fix safely (`FileChange.actionRequired`). */
  changesNeeded: 1,
  /** A file failed (does not parse, broken config, write error), the command line is invalid, or a write over unstaged changes was refused. */
  error: 2,
  /** The command line is invalid (an unknown option, a bad value, a missing argument): one error line, then this code. */
  usage: 2,
  /** Stopped by SIGINT (128 + 2, as a shell reports it): the file being written finished or was rolled back. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  done; with --check: nothing would change
  1  --check only: a file would change, or has a defect to fix by hand
  2  a file could not be migrated (it does not parse, its wrangler config is
     broken, it could not be written, or --staged found it partially staged),
     the command line is invalid, or a write was refused: tracked files under
     the paths have unstaged changes (stage, commit or stash them, or --force)
  130, 143  interrupted by SIGINT or SIGTERM: no write started after it, the
     file being written was finished or left as it was, no temp file is left`;
