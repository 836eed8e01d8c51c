/**
 * `ws-close-migrate` on a small Durable Object project whose wrangler config has
 * no compatibility_date: the missing Hibernation API reply does not depend on
 * the date (docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime), so the CLI adds it in `unknown` mode too.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, read, run } from "./cli-fixture.js";

const CASE = path.join(REPO_ROOT, "fixtures/transforms/hibernation-chat-room-missing-reply");

const WRANGLER_WITHOUT_DATE = `{
  "name": "hibernation-chat",
  "main": "src/room.ts",
  "durable_objects": { "bindings": [{ "name": "CHAT_ROOM", "class_name": "ChatRoom" }] },
}
`;

const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A project with the chat-room Durable Object as `src/room.ts` and a wrangler.jsonc without a date. */
async function projectWithoutDate(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-migrate-hibernation-"));
  tempDirs.push(dir);
  await mkdir(path.join(dir, "src"));
  await writeFile(path.join(dir, "wrangler.jsonc"), WRANGLER_WITHOUT_DATE);
  await writeFile(path.join(dir, "src/room.ts"), await readFile(path.join(CASE, "input.ts"), "utf8"));
  return dir;
}

describe("hibernation-close in unknown mode", () => {
  it("adds the reply to webSocketClose and reports the file as changed", async () => {
    const dir = await projectWithoutDate();

    const result = await run(dir, []);

    expect(await read(dir, "src/room.ts")).toBe(await readFile(path.join(CASE, "output.ts"), "utf8"));
    expect(result.stdout).toContain("wrangler.jsonc · unknown mode (no compatibility_date found) · 1 file\n✔ changed  src/room.ts\n");
    expect(result.stdout).toMatch(/^ {2}44:9 {2}added reply {2}ws-close\/require-hibernation-close$/mu);
    expect(result.stdout).toContain("1 file: 1 changed\n");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("--check exits 1 before the run and 0 after it", async () => {
    const dir = await projectWithoutDate();
    expect((await run(dir, ["--check"])).code).toBe(1);

    await run(dir, []);

    expect((await run(dir, ["--check"])).code).toBe(0);
  });
});
