/**
 * The progress bar of long runs: drawn with `cli-progress` on stderr, only when
 * stderr is a terminal and the run has more than PROGRESS_BAR_MIN_FILES files,
 * so that piped output, CI logs and short runs stay free of it. It is cleared
 * when the run ends, before the report is printed.
 */
import { createRequire } from "node:module";
import type cliProgressTypes from "cli-progress";

// Required when a bar is drawn (a TTY and a long run), not when the CLI starts.
const require = createRequire(import.meta.url);

/** Runs of at most this many files draw no bar: they end before one would help. */
export const PROGRESS_BAR_MIN_FILES = 300;

/** Where a bar may be drawn: a writable stream that says whether it is a terminal (`process.stderr`). */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Receives `migrate`'s progress, and is stopped when the run ends (drawn or not). */
export interface ProgressReporter {
  /** `migrate`'s `onProgress`: `done` files finished of `total`. */
  update: (done: number, total: number) => void;
  /** Clears the bar, if one was drawn, and restores the cursor. Safe to call more than once. */
  stop: () => void;
}

/**
 * True when a run of `total` files on `stream` gets a bar: the stream is a TTY and `total` exceeds
 * PROGRESS_BAR_MIN_FILES.
 */
export function shouldShowProgress(stream: ProgressStream | undefined, total: number): boolean {
  return Boolean(stream?.isTTY) && total > PROGRESS_BAR_MIN_FILES;
}

/**
 * A reporter that starts a bar on `stream` at the first update whose total qualifies
 * (`shouldShowProgress`), and otherwise writes nothing at all.
 *
 * @param stream the terminal to draw on; `undefined` draws nothing.
 */
export function createProgressReporter(stream: ProgressStream | undefined): ProgressReporter {
  let bar: cliProgressTypes.SingleBar | null = null;
  return {
    update(done, total) {
      if (bar === null) {
        if (!shouldShowProgress(stream, total)) return;
        const cliProgress = require("cli-progress") as typeof cliProgressTypes;
        bar = new cliProgress.SingleBar({
          stream: stream!,
          format: "ws-close-migrate [{bar}] {percentage}% | {value}/{total} files | ETA {eta_formatted}",
          barCompleteChar: "█",
          barIncompleteChar: "░",
          hideCursor: true,
          clearOnComplete: true,
        });
        bar.start(total, done);
        return;
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
