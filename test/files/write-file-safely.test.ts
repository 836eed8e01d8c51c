import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnsafeWriteError, writeFileSafely } from "../../src/files/write-file-safely.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-write-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe("writeFileSafely", () => {
  it("replaces the file, keeps its mode and leaves no temp file", async () => {
    const file = path.join(dir, "a.ts");
    await writeFile(file, "old\n");
    await chmod(file, 0o640);
    await writeFileSafely(file, bytes("new\n"), { expected: bytes("old\n") });
    expect(await readFile(file, "utf8")).toBe("new\n");
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(["a.ts"]);
  });

  it("refuses a symbolic link and leaves the link and its target as they were", async () => {
    const target = path.join(dir, "target.ts");
    const link = path.join(dir, "link.ts");
    await writeFile(target, "old\n");
    await symlink(target, link);
    await expect(writeFileSafely(link, bytes("new\n"))).rejects.toThrow("is a symbolic link: not written (writes never follow links)");
    expect(await readFile(target, "utf8")).toBe("old\n");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(["link.ts", "target.ts"]);
  });

  it("refuses a read-only file, even for root, before any temp file is made", async () => {
    const file = path.join(dir, "a.ts");
    await writeFile(file, "old\n");
    await chmod(file, 0o444);
    await expect(writeFileSafely(file, bytes("new\n"))).rejects.toThrow(UnsafeWriteError);
    await expect(writeFileSafely(file, bytes("new\n"))).rejects.toThrow("is read-only");
    expect(await readFile(file, "utf8")).toBe("old\n");
    expect((await stat(file)).mode & 0o777).toBe(0o444);
    expect(await readdir(dir)).toEqual(["a.ts"]);
  });

  it("refuses a file that changed since it was read", async () => {
    const file = path.join(dir, "a.ts");
    await writeFile(file, "edited in the editor\n");
    await expect(writeFileSafely(file, bytes("new\n"), { expected: bytes("old\n") })).rejects.toThrow("changed on disk since it was read");
    expect(await readFile(file, "utf8")).toBe("edited in the editor\n");
  });

  it("writes nothing once the run is interrupted", async () => {
    const file = path.join(dir, "a.ts");
    await writeFile(file, "old\n");
    const interrupt = new AbortController();
    interrupt.abort("SIGINT");
    const refusal = await writeFileSafely(file, bytes("new\n"), { signal: interrupt.signal }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnsafeWriteError);
    expect((refusal as UnsafeWriteError).interrupted).toBe(true);
    expect(await readFile(file, "utf8")).toBe("old\n");
  });
});
