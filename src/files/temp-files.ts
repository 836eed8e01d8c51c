/**
 * The names of the temporary files an atomic write makes beside its target,
 * and how a later run tells a stale one (its writer is gone) from one being
 * written right now.
 *
 * A temp file is `<file>.ws-close-migrate-<pid>-<6 hex digits>.tmp`: the suffix
 * says which tool made it (so no one's file is ever taken for ours), the pid
 * says which process, and the random digits keep two writes apart.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";

const TEMP_FILE_NAME = /\.ws-close-migrate-(\d+)-[0-9a-f]{6}\.tmp$/u;

/**
 * @param filePath the file an atomic write will replace.
 * @returns an absolute path beside it, in the same directory (so the final rename stays on one file system).
 */
export function tempFilePathFor(filePath: string): string {
  return `${filePath}.ws-close-migrate-${process.pid}-${randomBytes(3).toString("hex")}.tmp`;
}

/** True when `filePath`'s name is one that `tempFilePathFor` makes. */
export function isTempFilePath(filePath: string): boolean {
  return TEMP_FILE_NAME.test(path.basename(filePath));
}

/** No atomic write takes this long: an older temp file is stale whoever made it (its pid may have been reused). */
export const STALE_TEMP_FILE_AGE_MS = 60 * 60 * 1000;

/**
 * True when the temp file `filePath` was left by a write that can no longer
 * finish (interrupted by SIGKILL, a crash or a power cut): only then may a later
 * run delete it. That is when its process no longer runs, when it is ours but
 * older than this process (a pid reused, as in containers), or when it is older
 * than `STALE_TEMP_FILE_AGE_MS`. A temp file of a run writing right now is not stale.
 *
 * @param mtimeMs the temp file's modification time, in milliseconds since the epoch.
 */
export function isStaleTempFile(filePath: string, mtimeMs: number, now: number = Date.now()): boolean {
  const match = TEMP_FILE_NAME.exec(path.basename(filePath));
  if (!match) return false;
  if (now - mtimeMs > STALE_TEMP_FILE_AGE_MS) return true;
  const pid = Number(match[1]);
  // Two seconds of slack for file systems that keep coarse times.
  if (pid === process.pid) return mtimeMs < now - process.uptime() * 1000 - 2000;
  try {
    // Signal 0 checks that the process exists without touching it.
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
