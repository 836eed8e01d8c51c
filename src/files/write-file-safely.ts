/**
 * The one way the tool writes a user's file: after checks that refuse what
 * would surprise (a link, a read-only file, a file changed since it was read),
 * then atomically with `atomically` (a temp file beside the target, fsync,
 * rename), with the original mode and owner kept and the temp file named so
 * that a later run can tell it is ours (`temp-files.ts`).
 *
 * `atomically` removes its temp file when a write fails and when the process
 * exits or is killed by a signal, so an interrupted write leaves the old file
 * and no temp file; only SIGKILL or a crash can leave one, and the next run
 * removes it (`migrate`).
 */
import { constants } from "node:fs";
import { access, lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { tempFilePathFor } from "./temp-files.js";

/** Why `writeFileSafely` refused to write, or how the write failed. The file is as it was. */
export class UnsafeWriteError extends Error {
  /**
   * @param interrupted true when the write did not happen because the run was interrupted
   *   (`WriteFileSafelyOptions.signal`), not because of the file.
   */
  constructor(
    readonly filePath: string,
    reason: string,
    readonly interrupted = false,
  ) {
    super(reason);
    this.name = "UnsafeWriteError";
  }
}

/** Options of `writeFileSafely`. */
export interface WriteFileSafelyOptions {
  /**
   * The file's bytes when it was read: the write is refused when the file no longer holds them
   * (an editor or another tool changed it during the run). Omitted: not checked.
   */
  expected?: Uint8Array;
  /** When aborted by the time the checks are done, nothing is written (`UnsafeWriteError`, `interrupted` set). */
  signal?: AbortSignal;
}

/**
 * Replaces the regular file at `filePath` with `bytes`, or refuses.
 *
 * @throws UnsafeWriteError, with the file untouched, when `filePath` is a symbolic link (writes
 *   never follow links) or not a regular file, has no write permission bit or may not be written
 *   by this user (checked before any temp file is made), no longer holds `options.expected`, or
 *   the write itself fails.
 */
export async function writeFileSafely(filePath: string, bytes: Uint8Array, options: WriteFileSafelyOptions = {}): Promise<void> {
  let info;
  try {
    info = await lstat(filePath);
  } catch (error) {
    throw new UnsafeWriteError(filePath, `cannot write: ${errorText(error)}`);
  }
  if (info.isSymbolicLink()) throw new UnsafeWriteError(filePath, "is a symbolic link: not written (writes never follow links)");
  if (!info.isFile()) throw new UnsafeWriteError(filePath, "is not a regular file: not written");
  // A file without any write bit is read-only on purpose; root may write it, but the tool does not.
  if ((info.mode & 0o222) === 0) throw new UnsafeWriteError(filePath, "is read-only: not written (make it writable to migrate it)");
  try {
    await access(filePath, constants.W_OK);
  } catch {
    throw new UnsafeWriteError(filePath, "no permission to write it: not written");
  }
  try {
    await access(path.dirname(filePath), constants.W_OK);
  } catch {
    throw new UnsafeWriteError(filePath, "no permission to write in its directory (an atomic write makes a temp file there): not written");
  }
  if (options.expected !== undefined) {
    const current = await readFile(filePath).catch(() => null);
    if (current === null || !current.equals(options.expected)) {
      throw new UnsafeWriteError(filePath, "changed on disk since it was read: not written (run again)");
    }
  }
  if (options.signal?.aborted) throw new UnsafeWriteError(filePath, "interrupted before it was written", true);
  try {
    // Loaded on the first write: dry runs and checks never need it.
    const { writeFile } = await import("atomically");
    await writeFile(filePath, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { tmpCreate: tempFilePathFor });
  } catch (error) {
    throw new UnsafeWriteError(filePath, `could not write: ${errorText(error)}`);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
