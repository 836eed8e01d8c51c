import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isStaleTempFile, isTempFilePath, STALE_TEMP_FILE_AGE_MS, tempFilePathFor } from "../../src/files/temp-files.js";

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid ?? 0;
}

describe("temp file names", () => {
  it("names a temp file beside its target, recognisably", () => {
    const temp = tempFilePathFor("/p/src/index.ts");
    expect(path.dirname(temp)).toBe("/p/src");
    expect(path.basename(temp)).toMatch(new RegExp(`^index\\.ts\\.ws-close-migrate-${process.pid}-[0-9a-f]{6}\\.tmp$`, "u"));
    expect(isTempFilePath(temp)).toBe(true);
  });

  it("never takes a user's file for a temp file", () => {
    for (const name of ["index.ts", "index.ts.123456", "index.ts.tmp", "a.ws-close-migrate.tmp", "x.ws-close-migrate-12-zzzzzz.tmp"]) {
      expect(isTempFilePath(`/p/${name}`)).toBe(false);
    }
  });

  it("is stale when its process is gone or it is old, not while its process runs", () => {
    const now = Date.now();
    expect(isStaleTempFile(`/p/a.ts.ws-close-migrate-${deadPid()}-abcdef.tmp`, now, now)).toBe(true);
    // process.ppid: a process that runs and is not this one.
    expect(isStaleTempFile(`/p/a.ts.ws-close-migrate-${process.ppid}-abcdef.tmp`, now, now)).toBe(false);
    expect(isStaleTempFile(`/p/a.ts.ws-close-migrate-${process.ppid}-abcdef.tmp`, now - STALE_TEMP_FILE_AGE_MS - 1, now)).toBe(true);
    expect(isStaleTempFile(`/p/a.ts.ws-close-migrate-${process.pid}-abcdef.tmp`, now, now)).toBe(false);
    // Our own pid, but from before this process started: a pid reused.
    expect(isStaleTempFile(`/p/a.ts.ws-close-migrate-${process.pid}-abcdef.tmp`, now - process.uptime() * 1000 - 60_000, now)).toBe(true);
    expect(isStaleTempFile("/p/a.ts", 0, now)).toBe(false);
  });
});
