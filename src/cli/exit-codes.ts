/** The CLI's exit codes, documented in `--help` and README. */
export const EXIT_CODES = {
  /** Done: files migrated (or nothing to do). */
  ok: 0,
  /** `--check`: at least one file would change. */
  changesNeeded: 1,
  /** A file failed (does not parse, broken config, write error), or the command line is invalid. */
  error: 2,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  done; with --check: nothing would change
  1  --check only: at least one file would change
  2  a file could not be migrated (it does not parse, its wrangler config is
     broken, or it could not be written), or the command line is invalid`;
